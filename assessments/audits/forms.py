from django import forms

from assessments.models import Assessment, AuditPlan
from assessments.scoring.components import COMPONENTS


class AuditPlanForm(forms.Form):
    """The role's audit plan on its audits page (``audit_plan_set`` checks the ranges)."""

    assessment = forms.ModelChoiceField(
        queryset=Assessment.objects.none(),
        help_text="Its items with a gold answer are the gold items; the rest are ordinary work.",
    )
    batch_size = forms.IntegerField(min_value=1, max_value=200, label="Items per batch")
    gold_share = forms.FloatField(min_value=0, max_value=1, help_text="From 0 to 1, e.g. 0.2.")
    overlap_count = forms.IntegerField(
        min_value=0, max_value=200, label="Overlap items", help_text="Shared by every trainer."
    )
    gold_repeat_weeks = forms.IntegerField(
        min_value=0, max_value=52, label="No gold repeat within (weeks)"
    )
    due_days = forms.IntegerField(min_value=1, max_value=28, label="Due after (days)")
    is_active = forms.BooleanField(required=False, label="Issue batches every week")

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assessment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Assessment.objects.filter(organization=organization)

    @staticmethod
    def initial_from(plan: AuditPlan | None) -> dict:
        plan = plan or AuditPlan()
        return {
            "assessment": plan.assessment_id,
            "batch_size": plan.batch_size,
            "gold_share": plan.gold_share,
            "overlap_count": plan.overlap_count,
            "gold_repeat_weeks": plan.gold_repeat_weeks,
            "due_days": plan.due_days,
            "is_active": plan.is_active,
        }


DECISIONS = (
    ("accept", "Accept the suggested weights"),
    ("revert", "Revert to the default weights"),
)


class WeightDecisionForm(forms.Form):
    """The owner's decision on the validity page: accept the suggested weights shown (sent
    back as hidden ``weight_<component>`` fields, so a suggestion that changed meanwhile
    is refused) or revert to the defaults; either needs the confirmation ticked."""

    decision = forms.ChoiceField(choices=DECISIONS)
    confirm = forms.BooleanField(
        required=True,
        label="Rescore the role's calibration attempts with these weights",
        error_messages={"required": "Tick the box to confirm: the shortlist will be rescored."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in COMPONENTS:
            self.fields[f"weight_{name}"] = forms.FloatField(
                required=False, min_value=0, max_value=1, widget=forms.HiddenInput
            )

    @staticmethod
    def initial_from(suggested: dict[str, float] | None) -> dict:
        return {f"weight_{name}": round((suggested or {}).get(name, 0.0), 4) for name in COMPONENTS}

    def seen(self) -> dict[str, float]:
        """The suggested weights the owner saw, as posted (0 where left out)."""
        return {name: self.cleaned_data.get(f"weight_{name}") or 0.0 for name in COMPONENTS}
