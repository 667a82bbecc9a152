"""The admin site: every ModelAdmin's changelist and choice fields, and the user admin's pages."""

import re

import pytest

from tests.council.factories import OrganisationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for):
    """A superuser, as the demo's district staff account is: every admin page is theirs."""
    return client_for(UserFactory(is_staff=True, is_superuser=True))


@pytest.mark.parametrize(
    "url",
    [
        # Beyond a C long (OverflowError), and a year whose next year does not exist.
        "/admin/events/event/?starts_at__year=99999999999999999999",
        "/admin/companies/company/?created_at__year=-99999999999999999999",
        "/admin/council/meeting/?starts_at__year=9999",
        "/admin/axes/accesslog/?attempt_time__year=99999999999999999999",
    ],
)
def test_an_impossible_date_filter_is_a_wrong_lookup_not_a_server_error(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_autocomplete_choices_begin_with_a_labelled_empty_choice(admin_client):
    body = admin_client.get("/admin/council/agendaitem/add/").content.decode()
    assert '<option value=""></option>' not in body
    for name in ("meeting", "proposer"):  # required, optional
        select = re.search(rf'<select name="{name}"[^>]*>\s*(<option[^>]*>[^<]*</option>)', body)
        assert select, name
        assert select.group(1) == '<option value="">---------</option>'


def test_an_inlines_autocomplete_choice_has_a_labelled_empty_choice(admin_client):
    organisation = OrganisationFactory()
    body = admin_client.get(
        f"/admin/council/organisation/{organisation.pk}/change/"
    ).content.decode()
    assert 'name="memberships-__prefix__-user"' in body
    assert '<option value=""></option>' not in body


def test_user_page_password_summary_is_a_plain_div(admin_client):
    user = UserFactory()
    body = admin_client.get(f"/admin/gvalley/user/{user.pk}/change/").content.decode()
    summary = re.search(r'<div[^>]*id="id_password"[^>]*>', body).group(0)
    assert "disabled" not in summary


@pytest.mark.parametrize(
    ("language", "warning"),
    [
        ("ko", "비활성화하면 이 사용자의 지금 비밀번호는 지워집니다."),
        ("en", "If disabled, the current password for this user will be lost."),
    ],
)
def test_password_page_warning_is_text_inside_the_help_paragraph(admin_client, language, warning):
    user = UserFactory()
    prefix = "/en" if language == "en" else ""
    body = admin_client.get(f"{prefix}/admin/gvalley/user/{user.pk}/password/").content.decode()
    help_paragraph = re.search(r'<div class="help"[^>]*>\s*<p>(.*?)</p>', body, re.S).group(1)
    assert "<ul" not in help_paragraph
    assert f'<span id="id_unusable_warning" class="messagelist">{warning}</span>' in help_paragraph
