from django.contrib import admin

from hiring.models import (
    Application,
    Membership,
    Note,
    Organization,
    Responsibility,
    Role,
    RoleLanguage,
    StageChange,
    SuccessMetric,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization"]
    search_fields = ["user__email", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


class SuccessMetricInline(admin.TabularInline):
    model = SuccessMetric
    extra = 0


class RoleLanguageInline(admin.TabularInline):
    model = RoleLanguage
    extra = 0


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "domain", "role_type", "task_complexity", "status"]
    list_filter = ["status", "domain", "role_type", "task_complexity", "organization"]
    search_fields = ["title", "sub_domain", "organization__name"]
    readonly_fields = ["status_changed_at", "status_changed_by", "created_at", "updated_at"]
    autocomplete_fields = ["organization"]
    inlines = [ResponsibilityInline, SuccessMetricInline, RoleLanguageInline]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "changed_by", "reason", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class NoteInline(admin.TabularInline):
    model = Note
    extra = 0
    readonly_fields = ["author", "created_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "role", "stage", "created_at", "stage_changed_at"]
    list_filter = ["stage", "role__organization", "role"]
    search_fields = ["candidate__email", "candidate__full_name", "role__title"]
    list_select_related = ["candidate", "role"]
    readonly_fields = ["stage", "stage_changed_at", "created_at"]
    inlines = [StageChangeInline, NoteInline]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    """Read-only: the pipeline history is append-only."""

    list_display = ["application", "from_stage", "to_stage", "changed_by", "created_at"]
    list_filter = ["to_stage"]
    search_fields = ["application__candidate__email", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
