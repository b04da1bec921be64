"""The demo's cohorts, scored and measured: a report per submitted attempt and the cohort's
agreement per assessment, through the same services as the product. A rerun writes nothing
new: reports are kept while scorer and gold are unchanged, and agreement is recomputed only
when the cohort or its gold has changed."""

from assessments.models import Assessment, Attempt
from assessments.scoring.services import attempts_score, cohort_agreement_compute


def score_cohorts(assessments) -> None:
    for assessment in assessments:
        attempt_ids = list(
            assessment.attempts.exclude(state=Attempt.State.IN_PROGRESS).values_list(
                "pk", flat=True
            )
        )
        if not attempt_ids:
            continue
        attempts_score(attempt_ids, schedule_agreement=False)
        if not _agreement_is_current(assessment, len(attempt_ids)):
            cohort_agreement_compute(assessment_id=assessment.pk)


def _agreement_is_current(assessment: Assessment, attempt_count: int) -> bool:
    latest = assessment.cohort_agreements.order_by("-computed_at", "-pk").first()
    return (
        latest is not None
        and latest.attempt_count == attempt_count
        and latest.gold_version == assessment.gold_version
    )
