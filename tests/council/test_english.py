"""The council's public pages in English: English content where written, else the Korean marked.

Every visible text run (script and style skipped) is checked with the language a screen reader
reads it in (tests/markup.py): on /en/ pages no Hangul may stand outside a lang="ko" element.
"""

import re

import pytest
from django.urls import reverse

from council import demo
from council.models import Grievance, Meeting, Membership, Organisation
from tests.addresses import english
from tests.markup import HANGUL, hangul_outside_korean, language_of

from .factories import (
    AgendaItemFactory,
    DocumentFactory,
    GrievanceFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    OrganisationFactory,
    manage,
)

pytestmark = pytest.mark.django_db

NOTE = "Korean original"


def get(client, path):
    """Return a page without its head (the <title> names the content too, unmarked)."""
    response = client.get(path)
    assert response.status_code == 200, path
    return re.sub(r"<head>.*?</head>", "", response.content.decode(), count=1, flags=re.S)


def public_pages():
    """Return the English addresses of the council's public pages for what is in the database."""
    meeting = (
        Meeting.objects.public()
        .filter(status=Meeting.Status.MINUTES_PUBLISHED, documents__isnull=False)
        .order_by("-starts_at")
        .first()
    ) or Meeting.objects.public().order_by("-starts_at").first()
    grievance = Grievance.objects.public().order_by("-received_on", "-pk").first()
    paths = [
        reverse("council:index"),
        reverse("council:archive"),
        meeting.get_absolute_url(),
        reverse("council:grievances"),
        grievance.get_absolute_url(),
    ]
    return [english(path) for path in paths]


@pytest.fixture
def demo_council():
    demo.load(scale=0, progress=lambda items, **kwargs: items)


def test_the_demo_council_reads_in_english_with_korean_only_where_marked(client, demo_council):
    for path in public_pages():
        html = get(client, path)
        assert hangul_outside_korean(html) == [], path
    council = get(client, english(reverse("council:index")))
    for text in ("Seoul Metropolitan Government", "Deputy District Mayor", "Co-chair"):
        assert language_of(council, text) == "en", text
    assert "(사)한국녹색도시협회" not in council
    meeting = Meeting.objects.filter(
        status=Meeting.Status.MINUTES_PUBLISHED, documents__isnull=False
    ).get()
    html = get(client, english(meeting.get_absolute_url()))
    item = meeting.agenda_items.order_by("position").first()
    assert language_of(html, item.title_en) == "en"
    assert language_of(html, "Progress will be reviewed at the next meeting.") == "en"
    assert language_of(html, meeting.place_en) == "en"
    # Everything on a meeting's page has its English in the demo, its documents' titles too.
    document = meeting.documents.get()
    assert language_of(html, document.title_en) == "en"
    assert NOTE not in html
    grievances = get(client, english(reverse("council:grievances")))
    title = Grievance.objects.public().order_by("-received_on", "-pk").first().title_en
    assert title and language_of(grievances, title) == "en"


def test_a_grievance_page_marks_what_is_kept_in_korean_only(client, demo_council):
    grievance = Grievance.objects.public().order_by("-received_on", "-pk").first()
    html = get(client, english(grievance.get_absolute_url()))
    assert language_of(html, grievance.title_en) == "en"
    # The description (written by a company) and the steps' notes are Korean only: marked.
    assert language_of(html, grievance.description) == "ko"
    assert language_of(html, NOTE) == "en"
    assert hangul_outside_korean(html) == []


@pytest.fixture
def korean_only():
    """Council content with Korean texts only, on each public page."""
    organisation = OrganisationFactory(name="금천구", short_name="")
    MembershipFactory(organisation=organisation, office_title="부구청장")
    meeting = MeetingFactory(status=Meeting.Status.MINUTES_PUBLISHED, place="구청 회의실")
    item = AgendaItemFactory(
        meeting=meeting, title="주차 개선", summary="주차난", decision="조사", proposer=organisation
    )
    DocumentFactory(meeting=meeting, agenda_item=item, title="안건 자료")
    MinutesFactory(meeting=meeting, body="<p>주차를 논의했습니다.</p>", status="published")
    GrievanceFactory(title="마을버스 배차", holder=organisation)
    return meeting


