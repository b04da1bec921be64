"""The demo's review work, through the product's own services.

Each assessment gets a rubric from the template that fits its items. Its written answers
(hardest-decision rationales, error explanations) enter the review queue. Most are reviewed
blind by the team's reviewer, with levels that follow the candidate's skill. The sampled
share is re-scored by the owner as senior reviewer, and where the two differ by more than
a level the hiring manager (a senior reviewer in the demo) adjudicates. At each tier one
answer in three is left waiting, as are most error explanations (one per output judged,
so many), so every tab of the queue has work in it.

Idempotent: a rubric is attached only where none is, a task only reviewed at the tier it
waits for, and the answers left waiting are chosen by a stable key, not by position.
"""

import random
from collections import Counter
from hashlib import blake2b

from assessments.models import Assessment, Attempt, ScoreReport
from assessments.scoring.services import attempts_score
from hiring.models import Membership
from rubrics.models import Criterion, ReviewTask
from rubrics.review.services import review_submit, review_tasks_create
from rubrics.services import rubric_from_template

TEMPLATE_BY_KIND = {
    "spans": "span_annotation",
    "pairwise": "preference_ranking",
    "ranking": "preference_ranking",
    "rating": "preference_ranking",
}
DEFAULT_TEMPLATE = "error_identification"
LEFT_WAITING = 3  # at each tier, one answer in three stays in the queue
# Error explanations are many (one per output judged): the team has reviewed one in twenty.
EXPLANATIONS_REVIEWED = 20


def attach_rubrics(assessments, teams) -> None:
    for assessment in assessments:
        if assessment.rubric_id is not None:
            continue
        kinds = Counter(assessment.items.values_list("kind", flat=True))
        dominant = kinds.most_common(1)[0][0] if kinds else ""
        author = teams[assessment.organization.slug][Membership.Role.HIRING_MANAGER]
        assessment.rubric = rubric_from_template(
            organization=assessment.organization,
            template_key=TEMPLATE_BY_KIND.get(dominant, DEFAULT_TEMPLATE),
            by=author,
        )
        assessment.save(update_fields=["rubric"])


def _draw(task: ReviewTask, step: str) -> int:
    return int.from_bytes(blake2b(f"demo-{step}:{task.pk}".encode(), digest_size=2).digest())


def _stays_waiting(task: ReviewTask, state: str) -> bool:
    """Whether the demo leaves the task waiting at ``state`` (stable across reruns)."""
    if state == ReviewTask.State.PRIMARY and task.source == ReviewTask.Source.ERROR_EXPLANATION:
        return _draw(task, state) % EXPLANATIONS_REVIEWED != 0
    return _draw(task, state) % LEFT_WAITING == 0


def _levels(criteria: list[int], skill: float, rng: random.Random, *, spread: float = 0.6):
    return {
        criterion: max(0, min(4, round(skill * 4 + rng.gauss(0, spread)))) for criterion in criteria
    }


def review_demo_answers(assessments: list[Assessment], teams, *, seed: int) -> None:
    """Reviews the demo's written answers as the teams would; rescoring follows once."""
    for slug in teams:
        Membership.objects.filter(
            organization__slug=slug, role=Membership.Role.HIRING_MANAGER
        ).update(is_senior_reviewer=True)
    attempt_ids = list(
        Attempt.objects.filter(assessment__in=assessments)
        .exclude(state=Attempt.State.IN_PROGRESS)
        .values_list("pk", flat=True)
    )
    review_tasks_create(attempt_ids)
    skill = dict(
        ScoreReport.objects.filter(attempt_id__in=attempt_ids, is_current=True).values_list(
            "attempt_id", "components__accuracy"
        )
    )
    tasks = ReviewTask.objects.filter(response__attempt_id__in=attempt_ids).exclude(
        state=ReviewTask.State.DONE
    )
    criteria: dict[int, list[int]] = {}
    reviewed = set()
    for task in tasks.select_related("organization", "response").order_by("pk"):
        if _stays_waiting(task, task.state):
            continue
        if task.rubric_id not in criteria:
            criteria[task.rubric_id] = list(
                Criterion.objects.filter(rubric_id=task.rubric_id).values_list("pk", flat=True)
            )
        team = teams[task.organization.slug]
        rng = random.Random(f"{seed}:review:{task.pk}")
        quality = skill.get(task.response.attempt_id) or 0.5
        ids = criteria[task.rubric_id]
        steps = (
            (ReviewTask.State.PRIMARY, Membership.Role.REVIEWER, _levels(ids, quality, rng)),
            (ReviewTask.State.SENIOR, Membership.Role.OWNER,
             _levels(ids, quality, rng, spread=0.9)),
            (ReviewTask.State.ADJUDICATION, Membership.Role.HIRING_MANAGER,
             _levels(ids, quality, rng, spread=0.3)),
        )  # fmt: skip
        state = task.state
        for tier, who, levels in steps:
            if state != tier or (tier != task.state and _stays_waiting(task, tier)):
                continue
            review = review_submit(
                task_id=task.pk, reviewer=team[who], tier=tier, levels=levels, comment=""
            )
            assert review.task is not None
            state = review.task.state
        reviewed.add(task.response.attempt_id)
    if reviewed:
        attempts_score(sorted(reviewed), schedule_agreement=False)
