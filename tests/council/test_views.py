"""Council pages: content, search, make-up on a date, sanitised minutes, dashboard, budgets."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from council.models import AgendaComment, Grievance, Meeting, Membership, Minutes
from gvalley.cache import forget_shared_data

from .factories import (
    AgendaItemFactory,
    DocumentFactory,
    GrievanceFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


def published_meeting(days_ago=30, **kwargs):
    meeting = MeetingFactory(
        status=Meeting.Status.MINUTES_PUBLISHED,
        starts_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )
    AgendaItemFactory(meeting=meeting)
    MinutesFactory(meeting=meeting, status=Minutes.Status.PUBLISHED, published_at=timezone.now())
    return meeting


def test_council_page_shows_the_real_facts_after_load_demo(client):
    call_command("load_demo", verbosity=0)
    html = client.get(reverse("council:index")).content.decode()
    assert h1_count(html) == 1
    for text in [
        "2013년 4월 17일",
        "G밸리 飛上프로젝트",
        "지역경제과",
        "산업거점활성화반",
        "(사)한국녹색도시협회",
        "한국산업단지공단 서울지역본부",
        "공동회장",
        "실무회원",
        "경제기획관",
        "평균 해결 기간",
    ]:
        assert text in html, text
    assert Meeting.objects.filter(kind=Meeting.Kind.PLENARY, starts_at__year=2015).count() == 2
    assert Meeting.objects.exclude(is_sample=True).count() == 0
    assert Grievance.objects.exclude(is_sample=True).count() == 0
    before = (Meeting.objects.count(), Grievance.objects.count(), Membership.objects.count())
    call_command("load_demo", verbosity=0)
    assert (
        Meeting.objects.count(),
        Grievance.objects.count(),
        Membership.objects.count(),
    ) == before


def test_make_up_on_any_date(client):
    organisation = OrganisationFactory(name="서울시")
    MembershipFactory(
        organisation=organisation,
        office_title="신성장산업과장",
        end_date=datetime.date(2018, 12, 31),
    )
    MembershipFactory(
        organisation=organisation,
        office_title="산업거점활성화반장",
        start_date=datetime.date(2019, 1, 1),
    )
    old = client.get(reverse("council:index") + "?on=2015-06-01").content.decode()
    new = client.get(reverse("council:index") + "?on=2024-06-01").content.decode()
    assert "신성장산업과장" in old and "산업거점활성화반장" not in old
    assert "산업거점활성화반장" in new and "신성장산업과장" not in new
    before = client.get(reverse("council:index") + "?on=2010-01-01")
    assert before.status_code == 200  # out-of-range dates fall back to today
    assert client.get(reverse("council:index") + "?on=garbage").status_code == 200


def test_board_counts_and_average_days(client):
    today = timezone.localdate()
    GrievanceFactory(status=Grievance.Status.RECEIVED)
    GrievanceFactory(status=Grievance.Status.IN_PROGRESS)
    GrievanceFactory(
        status=Grievance.Status.DONE,
        received_on=today - datetime.timedelta(days=10),
        resolved_on=today,
    )
    GrievanceFactory(
        status=Grievance.Status.DONE,
        received_on=today - datetime.timedelta(days=20),
        resolved_on=today,
    )
    html = client.get(reverse("council:index")).content.decode()
    board = re.sub(r"\s+", " ", html.split('class="board"')[1].split("</dl>")[0])
    assert "<dt>접수</dt><dd>4</dd>" in board.replace(" <", "<").replace("> ", ">")
    assert "<dd>2</dd>" in board and "15.0일" in board


def test_archive_by_year_and_two_syllable_search_inside_agendas_and_minutes(client):
    old = published_meeting(days_ago=800)
    recent = published_meeting(days_ago=10)
    AgendaItemFactory(meeting=old, title="가로등 보강", summary="야간 보행로")
    minutes = Minutes.objects.get(meeting=recent)
    minutes.body = "<p>공동 어린이집</p>"
    minutes.save()  # re-indexes the meeting
    url = reverse("council:archive")
    year = old.starts_at.year
    html = client.get(f"{url}?year={year}").content.decode()
    assert old.get_absolute_url() in html
    assert (recent.starts_at.year == year) == (recent.get_absolute_url() in html)
    found = client.get(f"{url}?q=로등").content.decode()  # a partial word of 가로등
    assert old.get_absolute_url() in found and recent.get_absolute_url() not in found
    found = client.get(f"{url}?q=린이").content.decode()  # a partial word of 어린이집, in minutes
    assert recent.get_absolute_url() in found and old.get_absolute_url() not in found
    for hostile in ["'", "&|!", "<script>", "가" * 500, "%00"]:
        assert client.get(url, {"q": hostile}).status_code == 200
    assert client.get(url, {"year": "abc"}).status_code == 200


def test_script_in_minutes_never_reaches_a_page(client, staff_client):
    meeting = published_meeting()
    Minutes.objects.filter(meeting=meeting).update(
        body='<p>정상</p><script>alert("x")</script><img src=x onerror=alert(1)>'
        '<a href="javascript:alert(2)">링크</a>'
    )
    for c in (client, staff_client):
        html = c.get(meeting.get_absolute_url()).content.decode()
        assert "정상" in html
        assert "<script>alert" not in html and "onerror" not in html
        assert "javascript:alert" not in html
    minutes = Minutes.objects.get(meeting=meeting)
    minutes.save()
    assert "<script" not in Minutes.objects.get(pk=minutes.pk).body


def test_minutes_formatting_is_kept(client):
    meeting = published_meeting()
    Minutes.objects.filter(meeting=meeting).update(
        body="<p><strong>굵게</strong></p><ul><li>항목</li></ul>"
    )
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<strong>굵게</strong>" in html and "<li>항목</li>" in html


def test_company_name_hidden_unless_the_company_agreed(client, world):
    from .factories import CompanyFactory

    hidden = GrievanceFactory(company=CompanyFactory(name="비밀상사"), company_name_public=False)
    shown = GrievanceFactory(company=CompanyFactory(name="공개상사"), company_name_public=True)
    listing = client.get(reverse("council:grievances")).content.decode()
    assert "비밀상사" not in listing and "공개상사" in listing
    assert "비밀상사" not in client.get(hidden.get_absolute_url()).content.decode()
    assert "공개상사" in client.get(shown.get_absolute_url()).content.decode()


def test_dashboard_shows_next_agenda_held_grievances_and_changes_since_last_visit(
    council_member, council_client, staff
):
    membership = MembershipFactory(user=council_member)
    meeting = MeetingFactory(status=Meeting.Status.SCHEDULED)
    item = AgendaItemFactory(meeting=meeting, title="다음 회의 첫 안건")
    DocumentFactory(meeting=meeting, agenda_item=item, title="첫 안건 자료")
    held = GrievanceFactory(holder=membership.organisation, title="우리 기관 과제")
    GrievanceFactory(title="다른 기관 과제")
    html = council_client.get(reverse("council:dashboard")).content.decode()
    assert h1_count(html) == 1
    assert "다음 회의 첫 안건" in html and "첫 안건 자료" in html
    assert "우리 기관 과제" in html.split('id="dash-held"')[1]
    assert "다른 기관 과제" not in html.split('id="dash-held"')[1]
    assert "/council/calendar/" in html
    # Nothing changed since: the next visit says so; then a change shows up.
    html = council_client.get(reverse("council:dashboard")).content.decode()
    assert "바뀐 것이 없습니다." in html
    from council import services

    services.change_grievance_status(held, Grievance.Status.REVIEWING, note="검토", by=staff)
    AgendaComment.objects.create(item=meeting.agenda_items.get(), author=staff, body="의견")
    html = council_client.get(reverse("council:dashboard")).content.decode()
    changes = html.split('id="dash-changes"')[1].split("</section>")[0]
    assert "우리 기관 과제" in changes and "검토 중" in changes and "새 의견" in changes


def test_home_section_shows_next_meeting_latest_minutes_and_counts(client):
    upcoming = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    draft = MeetingFactory(
        status=Meeting.Status.SCHEDULED, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    done = published_meeting()
    GrievanceFactory()
    html = client.get("/").content.decode()
    section = html.split('id="home-council"')[1].split("</section>")[0]
    assert upcoming.get_absolute_url() in section
    assert draft.get_absolute_url() not in section
    assert done.get_absolute_url() in section
    assert "접수 1건" in section


def test_anonymous_page_cache_shows_a_published_agenda_on_the_next_request(client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    assert meeting.get_absolute_url() not in client.get(reverse("council:archive")).content.decode()
    from council import services

    services.publish_agenda(meeting)
    assert meeting.get_absolute_url() in client.get(reverse("council:archive")).content.decode()


def test_next_meeting_is_shared_by_audience_and_follows_the_clock(
    client, resident_client, council_client, monkeypatch
):
    now = timezone.now()
    draft = MeetingFactory(status=Meeting.Status.SCHEDULED, starts_at=now + datetime.timedelta(1))
    first = MeetingFactory(status=Meeting.Status.HELD, starts_at=now + datetime.timedelta(2))
    then = MeetingFactory(
        status=Meeting.Status.AGENDA_PUBLISHED, starts_at=now + datetime.timedelta(3)
    )
    url = reverse("council:index")

    def shown(c):
        html = c.get(url).content.decode()
        return html.split('id="next-meeting"')[1].split("</section>")[0]

    assert first.get_absolute_url() in shown(client)
    for c, expected in [(resident_client, first), (council_client, draft)]:
        for _ in range(2):  # computed, then from the shared data
            assert expected.get_absolute_url() in shown(c)
    # Two and a half days later, with no content change: the shared meetings have begun.
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(days=2, hours=12))
    for c in (resident_client, council_client):
        section = shown(c)
        assert then.get_absolute_url() in section
        assert first.get_absolute_url() not in section and draft.get_absolute_url() not in section


def test_a_public_meeting_page_is_read_once_and_follows_every_change(
    resident_client, council_client
):
    """Outsiders share the public page (a second visit reads no meeting row), yet an added
    document and published minutes show at once; members still see their drafts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = MeetingFactory(
        status=Meeting.Status.HELD, starts_at=timezone.now() - datetime.timedelta(days=3)
    )
    item = AgendaItemFactory(meeting=meeting, title="주차장 공유 안건")
    minutes = MinutesFactory(meeting=meeting, body="<p>초안 내용</p>")
    url = meeting.get_absolute_url()
    assert "주차장 공유 안건" in resident_client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert resident_client.get(url).status_code == 200
    assert not [q for q in queries.captured_queries if "council_meeting" in q["sql"]]
    assert "초안 내용" not in resident_client.get(url).content.decode()
    assert "초안 내용" in council_client.get(url).content.decode()

    DocumentFactory(meeting=meeting, agenda_item=item, title="주차 현황 자료")
    assert "주차 현황 자료" in resident_client.get(url).content.decode()
    minutes.status = Minutes.Status.PUBLISHED
    minutes.save()
    meeting.status = Meeting.Status.MINUTES_PUBLISHED
    meeting.save()
    assert "초안 내용" in resident_client.get(url).content.decode()
    assert resident_client.get("/council/meetings/99999999/").status_code == 404


