"""Score reports' details compress with lz4 on PostgreSQL (14+, when the server has it):
much cheaper to write than the default pglz, which a scoring run spends most of its
insert time on. Nothing changes on SQLite or on a server without lz4."""

from django.db import migrations

LZ4 = """
DO $$
BEGIN
    ALTER TABLE assessments_scorereport ALTER COLUMN details SET COMPRESSION lz4;
EXCEPTION WHEN others THEN
    RAISE NOTICE 'lz4 is not available; score report details keep the default compression';
END
$$;
"""
PGLZ = "ALTER TABLE assessments_scorereport ALTER COLUMN details SET COMPRESSION pglz;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LZ4)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PGLZ)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_scoring_progress")]

    operations = [migrations.RunPython(forwards, backwards)]
