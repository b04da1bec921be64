"""Scoring and agreement: pure computation over plain Python values and numpy arrays,
beside its database side.

The math (``kinds``, ``attempt``, ``components``, ``agreement``, ``coding``, ``collusion``,
``cohort``, ``batch``, ``types``, ``quality``, ``drift``, ``validity``) imports no Django
and no ORM, so it can be tested and benchmarked alone; this file imports nothing either.
The database side reads the inputs (``selectors``), calls the math and writes the results
(``services``), runs it in the background (``runs``) and refreshes reports in place
(``report_sql``).
"""

# Recorded on every ScoreReport; bump it whenever a scorer's result for the same input changes.
SCORER_VERSION = "1.0"
