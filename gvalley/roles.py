"""The portal's roles: Django groups with their permissions.

The groups themselves are created by a data migration (gvalley/migrations/0002_roles.py);
their permissions are synchronised after every migrate from ROLE_PERMISSIONS, so a new model's
permissions reach the right role without another migration.
"""

from django.utils.translation import gettext_lazy as _

DISTRICT_STAFF = "구청 담당자"
COUNCIL_MEMBER = "협의회 위원"
COMPANY_MANAGER = "기업 담당자"
JUDGE = "심사위원"

ROLE_LABELS = {
    DISTRICT_STAFF: _("구청 담당자"),
    COUNCIL_MEMBER: _("협의회 위원"),
    COMPANY_MANAGER: _("기업 담당자"),
    JUDGE: _("심사위원"),
}

# "app_label" grants every permission of that app; "app_label.codename" grants one.
ROLE_PERMISSIONS = {
    DISTRICT_STAFF: [
        "companies",
        "events",
        "council",
        "heritage",
        "gvalley.view_user",
        "sites",
        "axes",  # see and lift sign-in lock-outs
        "django_tasks_database",  # background jobs (django-tasks-db): see failed ones and run them again
        "gvalley.view_scheduledrun",
    ],
    COUNCIL_MEMBER: [],
    COMPANY_MANAGER: [],
    # Judges score in the portal's own pages, only the calls staff assigned them (Call.judges).
    JUDGE: [],
}


def role_names(user):
    """Return the names of the signed-in user's groups, read once per request (kept on the user).

    A signed-in request's user comes with them (gvalley.backends); other users read them here.
    """
    if not user.is_authenticated:
        return set()
    names = getattr(user, "_role_names", None)
    if names is None:
        names = user._role_names = set(user.groups.values_list("name", flat=True))
    return names


def forget_roles(user):
    """Drop what was read of the user's roles and companies, after code that changes them."""
    for name in ("_role_names", "_managed_company_ids"):
        user.__dict__.pop(name, None)


def has_role(user, role):
    """Return True when the signed-in user belongs to the role's group."""
    return role in role_names(user)


def role_labels(user):
    """Return the names of the user's roles in the current language, in ROLE_LABELS order."""
    names = role_names(user)
    known = [label for name, label in ROLE_LABELS.items() if name in names]
    return known + sorted(names - ROLE_LABELS.keys())


def is_district_staff(user):
    return user.is_authenticated and (
        user.is_superuser or (user.is_staff and has_role(user, DISTRICT_STAFF))
    )


def is_council_member(user):
    return has_role(user, COUNCIL_MEMBER)


def is_judge(user):
    return has_role(user, JUDGE)


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Give each role group exactly the permissions ROLE_PERMISSIONS lists."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # This receiver may run before auth's own post_migrate receiver for the same app: make sure
    # the app's permissions exist first.
    if kwargs.get("app_config") is not None:
        create_permissions(kwargs["app_config"], verbosity=0, using=using)

    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        permissions = Permission.objects.using(using).none()
        for grant in grants:
            if "." in grant:
                app_label, codename = grant.split(".", 1)
                permissions |= Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename=codename
                )
            else:
                permissions |= Permission.objects.using(using).filter(content_type__app_label=grant)
        group.permissions.set(permissions)
