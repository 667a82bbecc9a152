"""The council's markup built in Python (council/rendering.py) is the HTML its templates gave.

Each reference below is the template loop or partial the Python code replaced, kept verbatim: the
pages must render byte for byte what it rendered, for every kind of visitor and in both languages.
"""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.db.models import Prefetch
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from council import rendering
from council.forms import MeetingSearchForm
from council.models import AgendaItem, Attendance, Grievance, Meeting, Membership, Organisation
from council.stats import grievance_board, organisation_row, shared_organisations
from council.views import organisations_on
from gvalley.pagination import OneQueryPaginator
from gvalley.widgets import FastTextInput

from .factories import (
    AgendaItemFactory,
    CompanyFactory,
    DocumentFactory,
    GrievanceFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    manage,
)

pytestmark = pytest.mark.django_db

ARCHIVE_LOOP = """{% load i18n portal %}{% for meeting in meetings %}
      <li class="card">
        <h2 class="card-title"><a href="{{ meeting.get_absolute_url }}">{{ meeting }}</a></h2>
        <p class="meta">{{ meeting.starts_at|kdatetime }} · {{ meeting.place }} · {% include "council/_status.html" with status=meeting.status label=meeting.get_status_display %}</p>
        {% if meeting.agenda_items.all %}
          <ol class="agenda-titles">
            {% for item in meeting.agenda_items.all %}<li>{{ item.title }}</li>{% endfor %}
          </ol>
        {% endif %}
      </li>
    {% empty %}
      <li>{% if query %}{% translate "찾는 회의가 없습니다. 다른 낱말로 검색해 보세요." %}{% else %}{% translate "아직 공개된 회의가 없습니다." %}{% endif %}</li>
    {% endfor %}"""  # noqa: E501

GRIEVANCE_LOOP = """{% load i18n portal %}{% for grievance in grievances %}
      <li class="card">
        <h2 class="card-title"><a href="{{ grievance.get_absolute_url }}">{{ grievance.title }}</a></h2>
        <p class="meta">{{ grievance.received_on|kdate }} · {{ grievance.get_source_display }} · {% include "council/_status.html" with status=grievance.status label=grievance.get_status_display %}{% if grievance.holder %} · {% translate "담당" %} {{ grievance.holder }}{% endif %}
          {% if insider %}{% if grievance.company %} · {{ grievance.company.name }}{% endif %}{% if not grievance.is_public %} · <span class="badge badge-warn">{% translate "비공개" %}</span>{% endif %}{% elif grievance.public_company_name %} · {{ grievance.public_company_name }}{% endif %}</p>
      </li>
    {% empty %}
      <li>{% translate "해당하는 애로사항이 없습니다." %}</li>
    {% endfor %}"""  # noqa: E501

RECENT_LOOP = """{% load i18n portal %}{% for grievance in recent_grievances %}
          <li class="card">
            <a href="{{ grievance.get_absolute_url }}">{{ grievance.title }}</a>
            <p class="meta">{{ grievance.received_on|kdate }} · {% include "council/_status.html" with status=grievance.status label=grievance.get_status_display %}{% if grievance.holder %} · {{ grievance.holder }}{% endif %}</p>
          </li>
        {% endfor %}"""  # noqa: E501

ORGANISATION_LOOP = """{% load i18n %}{% for organisation in organisations %}
            <tr id="org-{{ organisation.pk }}">
              <th scope="row">{{ organisation.name }}</th>
              <td>{{ organisation.get_kind_display }}</td>
              <td>
                <ul class="seats">
                  {% for seat in organisation.seats %}
                    <li><span class="badge{% if seat.seat == 'co_chair' %} badge-ok{% endif %}">{{ seat.get_seat_display }}</span> {{ seat.office_title }}</li>
                  {% endfor %}
                </ul>
              </td>
            </tr>
          {% empty %}
            <tr><td colspan="3">{% translate "이 날짜에는 협의회 구성 기록이 없습니다." %}</td></tr>
          {% endfor %}"""  # noqa: E501

ATTENDANCE_LOOP = """{% for row in attendance_list %}
          <li><span class="badge attendance-{{ row.status }}">{{ row.get_status_display }}</span> {{ row.organisation.name }}</li>
        {% endfor %}"""  # noqa: E501

