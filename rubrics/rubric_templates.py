"""Starting points for a rubric, one per common assessment: data, not code.

Each template has a few weighted criteria, five anchored levels per criterion (0 = the
weakest answer, 4 = the answer a senior annotation lead would hold up as the model) and an
edge-case guide for borderline answers. ``rubric_from_template`` copies one into an
organisation's rubric, where every word stays editable. No Django here.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Anchor:
    """One anchored level: what an answer at that level looks like, and optionally an
    example of one."""

    descriptor: str
    example: str = ""


@dataclass(frozen=True)
class CriterionTemplate:
    name: str
    description: str
    weight: Decimal
    levels: tuple[Anchor, Anchor, Anchor, Anchor, Anchor]  # scores 0, 1, 2, 3, 4


@dataclass(frozen=True)
class RubricTemplate:
    key: str
    name: str
    summary: str
    edge_case_guide: str
    criteria: tuple[CriterionTemplate, ...]

    def criteria_input(self) -> list[dict[str, Any]]:
        """The criteria in the shape ``rubric_create`` takes."""
        return [
            {
                "name": criterion.name,
                "description": criterion.description,
                "weight": criterion.weight,
                "levels": [
                    {"score": score, "descriptor": anchor.descriptor, "example": anchor.example}
                    for score, anchor in enumerate(criterion.levels)
                ],
            }
            for criterion in self.criteria
        ]


def _criterion(name: str, description: str, weight: str, *levels: Anchor) -> CriterionTemplate:
    if len(levels) != 5:
        raise ValueError(f"{name}: a criterion has five anchors (scores 0-4), not {len(levels)}.")
    return CriterionTemplate(name, description, Decimal(weight), levels)


A = Anchor

ERROR_IDENTIFICATION = RubricTemplate(
    key="error_identification",
    name="Error identification",
    summary="For explanations of what is wrong in a model's output: root cause, precision, "
    "severity and whether an engineer could act on it.",
    edge_case_guide="""\
- **The output has no error.** An answer that says so and names what it checked is scored \
on the same scale. Inventing an error caps *Identifies the root cause* at 1.
- **Two independent errors.** Score the root cause on the more consequential one; missing \
the second lowers the level by one at most.
- **Right error, wrong category.** That is a precision problem: cap *Precision* at 2, do \
not lower *Root cause* for it.
- **Flagged as ambiguous.** If the candidate lays out both readings and both are plausible, \
that is the skill we hire for: at least 3 on *Root cause*. If the item is not ambiguous, \
score what they concluded.
- **Between two levels.** Choose the lower one unless the answer meets every part of the \
higher descriptor. Do not reward length: a two-line answer can be a 4.
- **Non-native phrasing.** Do not lower *Clarity* for grammar unless it changes the meaning.
""",
    criteria=(
        _criterion(
            "Identifies the root cause",
            "Finds the point where the output first goes wrong, not a symptom further down.",
            "3",
            A("Names no error, or marks as wrong a part of the output that is correct."),
            A(
                "Senses something is off but points at a symptom (tone, length, formatting) "
                "rather than the faulty claim or reasoning step.",
                "“The answer is too confident.”",
            ),
            A(
                "Locates the faulty claim or step but misstates why it is wrong, or mixes it "
                "with things that are not errors."
            ),
            A(
                "Names the faulty claim or step and why it is wrong; misses where it "
                "originates or a secondary error that follows from it."
            ),
            A(
                "Names the first point where the output goes wrong and why, and separates it "
                "from the downstream errors it causes.",
                "“The summary dates the lease end to 2025; clause 3.2 says 2027. The rent "
                "total is wrong only because it uses that date.”",
            ),
        ),
        _criterion(
            "Precision of the error explanation",
            "Pinpoints the span, names the right category and states what is actually true.",
            "2",
            A("No explanation, or an explanation that is itself factually wrong."),
            A(
                "Vague label with no pointer to the text or the source.",
                "“Hallucination.” / “This is inaccurate.”",
            ),
            A(
                "Points to the passage, but the error category is wrong or the correction is "
                "missing (says it is wrong without saying what is right)."
            ),
            A(
                "Quotes or pinpoints the passage, uses the right category and states the "
                "correct fact or step; a minor imprecision remains."
            ),
            A(
                "Quotes the exact span, names the right category, gives the correct fact or "
                "step with its source, and claims nothing it cannot support.",
                "“‘Lasix 400 mg’ — dosage error: the note says 40 mg (line 12).”",
            ),
        ),
        _criterion(
            "Calibrated severity",
            "Tells a harmful or misleading error from a cosmetic one.",
            "1",
            A(
                "No severity judgement where the task asks for one, or a cosmetic slip rated "
                "critical (or a harmful error rated cosmetic)."
            ),
            A("Rates every error the same, whatever its consequence."),
            A("Severity plausible but unargued; would not survive a second reviewer's question."),
            A("Severity matches the consequence for the user and says who would be misled."),
            A(
                "Severity matches the consequence, names who is affected and how, and says "
                "what would make it worse or milder."
            ),
        ),
        _criterion(
            "Clarity for an engineer",
            "Could someone who fixes the model or the data act on it without asking?",
            "1",
            A("Unusable: an engineer could not tell what to change."),
            A("Understandable only after re-reading the output and guessing what was meant."),
            A("Clear sentences, but no hint of what a correct output would contain."),
            A(
                "Concise and ordered; an engineer could write a correction or a test case "
                "from it with little effort."
            ),
            A(
                "Brief, self-contained and actionable: states the expected behaviour so it "
                "could become a regression test as written."
            ),
        ),
    ),
)

PREFERENCE_RANKING = RubricTemplate(
    key="preference_ranking",
    name="Preference ranking",
    summary="For rationales behind a pairwise preference or a ranking of model outputs "
    "(RLHF): the decisive difference, the guideline's priorities and a calibrated strength.",
    edge_case_guide="""\
