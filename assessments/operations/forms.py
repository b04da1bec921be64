"""Forms of the team's calibration operations: shapes only; the services decide what is
allowed (``assessments.operations.invitations``, ``accommodations``, ``contests``, ``payments``)."""

from django import forms

from assessments.authoring.selectors import assessments_for_organization
from assessments.models import Contest, Payment
from assessments.operations import selectors


class IdListField(forms.Field):
    """Several ids posted under one name (checkboxes), as a list of distinct ints."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Choose at least one.",
        "invalid": "“%(value)s” is not an id.",
    }

    def to_python(self, value):
        ids = []
        for raw in value or []:
            try:
                ids.append(int(raw))
            except (TypeError, ValueError):
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": raw}
                ) from None
        return list(dict.fromkeys(ids))


class AccommodationForm(forms.Form):
    UNITS = [("minutes", "minutes"), ("percent", "% of the time limit")]

    candidate: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, empty_label="Choose a candidate"
    )
    amount = forms.IntegerField(min_value=1, label="Extra time")
    unit = forms.ChoiceField(choices=UNITS, initial="minutes")
    reason = forms.CharField(
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "For example: screen reader user"}),
        help_text="Kept with the grant, with your name and the time.",
    )

    def __init__(self, *args, assessment, candidate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_candidate = candidate
        if candidate is not None:
            del self.fields["candidate"]
        else:
            field = self.fields["candidate"]
            field.queryset = selectors.candidates_for_assessment(assessment=assessment)
            # Each choice is named as blind mode allows: the pseudonym while hidden.
            shown = {
                user.pk: user.person.display_name
                for user in selectors.name_candidates_of(field.queryset, assessment=assessment)
            }
            field.label_from_instance = lambda user: shown.get(user.pk, "A candidate")

    def grant_kwargs(self) -> dict:
        data = self.cleaned_data
        unit = "extra_minutes" if data["unit"] == "minutes" else "extra_percent"
        return {
            "candidate": self.fixed_candidate or data["candidate"],
            "reason": data["reason"],
            unit: data["amount"],
        }


class ContestResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[(Contest.State.UPHELD, "Uphold"), (Contest.State.DISMISSED, "Dismiss")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to uphold or dismiss the contest."},
    )
    resolution = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Resolution note",
        help_text=(
            "The candidate sees this note. Say why, but never write the expected answer: "
            "other candidates still answer this item."
        ),
        error_messages={"required": "Write a resolution note saying why."},
    )


class PaymentFilterForm(forms.Form):
    state = forms.ChoiceField(
        choices=[("", "All states"), *Payment.State.choices],
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not a payment state."},
    )
    assessment: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="All assessments",
        error_messages={"invalid_choice": "That is not one of your assessments."},
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments_for_organization(organization=organization)


class PaymentBulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", "Approve"), ("mark_paid", "Mark paid")],
        error_messages={"invalid_choice": "Choose approve or mark paid."},
    )
    payments = IdListField(error_messages={"required": "Tick at least one payment."})


class VoidForm(forms.Form):
    reason = forms.CharField(
        max_length=300, error_messages={"required": "Say why this payment is voided."}
    )


class PayoutExportForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Why you export it",
        error_messages={
            "required": "Say why you export the payout file: it names every candidate paid, "
            "whatever blind mode hides, so the reason is recorded with your name."
        },
        widget=forms.TextInput(attrs={"placeholder": "For example: March payout run"}),
    )


class BulkInviteForm(forms.Form):
    applications = IdListField(error_messages={"required": "Tick at least one application."})
