"""Faults made in the database itself, for tests: the database refuses a write the way it
refuses a value too long for its column, whatever our code does."""

from contextlib import contextmanager

from django.db import connection

from assessments.models import ScoreReport

MESSAGE = "value too long for type character varying(1000)"


@contextmanager
def score_report_refused(attempt_id: int):
    """Inserting a score report for ``attempt_id`` fails in the database (a trigger): a
    ``DataError`` on PostgreSQL (SQLSTATE 22001, as a varchar overflow), an
    ``IntegrityError`` on SQLite."""
    table = ScoreReport._meta.db_table
    if connection.vendor == "postgresql":
        create = [
            "CREATE OR REPLACE FUNCTION test_refuse_score() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '22001'; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER test_refuse_score BEFORE INSERT ON {table} FOR EACH ROW "
            f"WHEN (NEW.attempt_id = {int(attempt_id)}) EXECUTE FUNCTION test_refuse_score()",
        ]
        drop = [
            f"DROP TRIGGER IF EXISTS test_refuse_score ON {table}",
            "DROP FUNCTION IF EXISTS test_refuse_score()",
        ]
    else:
        create = [
            f"CREATE TRIGGER test_refuse_score BEFORE INSERT ON {table} "
            f"WHEN NEW.attempt_id = {int(attempt_id)} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        ]
        drop = ["DROP TRIGGER IF EXISTS test_refuse_score"]
    with connection.cursor() as cursor:
        for statement in create:
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in drop:
                cursor.execute(statement)
