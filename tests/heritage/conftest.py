import pytest
from django.utils import timezone


@pytest.fixture
def freezer_now(monkeypatch):
    """Return a function that fixes django.utils.timezone.now() at a given aware datetime."""

    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return freeze


@pytest.fixture(autouse=True)
def _korean_first():
    """Start each test in Korean: a request in English leaves its language active in the thread."""
    from django.utils import translation

    translation.activate("ko")
    yield
    translation.activate("ko")


def ensure_role_permissions():
    """Give the role groups this app's permissions.

    gvalley's post_migrate receiver is connected before django.contrib.auth's, so for the last
    app in INSTALLED_APPS (heritage) roles are synced before its permissions exist and 구청 담당자
    ends up without them on a fresh database (reported to the lead). Create them and sync again.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from gvalley import roles

    create_permissions(apps.get_app_config("heritage"), verbosity=0)
    roles.sync_role_permissions()


@pytest.fixture
def staff(db):
    from tests.factories import StaffFactory

    ensure_role_permissions()
    return StaffFactory()
