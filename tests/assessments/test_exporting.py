"""Export → import gives back the same items and gold."""

import json
from pathlib import Path

import pytest

from assessments.authoring import services as authoring
from assessments.authoring.exporting import export_jsonl
from assessments.authoring.importing import COLUMNS, parse_gold_set
from assessments.authoring.selectors import items_with_gold
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "static" / "samples" / "gold-set-sample.csv"


def snapshot(assessment) -> list[dict]:
    return [
        {
            "kind": i.kind,
            "prompt": i.prompt,
            "content": i.content,
            "options": i.options,
            "requires_rationale": i.requires_rationale,
            "gold": {
                name: getattr(i.gold, name)
                for name in ("answer", "accepted_alternatives", "tolerance", "is_edge_case",
                             "explanation")
            },
        }
        for i in items_with_gold(assessment=assessment)
    ]  # fmt: skip


def test_every_kind_round_trips_through_export_and_import(org, hiring_manager):
    source = AssessmentFactory(organization=org)
    gold_set = parse_gold_set(SAMPLE.read_bytes(), filename="sample.csv")
    authoring.gold_set_import(assessment=source, gold_set=gold_set, by=hiring_manager)

    exported = export_jsonl(items_with_gold(assessment=source))
    target = AssessmentFactory(organization=org)
    authoring.gold_set_import(
        assessment=target,
        gold_set=parse_gold_set(exported.encode(), filename="export.jsonl"),
        by=hiring_manager,
    )

    assert len(snapshot(source)) == 9
    assert snapshot(target) == snapshot(source)


def test_each_line_holds_the_importers_keys_in_order(org, hiring_manager):
    assessment = AssessmentFactory(organization=org)
    authoring.item_create(
        assessment=assessment, by=hiring_manager, kind="numeric", prompt="Days of notice?",
        content={"unit": "days"}, gold={"answer": "90", "tolerance": 1, "is_edge_case": True},
    )  # fmt: skip

    (line,) = export_jsonl(items_with_gold(assessment=assessment)).splitlines()

    record = json.loads(line)
    assert tuple(record) == COLUMNS
    assert record == {
        "kind": "numeric",
        "prompt": "Days of notice?",
        "content": {"unit": "days"},
        "options": [],
        "answer": 90,
        "accepted_alternatives": [],
        "tolerance": 1.0,
        "edge_case": True,
        "explanation": "",
        "requires_rationale": False,
    }
