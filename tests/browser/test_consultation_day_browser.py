"""The 수출상담회's staff pages in the browser: the on-the-day page marks a no-show and moves a
meeting; the table sheet prints one slot per page without the site's header; a timetable prints
without its links."""

import pytest
from django.urls import reverse

from companies.models import CompanyMembership
from events import consultations
from events.models import Meeting
from gvalley.roles import DISTRICT_STAFF, sync_role_permissions
from tests.browser.conftest import screenshot, sign_in
from tests.events.consultation.factories import make_consultation
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _url(consultation, name):
    return reverse(f"events:consultation_{name}", kwargs={"slug": consultation.event.slug})


def test_day_page_and_printing(page, live_server):
    consultation = make_consultation(buyers=4, companies=6)
    consultations.generate(consultation, time_limit=3)
    consultations.publish(consultation)
    sync_role_permissions()
    staff = UserFactory(email="staff-day@example.com", is_staff=True, roles=[DISTRICT_STAFF])
    sign_in(page, staff.email, PASSWORD)

    # On the day: the first slot's first meeting is a no-show.
    first = consultation.meetings.order_by("slot__starts_at", "table").first()
    page.goto(_url(consultation, "day"))
    assert page.locator(".day-meeting").count() == first.slot.meetings.count()
    page.locator(".day-meeting").first.get_by_role("button", name="불참(노쇼)").click()
    page.get_by_text("불참(노쇼)(으)로 표시했습니다").wait_for()
    first.refresh_from_db()
    assert first.status == Meeting.Status.NO_SHOW
    # A move onto an occupied table is refused, with the service's message, nothing moved.
    other = consultation.meetings.exclude(slot=first.slot).order_by("pk").first()
    form = page.locator(".day-meeting").first.locator("form.day-move")
    form.locator('select[name="slot"]').select_option(str(other.slot_id))
    form.locator('input[name="table"]').fill(str(other.table))
    form.get_by_role("button", name="옮기기").click()
    page.locator(".message-error").wait_for()
    moved = Meeting.objects.get(pk=first.pk)
    assert (moved.slot_id, moved.table) == (first.slot_id, first.table)
    screenshot(page, "consultation-day")

    # The table sheet, printed: no header or footer, a page break after each slot.
    page.goto(_url(consultation, "sheet"))
    assert page.locator(".slot-sheet").count() == consultation.slots.count()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    breaks = page.eval_on_selector_all(
        ".slot-sheet", "els => els.map(e => getComputedStyle(e).breakAfter)"
    )
    assert breaks[:-1] == ["page"] * (len(breaks) - 1) and breaks[-1] != "page"
    screenshot(page, "consultation-sheet-print")
    page.emulate_media(media="screen")

    # A company manager's timetable prints its meetings without the links.
    manager = UserFactory(email="manager-day@example.com")
    participant = consultation.participants.order_by("pk").first()
    CompanyMembership.objects.create(company=participant.company, user=manager)
    page.context.clear_cookies()
    sign_in(page, manager.email, PASSWORD)
    page.goto(_url(consultation, "timetable"))
    page.emulate_media(media="print")
    assert page.locator(".timetable-meeting").first.is_visible()
    assert not page.get_by_role("link", name="캘린더 파일(.ics) 받기").is_visible()
    assert not page.locator(".site-header").is_visible()
