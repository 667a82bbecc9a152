"""Load the KSIC sections and divisions, certifications and export markets."""

from django.db import migrations


def load(apps, schema_editor):
    from companies.reference import (
        CERTIFICATIONS,
        EXPORT_MARKETS,
        KSIC_DIVISIONS,
        KSIC_SECTIONS,
    )

    Section = apps.get_model("companies", "IndustrySection")
    Division = apps.get_model("companies", "IndustryDivision")
    Certification = apps.get_model("companies", "Certification")
    ExportMarket = apps.get_model("companies", "ExportMarket")
    for code, name in KSIC_SECTIONS:
        Section.objects.update_or_create(code=code, defaults={"name": name})
    for code, section, name in KSIC_DIVISIONS:
        Division.objects.update_or_create(
            code=code, defaults={"name": name, "section_id": section}
        )
    for slug, name in CERTIFICATIONS:
        Certification.objects.update_or_create(slug=slug, defaults={"name": name})
    for code, name in EXPORT_MARKETS:
        ExportMarket.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("companies", "0002_profile")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
