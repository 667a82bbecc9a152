"""/stats/: the dated official figures and the charts of the portal's own data.

Seeded data with known answers: every figure the page, the CSV and the JSON show is the one
counted here by hand, and the one the database counts through the apps' own querysets.
"""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Building, Company
from council.models import Grievance
from events.models import Event, Registration
from gvalley import csvfiles
from gvalley.stats import CHARTS
from heritage.models import RequestStatus, VisitRequest
from tests.addresses import english
from tests.companies.factories import BuildingFactory, CompanyFactory, PendingCompanyFactory
from tests.council.factories import GrievanceFactory
from tests.events.factories import EditionFactory, EventFactory
from tests.factories import UserFactory
from tests.heritage.factories import VisitRequestFactory, VisitSlotFactory

pytestmark = pytest.mark.django_db


def seoul(*args):
    return timezone.make_aware(datetime.datetime(*args))


def past_event(starts_at, **kwargs):
    """Return an event of the past, whose registration opened a month before it."""
    opens = starts_at - datetime.timedelta(days=30)
    return EventFactory(starts_at=starts_at, registration_opens_at=opens, **kwargs)


@pytest.fixture
def seeded():
    seed()


def seed():
    """Make companies, events, grievances and group visits whose figures are known."""
    tower = BuildingFactory(name="가산테스트타워", kind=Building.Kind.KNOWLEDGE_CENTRE, complex="2")
    other = BuildingFactory(name="구로테스트센터", kind=Building.Kind.KNOWLEDGE_CENTRE, complex="1")
    office = BuildingFactory(name="업무빌딩", kind=Building.Kind.OFFICE, complex="3")
    # Listed: three in KSIC 62 (section J), two in 26 (section C); one pending never counts.
    for band in ("a", "a", "b"):
        CompanyFactory(industry_id="62", complex="2", building=tower, employee_band=band)
    CompanyFactory(industry_id="26", complex="1", building=other, employee_band="c")
    CompanyFactory(industry_id="26", complex="3", building=office, employee_band="")
    PendingCompanyFactory(industry_id="62", complex="2", building=tower, employee_band="a")

    edition = EditionFactory(number=9, year=2024)
    first = past_event(seoul(2024, 9, 4, 19, 30), edition=edition)
    past_event(seoul(2024, 9, 5, 10), edition=edition)
    EventFactory(edition=edition, status=Event.Status.DRAFT)
    later = past_event(seoul(2025, 3, 10, 14))
    users = UserFactory.create_batch(4)
    S = Registration.Status
    Registration.objects.create(
        event=first, user=users[0], status=S.CONFIRMED, checked_in_at=seoul(2024, 9, 4, 19)
    )
    Registration.objects.create(event=first, user=users[1], status=S.CONFIRMED)
    Registration.objects.create(event=first, user=users[2], status=S.CANCELLED)
    Registration.objects.create(event=later, user=users[3], status=S.WAITLISTED)

    G = Grievance.Status
    # 2025-02-01 → 03-03: 30 days; 2025-03-01 → 08-10: 162 days; one still open.
    GrievanceFactory(
        received_on=datetime.date(2025, 2, 1), status=G.DONE, resolved_on=datetime.date(2025, 3, 3)
    )
    GrievanceFactory(
        received_on=datetime.date(2025, 3, 1),
        status=G.DONE,
        resolved_on=datetime.date(2025, 8, 10),
        is_public=False,
    )
    GrievanceFactory(received_on=datetime.date(2025, 9, 1), status=G.IN_PROGRESS)

    march = VisitSlotFactory(starts_at=seoul(2026, 3, 5, 10), ends_at=seoul(2026, 3, 5, 11))
    march_later = VisitSlotFactory(starts_at=seoul(2026, 3, 20, 14), ends_at=seoul(2026, 3, 20, 15))
    april = VisitSlotFactory(starts_at=seoul(2026, 4, 2, 10), ends_at=seoul(2026, 4, 2, 11))
    VisitRequestFactory(slot=march, people=10, status=RequestStatus.CONFIRMED)
    VisitRequestFactory(slot=march_later, people=15, status=RequestStatus.CONFIRMED)
    VisitRequestFactory(slot=april, people=20, status=RequestStatus.PENDING)


