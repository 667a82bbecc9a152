"""Name the default Site after the portal (allauth uses it in emails)."""

from django.db import migrations


def name_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        pk=1, defaults={"domain": "gvalley.example", "name": "G밸리 포털"}
    )


class Migration(migrations.Migration):
    dependencies = [("gvalley", "0002_roles"), ("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
