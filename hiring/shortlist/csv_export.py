"""The shortlist as CSV: every row matching the filters (not just one page), in the sort
asked for, with the table's columns.

Rows are read ``CHUNK_SIZE`` at a time and written as they come, so a 10,000-candidate role
streams without holding the file in memory. Names come from ``core.blind.identities``
like everywhere else: while a candidate is hidden, the name and e-mail cells are empty and
the pseudonym stands in. Every cell is made safe to open in a spreadsheet (a cell starting
with ``=``, ``+``, ``-`` or ``@`` is prefixed with a quote, so it is never run as a formula).
"""

import csv
from collections.abc import Iterator

from core.spreadsheet import spreadsheet_row
from hiring.models import Role
from hiring.shortlist.filters import COMPONENT_LABELS, SCORES, ShortlistFilters, Sort
from hiring.shortlist.selectors import ShortlistRow, shortlist_chunks

COLUMNS = (
    "Application",
    "Candidate",
    "Name",
    "E-mail",
    *(f"{COMPONENT_LABELS[name]} (%)" for name in SCORES),
    "Gates",
    "Failed gates",
    "Flags",
    "Hourly rate",
    "Currency",
    "TZ overlap (h)",
    "Stage",
)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def csv_row(row: ShortlistRow) -> list[str]:
    """One candidate's cells, in ``COLUMNS`` order, spreadsheet-safe."""
    entry, identity = row.entry, row.identity
    cells = [
        row.application_id,
        identity.pseudonym,
        identity.name if identity.visible else "",
        identity.email if identity.visible else "",
        *(_percent(getattr(entry, name)) for name in SCORES),
        "passed" if entry.passed_all_gates else "failed",
        "; ".join(row.failed_gates),
        "; ".join(flag.label for flag in row.flags),
        "" if entry.hourly_rate is None else f"{entry.hourly_rate:.2f}",
        entry.rate_currency if entry.hourly_rate is not None else "",
        "" if entry.tz_overlap_hours is None else entry.tz_overlap_hours,
        row.stage_label,
    ]
    return spreadsheet_row(cells)


class _Line:
    """A file-like object whose ``write`` hands back the line instead of storing it."""

    def write(self, text: str) -> str:
        return text


def shortlist_csv_lines(
    *, role: Role, filters: ShortlistFilters, sort: Sort, chunk_size: int | None = None
) -> Iterator[str]:
    """The header, then one line per matching candidate, read a chunk at a time."""
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    kwargs = {"size": chunk_size} if chunk_size else {}
    for rows in shortlist_chunks(role=role, filters=filters, sort=sort, **kwargs):
        for row in rows:
            yield writer.writerow(csv_row(row))