def page_numbers(html):
    """Return the page numbers the list's page links offer (1 alone when there are none)."""
    if 'class="pagination"' not in html:
        return [1]
    links = html.split('class="pagination"')[1].split("</nav>")[0]
    return [int(number) for number in re.findall(r">(\d+)</(?:a|span)>", links)]


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_archive_total_without_a_search_is_the_count(clients, role):
    """Without a search, the total comes from the shared year counts instead of the page."""
    year = timezone.now().year
    for i in range(23):
        starts_at = timezone.now() - datetime.timedelta(days=400 * (i % 2) + i)
        MeetingFactory(status=Meeting.Status.HELD, starts_at=starts_at)
    MeetingFactory(status=Meeting.Status.SCHEDULED)
    MeetingFactory(status=Meeting.Status.SCHEDULED, starts_at=timezone.now().replace(year=2013))
    shown = Meeting.objects.all() if role == "member" else Meeting.objects.public()
    url = reverse("council:archive")
    for query, meetings, number in [
        ("", shown, 1),
        ("?page=2", shown, 2),
        (f"?year={year}", shown.filter(starts_at__year=year), 1),
        (f"?year={year - 1}&page=1", shown.filter(starts_at__year=year - 1), 1),
        ("?year=2013", shown.filter(starts_at__year=2013), 1),
        ("?year=2014", shown.none(), 1),
    ]:
        response = clients[role].get(url + query)
        assert response.status_code == 200, query
        html = response.content.decode()
        expected = Paginator(meetings.order_by("-starts_at", "pk"), 20)
        assert page_numbers(html) == list(expected.page_range), query
        cards = html.split('<ul class="card-list meeting-list">')[1].split("</ul>\n")[0]
        listed = [
            int(pk)
            for pk in re.findall(
                r'<h2 class="card-title"><a href="/council/meetings/(\d+)/"', cards
            )
        ]
        assert listed == [m.pk for m in expected.page(number)], query
    assert clients[role].get(url + "?page=3").status_code == 404


