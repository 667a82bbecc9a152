from django.db import migrations, models


class Migration(migrations.Migration):
    """Index the grievance list's order, so a page is read in order instead of sorted."""

    dependencies = [
        ("council", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="grievance",
            index=models.Index(fields=["-received_on", "-id"], name="council_grv_received_idx"),
        ),
    ]
