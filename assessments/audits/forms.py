from django import forms

from assessments.models import Assessment, AuditPlan


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
