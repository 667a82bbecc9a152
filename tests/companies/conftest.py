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
