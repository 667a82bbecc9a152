"""The site's middleware: hostile request values (a NUL byte in the address or its query gets the
portal's page) and the Content-Security-Policy written from a policy built once."""

import pytest
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import override_settings

from gvalley.middleware import CSPMiddleware

pytestmark = pytest.mark.django_db

# Pages whose slug went to the database as it was sent: psycopg2 refuses a NUL (a 500 before).
NUL_IN_PATH = [
    "/companies/a%00b/",
    "/events/a%00b/",
    "/events/a%00b/event.ics",
    "/heritage/stories/a%00b/",
    "/heritage/galleries/a%00b/",
    "/heritage/galleries/a%00b/photos/1/",
]


@pytest.mark.parametrize("url", NUL_IN_PATH)
def test_a_nul_byte_in_the_address_is_the_portals_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


@pytest.mark.parametrize("url", ["/events/a%00b/check-in/", "/events/a%00b/participants.csv"])
def test_a_nul_byte_in_a_staff_address_is_a_404(staff_client, url):
    assert staff_client.get(url).status_code == 404


# The admin's list filters passed a NUL straight to the database (a 500 before).
NUL_IN_QUERY = [
    "/admin/events/event/?status__exact=a%00b",
    "/admin/companies/company/?complex__exact=a%00b",
    "/admin/council/meeting/?kind__exact=a%00b",
    "/admin/heritage/story/?status__exact=a%00b",
]


@pytest.mark.parametrize("url", NUL_IN_QUERY)
def test_a_nul_byte_in_a_query_value_is_a_400_in_korean(staff_client, url):
    response = staff_client.get(url)
    body = response.content.decode()
    assert response.status_code == 400
    assert "<h1>잘못된 요청입니다</h1>" in body
    assert "쓸 수 없는 문자가 들어 있어" in body
    assert "내 계정" in body  # the signed-in header, as on any page


def test_the_400_page_follows_the_language(client):
    response = client.get("/en/companies/?q=a%00b")
    body = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="en">' in body
    assert "<h1>Bad request</h1>" in body
    assert "characters that cannot be used" in body


def test_a_nul_byte_in_a_parameter_name_is_a_400(client):
    assert client.get("/heritage/stories/?a%00b=1").status_code == 400


def test_ordinary_queries_still_pass(client):
    assert client.get("/companies/?q=%25_%5C").status_code == 200
    assert client.get("/heritage/stories/?q=%FF%FE").status_code == 200


def test_every_page_gets_the_policy_django_csp_builds_from_the_settings(client):
    first, second = client.get("/"), client.get("/heritage/")
    assert first["Content-Security-Policy"] == build_policy()
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in first


def test_a_changed_setting_changes_the_policy(client):
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "example.org"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        header = client.get("/heritage/")["Content-Security-Policy"]
    assert set(header.split("; ")) == {"default-src 'self'", "img-src 'self' example.org"}
    assert client.get("/heritage/")["Content-Security-Policy"] == build_policy()


def test_a_page_that_used_a_nonce_gets_it_in_its_policy(rf):
    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    request = rf.get("/")
    middleware = CSPMiddleware(view)
    middleware.process_request(request)
    response = middleware.process_response(request, view(request))
    assert f"'nonce-{request._csp_nonce}'" in response["Content-Security-Policy"]
