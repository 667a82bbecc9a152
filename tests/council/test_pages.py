"""What a visitor sees on the council's pages: cards, rows, links and their states, in both languages.

Read from the HTML of real responses, for each kind of visitor where what they see differs.
"""

import datetime
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from council.forms import MeetingSearchForm
from council.models import (
    AgendaComment,
    AgendaItem,
    Attendance,
    Grievance,
    Meeting,
    Membership,
    Organisation,
)
from council.stats import organisation_row, shared_organisations
from gvalley.widgets import FastTextInput

from .factories import (
    AgendaItemFactory,
    CompanyFactory,
    DocumentFactory,
    GrievanceFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    OrganisationFactory,
    manage,
)

pytestmark = pytest.mark.django_db

TEXTS = {
    "ko": {
        "no meetings": "아직 공개된 회의가 없습니다.",
        "nothing found": "찾는 회의가 없습니다. 다른 낱말로 검색해 보세요.",
        "no grievances": "해당하는 애로사항이 없습니다.",
        "held by": "담당",
        "not public": "비공개",
        "no make-up": "이 날짜에는 협의회 구성 기록이 없습니다.",
        "proposed by": "제안",
        "summary": "요약",
        "decision": "결정 사항",
        "agenda documents": "안건 자료",
        "all": "전체",
        "plenary": "제{}차 본회의",
        "done": "완료",
        "reviewing": "검토 중",
        "minutes published": "회의록 공개",
        "co-chair": "공동회장",
        "working member": "실무회원",
        "local government": "지방자치단체",
        "present": "참석",
        "absent": "불참",
        "excused": "사유 불참",
        "visit": "기업 방문",
        "days": "{}일",
        "results": "'{0}' 검색 결과 {1}건",
    },
    "en": {
        "no meetings": "No meetings have been published yet.",
        "nothing found": "No meeting found. Try another word.",
        "no grievances": "No grievances match.",
        "held by": "held by",
        "not public": "Not public",
        "no make-up": "No council make-up is recorded for this date.",
        "proposed by": "Proposed by",
        "summary": "Summary",
        "decision": "Decision",
        "agenda documents": "Agenda documents",
        "all": "All",
        "plenary": "Plenary meeting no. {}",
        "done": "Done",
        "reviewing": "Under review",
        "minutes published": "Minutes published",
        "co-chair": "Co-chair",
        "working member": "Working member",
        "local government": "Local government",
        "present": "Present",
        "absent": "Absent",
        "excused": "Excused",
        "visit": "Company visit",
        "days": "{} days",
        "results": "{1} results for '{0}'",
    },
}


@pytest.fixture(params=["ko", "en"])
def language(request):
    with translation.override(request.param):
        yield request.param


def page(client, url, language):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def shown(text, language, tag="span", class_=""):
    """Return how a content text with no English is printed (the in_language macro; a text
    inside a line, `|in_language`, has no element of its own on Korean pages).

    On Korean pages as it is; on English ones as the Korean original: lang="ko" and a note.
    """
    attrs = f' class="{class_}"' if class_ else ""
    if language == "ko":
        return text if (tag, class_) == ("span", "") else f"<{tag}{attrs}>{text}</{tag}>"
    note = ' <small class="korean-original">Korean original</small>'
    return f'<{tag}{attrs} lang="ko">{text}</{tag}>{note}'


def inside(html, start, end):
    """Return the part of the page after `start` up to the next `end`."""
    assert start in html, start
    return html.split(start, 1)[1].split(end, 1)[0]


def squeeze(html):
    """Remove the template's indentation: line breaks and the spaces around them, between tags."""
    return re.sub(r">(?:\s*\n|\s{2,})\s*<", "><", html).strip()


def items(html, tag="li"):
    """Return the outermost <li> (or `tag`) elements of a list, the indentation removed."""
    html = squeeze(html)
    found, depth, start = [], 0, 0
    for mark in re.finditer(rf"<(/?){tag}\b[^>]*>", html):
        if not mark.group(1):
            depth += 1
            if depth == 1:
                start = mark.start()
        else:
            depth -= 1
            if depth == 0:
                found.append(html[start : mark.end()])
    return found


