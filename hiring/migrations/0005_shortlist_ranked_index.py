"""The shortlist's default order, composite highest first with unscored last and ties by
application, served straight from an index on PostgreSQL, so the first page of a 10,000-
candidate role reads 26 index entries instead of sorting the role. SQLite cannot declare
NULLS LAST in an index; there the (role, -composite) index of 0004 does."""

from django.db import migrations

INDEX = "shortlist_role_ranked"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON hiring_shortlistentry "
            "(role_id, composite DESC NULLS LAST, application_id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("hiring", "0004_shortlist_blind_mode_senior_review")]

    operations = [migrations.RunPython(create, drop)]
