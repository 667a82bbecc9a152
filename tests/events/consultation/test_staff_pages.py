"""Staff's outputs and the on-the-day page: the Excel grid, the table sheet per slot, marking
no-shows and moving a meeting; who may use them, and bad input."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from companies.models import CompanyMembership
from events import consultations
from events.models import Meeting

from .factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    consultation = make_consultation(buyers=4, companies=6)
    consultations.generate(consultation, time_limit=3)
    consultations.publish(consultation)
    return consultation


def _url(consultation, name, **kwargs):
    return reverse(
        f"events:consultation_{name}", kwargs={"slug": consultation.event.slug, **kwargs}
    )


def _hhmm(value):
    return f"{timezone.localtime(value):%H:%M}"


# Who may use them ------------------------------------------------------------------------------


def _staff_urls(consultation):
    meeting = consultation.meetings.order_by("pk").first()
    gets = [_url(consultation, n) for n in ("workbook", "sheet", "day")]
    posts = [
        _url(consultation, "day_status", meeting=meeting.pk),
        _url(consultation, "day_move", meeting=meeting.pk),
    ]
    return gets, posts


def test_anonymous_is_sent_to_sign_in(client, consultation):
    gets, posts = _staff_urls(consultation)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    for url in posts:
        response = client.post(url, {"status": "no_show"})
        assert response.status_code == 302 and "login" in response["Location"]
    assert not consultation.meetings.filter(status=Meeting.Status.NO_SHOW).exists()


def test_residents_and_managers_are_refused(client_for, resident, company_manager, consultation):
    # Even the manager of a participating company, who sees its own timetable, is refused here.
    participant = consultation.participants.order_by("pk").first()
    CompanyMembership.objects.create(company=participant.company, user=company_manager)
    gets, posts = _staff_urls(consultation)
    for user in (resident, company_manager):
        client = client_for(user)
        for url in gets:
            assert client.get(url).status_code == 403
        for url in posts:
            assert client.post(url, {"status": "no_show"}).status_code == 403
    assert not consultation.meetings.filter(status=Meeting.Status.NO_SHOW).exists()


def test_staff_may_use_them(client_for, staff, consultation):
    gets, _posts = _staff_urls(consultation)
    client = client_for(staff)
    for url in gets:
        assert client.get(url).status_code == 200


# The Excel file --------------------------------------------------------------------------------


def test_the_workbook_holds_the_grid_the_meetings_and_the_totals(client_for, staff, consultation):
    held = consultation.meetings.order_by("pk").first()
    held.status, held.amount_usd, held.outcome = "held", Decimal("1500.00"), "contract_likely"
    held.save()
    response = client_for(staff).get(_url(consultation, "workbook"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    grid, listing, totals = book.worksheets

    # Grid: a row per slot, a column per table; each meeting in its (slot, table) cell.
    slots = list(consultation.slots.order_by("starts_at"))
    assert grid.max_row == 1 + len(slots)
    assert grid.max_column == 1 + consultation.tables
    assert [grid.cell(1, 1 + t).value for t in range(1, 4)] == ["테이블 1", "테이블 2", "테이블 3"]
    rows = {grid.cell(r, 1).value: r for r in range(2, grid.max_row + 1)}
    meetings = list(consultation.meetings.select_related("slot", "buyer", "participant__company"))
    assert meetings
    filled = 0
    for meeting in meetings:
        row = rows[f"{_hhmm(meeting.slot.starts_at)}–{_hhmm(meeting.slot.ends_at)}"]
        cell = grid.cell(row, 1 + meeting.table).value
        assert cell.startswith(f"{meeting.buyer.company_name} ({meeting.buyer.country}) × ")
        assert meeting.participant.company.name in cell
        if meeting.interpreter_id:
            assert f"통역: {meeting.interpreter.name}" in cell
        filled += 1
    cells = [c.value for row in grid.iter_rows(min_row=2, min_col=2) for c in row if c.value]
    assert len(cells) == filled

    # Meetings: one row per meeting, in time then table order.
    assert listing.max_row == 1 + len(meetings)
    first = consultation.meetings.order_by("slot__starts_at", "table", "pk").first()
    assert listing.cell(2, 3).value == first.table
    assert listing.cell(2, 4).value == first.buyer.company_name
    held_row = next(
        r
        for r in range(2, listing.max_row + 1)
        if listing.cell(r, 4).value == held.buyer.company_name
        and listing.cell(r, 6).value == held.participant.company.name
    )
    assert listing.cell(held_row, 8).value == "상담 완료"
    assert listing.cell(held_row, 11).value == 1500

    # Totals: the same figures as the totals page, the total row last of each group.
    values = [[c.value for c in row] for row in totals.iter_rows(min_row=2)]
    assert values[-1][2:] == ["합계", 1, 1500, 1500]
    country = [row for row in values if row[1] == held.buyer.country]
    assert country and country[0][3] == 1


# The table sheet per slot ----------------------------------------------------------------------


def test_the_sheet_lists_every_slot_and_every_table_in_print_sections(
    client_for, staff, consultation
):
    html = client_for(staff).get(_url(consultation, "sheet")).content.decode()
    assert html.count('class="slot-sheet"') == consultation.slots.count()
    assert html.count('class="sheet-meeting"') == consultation.meetings.count()
    meeting = consultation.meetings.exclude(interpreter=None).first()
    assert meeting and meeting.interpreter.name in html
    assert "css/events.css" in html


# On the day ------------------------------------------------------------------------------------


def test_the_day_page_lists_the_chosen_slot(client_for, staff, consultation):
    slot = consultation.slots.filter(meetings__isnull=False).order_by("-starts_at").first()
    html = client_for(staff).get(_url(consultation, "day"), {"slot": slot.pk}).content.decode()
    assert html.count('class="day-meeting"') == slot.meetings.count()
    for meeting in slot.meetings.select_related("buyer"):
        assert meeting.buyer.company_name in html


def test_staff_mark_a_no_show(client_for, staff, consultation):
    meeting = consultation.meetings.order_by("pk").first()
    response = client_for(staff).post(
        _url(consultation, "day_status", meeting=meeting.pk), {"status": "no_show"}, follow=True
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NO_SHOW
    assert "불참(노쇼)(으)로 표시했습니다" in response.content.decode()


def _free_place(consultation, meeting):
    """A slot and table where the meeting may go: nobody of it busy, the table empty."""
    for slot in consultation.slots.order_by("starts_at"):
        busy = slot.meetings.exclude(pk=meeting.pk)
        if (
            busy.filter(buyer=meeting.buyer).exists()
            or busy.filter(participant=meeting.participant).exists()
        ):
            continue
        if slot.pk == meeting.slot_id:
            continue
        for table in range(1, consultation.tables + 1):
            if not busy.filter(table=table).exists():
                return slot, table
    raise AssertionError("no free place in the test grid")


def test_staff_move_a_meeting_to_a_free_place(client_for, staff):
    # More tables than buyers and few meetings per buyer, so free places exist.
    consultation = make_consultation(buyers=4, companies=6, tables=5, maximum=3)
    consultations.generate(consultation, time_limit=3)
    meeting = consultation.meetings.filter(interpreter=None).order_by("pk").first()
    slot, table = _free_place(consultation, meeting)
    client = client_for(staff)
    response = client.post(
        _url(consultation, "day_move", meeting=meeting.pk), {"slot": slot.pk, "table": table}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"?slot={slot.pk}")
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table, meeting.locked) == (slot.pk, table, True)
    # The message says where to, in local time (the slots are 10:00–12:00 in Seoul).
    html = client.get(response["Location"]).content.decode()
    assert f"{_hhmm(slot.starts_at)}–{_hhmm(slot.ends_at)} {table}번 테이블로 옮겼습니다" in html
    assert _hhmm(slot.starts_at) >= "10:00"


def test_a_move_to_an_occupied_table_is_refused_with_the_service_message(
    client_for, staff, consultation
):
    meeting, other = consultation.meetings.order_by("slot__starts_at", "table")[:2]
    before = (meeting.slot_id, meeting.table)
    other_slot = consultation.meetings.exclude(slot=meeting.slot).order_by("pk").first()
    response = client_for(staff).post(
        _url(consultation, "day_move", meeting=meeting.pk),
        {"slot": other_slot.slot_id, "table": other_slot.table},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "테이블에는 이미 상담이 있습니다" in html or "다른 상담이 있습니다" in html
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table, meeting.locked) == (*before, False)


# Bad input -------------------------------------------------------------------------------------


def test_bad_input_gives_404_or_400_or_a_message_and_changes_nothing(
    client_for, staff, consultation
):
    client = client_for(staff)
    meeting = consultation.meetings.order_by("pk").first()
    stranger = make_consultation(buyers=2, companies=2)
    consultations.generate(stranger, time_limit=2)
    foreign = stranger.meetings.first()
    # Unknown event, unknown or foreign meeting, unknown slot: 404.
    assert client.get("/events/no-such-event/consultation/day/").status_code == 404
    assert client.get("/events/no-such-event/consultation/grid.xlsx").status_code == 404
    assert client.post(_url(consultation, "day_status", meeting=999999)).status_code == 404
    assert (
        client.post(
            _url(consultation, "day_status", meeting=foreign.pk), {"status": "no_show"}
        ).status_code
        == 404
    )
    other_slot = stranger.slots.first()
    assert client.get(_url(consultation, "day"), {"slot": other_slot.pk}).status_code == 404
    # A malformed slot number: 400 with a message.
    response = client.get(_url(consultation, "day"), {"slot": "abc"})
    assert (
        response.status_code == 400
        and "시간대 번호가 올바르지 않습니다" in response.content.decode()
    )
    # A GET on a POST-only address: 405.
    assert client.get(_url(consultation, "day_status", meeting=meeting.pk)).status_code == 405
    # Malformed form values: the day page again, status 400, the reason, nothing changed.
    for data in ({"status": "bogus"}, {}):
        response = client.post(_url(consultation, "day_status", meeting=meeting.pk), data)
        assert response.status_code == 400
        assert "상태 값이 올바르지 않습니다" in response.content.decode()
    for data, text in (
        ({"slot": other_slot.pk, "table": 1}, "이 수출상담회의 시간대가 아닙니다"),
        ({"slot": "x", "table": 1}, "이 수출상담회의 시간대가 아닙니다"),
        ({"slot": meeting.slot_id, "table": 99}, "3 이하"),
        ({"slot": meeting.slot_id, "table": "two"}, "정수"),
    ):
        response = client.post(_url(consultation, "day_move", meeting=meeting.pk), data)
        assert response.status_code == 400, data
        assert text in response.content.decode(), data
    before = (meeting.slot_id, meeting.table, meeting.status, meeting.locked)
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table, meeting.status, meeting.locked) == before
    assert not consultation.meetings.filter(status=Meeting.Status.NO_SHOW).exists()


def test_the_staff_pages_in_english(client_for, staff, consultation):
    client = client_for(staff)
    with translation.override("en"):
        day, sheet, workbook = (_url(consultation, n) for n in ("day", "sheet", "workbook"))
    assert ": on the day" in client.get(day).content.decode()
    assert ": table sheet" in client.get(sheet).content.decode()
    book = load_workbook(io.BytesIO(client.get(workbook).content))
    assert book.sheetnames == ["Grid by slot", "Meetings", "Results"]
    assert book.worksheets[0].cell(1, 2).value == "Table 1"


def test_a_slot_reads_in_local_time(consultation):
    # The admin's meeting list and move form name slots by str(): 10:00 in Seoul, not 01:00 UTC.
    first = consultation.slots.order_by("starts_at").first()
    assert str(first) == "10:00–10:20"