- **Both outputs are wrong.** A preference for the less harmful or more correctable one, \
said in those words, can reach 4. “Both bad, tie” without comparing them is at most 2 on \
*Decisive difference*.
- **The same in substance.** A tie with a reason (“same facts, B only reorders them”) is \
the right answer; inventing a difference to avoid a tie caps *Strength* at 2.
- **One output refuses.** Judge whether refusing was right for this prompt. Rewarding a \
needless refusal, or punishing a justified one, is a priority error: at most 1 on \
*Guideline priorities*.
- **Rankings of more than two.** Score the reasons for the top and bottom places; middle \
places only when the rationale rests on them.
- **The prompt itself is ambiguous.** Naming the two readings and ranking under the more \
likely one is a strong answer; flagging without ranking is not.
- **Length.** A longer output is not better by default. A rationale that prefers length \
alone is a 1 on *Decisive difference*.
""",
    criteria=(
        _criterion(
            "Grounds the preference in the decisive difference",
            "Names the difference between the outputs that actually decides the comparison.",
            "3",
            A("No reason given, or the reason contradicts the stated preference."),
            A(
                "Reasons from surface features only (length, formatting, tone) although the "
                "outputs differ in substance.",
                "“B is more detailed, so B.”",
            ),
            A(
                "Names a real difference but not the one that decides it; weighs a minor "
                "issue above a major one."
            ),
            A(
                "Names the decisive difference (correctness, safety, following the "
                "instruction) and ties the preference to it."
            ),
            A(
                "Names the decisive difference, says why it outweighs the others and what "
                "would have flipped the preference.",
                "“A gets the dosage right; B's better structure cannot make up for a wrong "
                "dose. If A had also been wrong, B would win on clarity.”",
            ),
        ),
        _criterion(
            "Applies the guideline's priorities",
            "Puts harmlessness and truthfulness ahead of helpfulness, and helpfulness ahead "
            "of style, as the guideline orders them.",
            "2",
            A(
                "Ignores the guideline: prefers an unsafe or untrue output because it is "
                "more helpful or fluent."
            ),
            A("Cites the guideline but ranks style ahead of correctness."),
            A("Follows the priority order but misreads what the prompt asked for."),
            A("Applies the priority order correctly to what the prompt asked for."),
            A(
                "Applies the order correctly and resolves a conflict between priorities "
                "explicitly (for example a correct answer with an unsafe aside)."
            ),
        ),
        _criterion(
            "Strength matches the gap",
            "“Much better”, “slightly better” and “tie” follow from the differences described.",
            "1",
            A(
                "Strength contradicts the rationale (“much better” for a difference it calls "
                "minor), or a tie between a correct and a wrong output."
            ),
            A("Uses the same strength whatever the gap."),
            A("Strength plausible but not argued."),
            A(
                "Strength follows from the differences described; a tie only when neither "
                "output is better on what matters."
            ),
            A(
                "Strength argued from the size and kind of the gap, including why a clear "
                "preference is only slight when both outputs fall short."
            ),
        ),
        _criterion(
            "Checks before claiming",
            "Verifies what it says about each output and points to where.",
            "1",
            A("Makes claims about the outputs that are false."),
            A("Asserts correctness without checking where checking was possible."),
            A("Checks some claims; refers to the outputs only in general terms."),
            A("Checks the claims that matter and points to the parts of each output it relies on."),
            A(
                "Checks the claims that matter, quotes both outputs where they differ and "
                "marks what it could not verify."
            ),
        ),
    ),
)

SPAN_ANNOTATION = RubricTemplate(
    key="span_annotation",
    name="Span annotation",
    summary="For rationales behind span labels (named entities, error spans, clauses): "
    "boundaries, label choice, what was left unlabelled and a rule a colleague can reuse.",
    edge_case_guide="""\
