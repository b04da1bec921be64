from django.contrib import admin
from django.db import models

from candidates.models import (
    CandidateProfile,
    DomainExpertise,
    Education,
    Experience,
    LanguageSkill,
    WorkSample,
)


class LanguageSkillInline(admin.TabularInline):
    model = LanguageSkill
    extra = 0


class DomainExpertiseInline(admin.TabularInline):
    model = DomainExpertise
    extra = 0


class EducationInline(admin.TabularInline):
    model = Education
    extra = 0


class ExperienceInline(admin.StackedInline):
    model = Experience
    extra = 0


class WorkSampleInline(admin.TabularInline):
    model = WorkSample
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(CandidateProfile)
class CandidateProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "headline", "country", "time_zone", "hourly_rate", "rate_currency"]
    list_filter = ["country", "rate_currency", "domains__domain"]
    search_fields = ["user__email", "user__full_name", "headline"]
    inlines = [
        LanguageSkillInline,
        DomainExpertiseInline,
        EducationInline,
        ExperienceInline,
        WorkSampleInline,
    ]
