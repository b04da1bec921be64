"""What the attempt screen's widgets post, turned into the answer shape of each item kind
(``assessments.item_kinds``), which then validates it."""

from assessments.item_kinds import AnswerError, whole_number
from assessments.models import Item
from config import json_input


def answer_from_form(item: Item, data) -> object:
    """The answer the item screen's widgets posted, in the shape ``validate_answer`` expects."""
    kind, content = item.kind, item.content or {}
    if kind in (Item.Kind.SINGLE_CHOICE, Item.Kind.PAIRWISE):
        return data.get("choice") or None
    if kind == Item.Kind.MULTI_LABEL:
        return data.getlist("labels")
    if kind == Item.Kind.SPANS:
        try:
            return json_input.loads(data.get("spans") or "[]")
        except json_input.JSONInputError as error:
            raise AnswerError(
                f"The marked passages could not be read ({error}); mark them again."
            ) from None
    if kind == Item.Kind.RANKING:
        count = len(content.get("outputs", []))
        read = [whole_number(data.get(f"rank_{i}")) for i in range(count)]
        ranks = [rank for rank in read if rank is not None and 1 <= rank <= count]
        if len(ranks) != count:
            raise AnswerError(f"Give each of the {count} outputs a rank from 1 to {count}.")
        if len(set(ranks)) != count:
            raise AnswerError("Give each output a different rank: each rank is used once.")
        return sorted(range(count), key=lambda i: ranks[i])
    if kind == Item.Kind.RATING:
        criteria = content.get("criteria", [])
        return {
            criterion: data[f"rating_{i}"]
            for i, criterion in enumerate(criteria)
            if data.get(f"rating_{i}")
        }
    if kind == Item.Kind.NUMERIC:
        return data.get("number") or None
    if kind == Item.Kind.ERROR_IDENTIFICATION:
        judged = []
        for i in range(len(content.get("outputs", []))):
            verdict = data.get(f"has_error_{i}")
            has_error = {"yes": True, "no": False}.get(verdict)
            entry = {"has_error": has_error, "explanation": data.get(f"explanation_{i}", "")}
            entry["category"] = (data.get(f"category_{i}") or None) if has_error else None
            judged.append(entry)
        return judged
    return data.get("text")
