"""Keeping the shortlist's read model (``ShortlistEntry``) in step with what it summarises.

One entry per application that has a scored calibration attempt: the current report's
composite, components and gates, the attempt's integrity signals, any collusion flag from
the latest cohort agreement, and the candidate's rate and working-hours overlap with the
role. Each refresh reads its inputs in a fixed number of queries and upserts the entries,
so scoring runs call it per chunk and a page of the shortlist never computes anything.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from assessments.integrity import attempts_integrity, is_flagged
from assessments.models import Attempt, ScoreReport
from assessments.results.selectors import latest_agreements, valid_collusion_pairs
from assessments.scoring.components import COMPONENTS
from assessments.scoring.components import pending as pending_gates
from candidates.models import CandidateProfile, DomainExpertise, LanguageSkill
from core.overlap import overlap_hours
from hiring.models import Application, Role, ShortlistEntry

_UPDATED = (
    "role", "attempt", "composite", *COMPONENTS, "passed_all_gates", "failed_gates",
    "pending_gates", "paste_events", "focus_losses", "too_fast_items", "collusion", "flagged",
    "hourly_rate", "rate_currency", "tz_overlap_hours", "domains", "languages", "updated_at",
)  # fmt: skip


def skill_token(*parts: str) -> str:
    """One domain or language-and-level as the entry stores it: ``|law|``, ``|english:c1|``.
    The filters look for these tokens in ``ShortlistEntry.domains`` / ``languages``."""
    return "|" + ":".join(part.strip().lower() for part in parts) + "|"


def skill_tokens(tokens) -> str:
    """``|law|medicine|`` from ``["|law|", "|medicine|"]``: one string per candidate."""
    return "|" + "".join(token.strip("|") + "|" for token in sorted(set(tokens))) if tokens else ""


def _skills(user_ids) -> tuple[dict[int, str], dict[int, str]]:
    """Each candidate's domains and languages as token strings, in two queries."""
    domains, languages = defaultdict(list), defaultdict(list)
    for user_id, domain in DomainExpertise.objects.filter(
        profile__user_id__in=user_ids
    ).values_list("profile__user_id", "domain"):
        domains[user_id].append(skill_token(domain))
    for user_id, language, level in LanguageSkill.objects.filter(
        profile__user_id__in=user_ids
    ).values_list("profile__user_id", "language", "level"):
        languages[user_id].append(skill_token(language, level))
    return (
        {user_id: skill_tokens(tokens) for user_id, tokens in domains.items()},
        {user_id: skill_tokens(tokens) for user_id, tokens in languages.items()},
    )


def _latest_attempts(application_ids: list[int]) -> dict[int, Mapping[str, Any]]:
    """The latest submitted calibration attempt of each application."""
    attempts = (
        Attempt.objects.filter(
            application_id__in=application_ids, purpose=Attempt.Purpose.CALIBRATION
        )
        .exclude(state=Attempt.State.IN_PROGRESS)
        .order_by("application_id", "submitted_at", "id")
        .values(
            "id",
            "application_id",
            "assessment_id",
            "integrity_events",
            "application__role_id",
            "application__role__tz_reference",
            "application__candidate_id",
        )
    )
    return {attempt["application_id"]: attempt for attempt in attempts}


def _colluding_attempts(assessment_ids: set[int]) -> set[int]:
    """Attempts named in a collusion pair of their assessment's latest agreement run."""
    latest = latest_agreements(assessment_ids).values_list("details__collusion", flat=True)
    return {
        attempt
        for pairs in latest
        for pair in valid_collusion_pairs(pairs)
        for attempt in (pair["a"], pair["b"])
    }


def shortlist_refresh(application_ids: Iterable[int]) -> int:
    """Brings the entries of these applications up to date; returns how many it wrote.

    An application without a scored attempt has no entry (and loses a stale one)."""
    application_ids = sorted(set(application_ids))
    if not application_ids:
        return 0
    attempts = _latest_attempts(application_ids)
    attempt_ids = [attempt["id"] for attempt in attempts.values()]
    reports = {
        report["attempt_id"]: report
        for report in ScoreReport.objects.filter(attempt_id__in=attempt_ids, is_current=True)
        .order_by()
        .values("attempt_id", "composite", "components", "failed_gates", "details__gates")
    }
    integrity_of = attempts_integrity(
        {attempt["id"]: attempt["integrity_events"] for attempt in attempts.values()}
    )
    colluding = _colluding_attempts({attempt["assessment_id"] for attempt in attempts.values()})
    user_ids = [attempt["application__candidate_id"] for attempt in attempts.values()]
    profiles = {
        profile["user_id"]: profile
        for profile in CandidateProfile.objects.filter(user_id__in=user_ids).values(
            "user_id", "hourly_rate", "rate_currency", "time_zone"
        )
    }
    domains, languages = _skills(user_ids)
    today = timezone.now().date()

    entries = []
    for application_id, attempt in attempts.items():
        report = reports.get(attempt["id"])
        if report is None:
            continue
        components = report["components"] or {}
        integrity = integrity_of[attempt["id"]]
        profile: Mapping[str, Any] = profiles.get(attempt["application__candidate_id"], {})
        collusion = attempt["id"] in colluding
        entries.append(
            ShortlistEntry(
                application_id=application_id,
                role_id=attempt["application__role_id"],
                attempt_id=attempt["id"],
                composite=report["composite"],
                **{name: components.get(name) for name in COMPONENTS},
                failed_gates=list(report["failed_gates"] or []),
                pending_gates=pending_gates(report["details__gates"]),
                passed_all_gates=not report["failed_gates"],
                paste_events=integrity["paste"],
                focus_losses=integrity["focus_lost"],
                too_fast_items=integrity["items_too_fast"],
                collusion=collusion,
                flagged=is_flagged(integrity, collusion=collusion),
                hourly_rate=profile.get("hourly_rate"),
                rate_currency=profile.get("rate_currency") or "USD",
                tz_overlap_hours=(
                    overlap_hours(
                        profile["time_zone"], attempt["application__role__tz_reference"], on=today
                    )
                    if profile.get("time_zone")
                    else None
                ),
                domains=domains.get(attempt["application__candidate_id"], ""),
                languages=languages.get(attempt["application__candidate_id"], ""),
            )
        )
    ShortlistEntry.objects.filter(application_id__in=application_ids).exclude(
        application_id__in=[entry.application_id for entry in entries]
    ).delete()
    ShortlistEntry.objects.bulk_create(
        entries,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=list(_UPDATED),
    )
    return len(entries)


def shortlist_refresh_assessment(assessment_id: int) -> int:
    return shortlist_refresh(
        Attempt.objects.filter(assessment_id=assessment_id, application__isnull=False)
        .order_by()
        .values_list("application_id", flat=True)
    )


def shortlist_refresh_candidate(user) -> int:
    return shortlist_refresh(
        Application.objects.filter(candidate=user).values_list("pk", flat=True)
    )


def shortlist_refresh_role(role: Role) -> int:
    return shortlist_refresh(role.applications.values_list("pk", flat=True))


def shortlist_rebuild() -> int:
    """Every entry from scratch (after an upgrade, or when in doubt)."""
    return shortlist_refresh(
        Attempt.objects.filter(application__isnull=False)
        .exclude(state=Attempt.State.IN_PROGRESS)
        .values_list("application_id", flat=True)
    )
