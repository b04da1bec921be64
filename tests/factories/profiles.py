"""A candidate ready to apply: a profile with consent, languages and domain years."""

from django.utils import timezone

from candidates.models import DomainExpertise, LanguageSkill
from tests.factories.candidates import CandidateProfileFactory


def consented_profile(*, user, languages=(("English", "C2"),), domains=(("law", 6),), **fields):
    profile = CandidateProfileFactory(user=user, consent_given_at=timezone.now(), **fields)
    for language, level in languages:
        LanguageSkill.objects.create(profile=profile, language=language, level=level)
    for domain, years in domains:
        DomainExpertise.objects.create(profile=profile, domain=domain, years=years)
    return profile
