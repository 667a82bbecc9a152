"""Short ticket codes a person can read out at the door, given to every registration."""

import secrets

from django.db import migrations, models

import events.models

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def give_codes(apps, schema_editor):
    """Give each existing registration its own code (drawn as new ones are)."""
    Registration = apps.get_model("events", "Registration")
    used = set(Registration.objects.exclude(code=None).values_list("code", flat=True))
    batch = []
    for registration in Registration.objects.filter(code=None).only("pk").iterator():
        code = None
        while code is None or code in used:
            code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        used.add(code)
        registration.code = code
        batch.append(registration)
        if len(batch) >= 1000:
            Registration.objects.bulk_update(batch, ["code"])
            batch = []
    if batch:
        Registration.objects.bulk_update(batch, ["code"])


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [
        # Null first: a default in AddField would give every existing row the same code.
        migrations.AddField(
            model_name="registration",
            name="code",
            field=models.CharField(editable=False, max_length=8, null=True),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="registration",
            name="code",
            field=models.CharField(
                default=events.models.new_ticket_code,
                editable=False,
                help_text="입장권에 적힌 8자리 코드. 입구에서 QR 코드 대신 불러 주거나 입력합니다.",
                max_length=8,
                verbose_name="입장 코드",
            ),
        ),
        migrations.AlterField(
            model_name="registration",
            name="status",
            field=models.CharField(
                choices=[
                    ("confirmed", "참가 확정"),
                    ("waitlisted", "대기"),
                    ("applied", "심사 중"),
                    ("selected", "선정"),
                    ("declined", "미선정"),
                    ("cancelled", "취소됨"),
                ],
                max_length=20,
                verbose_name="상태",
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(fields=("code",), name="unique_ticket_code"),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(("code__regex", "^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$")),
                name="ticket_code_format",
            ),
        ),
    ]
