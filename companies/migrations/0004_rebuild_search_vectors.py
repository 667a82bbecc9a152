"""Rebuild the search vectors with the marked name/keyword bigrams (companies/search.py)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from companies.search import rebuild_vectors

    rebuild_vectors(apps.get_model("companies", "Company"))


class Migration(migrations.Migration):
    dependencies = [("companies", "0003_reference_data")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
