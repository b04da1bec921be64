from django.contrib import admin

from assessments.models import (
    Accommodation,
    Assessment,
    Attempt,
    Audit,
    AuditPlan,
    CohortAgreement,
    Contest,
    GoldAnswer,
    GoldChange,
    Item,
    Payment,
    Response,
    ScoreReport,
    ScoringJob,
)


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = ["position", "kind", "prompt", "requires_rationale", "exposure_count"]
    readonly_fields = ["exposure_count"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "organization", "time_limit_minutes", "frozen_at"]
    list_filter = ["organization"]
    search_fields = ["title"]
    readonly_fields = ["gold_version", "frozen_at", "created_at"]
    inlines = [ItemInline]


class GoldAnswerInline(admin.StackedInline):
    model = GoldAnswer
    extra = 0


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """Items of a frozen assessment are shown, never changed: candidates have answered
    them, and the autosave path keeps them in memory. Gold changes go through the
    authoring pages, which bump the gold version and record who changed what."""

    list_display = ["__str__", "assessment", "kind", "requires_rationale", "exposure_count"]
    list_filter = ["kind", "assessment__organization", "assessment"]
    search_fields = ["prompt", "assessment__title"]
    inlines = [GoldAnswerInline]

    def has_change_permission(self, request, obj=None):
        frozen = obj is not None and obj.assessment.is_frozen
        return not frozen and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        frozen = obj is not None and obj.assessment.is_frozen
        return not frozen and super().has_delete_permission(request, obj)


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = readonly_fields = ("item", "flagged_ambiguous", "time_spent_ms", "revision_count")


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["candidate", "assessment", "purpose", "state", "deadline"]
    list_filter = ["state", "purpose", "assessment"]
    search_fields = ["candidate__email", "assessment__title"]
    list_select_related = ["candidate", "assessment"]
    inlines = [ResponseInline]


@admin.register(ScoreReport)
class ScoreReportAdmin(admin.ModelAdmin):
    list_display = ["attempt", "composite", "is_current", "scorer_version", "gold_version"]
    list_filter = ["is_current", "scorer_version"]
    search_fields = ["attempt__candidate__email"]


@admin.register(CohortAgreement)
class CohortAgreementAdmin(admin.ModelAdmin):
    list_display = ["assessment", "attempt_count", "krippendorff_alpha", "fleiss_kappa"]
    list_filter = ["assessment"]


@admin.register(ScoringJob)
class ScoringJobAdmin(admin.ModelAdmin):
    list_display = [
        "assessment", "kind", "state", "done_count", "failed_count", "total_count",
        "created_at", "heartbeat_at", "resumes",
    ]  # fmt: skip
    list_filter = ["kind", "state"]
    raw_id_fields = ["assessment", "cancelled_by"]


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    list_display = ["application", "assessment", "week_starting", "state", "due_at"]
    list_filter = ["state"]
    search_fields = ["application__candidate__email"]
    raw_id_fields = ["application", "assessment", "attempt"]


@admin.register(AuditPlan)
class AuditPlanAdmin(admin.ModelAdmin):
    list_display = ["role", "assessment", "batch_size", "gold_share", "is_active"]
    raw_id_fields = ["role", "assessment"]


class RecordAdmin(admin.ModelAdmin):
    """Read-only: these rows are records of who did what and when. Payments move and
    contests are resolved through the team's calibration pages, which check each move."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(RecordAdmin):
    list_display = ["attempt", "amount", "currency", "state", "approved_at", "paid_at"]
    list_filter = ["state", "currency"]
    search_fields = ["attempt__candidate__email", "attempt__candidate__full_name"]
    list_select_related = ["attempt__candidate", "attempt__assessment"]


@admin.register(Contest)
class ContestAdmin(RecordAdmin):
    list_display = ["item", "attempt", "state", "resolved_by", "resolved_at", "created_at"]
    list_filter = ["state"]
    search_fields = ["attempt__candidate__email", "reason", "resolution"]
    list_select_related = ["item", "attempt__candidate", "attempt__assessment", "resolved_by"]


@admin.register(Accommodation)
class AccommodationAdmin(RecordAdmin):
    list_display = [
        "candidate",
        "assessment",
        "extra_minutes",
        "extra_percent",
        "granted_by",
        "created_at",
    ]
    search_fields = ["candidate__email", "candidate__full_name", "reason"]
    list_select_related = ["candidate", "assessment", "granted_by"]


@admin.register(GoldChange)
class GoldChangeAdmin(RecordAdmin):
    list_display = ["assessment", "item", "gold_version", "changed_by", "summary", "created_at"]
    list_filter = ["assessment"]
    search_fields = ["summary", "assessment__title"]
    list_select_related = ["assessment", "item", "changed_by"]