def meeting_name(meeting, language):
    return TEXTS[language]["plenary"].format(meeting.number)


# The meeting archive


@pytest.fixture
def meetings(db):
    past = timezone.now() - datetime.timedelta(days=40)
    shown = [
        MeetingFactory(status=Meeting.Status.MINUTES_PUBLISHED, starts_at=past, place="<창조홀>"),
        MeetingFactory(status=Meeting.Status.HELD, kind=Meeting.Kind.WORKING, starts_at=past),
        MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED, kind=Meeting.Kind.GEUMCHEON),
        MeetingFactory(status=Meeting.Status.SCHEDULED),
    ]
    AgendaItemFactory(meeting=shown[0], position=2, title='주차 & "교통" 둘째')
    AgendaItemFactory(meeting=shown[0], position=1, title="주차 첫째")
    AgendaItemFactory(meeting=shown[2], title="주차 셋째")
    AgendaItemFactory(meeting=shown[3], title="주차 초안")
    for meeting in shown:
        meeting.refresh_search_vector()
    return shown


def test_an_archive_card_names_the_meeting_its_time_place_status_and_agenda(
    client, meetings, language
):
    html = page(client, reverse("council:archive"), language)
    cards = items(inside(html, '<ul class="card-list meeting-list">', "</ul>\n"))
    assert len(cards) == 3  # the scheduled meeting is not public
    first = next(card for card in cards if meetings[0].get_absolute_url() in card)
    starts = timezone.localtime(meetings[0].starts_at)
    assert (
        f'<h2 class="card-title"><a href="{meetings[0].get_absolute_url()}">'
        f"{meeting_name(meetings[0], language)}</a></h2>"
    ) in first
    assert f"{starts:%H:%M} · {shown('&lt;창조홀&gt;', language)} · " in first
    label = TEXTS[language]["minutes published"]
    assert f'<span class="badge status-minutes_published">{label}</span>' in first
    assert (
        f'<ol class="agenda-titles"><li>{shown("주차 첫째", language)}</li>'
        f"<li>{shown('주차 &amp; &#34;교통&#34; 둘째', language)}</li></ol>"
    ) in first
    held = next(card for card in cards if meetings[1].get_absolute_url() in card)
    assert "agenda-titles" not in held  # no agenda items, no empty list


@pytest.mark.parametrize("role", ["anonymous", "resident", "member"])
def test_the_archive_shows_each_visitor_the_meetings_they_may_see(clients, meetings, role):
    html = page(clients[role], reverse("council:archive"), "ko")
    assert (meetings[3].get_absolute_url() in html) == (role == "member")
    for meeting in meetings[:3]:
        assert meeting.get_absolute_url() in html


def test_a_search_says_how_many_it_found_or_that_nothing_matched(client, meetings, language):
    html = page(client, reverse("council:archive") + "?q=주차", language)
    assert f'<p class="meta" role="status">{TEXTS[language]["results"].format("주차", 2)}</p>' in (
        html.replace("&#39;", "'")
    )
    assert len(items(inside(html, '<ul class="card-list meeting-list">', "</ul>\n"))) == 2
    html = page(client, reverse("council:archive") + "?q=없는낱말", language)
    cards = items(inside(html, '<ul class="card-list meeting-list">', "</ul>\n"))
    assert cards == [f"<li>{TEXTS[language]['nothing found']}</li>"]


def test_an_empty_archive_says_nothing_is_published_yet(client, language):
    html = page(client, reverse("council:archive"), language)
    cards = items(inside(html, '<ul class="card-list meeting-list">', "</ul>\n"))
    assert cards == [f"<li>{TEXTS[language]['no meetings']}</li>"]


