"""Authentication backends (gvalley.backends): a signed-in user comes with their roles and
companies in one query, and is otherwise the user Django's backends load."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.services import give_manager_role
from council.models import managed_company_ids
from gvalley import roles
from gvalley.backends import user_with_roles
from tests.companies.factories import CompanyFactory
from tests.council.factories import GrievanceFactory, manage
from tests.factories import CouncilMemberFactory, UserFactory

DJANGO_BACKEND = "django.contrib.auth.backends.ModelBackend"


def role_reads(queries):
    """The queries that read groups or managed companies on their own (not the user's query)."""
    return [
        q["sql"]
        for q in queries
        if ('"auth_group"' in q["sql"] or '"companies_companymembership"' in q["sql"])
        and '"gvalley_user" u WHERE' not in q["sql"]
    ]


def test_a_signed_in_page_reads_the_user_roles_and_companies_in_one_query(db, company_manager):
    company = manage(company_manager)
    own = GrievanceFactory(is_public=False, company=company, submitted_by=company_manager)
    client = Client()
    client.force_login(company_manager)
    client.get(reverse("council:grievances"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("council:grievances")).content.decode()
    assert own.title in page  # the manager sees their company's private grievance
    assert role_reads(queries) == []
    users = [q for q in queries if '"gvalley_user"' in q["sql"].split(" FROM ")[-1]]
    assert len(users) == 1


def test_django_own_backend_would_read_them_separately(db, company_manager, settings):
    """The check above can fail: Django's backend reads groups and companies on their own."""
    settings.AUTHENTICATION_BACKENDS = [DJANGO_BACKEND]
    manage(company_manager)
    client = Client()
    client.force_login(company_manager, backend=DJANGO_BACKEND)
    client.get(reverse("council:grievances"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("council:grievances"))
    assert len(role_reads(queries)) == 2


def test_the_user_is_the_one_the_orm_reads(db):
    member = CouncilMemberFactory(name="김위원")
    companies = [manage(member).pk, manage(member).pk]
    loaded = user_with_roles(str(member.pk))  # the session keeps the pk as a string
    orm = get_user_model().objects.get(pk=member.pk)
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(orm, field.attname), field.name
    assert loaded._state.adding is False and loaded._state.db == "default"
    assert roles.role_names(loaded) == {roles.COUNCIL_MEMBER}
    assert managed_company_ids(loaded) == sorted(companies)
    assert user_with_roles(orm.pk + 1000) is None


def test_a_deactivated_user_is_signed_out_and_a_new_password_ends_other_sessions(db):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    profile = reverse("account_profile")
    assert client.get(profile).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(profile).status_code == 302  # to the sign-in page
    user.is_active = True
    user.save()
    client.force_login(user)
    assert client.get(profile).status_code == 200
    user.set_password("another-long-password-2026")
    user.save()
    assert client.get(profile).status_code == 302


def test_a_role_given_during_a_request_counts_at_once(db):
    user = user_with_roles(UserFactory().pk)
    assert not roles.has_role(user, roles.COMPANY_MANAGER) and managed_company_ids(user) == []
    company = CompanyFactory()
    company.memberships.create(user=user)
    give_manager_role(user)
    assert roles.has_role(user, roles.COMPANY_MANAGER)
    assert managed_company_ids(user) == [company.pk]


@pytest.mark.parametrize("backend", [DJANGO_BACKEND, "allauth.account.auth_backends.X"])
def test_a_session_of_a_backend_no_longer_listed_is_a_visitor(db, backend):
    """Sessions signed in before the backends were replaced are signed out, not an error."""
    user = UserFactory()
    client = Client()
    client.force_login(user)
    session = client.session
    session[BACKEND_SESSION_KEY] = backend
    session.save()
    assert client.get(reverse("account_profile")).status_code == 302