AGENDA_ITEM = """{% load i18n council_tags %}<h3>{{ item.position }}. {{ item.title }}</h3>
        {% if item.proposer %}<p class="meta">{% translate "제안" %}: {{ item.proposer.name }}</p>{% endif %}
        {% if item.summary %}<h4>{% translate "요약" %}</h4><div class="prose">{{ item.summary|linebreaks }}</div>{% endif %}
        {% if item.background %}<h4>{% translate "제안 배경" %}</h4><div class="prose">{{ item.background|linebreaks }}</div>{% endif %}
        {% if item.decision %}<h4>{% translate "결정 사항" %}</h4><div class="prose decision">{{ item.decision|linebreaks }}</div>{% endif %}
        {% if item.visible_documents %}
          <h4>{% translate "안건 자료" %}</h4>
          {% document_list item.visible_documents %}
        {% endif %}"""  # noqa: E501 (its _documents.html include is the tag, tested below)

FILTER_LOOPS = """{% load portal %}{% for y in years %}
        <li>{% if y == year %}<span aria-current="page">{{ y }}</span>{% else %}<a href="?{% url_replace year=y page='' %}">{{ y }}</a>{% endif %}</li>
      {% endfor %}|{% for value, label in statuses %}
        <li>{% if value == status %}<span aria-current="page">{{ label }}</span>{% else %}<a href="?{% url_replace status=value page='' %}">{{ label }}</a>{% endif %}</li>
      {% endfor %}"""  # noqa: E501

DOCUMENTS_PARTIAL = """{% load i18n %}
<ul class="documents">
  {% for document in documents %}
    <li><a href="{{ document.get_absolute_url }}" download>{{ document.title }}</a> <span class="meta">({{ document.extension|upper }}, {{ document.size|filesizeformat }})</span></li>
  {% endfor %}
</ul>
"""  # noqa: E501


BOARD_PARTIAL = """{% load i18n %}
<dl class="board">
  <div><dt>{% translate "접수" %}</dt><dd>{{ board.received }}</dd></div>
  <div><dt>{% translate "처리 중" %}</dt><dd>{{ board.in_progress }}</dd></div>
  <div><dt>{% translate "해결" %}</dt><dd>{{ board.resolved }}</dd></div>
  <div><dt>{% translate "평균 해결 기간" %}</dt><dd>{% if board.average_days is not None %}{% blocktranslate with days=board.average_days %}{{ days }}일{% endblocktranslate %}{% else %}—{% endif %}</dd></div>
</dl>
"""  # noqa: E501


def reference(source, **context):
    return Template(source).render(Context(context))