def test_year_links_keep_the_search_and_mark_the_chosen_year(client, meetings, language):
    MeetingFactory(status=Meeting.Status.HELD, starts_at=timezone.now().replace(year=2016))
    this_year = timezone.localtime(meetings[0].starts_at).year
    html = page(client, reverse("council:archive") + "?q=%3C%22&year=2016&page=1", language)
    nav = items(inside(html, '<nav class="year-nav"', "</nav>"))
    assert nav[0] == f'<li><a href="?q=%3C%22">{TEXTS[language]["all"]}</a></li>'
    assert f'<li><a href="?q=%3C%22&amp;year={this_year}">{this_year}</a></li>' in nav
    assert '<li><span aria-current="page">2016</span></li>' in nav
    html = page(client, reverse("council:archive"), language)
    nav = items(inside(html, '<nav class="year-nav"', "</nav>"))
    assert nav[0] == f'<li><span aria-current="page">{TEXTS[language]["all"]}</span></li>'
    assert nav[1:] == [
        f'<li><a href="?year={this_year}">{this_year}</a></li>',
        '<li><a href="?year=2016">2016</a></li>',
    ]


# The grievance list


@pytest.fixture
def grievances(company_manager):
    holder = OrganisationFactory(name="서울특별시", short_name="서울시")
    named = CompanyFactory(name="가산 <소프트>")
    return {
        "named": GrievanceFactory(
            company=named, company_name_public=True, holder=holder, title="A & B"
        ),
        "unnamed": GrievanceFactory(
            company=CompanyFactory(name="이름숨김기업"), company_name_public=False
        ),
        "own": GrievanceFactory(
            is_public=False,
            company=manage(company_manager, CompanyFactory(name="내 기업")),
            status=Grievance.Status.REVIEWING,
        ),
        "private": GrievanceFactory(
            is_public=False, source=Grievance.Source.MEETING, status=Grievance.Status.DONE
        ),
    }


def grievance_cards(html):
    return {
        re.search(r'href="([^"]+)"', card).group(1): card
        for card in items(inside(html, '<ul class="card-list">', "</ul>\n"))
    }


@pytest.mark.parametrize("role", ["anonymous", "resident", "manager", "member"])
def test_grievance_cards_name_a_company_only_where_it_agreed_or_to_insiders(
    clients, grievances, role, language
):
    cards = grievance_cards(page(clients[role], reverse("council:grievances"), language))
    visible = {"anonymous": 2, "resident": 2, "manager": 3, "member": 4}[role]
    assert len(cards) == visible
    named = cards[grievances["named"].get_absolute_url()]
    assert f">{shown('A &amp; B', language)}</a></h2>" in named
    received = grievances["named"].received_on
    assert f"{TEXTS[language]['visit']} · " in named and str(received.day) in named
    assert (
        f" · {TEXTS[language]['held by']} {shown('서울시', language)}"
        f" · {shown('가산 &lt;소프트&gt;', language)}</p>"
    ) in named
    unnamed = cards[grievances["unnamed"].get_absolute_url()]
    assert ("이름숨김기업" in unnamed) == (role == "member")
    if role == "manager":
        own = cards[grievances["own"].get_absolute_url()]
        label = TEXTS[language]["reviewing"]
        assert f'<span class="badge status-reviewing">{label}</span>' in own
        assert "badge-warn" not in own  # the badge is for the council's insiders
    if role == "member":
        private = cards[grievances["private"].get_absolute_url()]
        label = TEXTS[language]["not public"]
        assert private.endswith(f' · <span class="badge badge-warn">{label}</span></p></li>')
        assert f'<span class="badge status-done">{TEXTS[language]["done"]}</span>' in private
        assert "badge-warn" not in cards[grievances["named"].get_absolute_url()]


def test_an_empty_grievance_list_says_none_match(client, language):
    html = page(client, reverse("council:grievances") + "?status=done", language)
    cards = items(inside(html, '<ul class="card-list">', "</ul>\n"))
    assert cards == [f"<li>{TEXTS[language]['no grievances']}</li>"]


