from django.contrib import admin

from rubrics.models import Criterion, CriterionLevel, CriterionScore, Review, Rubric


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    show_change_link = True


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "organization", "frozen_at"]
    list_filter = ["organization"]
    search_fields = ["name"]
    inlines = [CriterionInline]


class CriterionLevelInline(admin.TabularInline):
    model = CriterionLevel
    extra = 0
    max_num = 5


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "rubric", "position", "weight"]
    list_filter = ["rubric"]
    search_fields = ["name"]
    inlines = [CriterionLevelInline]


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["response", "reviewer", "tier", "created_at"]
    list_filter = ["tier", "rubric"]
    search_fields = ["reviewer__email", "comment"]
    inlines = [CriterionScoreInline]
