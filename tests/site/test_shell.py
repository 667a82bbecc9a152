"""The site shell: home page, error pages, health check, language switch."""

import re

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_home_shows_the_dated_statistics(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in html
    assert "2024년 기준" in html and "약 15,000개" in html and "약 14만 명" in html
    assert "2018년 7월 기준" in html and "10,737개" in html and "145,264명" in html


def test_home_links_the_four_sections_and_the_footer_pages(client):
    html = client.get("/").content.decode()
    for path in ["/companies/", "/events/", "/council/", "/heritage/", "/privacy/", "/terms/"]:
        assert f'href="{path}"' in html
    assert 'class="skip-link" href="#main"' in html


def test_the_menu_marks_the_section_of_the_page(client):
    def current(path):
        html = client.get(path).content.decode()
        menu = html[html.index('class="main-nav"') : html.index("</nav>")]
        return re.findall(r'<a href="([^"]+)" aria-current="page">', menu)

    assert current("/") == []
    assert current("/companies/") == ["/companies/"]
    assert current("/events/") == ["/events/"]
    assert current("/council/") == ["/council/"]
    assert current("/heritage/") == ["/heritage/"]
    assert current("/privacy/") == []


def test_the_menu_and_the_footer_follow_the_language(client):
    html = client.get("/events/").content.decode()
    assert ">기업 디렉터리<" in html and ">이용약관<" in html
    html = client.get("/en/events/").content.decode()
    assert ">기업 디렉터리<" not in html and ">이용약관<" not in html
    assert 'aria-current="page">Events' in html


def test_unknown_page_is_a_korean_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "queue": {"waiting": 0, "oldest_waiting_seconds": 0},
    }


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "cache": "ok"}


def test_a_database_outage_answers_a_503_page_drawn_without_the_database(monkeypatch):
    from django.db import OperationalError
    from django.test import Client

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = Client(raise_request_exception=False).get("/events/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert '<html lang="ko">' in html and "잠시 서비스를 이용할 수 없습니다" in html
    assert '<p lang="en">The portal cannot reach its database' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_language_switch_shows_english_and_back(client):
    html = client.get("/").content.decode()
    switch = re.search(r'<a href="([^"]*)" lang="en" hreflang="en">English</a>', html)
    assert switch and switch[1] == "/en/"
    html = client.get(switch[1]).content.decode()
    assert '<html lang="en">' in html
    assert "G Valley" in html or "Seoul Digital Industrial Complex" in html
    assert "As of 2024" in html
    back = re.search(r'<a href="([^"]*)" lang="ko" hreflang="ko">한국어</a>', html)
    assert back and back[1] == "/"
    assert '<html lang="ko">' in client.get(back[1]).content.decode()


def test_dates_are_shown_the_korean_way():
    import datetime

    from django.utils import translation

    from gvalley.templatetags.portal import kdate

    with translation.override("ko"):
        assert kdate(datetime.date(2024, 9, 2)) == "2024년 9월 2일 (월)"
    with translation.override("en"):
        assert kdate(datetime.date(2024, 9, 2)) == "Mon, 2 Sep 2024"


def test_time_elements_get_seconds_at_most_in_seoul_time():
    import datetime

    from gvalley.templatetags.portal import datetime_value

    saved = datetime.datetime(2024, 9, 4, 10, 30, 15, 123456, tzinfo=datetime.UTC)
    assert datetime_value(saved) == "2024-09-04T19:30:15+09:00"
    assert datetime_value(datetime.date(2024, 9, 2)) == "2024-09-02"
    assert datetime_value(None) == ""


def test_privacy_page_states_items_purpose_and_retention(client):
    html = client.get("/privacy/").content.decode()
    for text in [
        "수집하는 항목",
        "목적",
        "보유 기간",
        "동의를 거부할 권리",
        "회원 탈퇴 시 즉시 파기",
    ]:
        assert text in html


def test_every_page_has_exactly_one_h1(client):
    for path in ["/", "/privacy/", "/terms/", "/accounts/login/", "/accounts/signup/", "/nope/"]:
        html = client.get(path).content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, path
