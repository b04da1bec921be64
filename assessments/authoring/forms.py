"""Forms for authoring assessments and items. They turn friendly inputs (options one per
line, outputs separated by ``---``) into the shapes of ``item_kinds``; the services
validate and write."""

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms

from assessments import item_kinds
from assessments.authoring.importing import MAX_BYTES
from assessments.authoring.services import ASSESSMENT_FIELDS, PASS_GATE_COMPONENTS
from assessments.models import Assessment, Item
from config import json_input
from core.vocabulary import Currency

if TYPE_CHECKING:
    from rubrics.models import Rubric

OUTPUT_SEPARATOR = "---"


class AssessmentForm(forms.Form):
    title = forms.CharField(max_length=200)
    instructions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="Markdown. What candidates read before they start.",
    )
    rubric: "forms.ModelChoiceField[Rubric]" = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="No rubric", help_text="Scores rationales."
    )
    time_limit_minutes = forms.IntegerField(min_value=1, max_value=600, label="Time limit")
    items_per_attempt = forms.IntegerField(
        min_value=1,
        required=False,
        label="Items per attempt",
        help_text="Leave empty to give every item; a number draws a sample of that size.",
    )
    shuffle = forms.BooleanField(required=False, label="Shuffle the item order per candidate")
    expected_items_per_hour = forms.DecimalField(
        min_value=Decimal("0.1"), max_digits=6, decimal_places=1, label="Expected pace"
    )
    pay_amount = forms.DecimalField(
        min_value=0, max_digits=8, decimal_places=2, label="Pay for a completed attempt"
    )
    pay_currency = forms.ChoiceField(choices=Currency.choices, label="Currency")
    rationale_count = forms.IntegerField(
        min_value=0,
        max_value=20,
        label="Rationales for the N hardest decisions",
        help_text="Candidates pick their N hardest items and explain them.",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from assessments.authoring.selectors import rubric_choices

        self.fields["rubric"].queryset = rubric_choices(organization=organization)
        for name in PASS_GATE_COMPONENTS:
            self.fields[f"gate_{name}"] = forms.FloatField(
                min_value=0,
                max_value=1,
                required=False,
                label=name.replace("_", " ").capitalize(),
                widget=forms.NumberInput(attrs={"step": "0.01", "placeholder": "none"}),
            )

    @classmethod
    def initial_from(cls, assessment: Assessment) -> dict:
        initial = {
            name: getattr(assessment, name) for name in ASSESSMENT_FIELDS if name != "pass_gates"
        }
        for name, value in (assessment.pass_gates or {}).items():
            initial[f"gate_{name}"] = value
        return initial

    def gate_fields(self):
        return [self[f"gate_{name}"] for name in PASS_GATE_COMPONENTS]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        gates = {}
        for name in PASS_GATE_COMPONENTS:
            value = data.pop(f"gate_{name}", None)
            if value is not None:
                gates[name] = value
        data["pass_gates"] = gates
        return data


# --- Items ----------------------------------------------------------------------------

K = item_kinds
TEXT_KINDS = (K.SINGLE_CHOICE, K.MULTI_LABEL, K.SPANS, K.RATING, K.NUMERIC,
              K.ERROR_IDENTIFICATION, K.FREE_TEXT)  # fmt: skip
QUESTION_KINDS = (K.PAIRWISE, K.RANKING, K.RATING)
OUTPUT_LIST_KINDS = (K.RANKING, K.ERROR_IDENTIFICATION)
OPTION_KINDS = (K.SINGLE_CHOICE, K.MULTI_LABEL, K.SPANS, K.ERROR_IDENTIFICATION)
PLAIN_ANSWER_KINDS = (K.SINGLE_CHOICE, K.PAIRWISE, K.NUMERIC, K.FREE_TEXT)
# Gold set with the candidate's own widget (JSON stays as an option).
WIDGET_GOLD_KINDS = (K.SPANS, K.RANKING, K.RATING, K.ERROR_IDENTIFICATION)
OPTION_LABELS = {
    K.SINGLE_CHOICE: "Options",
    K.MULTI_LABEL: "Labels",
    K.SPANS: "Span labels",
    K.ERROR_IDENTIFICATION: "Error categories",
}
ANSWER_HELP = {
    K.SINGLE_CHOICE: "The correct option, exactly as written above.",
    K.MULTI_LABEL: "Every label that applies, one per line (may be empty).",
    K.SPANS: 'JSON list, e.g. [{"start": 0, "end": 12, "label": "PARTY"}] (character offsets).',
    K.PAIRWISE: "Which output is better, and by how much.",
    K.RANKING: "JSON list of output numbers, best first, counting from 0: e.g. [2, 0, 1].",
    K.RATING: 'JSON object, one whole number per criterion: e.g. {"accuracy": 4}.',
    K.NUMERIC: "A number, e.g. 90 or 3.5.",
    K.ERROR_IDENTIFICATION: 'JSON list, one entry per output: [{"has_error": true, '
    '"category": "factual error", "explanation": "…"}, {"has_error": false, "category": null}].',
    K.FREE_TEXT: "A reference answer reviewers compare against.",
}
ALTERNATIVES_HELP_LINES = "Other answers also counted right, one per line."
ALTERNATIVES_HELP_JSON = "Other answers also counted right, as a JSON list of answers."
# Form fields that the services' error fields land on.
ERROR_FIELDS = {
    "prompt": "prompt",
    "options": "options",
    "answer": "answer",
    "accepted_alternatives": "accepted_alternatives",
    "tolerance": "tolerance",
    "requires_rationale": "requires_rationale",
}


def _newlines(value: str) -> str:
    """Browsers send textareas with CRLF; span offsets count one character per newline."""
    return (value or "").replace("\r\n", "\n")


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _outputs(value: str | None) -> list[str]:
    blocks: list[str] = []
    current: list[str] = []
    for line in (value or "").splitlines():
        if line.strip() == OUTPUT_SEPARATOR:
            blocks.append("\n".join(current).strip())
            current = []
        else:
            current.append(line)
    blocks.append("\n".join(current).strip())
    return [b for b in blocks if b]


class ItemForm(forms.Form):
    """One item of a given kind and its gold. ``frozen`` disables everything but the gold."""

    prompt = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Prompt")

    def __init__(self, *args, kind: str, frozen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.frozen = kind, frozen
        fields = self.fields
        if kind in TEXT_KINDS:
            fields["text"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 5}),
                strip=False,
                required=kind == K.SPANS,
                label="Text",
                help_text="The passage the candidate works on"
                + (" (spans are offsets into it)." if kind == K.SPANS else "."),
            )
        if kind in QUESTION_KINDS:
            fields["question"] = forms.CharField(required=False, label="Question to the model")
        if kind == K.RATING:
            fields["output"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Model output"
            )
            fields["criteria"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 3}),
                label="Criteria",
                help_text="One per line.",
            )
            fields["scale"] = forms.IntegerField(min_value=2, max_value=10, initial=5)
        if kind == K.PAIRWISE:
            fields["output_a"] = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
            fields["output_b"] = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
        if kind in OUTPUT_LIST_KINDS:
            fields["outputs"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 8}),
                label="Model outputs",
                help_text=f"Separate outputs with a line holding only {OUTPUT_SEPARATOR}.",
            )
        if kind == K.NUMERIC:
            fields["unit"] = forms.CharField(required=False, max_length=40)
        if kind in OPTION_KINDS:
            fields["options"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}),
                label=OPTION_LABELS[kind],
                help_text="One per line.",
            )
        fields["requires_rationale"] = forms.BooleanField(
            required=False, label="Ask for a written rationale on this item"
        )
        if frozen:
            for field in fields.values():
                field.disabled = True
        # Gold: always editable by authors.
        if kind == K.PAIRWISE:
            fields["answer"] = forms.ChoiceField(
                choices=[(v, v) for v in K.PREFERENCE_SCALE], label="Gold answer"
            )
        else:
            multiline = kind not in (K.SINGLE_CHOICE, K.NUMERIC)
            fields["answer"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}) if multiline else forms.TextInput(),
                label="Gold answer",
            )
        fields["answer"].help_text = ANSWER_HELP[kind]
        fields["accepted_alternatives"] = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
            help_text=ALTERNATIVES_HELP_LINES
            if kind in PLAIN_ANSWER_KINDS
            else ALTERNATIVES_HELP_JSON,
        )
        if kind == K.NUMERIC:
            fields["tolerance"] = forms.FloatField(
                min_value=0, required=False, help_text="Answers within ± this count as right."
            )
        fields["is_edge_case"] = forms.BooleanField(
            required=False,
            label="Edge case",
            help_text="Deliberately ambiguous: scored on whether the candidate flags it.",
        )
        fields["explanation"] = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            help_text="Why the gold answer is right. Authors only.",
        )
        fields["change_summary"] = forms.CharField(
            required=False,
            max_length=300,
            label="Why the gold changes",
            help_text="Kept in the gold history.",
        )

    ITEM_FIELD_NAMES = (
        "prompt", "text", "question", "output", "criteria", "scale", "output_a", "output_b",
        "outputs", "unit", "options", "requires_rationale",
    )  # fmt: skip

    def item_fields(self):
        return [self[name] for name in self.ITEM_FIELD_NAMES if name in self.fields]

    def gold_fields(self):
        return [self[name] for name in self.fields if name not in self.ITEM_FIELD_NAMES]

    # --- From an item, to the services' shapes ----------------------------------------

    @classmethod
    def initial_from(cls, item: Item) -> dict:
        content, kind = item.content or {}, item.kind
        initial = {
            "prompt": item.prompt,
            "requires_rationale": item.requires_rationale,
            "text": content.get("text", ""),
            "question": content.get("question", ""),
            "output": content.get("output", ""),
            "unit": content.get("unit", ""),
            "criteria": "\n".join(content.get("criteria", [])),
            "scale": content.get("scale", 5),
            "options": "\n".join(item.options or []),
            "outputs": f"\n{OUTPUT_SEPARATOR}\n".join(content.get("outputs", [])),
        }
        if kind == K.PAIRWISE:
            outputs = content.get("outputs") or ["", ""]
            initial["output_a"], initial["output_b"] = outputs[0], outputs[1]
        gold = getattr(item, "gold", None)
        if gold is not None:
            initial["answer"] = cls.show_answer(kind, gold.answer)
            alternatives = gold.accepted_alternatives or []
            initial["accepted_alternatives"] = (
                "\n".join(cls.show_answer(kind, a) for a in alternatives)
                if kind in PLAIN_ANSWER_KINDS
                else (json.dumps(alternatives, ensure_ascii=False) if alternatives else "")
            )
            initial["tolerance"] = gold.tolerance
            initial["is_edge_case"] = gold.is_edge_case
            initial["explanation"] = gold.explanation
        return initial

    @staticmethod
    def show_answer(kind: str, answer) -> str:
        if answer is None:
            return ""
        if kind == K.FREE_TEXT and isinstance(answer, dict):
            return answer.get("reference", "")
        if kind == K.MULTI_LABEL and isinstance(answer, list):
            return "\n".join(answer)
        if kind in PLAIN_ANSWER_KINDS:
            return str(answer)
        return json.dumps(answer, ensure_ascii=False)

    def _json(self, name: str, value: str):
        try:
            return json_input.loads(value)
        except json_input.JSONInputError as error:
            self.add_error(name, str(error) if error.path else error.message)
            return None

    def item_payload(self, data: dict | None = None) -> dict:
        data, kind = self.cleaned_data if data is None else data, self.kind
        content: dict[str, Any] = {}
        for key in ("text", "question", "output", "unit"):
            if data.get(key) and data[key].strip():
                content[key] = _newlines(data[key])
        if kind == K.RATING:
            content["criteria"] = _lines(data.get("criteria"))
            content["scale"] = data.get("scale")
        if kind == K.PAIRWISE:
            content["outputs"] = [
                _newlines(data.get("output_a", "")),
                _newlines(data.get("output_b", "")),
            ]
        if kind in OUTPUT_LIST_KINDS:
            content["outputs"] = _outputs(data.get("outputs"))
        return {
            "prompt": data.get("prompt", ""),
            "content": content,
            "options": _lines(data.get("options")) if kind in OPTION_KINDS else [],
            "requires_rationale": bool(data.get("requires_rationale")),
        }

    def gold_payload(self) -> dict | None:
        """The gold in ``item_kinds`` shapes, or None after adding a field error."""
        data, kind = self.cleaned_data, self.kind
        raw = data.get("answer", "")
        if kind in (K.SINGLE_CHOICE, K.PAIRWISE, K.NUMERIC):
            answer = raw.strip()
        elif kind == K.FREE_TEXT:
            answer = {"reference": raw.strip()}
        elif kind == K.MULTI_LABEL:
            answer = _lines(raw)
        else:
            answer = self._json("answer", raw)
        raw_alternatives = (data.get("accepted_alternatives") or "").strip()
        if not raw_alternatives:
            alternatives = []
        elif kind in PLAIN_ANSWER_KINDS:
            alternatives = _lines(raw_alternatives)
        else:
            alternatives = self._json("accepted_alternatives", raw_alternatives)
        if self.errors:
            return None
        return {
            "answer": answer,
            "accepted_alternatives": alternatives,
            "tolerance": data.get("tolerance"),
            "is_edge_case": bool(data.get("is_edge_case")),
            "explanation": data.get("explanation", ""),
        }

    # --- The candidate's widget as the gold editor -------------------------------------

    def has_gold_widget(self) -> bool:
        return self.kind in WIDGET_GOLD_KINDS

    def gold_widget(self) -> dict:
        """What the gold widget shows: the item as the candidate would see it (built from
        the fields as posted, not saved), and the gold answer in its widget when that answer
        fits the item. Nothing here is written; the widget writes JSON into ``answer``."""
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds every field that is valid
            data = self.cleaned_data
        else:
            data = {name: self.get_initial_for_field(f, name) for name, f in self.fields.items()}
        payload = self.item_payload(data)
        try:
            content, options = K.validate_item(self.kind, payload["content"], payload["options"])
        except K.ItemError as error:
            return {"item": None, "problem": next(iter(error.errors.values()))}
        item = Item(kind=self.kind, prompt=payload["prompt"], content=content, options=options)
        raw = (self["answer"].value() or "").strip()  # as posted, even when refused
        if not raw:
            return {"item": item, "response": None}
        try:
            answer = K.validate_answer(self.kind, content, options, json_input.loads(raw))
        except (json_input.JSONInputError, K.AnswerError) as error:
            return {"item": item, "response": None, "misfit": str(error)}
        return {"item": item, "response": {"answer": answer}}

    def add_service_error(self, error) -> None:
        field = ERROR_FIELDS.get(error.field)
        if field in self.fields:
            self.add_error(field, error.message)
        else:
            prefix = "Content: " if error.field == "content" else ""
            self.add_error(None, prefix + error.message)


class GoldImportForm(forms.Form):
    file = forms.FileField(
        help_text=f"CSV, JSONL or a Label Studio JSON export; up to {MAX_BYTES // 1024 // 1024} "
        "MB and 2,000 items."
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