def test_status_links_keep_the_other_parameters_and_mark_the_chosen_status(client, language):
    html = page(client, reverse("council:grievances") + "?status=done&page=1&x=%3C", language)
    nav = items(inside(html, '<nav class="year-nav"', "</nav>"))
    assert nav[0] == f'<li><a href="?x=%3C">{TEXTS[language]["all"]}</a></li>'
    assert f'<li><span aria-current="page">{TEXTS[language]["done"]}</span></li>' in nav
    label = TEXTS[language]["reviewing"]
    assert f'<li><a href="?status=reviewing&amp;x=%3C">{label}</a></li>' in nav
    assert len(nav) == 1 + len(Grievance.Status.choices)


@pytest.mark.parametrize("days", [None, 3])
def test_the_board_counts_every_grievance_and_the_average_days(client, days, language):
    GrievanceFactory(is_public=False)
    if days is not None:
        received = datetime.date(2024, 1, 1)
        GrievanceFactory(
            status=Grievance.Status.DONE,
            received_on=received,
            resolved_on=received + datetime.timedelta(days=days),
        )
    average = "—" if days is None else TEXTS[language]["days"].format(float(days))
    expected = ["1", "1", "0", average] if days is None else ["2", "1", "1", average]
    for url in (reverse("council:index"), reverse("council:grievances")):
        board = inside(page(client, url, language), '<dl class="board">', "</dl>")
        assert re.findall(r"<dd>(.*?)</dd>", board) == expected


# The council page


def test_the_members_table_shows_the_make_up_on_the_chosen_date(client, language):
    early = OrganisationFactory(name="서울시", position=1)
    later = OrganisationFactory(name="<금천구>", position=2)
    MembershipFactory(organisation=later, seat=Membership.Seat.WORKING, office_title="과장")
    MembershipFactory(organisation=later, seat=Membership.Seat.CO_CHAIR, office_title="구청장")
    MembershipFactory(organisation=early, office_title="국장", end_date=datetime.date(2016, 12, 31))
    MembershipFactory(organisation=early, office_title="실장", start_date=datetime.date(2017, 1, 1))
    text = TEXTS[language]

    def rows(query):
        html = page(client, reverse("council:index") + query, language)
        return re.findall(
            r"<tr\b.*?</tr>", re.sub(r">\s+<", "><", inside(html, "<tbody>", "</tbody>"))
        )

    expected = [
        f'<tr id="org-{early.pk}"><th scope="row">{shown("서울시", language)}</th>'
        f'<td>{text["local government"]}</td><td><ul class="seats"><li><span class="badge">'
        f"{translation.gettext('회원')}</span> {shown('국장', language)}</li></ul></td></tr>",
        f'<tr id="org-{later.pk}"><th scope="row">{shown("&lt;금천구&gt;", language)}</th>'
        f'<td>{text["local government"]}</td><td><ul class="seats">'
        f'<li><span class="badge badge-ok">{text["co-chair"]}</span> {shown("구청장", language)}</li>'
        f'<li><span class="badge">{text["working member"]}</span> {shown("과장", language)}</li>'
        "</ul></td></tr>",
    ]
    assert rows("?on=2016-06-30") == [re.sub(r">\s+<", "><", row) for row in expected]
    assert "실장" in rows("")[0] and "국장" not in rows("")[0]
    assert rows("?on=2013-01-02") == [f'<tr><td colspan="3">{text["no make-up"]}</td></tr>']


def test_the_council_page_lists_the_latest_public_grievances_only(client, language):
    holder = OrganisationFactory(name="한국산업단지공단", short_name="")
    grievance = GrievanceFactory(holder=holder, title="공개 <애로>", status=Grievance.Status.DONE)
    GrievanceFactory(is_public=False, title="비공개 애로")
    html = page(client, reverse("council:index"), language)
    cards = items(inside(html, '<ul class="card-list">', "</ul>\n"))
    assert len(cards) == 1
    title = shown("공개 &lt;애로&gt;", language)
    assert f'<a href="{grievance.get_absolute_url()}">{title}</a>' in cards[0]
    label = TEXTS[language]["done"]
    assert cards[0].endswith(
        f'<span class="badge status-done">{label}</span> · {shown("한국산업단지공단", language)}'
        "</p></li>"
    )
    assert "비공개 애로" not in html


