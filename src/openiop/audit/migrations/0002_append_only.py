"""Make the audit table append-only in the database itself, on both engines.

An application bug or a stray UPDATE cannot rewrite history; the table owner or a superuser still can,
which is what the hash chain and `openiop audit verify` are for.
"""

from django.db import migrations

from openiop.audit import append_only


def forwards(apps, schema_editor):
    append_only.install(schema_editor.connection)


def backwards(apps, schema_editor):
    append_only.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
