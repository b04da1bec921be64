"""Refreshing many score reports in place with one statement per report and no ORM round
trip: the large ``details`` column is updated key by key in the database, never read into
Python. Used when a new cohort agreement changes each candidate's agreement component."""

import json
from dataclasses import dataclass

from django.db import connection

from assessments.models import ScoreReport


@dataclass(frozen=True)
class ReportRefresh:
    pk: int
    components: dict
    composite: float | None
    failed_gates: list[str]
    gates: list[dict]
    weights: dict[str, float]
    agreement_run: int


_SET = {
    "postgresql": (
        "components = %s::jsonb, composite = %s, failed_gates = %s::jsonb, details = "
        "jsonb_set(jsonb_set(jsonb_set(details, '{gates}', %s::jsonb), '{weights}', %s::jsonb), "
        "'{agreement_run}', %s::jsonb)"
    ),
    "sqlite": (
        "components = %s, composite = %s, failed_gates = %s, details = "
        "json_set(details, '$.gates', json(%s), '$.weights', json(%s), '$.agreement_run', "
        "json(%s))"
    ),
}


def reports_refresh(rows: list[ReportRefresh]) -> int:
    if not rows:
        return 0
    sql = f"UPDATE {ScoreReport._meta.db_table} SET {_SET[connection.vendor]} WHERE id = %s"
    params = [
        (
            json.dumps(row.components),
            row.composite,
            json.dumps(row.failed_gates),
            json.dumps(row.gates),
            json.dumps(row.weights),
            json.dumps(row.agreement_run),
            row.pk,
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(rows)
