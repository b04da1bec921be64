from django.contrib import admin

from assessments.models import (
    Assessment,
    Attempt,
    Audit,
    CohortAgreement,
    GoldAnswer,
    Item,
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
    list_display = ["__str__", "assessment", "kind", "requires_rationale", "exposure_count"]
    list_filter = ["kind", "assessment__organization", "assessment"]
    search_fields = ["prompt", "assessment__title"]
    inlines = [GoldAnswerInline]


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = ["item", "flagged_ambiguous", "time_spent_ms", "revision_count"]
    readonly_fields = fields


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
    list_display = ["assessment", "kind", "state", "done_count", "total_count", "created_at"]
    list_filter = ["kind", "state"]


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    list_display = ["application", "assessment", "week_starting", "state"]
    list_filter = ["state"]
    search_fields = ["application__candidate__email"]