- **Nested or overlapping spans.** Follow the guideline's nesting rule; where it is silent, \
a rationale that picks one reading and says why scores as if the guideline had said so.
- **Boundary off by a token.** A determiner or trailing punctuation inside the span is a \
boundary slip (at most 2 on *Boundaries*), not a wrong label.
- **Right span, neighbouring label** (ORG for a product, DATE for a duration). Score it \
under *Label choice*; do not lower *Boundaries* for it.
- **Flagged instead of labelled.** For a genuinely unclear span, flagging it with both \
candidate labels is worth more than a confident guess: at least 3 on *Label choice*.
- **The guideline is silent.** Reward a rationale that states the rule it applied and \
proposes it as an addition; do not penalise a choice the guideline does not decide.
""",
    criteria=(
        _criterion(
            "Label choice",
            "The right label from the scheme, chosen from context rather than surface cues.",
            "3",
            A("Wrong label and no reason, or a label that is not in the scheme."),
            A(
                "Picks a plausible label from a surface cue (capital letters, a keyword) "
                "that the context contradicts.",
                "“Jordan” labelled PERSON in “exports to Jordan rose”.",
            ),
            A(
                "Right label for the usual reading; misses context that changes it "
                "(a company named after a person, a place standing for its government)."
            ),
            A("Right label, justified by the context and the label definitions."),
            A(
                "Right label, justified by context, and set apart from the nearest competing "
                "label by the definition that separates them.",
                "“‘Washington’ is GPE, not LOC: it stands for the government that signed.”",
            ),
        ),
        _criterion(
            "Boundary decisions",
            "Spans start and end where the guideline says, and the rationale says why.",
            "2",
            A(
                "No boundary reasoning, and boundaries that break the guideline (partial "
                "words, trailing punctuation included)."
            ),
            A("Boundaries stated without reasons; at least one breaks the guideline's rule."),
            A(
                "Follows the guideline for clear cases but cannot justify a borderline "
                "boundary (titles, determiners, nested names)."
            ),
            A("Justifies each boundary by the guideline's rule, borderline ones included."),
            A(
                "Justifies each boundary by the rule and names the alternative boundary it "
                "rejected, and why.",
                "“‘Dr.’ stays outside the PERSON span: §2.1 excludes titles.”",
            ),
        ),
        _criterion(
            "Handles what is left unlabelled",
            "Explains near-misses and flags genuinely unclear text instead of forcing a label.",
            "2",
            A("Does not address unlabelled candidates, or labels everything capitalised."),
            A("Mentions an omission without a reason."),
            A("Explains omissions only for obvious non-spans."),
            A("Explains why near-miss text was left unlabelled, with the guideline's exclusion."),
            A(
                "Explains near-misses and flags the genuinely unclear span as ambiguous, "
                "naming both labels it could take."
            ),
        ),
        _criterion(
            "States a reusable rule",
            "The reasoning carries to the next item: a colleague could apply it.",
            "1",
            A("Unclear what was decided or why."),
            A("Reasons that fit only this sentence and would not carry to the next one."),
            A("States a rule, but vaguer than the guideline."),
            A("States the rule applied in words a colleague could reuse on the next item."),
            A(
                "States the rule precisely with the guideline section, or proposes an "
                "addition where the guideline is silent."
            ),
        ),
    ),
)

RUBRIC_TEMPLATES: tuple[RubricTemplate, ...] = (
    ERROR_IDENTIFICATION,
    PREFERENCE_RANKING,
    SPAN_ANNOTATION,
)


def rubric_template(key: str) -> RubricTemplate | None:
    return next((t for t in RUBRIC_TEMPLATES if t.key == key), None)