def _page_urls():
    meeting = Meeting.objects.order_by("pk").first()
    return {
        "index": reverse("council:index"),
        "archive": reverse("council:archive"),
        "search": reverse("council:archive") + "?q=주차",
        "meeting": meeting.get_absolute_url(),
        "grievances": reverse("council:grievances"),
        "grievance": Grievance.objects.order_by("pk").first().get_absolute_url(),
    }


def _add_rows(n):
    for i in range(n):
        meeting = published_meeting(days_ago=20 + i)
        DocumentFactory(meeting=meeting)
        GrievanceFactory()
    first = Meeting.objects.order_by("pk").first()
    for i in range(n):
        item = AgendaItemFactory(meeting=first, title=f"주차 안건 {i}")
        DocumentFactory(meeting=first, agenda_item=item)


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_run_a_constant_number_of_queries(
    client, council_client, django_assert_max_num_queries, signed_in, council_member
):
    """The same number of queries with 1 row as with 25 (no N+1), within a small budget."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = council_client if signed_in else client
    counts = {}
    for n in (1, 24):
        _add_rows(n)
        for name, url in _page_urls().items():
            cache.clear()
            forget_shared_data()
            with CaptureQueriesContext(connection) as queries:
                assert c.get(url).status_code == 200, name
            counts.setdefault(name, []).append(len(queries))
    for name, (few, many) in counts.items():
        assert few == many, (name, counts)
        # Measured with an empty cache: anonymous 2–6, signed in 5–9 (session, user, groups).
        assert many <= (9 if signed_in else 6), (name, counts)


def test_dashboard_runs_a_constant_number_of_queries(
    council_member, council_client, django_assert_max_num_queries
):
    membership = MembershipFactory(user=council_member)
    for n in (1, 20):
        meeting = MeetingFactory()
        for _i in range(n):
            item = AgendaItemFactory(meeting=meeting)
            DocumentFactory(meeting=meeting, agenda_item=item)
            GrievanceFactory(holder=membership.organisation)
        with django_assert_max_num_queries(18):
            assert council_client.get(reverse("council:dashboard")).status_code == 200


@pytest.mark.parametrize("name", ["council:index", "council:archive", "council:grievances"])
def test_public_pages_have_one_h1(client, name, world):
    assert h1_count(client.get(reverse(name)).content.decode()) == 1


def test_purging_sample_data_keeps_the_real_council_and_drops_the_sample_history():
    from council.models import Organisation

    call_command("load_demo", verbosity=0)
    assert Meeting.objects.exists() and Grievance.objects.exists()
    call_command("purge_sample_data", "--yes", stdout=io.StringIO())
    assert not Meeting.objects.exists() and not Grievance.objects.exists()
    assert Organisation.objects.count() == 8
    assert Membership.objects.active_on().count() == 16
