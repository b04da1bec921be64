"""Writes an assessment's items and their gold as JSONL, the shape ``importing`` reads back.

One JSON object per line, in item order, with the keys of ``importing.COLUMNS``. It holds
the gold: only authors may download it. No queries here: the caller passes items with
their ``gold`` already joined (``selectors.items_with_gold``).
"""

import json
from collections.abc import Iterable

from assessments.authoring.importing import COLUMNS


def item_record(item) -> dict:
    """One item and its gold as a JSONL record (``gold`` may be missing: answer null)."""
    gold = getattr(item, "gold", None)
    record = {
        "kind": item.kind,
        "prompt": item.prompt,
        "content": item.content or {},
        "options": item.options or [],
        "answer": gold.answer if gold else None,
        "accepted_alternatives": (gold.accepted_alternatives or []) if gold else [],
        "tolerance": gold.tolerance if gold else None,
        "edge_case": gold.is_edge_case if gold else False,
        "explanation": gold.explanation if gold else "",
        "requires_rationale": item.requires_rationale,
    }
    return {key: record[key] for key in COLUMNS}  # the importer's keys, in its order


def export_jsonl(items: Iterable) -> str:
    return "".join(json.dumps(item_record(item), ensure_ascii=False) + "\n" for item in items)