def between(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture(params=["ko", "en"])
def language(request):
    with translation.override(request.param):
        yield request.param


def get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


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


@pytest.mark.parametrize("role", ["anonymous", "resident", "member"])
@pytest.mark.parametrize("query", ["", "?q=주차", "?q=없는낱말", "?year=2013"])
def test_archive_cards_are_the_templates(clients, meetings, role, query, language):
    response = get(clients[role], reverse("council:archive") + query, language)
    html = response.content.decode()
    shown = [Meeting.objects.get(pk=meeting.pk) for meeting in response.context["meetings"]]
    expected = reference(ARCHIVE_LOOP, meetings=shown, query=response.context["query"])
    assert between(html, '<ul class="card-list meeting-list">\n    ', "\n  </ul>") == expected
    assert bool(shown) == (query in ("", "?q=주차"))


@pytest.mark.parametrize("role", ["anonymous", "resident", "manager", "member"])
def test_grievance_cards_are_the_templates(clients, company_manager, role, language):
    holder = OrganisationFactory(name="서울특별시", short_name="서울시")
    named = CompanyFactory(name="가산 <소프트>")
    GrievanceFactory(company=named, company_name_public=True, holder=holder, title="A & B")
    GrievanceFactory(company=CompanyFactory(), company_name_public=False)
    GrievanceFactory(is_public=False, company=manage(company_manager), status="reviewing")
    GrievanceFactory(is_public=False, source=Grievance.Source.MEETING, status="done")
    response = get(clients[role], reverse("council:grievances"), language)
    shown = [Grievance.objects.get(pk=grievance.pk) for grievance in response.context["grievances"]]
    expected = reference(GRIEVANCE_LOOP, grievances=shown, insider=response.context["insider"])
    html = response.content.decode()
    assert between(html, '<ul class="card-list">\n    ', "\n  </ul>") == expected
    assert len(shown) == {"anonymous": 2, "resident": 2, "manager": 3, "member": 4}[role]


def test_an_empty_grievance_list_is_the_templates(client, language):
    response = get(client, reverse("council:grievances") + "?status=done", language)
    expected = reference(GRIEVANCE_LOOP, grievances=[], insider=False)
    html = response.content.decode()
    assert between(html, '<ul class="card-list">\n    ', "\n  </ul>") == expected


def old_organisations_on(day):
    """The council page's make-up before it was read in one query."""
    seats = Membership.objects.active_on(day).order_by("seat", "start_date", "pk")
    return (
        Organisation.objects.filter(memberships__in=Membership.objects.active_on(day))
        .distinct()
        .prefetch_related(Prefetch("memberships", queryset=seats, to_attr="seats"))
    )


@pytest.mark.parametrize("on", ["", "?on=2016-06-30", "?on=2013-01-02"])
def test_council_page_lists_are_the_templates(client, on, language):
    early = OrganisationFactory(name="서울시", position=1, kind=Organisation.Kind.GOVERNMENT)
    later = OrganisationFactory(name="<금천구>", position=2, kind=Organisation.Kind.BUSINESS)
    MembershipFactory(organisation=later, seat=Membership.Seat.WORKING, office_title="과장")
    MembershipFactory(organisation=later, seat=Membership.Seat.CO_CHAIR, office_title="구청장")
    MembershipFactory(organisation=early, office_title="국장", end_date=datetime.date(2016, 12, 31))
    MembershipFactory(organisation=early, office_title="실장", start_date=datetime.date(2017, 1, 1))
    holder = OrganisationFactory(name="한국산업단지공단", short_name="")
    GrievanceFactory(holder=holder, title="공개 <애로>")
    GrievanceFactory(is_public=False, title="비공개 애로")
    GrievanceFactory(status="done")
    response = get(client, reverse("council:index") + on, language)
    html = response.content.decode()
    day = response.context["composition_date"]
    assert organisations_on(day) == [
        {
            "pk": organisation.pk,
            "name": organisation.name,
            "kind": organisation.kind,
            "seats": [{"seat": s.seat, "office_title": s.office_title} for s in organisation.seats],
        }
        for organisation in old_organisations_on(day)
    ]
    expected = reference(ORGANISATION_LOOP, organisations=old_organisations_on(day))
    assert between(html, "<tbody>\n          ", "\n        </tbody>") == expected
    recent = Grievance.objects.public().order_by("-received_on", "-pk")[:5]
    expected = reference(RECENT_LOOP, recent_grievances=recent)
    assert between(html, '<ul class="card-list">\n        ', "\n      </ul>") == expected
    assert "비공개 애로" not in html


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_attendance_is_the_templates(clients, role, language):
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    for position, status in enumerate(["present", "absent", "excused"]):
        organisation = OrganisationFactory(name=f"기관 <{position}>", position=5 - position)
        Attendance.objects.create(meeting=meeting, organisation=organisation, status=status)
    html = get(clients[role], meeting.get_absolute_url(), language).content.decode()
    rows = Attendance.objects.filter(meeting=meeting).select_related("organisation")
    expected = reference(ATTENDANCE_LOOP, attendance_list=rows)
    assert between(html, '<ul class="attendance">\n        ', "\n      </ul>") == expected


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_agenda_items_are_the_templates(clients, role, language):
    meeting = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    items = [
        AgendaItemFactory(
            meeting=meeting,
            title="<주차> & 교통",
            proposer=OrganisationFactory(name="금천구 <지역경제과>"),
            summary="첫 줄\n둘째 줄\n\n새 문단 <b>",
            background="배경",
            decision="결정 & 후속",
        ),
        AgendaItemFactory(meeting=meeting, summary="", background="", decision=""),
    ]
    DocumentFactory(meeting=meeting, agenda_item=items[0], title="자료 <1>")
    html = get(clients[role], meeting.get_absolute_url(), language).content.decode()
    for item in items:
        item.visible_documents = list(item.documents.all())
        expected = reference(AGENDA_ITEM, item=item)
        assert f'<article class="agenda-item" id="item-{item.pk}">\n        {expected}\n' in html


@pytest.mark.parametrize(
    "query", ["", "?q=%EC%A3%BC%EC%B0%A8&page=3", "?year=2020&status=done&x=%3C%22%3E", "?page=2"]
)
def test_filter_links_are_the_templates(query, language):
    request = RequestFactory().get("/council/" + query)
    years = [2027, 2020, 2013]
    statuses = Grievance.Status.choices
    for year, status in [(None, ""), (2020, "done")]:
        context = {"request": request, "years": years, "year": year}
        context.update(statuses=statuses, status=status)
        expected = reference(FILTER_LOOPS, **context)
        got = (
            rendering.choice_links(request, "year", year, [(y, y) for y in years])
            + "|"
            + rendering.choice_links(request, "status", status, statuses)
        )
        assert got == expected


def test_document_lists_are_the_old_partials(language):
    meeting = MeetingFactory()
    documents = [
        DocumentFactory(meeting=meeting, title='회의 <자료> & "초안"'),
        DocumentFactory(meeting=meeting, title="둘째"),
    ]
    documents[1].size = 5 * 1024 * 1024 + 17
    for listed in (documents, documents[:1], []):
        assert rendering.document_list(listed) == reference(DOCUMENTS_PARTIAL, documents=listed)


@pytest.mark.parametrize("days", [None, 0.0, 99.8, 1234.5])
def test_the_board_is_the_old_partial(days, language):
    figures = {"received": 12345, "in_progress": 194, "resolved": 0, "rejected": 1}
    figures["average_days"] = days
    assert rendering.board(figures) == reference(BOARD_PARTIAL, board=figures)


def test_pages_show_the_board_of_every_grievance(client):
    GrievanceFactory(status="done", received_on=datetime.date(2024, 1, 1))
    GrievanceFactory(is_public=False)
    expected = reference(BOARD_PARTIAL, board=grievance_board())
    for url in (reverse("council:index"), reverse("council:grievances")):
        assert expected in client.get(url).content.decode()


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
    assert FastTextInput(attrs={"required": True, "disabled": False}).render("n", "<v>") == (
        forms.TextInput(attrs={"required": True, "disabled": False}).render("n", "<v>")
    )


@pytest.mark.parametrize("count", [0, 1, 19, 20, 21, 45])
def test_one_query_paginator_pages_like_djangos(count):
    for i in range(count):
        MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=i))
    meetings = Meeting.objects.order_by("starts_at", "pk").only("pk")
    expected = Paginator(meetings, 20)
    for number in [*expected.page_range, expected.num_pages + 1, 0, "x"]:
        paginator = OneQueryPaginator(meetings, 20)
        try:
            want = expected.page(number)
        except EmptyPage:
            with pytest.raises(EmptyPage):
                paginator.page(number)
            continue
        except Exception as error:  # PageNotAnInteger
            with pytest.raises(type(error)):
                paginator.page(number)
            continue
        wanted = [m.pk for m in want]
        with CaptureQueriesContext(connection) as queries:
            page = paginator.page(number)
            assert paginator.count == expected.count
            assert [m.pk for m in page] == wanted
            assert (page.has_next(), page.has_previous()) == (want.has_next(), want.has_previous())
        assert len(queries) == (1 if count else 2)  # the empty list is counted, then read


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


