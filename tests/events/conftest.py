"""Role fixtures for the events tests.

tests/factories.py's StaffFactory / CompanyManagerFactory / CouncilMemberFactory override the
`roles` post-generation hook with a plain list, which factory_boy then passes to User() (a
TypeError). Until the shared factories are fixed, these fixtures build the same users through
UserFactory(roles=[...]).
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