def test_korean_only_council_texts_are_the_korean_original_marked(client, korean_only):
    for path in public_pages():
        html = get(client, path)
        assert hangul_outside_korean(html) == [], path
    html = get(client, english(korean_only.get_absolute_url()))
    for text in (
        "구청 회의실",
        "주차 개선",
        "주차난",
        "조사",
        "금천구",
        "안건 자료",
        "주차를 논의",
    ):
        assert language_of(html, text) == "ko", text
    assert html.count(f'<small class="korean-original">{NOTE}</small>') >= 7
    council = get(client, english(reverse("council:index")))
    assert language_of(council, "부구청장") == "ko" and language_of(council, "금천구") == "ko"


def test_english_council_texts_are_shown_where_written(client, korean_only):
    Organisation.objects.update(name_en="Geumcheon-gu")
    Membership.objects.update(office_title_en="Deputy District Mayor")
    Meeting.objects.update(place_en="District office meeting room")
    Grievance.objects.update(title_en="Village bus intervals")
    council = get(client, english(reverse("council:index")))
    for text in ("Geumcheon-gu", "Deputy District Mayor", "Village bus intervals"):
        assert language_of(council, text) == "en", text
    assert "부구청장" not in council and "마을버스 배차" not in council
    meeting = get(client, english(korean_only.get_absolute_url()))
    assert language_of(meeting, "District office meeting room") == "en"
    assert language_of(meeting, "Geumcheon-gu") == "en"  # the proposer and attendance
    # The Korean pages are unchanged.
    korean = get(client, reverse("council:index").removeprefix("/en"))
    assert "부구청장" in korean and "Deputy District Mayor" not in korean and NOTE not in korean


def test_the_council_page_shares_its_facts_between_the_languages(client, korean_only):
    """The make-up is shared data: made once, it must serve each language its own texts."""
    Organisation.objects.update(name_en="Geumcheon-gu")
    korean = get(client, reverse("council:index").removeprefix("/en"))
    assert "금천구" in korean and "Geumcheon-gu" not in korean
    english_page = get(client, english(reverse("council:index")))
    assert language_of(english_page, "Geumcheon-gu") == "en"
    korean = get(client, reverse("council:index").removeprefix("/en"))
    assert "Geumcheon-gu" not in korean


def test_a_grievance_submitted_on_an_english_page_is_kept_as_the_korean_original(
    company_manager, company_manager_client
):
    """What a company writes is the original, in the Korean column, whatever the page's language."""
    company = manage(company_manager)
    response = company_manager_client.post(
        english(reverse("council:grievance_new")),
        {
            "company": company.pk,
            "title": "Parking for visitors",
            "description": "There is no visitor parking.",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    grievance = Grievance.objects.get()
    assert grievance.title_ko == "Parking for visitors" and not grievance.title_en


def test_loading_the_demo_again_adds_english_where_it_is_missing(demo_council):
    """A database loaded before the English texts existed gets them; an editor's stay."""
    Organisation.objects.update(name_en=None, short_name_en="")
    Meeting.objects.update(place_en="")
    Grievance.objects.update(title_en="")
    Organisation.objects.filter(name_ko="구로구").update(name_en="Guro District")
    demo.load(scale=0, progress=lambda items, **kwargs: items)
    assert Organisation.objects.get(name_ko="서울시").name_en == "Seoul Metropolitan Government"
    assert Organisation.objects.get(name_ko="구로구").name_en == "Guro District"
    assert not Meeting.objects.filter(place_en="").exists()
    grievance = Grievance.objects.order_by("pk").first()
    suffix = grievance.title_ko.rsplit(" (", 1)[1]
    assert grievance.title_en.endswith(f" ({suffix}") and not HANGUL.search(grievance.title_en)


@pytest.mark.parametrize("word", ["주차", "논의"])
def test_the_site_search_in_english_finds_meetings_and_their_minutes(client, korean_only, word):
    """The minutes' snippet is read in both languages (a rewritten `body` broke the query)."""
    html = get(client, english(reverse("search")) + f"?q={word}")
    assert korean_only.get_absolute_url().removeprefix("/en") in html