def test_meeting_page_reads_an_organisation_newer_than_the_shared_ones(resident_client, language):
    """Proposers and attendance come from the shared organisations, else from the database."""
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    known = OrganisationFactory(name="서울특별시 <1>", position=2)
    Attendance.objects.create(meeting=meeting, organisation=known, status="present")
    # Signed in (no page cache): the first request shares the organisations.
    assert get(resident_client, meeting.get_absolute_url(), language).status_code == 200
    # Rows written without signals leave the shared data as it was (no content change seen).
    newer = Organisation.objects.bulk_create([Organisation(name="금천구 <2>", position=1)])[0]
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, organisation=newer, status="absent")]
    )
    item = AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=1, title="안건", proposer=newer)]
    )[0]
    assert newer.pk not in shared_organisations()
    assert organisation_row(newer.pk, shared_organisations()).name == "금천구 <2>"
    html = get(resident_client, meeting.get_absolute_url(), language).content.decode()
    rows = Attendance.objects.filter(meeting=meeting).select_related("organisation")
    expected = reference(ATTENDANCE_LOOP, attendance_list=rows.order_by("organisation__position"))
    assert between(html, '<ul class="attendance">\n        ', "\n      </ul>") == expected
    item.visible_documents = []
    assert f'<article class="agenda-item" id="item-{item.pk}">\n        ' in html
    assert reference(AGENDA_ITEM, item=item) in html
