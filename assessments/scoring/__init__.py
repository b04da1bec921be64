"""Scoring and agreement: pure computation over plain Python values and numpy arrays.

Nothing in this package imports Django or the ORM, so it can be tested and benchmarked
alone. ``assessments.scoring_services`` reads the database, calls in here and writes the
results.
"""

# Recorded on every ScoreReport; bump it whenever a scorer's result for the same input changes.
SCORER_VERSION = "1.0"
