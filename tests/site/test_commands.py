"""Site-wide management commands: content loading and the sample-data purge."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_creates_the_demo_accounts():
    call_command("load_demo", verbosity=0)
    users = get_user_model().objects.count()
    call_command("load_demo", verbosity=0)
    assert get_user_model().objects.count() == users
    staff = get_user_model().objects.get(email="staff@gvalley.example")
    assert staff.is_staff and staff.check_password("gvalley-demo-2026")
    assert staff.groups.filter(name="구청 담당자").exists()


def test_purge_removes_only_sample_data():
    real = UserFactory(email="real@example.com")
    call_command("load_demo", verbosity=0)
    assert get_user_model().objects.filter(is_sample=True).exists()
    call_command("purge_sample_data", "--yes", verbosity=0)
    assert not get_user_model().objects.filter(is_sample=True).exists()
    assert get_user_model().objects.filter(pk=real.pk).exists()


def test_roles_exist_with_their_permissions():
    from django.contrib.auth.models import Group

    staff = Group.objects.get(name="구청 담당자")
    assert staff.permissions.filter(content_type__app_label="companies").exists()
    assert Group.objects.filter(name="협의회 위원").exists()
    assert Group.objects.filter(name="기업 담당자").exists()


def test_role_fixtures_hold_their_roles(staff, council_member, company_manager, resident):
    from gvalley import roles

    assert roles.is_district_staff(staff)
    assert roles.is_council_member(council_member)
    assert roles.has_role(company_manager, roles.COMPANY_MANAGER)
    assert not roles.is_district_staff(resident) and not roles.is_council_member(resident)