# A meeting's page


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_attendance_lists_the_organisations_in_their_order_with_their_status(
    clients, role, language
):
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    for position, status in enumerate(["present", "absent", "excused"]):
        organisation = OrganisationFactory(name=f"기관 <{position}>", position=5 - position)
        Attendance.objects.create(meeting=meeting, organisation=organisation, status=status)
    html = page(clients[role], meeting.get_absolute_url(), language)
    text = TEXTS[language]
    assert items(inside(html, '<ul class="attendance">', "</ul>")) == [
        f'<li><span class="badge attendance-excused">{text["excused"]}</span> '
        f"{shown('기관 &lt;2&gt;', language)}</li>",
        f'<li><span class="badge attendance-absent">{text["absent"]}</span> '
        f"{shown('기관 &lt;1&gt;', language)}</li>",
        f'<li><span class="badge attendance-present">{text["present"]}</span> '
        f"{shown('기관 &lt;0&gt;', language)}</li>",
    ]


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_an_agenda_item_shows_its_proposer_texts_in_paragraphs_and_documents(
    clients, role, language
):
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    item = AgendaItemFactory(
        meeting=meeting,
        position=1,
        title="<주차> & 교통",
        proposer=OrganisationFactory(name="금천구 <지역경제과>"),
        summary="첫 줄\n둘째 줄\n\n새 문단 <b>",
        background="",
        decision="결정 & 후속",
    )
    bare = AgendaItemFactory(meeting=meeting, position=2, summary="", background="", decision="")
    document = DocumentFactory(meeting=meeting, agenda_item=item, title="자료 <1>")
    html = page(clients[role], meeting.get_absolute_url(), language)
    text = TEXTS[language]
    article = squeeze(inside(html, f'id="item-{item.pk}">', "</article>"))
    assert article.startswith(
        f"<h3>1. {shown('&lt;주차&gt; &amp; 교통', language)}</h3>"
        f'<p class="meta">{text["proposed by"]}: {shown("금천구 &lt;지역경제과&gt;", language)}</p>'
        f"<h4>{text['summary']}</h4>"
        + shown("<p>첫 줄<br>둘째 줄</p><p>새 문단 &lt;b&gt;</p>", language, "div", "prose")
        + f"<h4>{text['decision']}</h4>"
        + shown("<p>결정 &amp; 후속</p>", language, "div", "prose decision")
        + f'<h4>{text["agenda documents"]}</h4><ul class="documents">'
        f'<li><a href="{document.get_absolute_url()}" download>{shown("자료 &lt;1&gt;", language)}</a> '
        f'<span class="meta">(PDF, {document.size}\xa0{"바이트" if language == "ko" else "bytes"})</span></li></ul>'
    )
    bare_article = squeeze(inside(html, f'id="item-{bare.pk}">', "</article>"))
    assert "<h4>" not in bare_article.split('<section class="comments"')[0]
    assert ('class="comments"' in article) == (role == "member")


def test_members_see_the_comments_and_the_form_only_while_the_meeting_is_ahead(
    council_client, resident_client, council_member
):
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    item = AgendaItemFactory(meeting=meeting, title="주차")
    AgendaComment.objects.create(item=item, author=council_member, body="첫 줄\n<둘째>")
    AgendaComment.objects.create(item=item, author=None, body="탈퇴한 분의 의견")
    html = page(council_client, meeting.get_absolute_url(), "ko")
    comments = items(inside(html, '<ul class="comment-list">', "</ul>"))
    assert len(comments) == 2
    assert "<p>첫 줄<br>&lt;둘째&gt;</p>" in comments[0] and str(council_member) in comments[0]
    assert comments[1].startswith('<li><p class="meta">탈퇴한 회원 · ')
    assert 'aria-label="주차에 대한 위원 의견"' in html
    assert (
        f'action="{reverse("council:comment", kwargs={"pk": meeting.pk, "item_pk": item.pk})}"'
        in html
    )
    assert "탈퇴한 분의 의견" not in page(resident_client, meeting.get_absolute_url(), "ko")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    html = page(council_client, meeting.get_absolute_url(), "ko")
    assert "탈퇴한 분의 의견" in html and 'class="form comment-form"' not in html
    other = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    AgendaItemFactory(meeting=other)
    html = page(council_client, other.get_absolute_url(), "ko")
    assert '<li class="meta">아직 의견이 없습니다.</li>' in html


