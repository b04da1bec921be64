"""Reads for the public side: roles anyone may see, with nothing team-only attached.

Only ``published`` roles are listed. A role's public page also shows a ``paused``
role (as not accepting applications); drafts and closed roles are a 404.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.overlap import overlap_hours
from hiring.models import Role, RoleLanguage
from hiring.roles import knockouts

PUBLIC_DETAIL_STATUSES = (Role.Status.PUBLISHED, Role.Status.PAUSED)


def _public(queryset: QuerySet[Role]) -> QuerySet[Role]:
    return queryset.select_related("organization").prefetch_related(
        Prefetch("languages", queryset=RoleLanguage.objects.order_by("language"))
    )


def published_roles(
    *,
    domain: str = "",
    role_type: str = "",
    modality: str = "",
    engagement: str = "",
    language: str = "",
    min_pay: Decimal | None = None,
) -> QuerySet[Role]:
    """Published roles, newest first, narrowed by the filters given.

    ``min_pay`` keeps roles whose range reaches at least that amount (``pay_max``),
    in the role's own currency and pay unit. ``language`` keeps roles that list it.
    """
    roles = Role.objects.filter(status=Role.Status.PUBLISHED)
    exact = {
        "domain": domain,
        "role_type": role_type,
        "modality": modality,
        "engagement": engagement,
    }
    roles = roles.filter(**{name: value for name, value in exact.items() if value})
    if language:
        roles = roles.filter(languages__language__iexact=language)
    if min_pay is not None:
        roles = roles.filter(pay_max__gte=min_pay)
    return _public(roles).order_by("-created_at", "-id")


def public_role_get(*, pk: int) -> Role:
    """A published or paused role with what its public page shows, or 404."""
    roles = _public(Role.objects.filter(status__in=PUBLIC_DETAIL_STATUSES)).prefetch_related(
        "responsibilities", "success_metrics"
    )
    return get_object_or_404(roles, pk=pk)


def role_languages_offered() -> list[str]:
    """The languages published roles ask for, for the language filter's suggestions."""
    return sorted(
        set(
            RoleLanguage.objects.filter(role__status=Role.Status.PUBLISHED).values_list(
                "language", flat=True
            )
        ),
        key=str.casefold,
    )


def role_requirements(role: Role) -> knockouts.RoleRequirements:
    return knockouts.RoleRequirements(
        languages=tuple((lang.language, lang.min_level) for lang in role.languages.all()),
        tz_overlap_hours=role.tz_overlap_hours,
        tz_reference=role.tz_reference,
        domain=role.domain,
        domain_label=role.get_domain_display(),
        complexity=role.task_complexity,
    )


def knockout_questions(role: Role) -> list[knockouts.Question]:
    return knockouts.questions_for(role_requirements(role))


def knockout_prefill(
    *, user, role: Role, questions: list[knockouts.Question], on: date | None = None
) -> dict:
    """Answers suggested from the candidate's profile, for them to check and correct.

    The overlap is the shortlist's figure (``core.overlap``): the two zones' working days
    on the date ``on`` (today by default), with their offsets as they are that day."""
    from candidates.selectors import profile_of

    profile = profile_of(user=user)
    if profile is None:
        return {}
    years = {expertise.domain: expertise.years for expertise in profile.domains.all()}
    return knockouts.prefill(
        questions,
        language_levels={skill.language: skill.level for skill in profile.languages.all()},
        domain_years=years.get(role.domain),
        overlap=overlap_hours(profile.time_zone, role.tz_reference, on=on or timezone.now().date()),
    )