EXPECTED = {
    "companies-by-industry": [
        ["J 정보통신업", 3],
        ["C 전자 부품, 컴퓨터, 영상, 음향 및 통신장비 제조업", 2],
    ],
    "companies-by-complex": [["1단지 (구로구)", 1], ["2단지 (금천구)", 3], ["3단지 (금천구)", 1]],
    "companies-by-building": [["가산테스트타워", 3], ["구로테스트센터", 1]],
    "companies-it-ai": [["IT·AI (KSIC J 정보통신업)", 3, 60.0], ["그 밖의 업종", 2, 40.0]],
    "companies-by-size": [["1–9명", 2], ["10–49명", 1], ["50–99명", 1], ["직원 수 미입력", 1]],
    "events-per-edition": [["제9회 (2024년)", 2]],
    "events-participation": [["2024", 2, 1], ["2025", 1, 0]],
    "council-grievances": [["2025년 상반기", 2, 1, 30.0], ["2025년 하반기", 1, 1, 162.0]],
    "heritage-visits": [["2026-03", 2, 25]],
}


def chart_json(client, name, language=None):
    url = reverse("stats_json", kwargs={"name": name})
    response = client.get(english(url) if language == "en" else url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_every_chart_shows_the_known_answers(client, seeded):
    for name, rows in EXPECTED.items():
        data = chart_json(client, name)
        if name == "companies-by-industry":
            rows = [[row[0].split()[0], row[1]] for row in rows]
            data["rows"] = [[row[0].split()[0], row[1]] for row in data["rows"]]
        assert data["rows"] == rows, name
    assert set(EXPECTED) == set(CHARTS)


def test_figures_equal_the_databases_own_counts(client, seeded):
    listed = Company.objects.listed()
    industry = dict(chart_json(client, "companies-by-industry")["rows"])
    assert sum(industry.values()) == listed.count() == 5
    it_ai = chart_json(client, "companies-it-ai")["rows"]
    assert it_ai[0][1] == listed.filter(industry__section_id="J").count()
    editions = chart_json(client, "events-per-edition")["rows"]
    assert editions[0][1] == Event.objects.published().filter(edition__number=9).count()
    grievances = chart_json(client, "council-grievances")["rows"]
    assert sum(row[1] for row in grievances) == Grievance.objects.count()
    assert sum(row[2] for row in grievances) == Grievance.objects.filter(status="done").count()
    visits = chart_json(client, "heritage-visits")["rows"]
    assert sum(row[2] for row in visits) == sum(
        VisitRequest.objects.filter(status=RequestStatus.CONFIRMED).values_list("people", flat=True)
    )


def test_the_page_shows_official_figures_with_date_and_source_and_every_table(client, seeded):
    response = client.get(reverse("stats"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "2018년 7월 기준",
        "2024년 기준",
        "10,737개",
        "약 15,000개",
        "출처",
        "금천구 G밸리 발전 계획",
        "언론 보도",
    ):
        assert text in html
    for name in CHARTS:
        assert f'src="/stats/{name}.svg"' in html
        assert f'href="/stats/{name}.csv"' in html
        assert f'href="/stats/{name}.json"' in html
    assert '<th scope="row">가산테스트타워</th><td class="number">3</td>' in html
    assert "<script" not in html.split("</footer>")[0].split("<main")[1]


def test_each_chart_is_one_query(seeded):
    for name, chart in CHARTS.items():
        with CaptureQueriesContext(connection) as queries:
            chart["rows"]()
        assert len(queries) == 1, name


def test_figures_are_cached_until_the_content_changes(client, seeded, django_assert_num_queries):
    client.get(reverse("stats_json", kwargs={"name": "companies-by-complex"}))
    with django_assert_num_queries(0):
        data = chart_json(client, "companies-by-complex")
    assert dict(data["rows"])["1단지 (구로구)"] == 1
    CompanyFactory(complex="1")
    assert dict(chart_json(client, "companies-by-complex")["rows"])["1단지 (구로구)"] == 2


def test_page_queries_do_not_grow_with_the_data(resident_client, seeded):
    # A signed-in visitor skips the page cache: on a cache miss, each chart is one query.
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert resident_client.get(reverse("stats")).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(20):
        CompanyFactory(building=BuildingFactory())
        past_event(seoul(2023, 5, 1, 10))
    assert queries() == before <= len(CHARTS) + 4
    # Until the content changes, the figures come from the cache: no chart query at all.
    assert queries() < len(CHARTS)


def test_svg_chart_is_an_image_with_its_own_strict_policy(client, seeded):
    response = client.get(reverse("stats_chart", kwargs={"name": "companies-by-building"}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.lstrip().startswith("<?xml") or svg.lstrip().startswith("<svg")
    assert "가산테스트타워" in svg and "<script" not in svg
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    again = client.get(reverse("stats_chart", kwargs={"name": "companies-by-building"}))
    assert again["X-Page-Cache"] == "hit" and again["Content-Security-Policy"] == policy
    page = client.get(reverse("stats"))
    assert "unsafe-inline" not in page["Content-Security-Policy"]


def test_csv_is_the_portals_csv(client, seeded):
    response = client.get(reverse("stats_csv", kwargs={"name": "heritage-visits"}))
    assert response.status_code == 200
    assert response["Content-Type"] == csvfiles.CONTENT_TYPE
    rows = list(csvfiles.reader(response.content.decode("utf-8-sig")))
    assert rows == [["월", "단체 수", "관람 인원"], ["2026-03", "2", "25"]]


def test_unknown_chart_is_404(client, seeded):
    for route in ("stats_chart", "stats_csv", "stats_json"):
        assert client.get(reverse(route, kwargs={"name": "no-such-chart"})).status_code == 404


def test_english_page_and_data(client, seeded):
    response = client.get(english(reverse("stats")))
    assert response.status_code == 200
    html = response.content.decode()
    assert "G Valley in numbers" in html
    data = chart_json(client, "council-grievances", language="en")
    assert data["columns"][0] == "Half-year"
    assert data["rows"][0][0] == "First half of 2025"


def test_bench_measures_stats(client_for, resident, seeded):
    from gvalley import bench

    pages = dict(bench.bench_pages())
    for client in (Client(), client_for(resident)):
        assert client.get(pages["stats"]).status_code == 200


def test_home_page_links_to_stats(client):
    assert 'href="/stats/"' in client.get("/").content.decode()
    assert 'href="/en/stats/"' in client.get("/en/").content.decode()


def test_a_long_english_industry_name_leaves_the_bars_most_of_the_chart(client):
    """On a phone the 800-pixel chart is shrunk to the screen: a name as long as section E's
    in English took the plot's width away. The chart shortens it; the table names it whole."""
    CompanyFactory(industry_id="38")  # section E
    CompanyFactory(industry_id="62")
    name = "Water supply; sewage, waste management, materials recovery"
    chart = reverse("stats_chart", kwargs={"name": "companies-by-industry"})
    page = reverse("stats")
    svg = client.get(english(chart))
    svg = svg.content.decode()
    assert "E Water supply; sewage, waste management…" in svg and name not in svg
    plot_left = float(
        re.search(r'<g transform="translate\(([\d.]+), [\d.]+\)" class="plot"', svg)[1]
    )
    assert plot_left < 400  # of 800
    assert f"E {name}" in client.get(english(page)).content.decode()
    korean = client.get(chart)
    assert "E 수도, 하수 및 폐기물 처리, 원료 재생업" in korean.content.decode()  # whole