def test_meeting_page_reads_an_organisation_newer_than_the_shared_ones(resident_client, language):
    """Proposers and attendance come from the shared organisations, else from the database."""
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    known = OrganisationFactory(name="서울특별시 <1>", position=2)
    Attendance.objects.create(meeting=meeting, organisation=known, status="present")
    # The organisations are shared data (the meeting's page, shared data of its own, is not
    # read yet: its first read below finds the newer organisation).
    assert known.pk in shared_organisations()
    # Rows written without signals leave the shared data as it was (no content change seen).
    # The Korean name only (the test runs with either language active).
    newer = Organisation.objects.bulk_create([Organisation(name_ko="금천구 <2>", position=1)])[0]
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, organisation=newer, status="absent")]
    )
    item = AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=1, title="안건", proposer=newer)]
    )[0]
    assert newer.pk not in shared_organisations()
    assert organisation_row(newer.pk, shared_organisations()).name == "금천구 <2>"
    html = page(resident_client, meeting.get_absolute_url(), language)
    rows = items(inside(html, '<ul class="attendance">', "</ul>"))
    note = "" if language == "ko" else " Korean original"
    assert [re.sub(r"<[^>]+>", "", row).split(" ", 1)[1] for row in rows] == [
        f"금천구 &lt;2&gt;{note}",
        f"서울특별시 &lt;1&gt;{note}",
    ]
    article = inside(html, f'id="item-{item.pk}">', "</article>")
    assert f"{TEXTS[language]['proposed by']}: {shown('금천구 &lt;2&gt;', language)}" in article


def test_meeting_documents_and_minutes_documents_are_listed_apart(council_client):
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    MinutesFactory(meeting=meeting)
    agenda = DocumentFactory(meeting=meeting, title="회의 자료 하나")
    minutes = DocumentFactory(meeting=meeting, title="회의록 부록", kind="minutes")
    html = page(council_client, meeting.get_absolute_url(), "ko")
    agenda_part = inside(html, 'id="agenda-title"', "</section>")
    minutes_part = inside(html, 'id="minutes"', "</section>")
    assert (
        agenda.get_absolute_url() in agenda_part and minutes.get_absolute_url() not in agenda_part
    )
    assert minutes.get_absolute_url() in minutes_part and "<h3>회의록 자료</h3>" in minutes_part


# Labels and the search field


def test_meeting_labels_are_djangos(language):
    for status, label in Meeting.Status.choices:
        meeting = Meeting(status=status, kind=Meeting.Kind.WORKING, number=3)
        assert meeting.get_status_display() == Meeting._get_FIELD_display(
            meeting, Meeting._meta.get_field("status")
        )
        assert meeting.get_status_display() == str(label)
        assert str(meeting) == str(Meeting.TITLE) % {
            "number": 3,
            "kind": str(Meeting.Kind.WORKING.label),
        }
    assert Meeting(status="unknown").get_status_display() == "unknown"


@pytest.mark.parametrize(
    "data", [None, {"q": ""}, {"q": "주차"}, {"q": "\"<a>&'"}, {"q": "x" * 120}, {"year": "x"}]
)
def test_search_field_is_djangos_markup(data, language):
    form = MeetingSearchForm(data)
    form.is_valid()
    field = form.fields["q"]
    django_widget = forms.TextInput(attrs=dict(field.widget.attrs))
    django_widget.input_type = field.widget.input_type
    bound = form["q"]
    assert str(bound) == bound.as_widget(widget=django_widget)
    assert isinstance(field.widget, FastTextInput)
