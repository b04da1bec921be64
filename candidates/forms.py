"""The candidate's forms: the profile (one form and five formsets), the public role
search and the knock-out questions of an application."""

from django import forms
from django.core.exceptions import ValidationError

from candidates import validators
from candidates.countries import COUNTRIES
from candidates.models import (
    LANGUAGE_MAX_LENGTH,
    MEASUREMENT_MAX_LENGTH,
    PROFILE_LISTS,
    TOOL_MAX_LENGTH,
    Education,
)
from core.time_zones import TimeZoneFormField
from core.vocabulary import CEFRLevel, Currency, Domain, Modality
from hiring.models import Role
from hiring.roles import knockouts


def _choice_error(message: str) -> dict:
    return {"invalid_choice": message}


class ProfileForm(forms.Form):
    headline = forms.CharField(
        max_length=160,
        required=False,
        help_text="One line a hiring team reads first, e.g. “Paralegal turned contract annotator”.",
    )
    country = forms.ChoiceField(
        choices=[("", "—"), *COUNTRIES],
        required=False,
        error_messages=_choice_error("“%(value)s” is not an ISO 3166 country code."),
    )
    time_zone = TimeZoneFormField(help_text="Where you work from (IANA name).")
    tools = forms.CharField(
        required=False,
        # Every tool at its longest, with a comma and a space between.
        max_length=PROFILE_LISTS["tools"].most * (TOOL_MAX_LENGTH + 2),
        label="Annotation tools used",
        help_text="Separate with commas, e.g. Label Studio, Prodigy, Scale Rapid.",
    )
    modalities = forms.MultipleChoiceField(
        choices=Modality.choices,
        required=False,
        label="Modalities you have annotated",
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice_error(validators.MODALITY_MESSAGE),
    )
    hourly_rate = forms.DecimalField(
        required=False,
        max_digits=8,
        decimal_places=2,
        label="Expected hourly rate",
        validators=[validators.validate_rate],
        error_messages={"invalid": "Enter the rate as a number, e.g. 35 or 35.50."},
    )
    rate_currency = forms.ChoiceField(
        choices=Currency.choices,
        label="Currency",
        error_messages=_choice_error(validators.CURRENCY_MESSAGE),
    )
    hours_per_week = forms.IntegerField(
        required=False,
        label="Hours per week available",
        validators=[validators.validate_hours_per_week],
        error_messages={"invalid": "Enter whole hours, e.g. 20."},
    )
    consent = forms.BooleanField(
        required=False,
        label="I consent to Calibrate and the teams I apply to processing the data in this "
        "profile to assess my applications.",
        help_text="Required to apply. Untick to withdraw: you will not be able to apply "
        "again until you give it back.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_tools(self) -> list[str]:
        tools: list[str] = []
        for tool in self.cleaned_data["tools"].split(","):
            tool = " ".join(tool.split())
            if tool and tool.casefold() not in {t.casefold() for t in tools}:
                tools.append(tool)
        validators.validate_tools(tools)
        return tools

    @classmethod
    def initial_from(cls, profile) -> dict:
        return {
            "headline": profile.headline,
            "country": profile.country,
            "time_zone": profile.time_zone,
            "tools": ", ".join(profile.tools or []),
            "modalities": profile.modalities,
            "hourly_rate": profile.hourly_rate,
            "rate_currency": profile.rate_currency,
            "hours_per_week": profile.hours_per_week,
            "consent": profile.has_consented,
        }


class LanguageForm(forms.Form):
    language = forms.CharField(max_length=LANGUAGE_MAX_LENGTH)
    level = forms.ChoiceField(
        choices=[("", "Level…"), *CEFRLevel.choices],
        label="CEFR level",
        error_messages=_choice_error(validators.CEFR_MESSAGE),
    )


class DomainForm(forms.Form):
    domain = forms.ChoiceField(
        choices=[("", "Domain…"), *Domain.choices],
        error_messages=_choice_error(validators.DOMAIN_MESSAGE),
    )
    years = forms.IntegerField(
        label="Years of experience",
        validators=[validators.validate_domain_years],
        error_messages={"invalid": "Enter whole years, e.g. 4."},
    )


class EducationForm(forms.Form):
    level = forms.ChoiceField(choices=[("", "Level…"), *Education.Level.choices])
    field = forms.CharField(max_length=120, label="Field of study")
    institution = forms.CharField(max_length=200)


class ExperienceForm(forms.Form):
    what_trained = forms.CharField(
        max_length=300,
        label="What did you train or evaluate?",
        help_text="e.g. A clause classifier for NDAs; RLHF preference data for a code model.",
    )
    # A field named like Form.data: the form's metaclass moves declared fields into
    # base_fields, so at run time this never replaces the bound data.
    data = forms.CharField(max_length=300, label="On what data?")  # type: ignore[assignment]
    measurement = forms.CharField(
        max_length=MEASUREMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="How did you measure improvement?",
        help_text="e.g. Macro-F1 rose from 0.71 to 0.84 on a held-out set.",
    )
    started_on = forms.DateField(
        required=False, label="Started", widget=forms.DateInput(attrs={"type": "date"})
    )
    ended_on = forms.DateField(
        required=False, label="Ended", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "The end date is before the start date.")
        return data


class WorkSampleForm(forms.Form):
    title = forms.CharField(max_length=200)
    url = forms.CharField(
        max_length=200,
        label="Link",
        validators=[validators.validate_http_url],
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )


class UniqueRowsFormSet(forms.BaseFormSet):
    """Refuses the same language (or domain) twice, naming it."""

    unique_field = ""
    message = ""

    def clean(self):
        super().clean()
        if not self.unique_field:
            return
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            value = form.cleaned_data.get(self.unique_field)
            if value is None:
                continue
            key = str(value).strip().casefold()
            if key in seen:
                raise ValidationError(self.message.format(value))
            seen.add(key)

    def rows(self) -> list[dict]:
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def _formset(section: str, form, *, unique_field: str = "", message: str = ""):
    limit = PROFILE_LISTS[section]
    base = type(
        f"{form.__name__}Set",
        (UniqueRowsFormSet,),
        {
            "unique_field": unique_field,
            "message": message,
            "default_error_messages": limit.formset_messages(),
        },
    )
    return forms.formset_factory(
        form, formset=base, extra=1, can_delete=True, **limit.formset_options()
    )


# Section name (as in candidates.services.NESTED) → formset class.
PROFILE_FORMSETS = {
    "languages": _formset(
        "languages",
        LanguageForm,
        unique_field="language",
        message="You listed {} twice: keep one level per language.",
    ),
    "domains": _formset(
        "domains",
        DomainForm,
        unique_field="domain",
        message="You listed {} twice: keep one entry per domain.",
    ),
    "education": _formset("education", EducationForm),
    "experience": _formset("experience", ExperienceForm),
    "work_samples": _formset("work_samples", WorkSampleForm),
}


class RoleSearchForm(forms.Form):
    """The public role filters; the page and the API read the same form."""

    domain = forms.ChoiceField(
        choices=[("", "Any domain"), *Domain.choices],
        required=False,
        error_messages=_choice_error(validators.DOMAIN_MESSAGE),
    )
    role_type = forms.ChoiceField(
        choices=[("", "Any role type"), *Role.RoleType.choices],
        required=False,
        label="Role type",
        error_messages=_choice_error("“%(value)s” is not a role type."),
    )
    modality = forms.ChoiceField(
        choices=[("", "Any modality"), *Modality.choices],
        required=False,
        error_messages=_choice_error(validators.MODALITY_MESSAGE),
    )
    engagement = forms.ChoiceField(
        choices=[("", "Any engagement"), *Role.Engagement.choices],
        required=False,
        error_messages=_choice_error("“%(value)s” is not an engagement type."),
    )
    language = forms.CharField(required=False, max_length=40)
    min_pay = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        label="Pays at least",
        help_text="In the role's own currency and unit.",
        error_messages={
            "invalid": "Enter the minimum pay as a number, e.g. 30.",
            "min_value": "The minimum pay cannot be negative.",
        },
    )

    def filters(self) -> dict:
        """The valid filters only; an invalid one is ignored (and reported by the form)."""
        data = self.cleaned_data if self.is_bound else {}
        return {
            name: data[name]
            for name in self.fields
            if name in data and data[name] not in (None, "")
        }


class KnockoutForm(forms.Form):
    """One field per knock-out question of a role, named by the question's key."""

    def __init__(self, *args, questions: list[knockouts.Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field: forms.Field
            if question.kind == knockouts.LANGUAGE:
                field = forms.ChoiceField(
                    choices=[("", "Choose your level…"), *CEFRLevel.choices],
                    label=question.label,
                    help_text=f"This role asks for {question.threshold} or above.",
                    error_messages=_choice_error(validators.CEFR_MESSAGE),
                )
            elif question.kind == knockouts.TZ_OVERLAP:
                field = forms.IntegerField(
                    min_value=0,
                    max_value=24,
                    label=question.label,
                    help_text=f"This role asks for at least {question.threshold} hours a day.",
                )
            else:
                field = forms.IntegerField(
                    min_value=0,
                    max_value=knockouts.MAX_DOMAIN_YEARS,
                    label=question.label,
                    help_text=f"This role asks for at least {question.threshold} years.",
                )
            self.fields[question.key] = field

    def answers(self) -> dict:
        return {question.key: self.cleaned_data[question.key] for question in self.questions}
