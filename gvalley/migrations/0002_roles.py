"""Create the portal's role groups. Their permissions are synchronised after every migrate
(gvalley.roles.sync_role_permissions), so that later apps' models are covered too."""

from django.db import migrations

ROLES = ["구청 담당자", "협의회 위원", "기업 담당자"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("gvalley", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
