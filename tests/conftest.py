"""Fixtures for every test: one user per role, and clients signed in as them."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from gvalley.cache import forget_shared_data
from tests.factories import CompanyManagerFactory, CouncilMemberFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _mail_through_the_queue(django_test_environment):
    """Send mail through the task queue, as the portal does (Django's test set-up puts its
    locmem backend in EMAIL_BACKEND; the queue's jobs deliver to locmem instead, at once)."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "gvalley.mail.QueuedEmailBackend"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    forget_shared_data()
    yield
    cache.clear()
    forget_shared_data()


@pytest.fixture(autouse=True)
def _korean_first():
    """Start each test in Korean: a request in English leaves its language active in the thread."""
    translation.activate("ko")
    yield
    translation.activate("ko")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def resident(db):
    return UserFactory()


@pytest.fixture
def company_manager(db):
    return CompanyManagerFactory()


@pytest.fixture
def council_member(db):
    return CouncilMemberFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def resident_client(resident):
    return _client_for(resident)


@pytest.fixture
def company_manager_client(company_manager):
    return _client_for(company_manager)


@pytest.fixture
def council_client(council_member):
    return _client_for(council_member)


@pytest.fixture
def staff_client(staff):
    return _client_for(staff)


@pytest.fixture
def client_for():
    """Return a client signed in as the given user."""
    return _client_for
