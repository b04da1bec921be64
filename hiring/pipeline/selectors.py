"""Reads of applications for the team side. Every query is scoped through ``for_user``."""

from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from core import access
from hiring.models import Application, Note, Role, StageChange


def applications_for_role(*, role: Role, stage: str = "") -> QuerySet[Application]:
    applications = Application.objects.filter(role=role)
    if stage:
        applications = applications.filter(stage=stage)
    return applications.select_related("candidate", "candidate__candidate_profile").order_by(
        "-stage_changed_at"
    )


# --- One application, seen by the team ------------------------------------------------------------


def pipeline_applications(*, user) -> QuerySet[Application]:
    """Applications whose pipeline the user works (owners, hiring managers, recruiters)."""
    return Application.objects.for_user(user, roles=access.PIPELINE_ROLES)


def pipeline_application_get(*, user, slug: str, pk: int) -> Application:
    """One application with what its team page shows; 404 outside the user's pipeline."""
    applications = pipeline_applications(user=user).select_related(
        "role", "role__organization", "role__assessment", "candidate"
    )
    return get_object_or_404(applications, role__organization__slug=slug, pk=pk)


def application_detail(*, application: Application) -> Application:
    """The application with the candidate's profile, its stage history and notes,
    in a fixed number of queries."""
    from candidates.models import CandidateProfile

    profiles = CandidateProfile.objects.prefetch_related(
        "languages", "domains", "education", "experience", "work_samples"
    )
    return (
        Application.objects.filter(pk=application.pk)
        .select_related("role", "role__organization", "role__assessment", "candidate")
        .prefetch_related(
            Prefetch("candidate__candidate_profile", queryset=profiles),
            Prefetch(
                "stage_changes",
                queryset=StageChange.objects.select_related("changed_by").order_by(
                    "created_at", "id"
                ),
            ),
            Prefetch(
                "notes", queryset=Note.objects.select_related("author").order_by("-created_at")
            ),
        )
        .get()
    )


def allowed_moves(*, application: Application) -> list[tuple[str, str]]:
    """(stage, label) of every move the pipeline allows from here, in pipeline order."""
    return [
        (stage.value, stage.label)
        for stage in Application.Stage
        if application.can_move_to(stage.value)
    ]


def notes_of(*, application: Application) -> QuerySet[Note]:
    return application.notes.select_related("author").order_by("-created_at", "-id")
