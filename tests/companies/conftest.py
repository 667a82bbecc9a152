"""Role fixtures for the companies tests.

tests/factories.py's StaffFactory / CompanyManagerFactory / CouncilMemberFactory set `roles` to a
plain list, which overrides the post-generation hook and reaches User() as a keyword (TypeError).
Until the shared factories are fixed, these fixtures build the same users via UserFactory.
"""

import pytest

from gvalley import roles
from tests.factories import UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, roles=[roles.DISTRICT_STAFF])


@pytest.fixture
def company_manager(db):
    return UserFactory(roles=[roles.COMPANY_MANAGER])


@pytest.fixture
def council_member(db):
    return UserFactory(roles=[roles.COUNCIL_MEMBER])


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reload the KSIC and other reference rows that a transactional test's flush removed."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from companies.reference import load_reference_data

    load_reference_data()
