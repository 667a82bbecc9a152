"""Demo accounts: one per role, so every part of the portal can be tried at once."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from . import roles

DEMO_PASSWORD = "gvalley-demo-2026"

# (email, name, staff?, superuser?, roles)
DEMO_USERS = [
    ("staff@gvalley.example", "구청 담당자(데모)", True, True, [roles.DISTRICT_STAFF]),
    ("council@gvalley.example", "협의회 위원(데모)", False, False, [roles.COUNCIL_MEMBER]),
    ("manager@gvalley.example", "기업 담당자(데모)", False, False, [roles.COMPANY_MANAGER]),
    ("resident@gvalley.example", "주민(데모)", False, False, []),
    ("judge@gvalley.example", "심사위원(데모)", False, False, [roles.JUDGE]),
    ("judge2@gvalley.example", "심사위원 2(데모)", False, False, [roles.JUDGE]),
    # An overseas buyer of the 수출상담회 (events/demo.py links the account to its buyer).
    ("buyer@gvalley.example", "Nguyen Van An (demo buyer)", False, False, []),
]


def demo_user(email):
    return get_user_model().objects.get(email=email)


def load(*, scale, progress):
    """Create the demo accounts with verified email addresses (idempotent)."""
    User = get_user_model()
    now = timezone.now()
    for email, name, is_staff, is_superuser, role_names in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "is_staff": is_staff,
                "is_superuser": is_superuser,
                "is_sample": True,
                "privacy_consent_at": now,
                "consent_version": "demo",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=role_names))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
