"""Starting points for a new role, one per role type: data, not code.

A template prefills the role form: typical complexity and credential, the
responsibilities in priority order, suggested 90-day success metrics and a typical
pay band. Every value stays editable. Values are the plain strings of the model's
choices (``Role.RoleType``, ``SuccessMetric.Kind`` …), so this module needs no Django.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class MetricSuggestion:
    kind: str
    target: Decimal
    unit: str
    direction: str
    measurement: str


@dataclass(frozen=True)
class RoleTemplate:
    role_type: str
    name: str
    summary: str
    title: str
    task_complexity: str
    credential: str
    modality: str
    engagement: str
    pay_min: Decimal
    pay_max: Decimal
    pay_unit: str
    responsibilities: tuple[str, ...]
    metrics: tuple[MetricSuggestion, ...]
    pay_currency: str = "USD"
    weekly_hours: int | None = 20
    warning: str = ""
    domain: str = "general"

    @property
    def pay_band(self) -> str:
        unit = {"hour": "an hour", "task": "a task", "month": "a month", "year": "a year"}
        return f"{self.pay_min:,.0f}–{self.pay_max:,.0f} {self.pay_currency} {unit[self.pay_unit]}"


def _metric(
    kind: str, target: str, unit: str, direction: str, measurement: str
) -> MetricSuggestion:
    return MetricSuggestion(kind, Decimal(target), unit, direction, measurement)


ROLE_TEMPLATES: tuple[RoleTemplate, ...] = (
    RoleTemplate(
        role_type="data_annotator",
        name="Data annotator",
        summary="Labels text, images or audio to written guidelines, at volume and consistently.",
        title="Data annotator",
        task_complexity="general",
        credential="none",
        modality="text",
        engagement="hourly",
        pay_min=Decimal("15"),
        pay_max=Decimal("25"),
        pay_unit="hour",
        weekly_hours=30,
        responsibilities=(
            "Label items accurately against the annotation guidelines",
            "Flag ambiguous items with a note instead of guessing",
            "Keep a steady pace without trading away accuracy",
            "Raise guideline gaps with the project lead",
        ),
        metrics=(
            _metric("accuracy", "95", "%", "at_least", "Weekly audit batches against gold."),
            _metric(
                "consistency",
                "0.8",
                "Krippendorff's α",
                "at_least",
                "Agreement with the rest of the cohort on shared items, per week.",
            ),
            _metric(
                "throughput", "60", "items/hour", "at_least", "Median over working hours, weekly."
            ),
        ),
    ),
    RoleTemplate(
        role_type="ai_training_specialist",
        name="AI training specialist",
        summary="Writes and corrects model outputs, and keeps guidelines and gold sets honest.",
        title="AI training specialist",
        task_complexity="specialised",
        credential="bachelor",
        modality="text",
        engagement="hourly",
        pay_min=Decimal("25"),
        pay_max=Decimal("45"),
        pay_unit="hour",
        responsibilities=(
            "Write and rewrite model responses to the style guide",
            "Correct factual and reasoning errors in model outputs",
            "Propose guideline changes from recurring edge cases",
            "Review peers' work in the second review pass",
        ),
        metrics=(
            _metric(
                "review_alignment",
                "90",
                "%",
                "at_least",
                "Share of tasks that pass the second review without changes.",
            ),
            _metric(
                "error_identification",
                "85",
                "%",
                "at_least",
                "Recall of seeded errors in weekly audit batches.",
            ),
        ),
    ),
    RoleTemplate(
        role_type="rlhf_specialist",
        name="RLHF specialist",
        summary="Compares and ranks model responses, and explains each preference in writing.",
        title="RLHF specialist",
        task_complexity="specialised",
        credential="bachelor",
        modality="text",
        engagement="hourly",
        pay_min=Decimal("30"),
        pay_max=Decimal("50"),
        pay_unit="hour",
        responsibilities=(
            "Compare pairs of model responses and record a graded preference",
            "Rank several responses to the same prompt",
            "Write a short rationale for each hard preference",
            "Flag prompts where no response is acceptable",
        ),
        metrics=(
            _metric(
                "consistency",
                "0.7",
                "Krippendorff's α",
                "at_least",
                "Agreement with other raters on overlapping comparisons.",
            ),
            _metric("accuracy", "85", "%", "at_least", "Preference direction vs gold comparisons."),
        ),
    ),
    RoleTemplate(
        role_type="llm_evaluator",
        name="LLM evaluator",
        summary="Rates model outputs per criterion and finds the errors others miss.",
        title="LLM evaluator",
        task_complexity="specialised",
        credential="bachelor",
        modality="text",
        engagement="hourly",
        pay_min=Decimal("25"),
        pay_max=Decimal("45"),
        pay_unit="hour",
        responsibilities=(
            "Rate model outputs against each rubric criterion",
            "Identify and categorise factual, reasoning and safety errors",
            "Explain each error in one or two sentences",
            "Return feedback on evaluation batches within the agreed time",
        ),
        metrics=(
            _metric(
                "error_identification",
                "90",
                "%",
                "at_least",
                "Recall of seeded errors in weekly audit batches.",
            ),
            _metric(
                "feedback_turnaround",
                "24",
                "hours",
                "at_most",
                "Median time from batch assignment to submitted feedback.",
            ),
        ),
    ),
    RoleTemplate(
        role_type="domain_expert",
        name="Domain expert",
        summary="A professional (clinician, lawyer, scientist) who writes and checks expert gold.",
        title="Domain expert",
        task_complexity="expert",
        credential="master",
        modality="text",
        engagement="freelance",
        pay_min=Decimal("60"),
        pay_max=Decimal("150"),
        pay_unit="hour",
        weekly_hours=10,
        responsibilities=(
            "Write gold answers and explanations for expert items",
            "Judge model outputs where only a professional can",
            "Review disputed items and settle the gold",
            "Keep the domain guidelines current",
        ),
        metrics=(
            _metric("accuracy", "95", "%", "at_least", "Audit batches against a second expert."),
            _metric(
                "review_alignment",
                "90",
                "%",
                "at_least",
                "Share of gold decisions upheld in the senior review.",
            ),
        ),
    ),
    RoleTemplate(
        role_type="red_teamer",
        name="Red-teamer",
        summary="Probes models for harmful, false or policy-breaking behaviour, and documents it.",
        title="Red-teamer",
        task_complexity="specialised",
        credential="bachelor",
        modality="text",
        engagement="hourly",
        pay_min=Decimal("40"),
        pay_max=Decimal("80"),
        pay_unit="hour",
        weekly_hours=15,
        responsibilities=(
            "Design adversarial prompts against the current policy",
            "Record each failure with a reproducible transcript",
            "Categorise failures by severity and policy area",
            "Retest fixed failures after each model update",
        ),
        metrics=(
            _metric(
                "error_identification",
                "80",
                "%",
                "at_least",
                "Share of known failure modes found in the weekly probe set.",
            ),
            _metric(
                "review_alignment",
                "85",
                "%",
                "at_least",
                "Share of reported failures confirmed by the safety review.",
            ),
        ),
    ),
    RoleTemplate(
        role_type="ml_engineer",
        name="ML engineer",
        summary="Builds training and evaluation pipelines; rarely the right hire for output work.",
        title="ML engineer",
        task_complexity="expert",
        credential="master",
        modality="code",
        engagement="salaried",
        pay_min=Decimal("150000"),
        pay_max=Decimal("220000"),
        pay_unit="year",
        weekly_hours=40,
        warning=(
            "Refining model outputs (rating, ranking, correcting, red-teaming) rarely needs "
            "an ML engineer: an LLM evaluator, RLHF specialist or domain expert does it better "
            "and at a fraction of the cost. Choose this only to build pipelines or tooling."
        ),
        responsibilities=(
            "Build and maintain the data and evaluation pipelines",
            "Automate quality checks on incoming annotations",
            "Measure how training data changes model behaviour",
        ),
        metrics=(
            _metric(
                "throughput",
                "2",
                "pipelines/quarter",
                "at_least",
                "Evaluation pipelines delivered to production.",
            ),
        ),
    ),
)

_BY_TYPE = {template.role_type: template for template in ROLE_TEMPLATES}


def role_template(role_type: str) -> RoleTemplate | None:
    return _BY_TYPE.get(role_type)
