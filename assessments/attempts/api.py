"""The candidate's attempt through the REST API: the same services as the pages.

Items are named by their ``number``, the 1-based position in the attempt's own order,
never by their database id (ids follow authoring order). Another candidate's attempt, or
a number outside the attempt, is a 404. A badly shaped
answer is a 400 with the message for its field; a closed attempt (time up or submitted)
is a 409.
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from assessments.attempts import selectors
from assessments.attempts.feedback import attempt_feedback
from assessments.attempts.serializers import (
    CandidateAttemptSerializer,
    CandidateContestInputSerializer,
    CandidateContestSerializer,
    CandidateFeedbackSerializer,
    CandidateResponseSerializer,
    CandidateSubmissionSerializer,
    FlagInputSerializer,
    RationalesInputSerializer,
    ResponseInputSerializer,
)
from assessments.attempts.services import (
    AttemptClosedError,
    attempt_close_if_overdue,
    attempt_finish,
    attempt_rationales_save,
    attempt_start,
    contest_create,
    rationale_slots,
    response_flag,
    response_save,
)
from assessments.models import Attempt, Item
from hiring.models import Application

CLOSED = OpenApiResponse(description="The attempt is closed: time is up or it was submitted.")


def _closed(error: AttemptClosedError) -> ApiResponse:
    """409 as a plain response, not an exception: requests are atomic, and raising would
    roll back the automatic submission that closing an overdue attempt just made."""
    return ApiResponse({"detail": error.message}, status=status.HTTP_409_CONFLICT)


def _own_attempt(request, pk: int) -> Attempt:
    try:
        attempt = selectors.attempt_of_candidate(user=request.user, pk=pk)
    except Attempt.DoesNotExist:
        raise NotFound("No such attempt.") from None
    return attempt_close_if_overdue(attempt=attempt)


def attempt_payload(attempt: Attempt, request) -> dict:
    items = selectors.items_in_order(attempt=attempt)
    context = {
        "request": request,
        "items": items,
        "numbers": selectors.item_numbers(attempt=attempt),
        "responses": selectors.responses_by_item(attempt=attempt),
        "seconds_left": selectors.seconds_left(attempt=attempt),
        "payment": selectors.payment_of(attempt=attempt),
        "rationale_slots": rationale_slots(attempt),
    }
    return CandidateAttemptSerializer(attempt, context=context).data


class AttemptStartApi(APIView):
    """Starts the attempt for one of my invited applications (or returns the started one)."""

    @extend_schema(
        request=None,
        responses={201: CandidateAttemptSerializer, 200: CandidateAttemptSerializer},
        operation_id="my_attempt_start",
    )
    def post(self, request, application_pk: int):
        try:
            application = selectors.application_of_candidate(user=request.user, pk=application_pk)
        except Application.DoesNotExist:
            raise NotFound("No such application.") from None
        existed = selectors.attempt_for_application(application=application) is not None
        attempt = attempt_start(application=application, candidate=request.user)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return ApiResponse(attempt_payload(attempt, request), status=code)


class AttemptDetailApi(APIView):
    """My attempt: items in order with their content and options, my answers, time left."""

    @extend_schema(responses=CandidateAttemptSerializer, operation_id="my_attempt_detail")
    def get(self, request, pk: int):
        return ApiResponse(attempt_payload(_own_attempt(request, pk), request))


class ResponseSaveApi(APIView):
    """Saves my answer to one item of my attempt."""

    @extend_schema(
        request=ResponseInputSerializer,
        responses={200: CandidateResponseSerializer, 409: CLOSED},
        operation_id="my_attempt_response_save",
    )
    def put(self, request, pk: int, number: int):
        attempt = _own_attempt(request, pk)
        data = ResponseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            response = response_save(
                attempt_id=attempt.pk,
                number=number,
                answer=data.validated_data["answer"],
                elapsed_ms=data.validated_data["elapsed_ms"],
                events=data.validated_data["events"],
            )
        except AttemptClosedError as closed:
            return _closed(closed)
        except Item.DoesNotExist:
            raise NotFound("That item is not part of this attempt.") from None
        return ApiResponse(CandidateResponseSerializer(response).data)


class ResponseFlagApi(APIView):
    """Flags one item of my attempt as ambiguous (or unflags it), with a note."""

    @extend_schema(
        request=FlagInputSerializer,
        responses={200: CandidateResponseSerializer, 409: CLOSED},
        operation_id="my_attempt_response_flag",
    )
    def put(self, request, pk: int, number: int):
        attempt = _own_attempt(request, pk)
        data = FlagInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            response = response_flag(
                attempt_id=attempt.pk,
                number=number,
                flagged=data.validated_data["flagged"],
                note=data.validated_data["note"],
            )
        except AttemptClosedError as closed:
            return _closed(closed)
        except Item.DoesNotExist:
            raise NotFound("That item is not part of this attempt.") from None
        return ApiResponse(CandidateResponseSerializer(response).data)


class RationalesApi(APIView):
    """Saves my hardest picks and rationales as a draft (checked in full on submit)."""

    @extend_schema(
        request=RationalesInputSerializer,
        responses={200: CandidateAttemptSerializer, 409: CLOSED},
        operation_id="my_attempt_rationales",
    )
    def put(self, request, pk: int):
        attempt = _own_attempt(request, pk)
        data = RationalesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            attempt_rationales_save(
                attempt_id=attempt.pk,
                hardest=data.validated_data["hardest"],
                rationales=data.validated_data["rationales"],
            )
        except AttemptClosedError as closed:
            return _closed(closed)
        return ApiResponse(attempt_payload(attempt, request))


class SubmitApi(APIView):
    """Submits my attempt, once: a repeat answers with the same submission."""

    @extend_schema(
        request=RationalesInputSerializer,
        responses=CandidateSubmissionSerializer,
        operation_id="my_attempt_submit",
    )
    def post(self, request, pk: int):
        attempt = _own_attempt(request, pk)
        data = RationalesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submitted_now = attempt_finish(
            attempt_id=attempt.pk,
            hardest=data.validated_data["hardest"],
            rationales=data.validated_data["rationales"],
            now=timezone.now(),
        )
        attempt.refresh_from_db()
        payment = selectors.payment_of(attempt=attempt)
        body = {
            "id": attempt.pk,
            "state": attempt.state,
            "submitted_at": attempt.submitted_at,
            "auto_submitted": attempt.auto_submitted,
            "payment_state": payment.state if payment else None,
            "submitted_now": submitted_now,
        }
        return ApiResponse(CandidateSubmissionSerializer(body).data)


class ContestApi(APIView):
    """My contests of items' expected answers, after submitting (at most three)."""

    @extend_schema(
        responses=CandidateContestSerializer(many=True), operation_id="my_attempt_contests"
    )
    def get(self, request, pk: int):
        attempt = _own_attempt(request, pk)
        return ApiResponse(
            CandidateContestSerializer(
                selectors.contests_of(attempt=attempt),
                many=True,
                context={"numbers": selectors.item_numbers(attempt=attempt)},
            ).data
        )

    @extend_schema(
        request=CandidateContestInputSerializer,
        responses={201: CandidateContestSerializer},
        operation_id="my_attempt_contest_create",
    )
    def post(self, request, pk: int):
        attempt = _own_attempt(request, pk)
        data = CandidateContestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contest = contest_create(
            attempt_id=attempt.pk,
            number=data.validated_data["item"],
            reason=data.validated_data["reason"],
        )
        body = CandidateContestSerializer(
            contest, context={"numbers": selectors.item_numbers(attempt=attempt)}
        ).data
        return ApiResponse(body, status=status.HTTP_201_CREATED)


class FeedbackApi(APIView):
    """My feedback after scoring: each component's percentile band in the cohort (only
    when the cohort is large enough), what the team looks at next, and how to contest.
    Never an expected answer, an item's score, another candidate or an exact rank."""

    @extend_schema(responses=CandidateFeedbackSerializer, operation_id="my_attempt_feedback")
    def get(self, request, pk: int):
        attempt = _own_attempt(request, pk)
        if attempt.purpose == Attempt.Purpose.AUDIT:
            raise NotFound("Audit batches have no feedback.")
        feedback = attempt_feedback(attempt=attempt)
        return ApiResponse(CandidateFeedbackSerializer(feedback, context={"request": request}).data)
