"""Races: two managers removing each other never leave a company without a manager."""

import pytest
from django.core.exceptions import ValidationError

from companies import services
from companies.models import Company, CompanyMembership
from tests.companies.factories import CompanyFactory, manager_of
from tests.concurrency import race

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def test_two_managers_removing_each_other_at_once_leave_one():
    company = CompanyFactory()
    first, second = manager_of(company), manager_of(company)
    m1 = company.memberships.get(user=first).pk
    m2 = company.memberships.get(user=second).pk
    pairs = [(first, m2), (second, m1)] * 5

    def remove(i):
        actor, target = pairs[i % 2]
        fresh = Company.objects.get(pk=company.pk)
        return services.remove_manager(fresh, actor, target)

    results = race(remove, 2, parallel=2)
    assert CompanyMembership.objects.filter(company=company).count() == 1
    assert sum(1 for r in results if isinstance(r, CompanyMembership)) == 1
    assert all(isinstance(r, CompanyMembership | ValidationError | Exception) for r in results)


def test_approving_the_same_company_twice_at_once_writes_one_history_entry():
    company = CompanyFactory(status=Company.Status.PENDING, approved_at=None)
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    results = race(lambda i: services.approve_company(company, staff), 8)
    assert results.count(True) == 1
    assert company.history.filter(action="approved").count() == 1
