"""The 수출상담회 review page in the browser: staff lock a meeting from its cell and publish, at
desktop width and on a phone (the grid scrolls inside its box, never the page); axe finds nothing
serious."""

import pytest
from django.urls import reverse

from events import consultations
from events.models import Meeting
from gvalley.roles import DISTRICT_STAFF, sync_role_permissions
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.events.consultation.factories import make_consultation
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _review(consultation):
    return reverse("events:consultation_review", kwargs={"slug": consultation.event.slug})


def test_review_lock_and_publish(page, phone_page, live_server):
    consultation = make_consultation(buyers=5, companies=8, tables=5, minimum=2)
    consultations.generate(consultation, time_limit=3)
    sync_role_permissions()
    staff = UserFactory(email="staff-review@example.com", is_staff=True, roles=[DISTRICT_STAFF])

    # Desktop: the report and the grid; lock the first meeting from its cell.
    sign_in(page, staff.email, PASSWORD)
    page.goto(_review(consultation))
    assert page.get_by_role("heading", name="마지막 배정 결과").is_visible()
    first = consultation.meetings.order_by("slot__starts_at", "table").first()
    cell = page.locator(f"#meeting-{first.pk}")
    cell.get_by_role("button", name="고정").click()
    page.get_by_text("고정했습니다.").wait_for()
    assert page.locator(f"#meeting-{first.pk} .review-locked").is_visible()
    assert Meeting.objects.get(pk=first.pk).locked
    assert_accessible(page, "review, desktop")
    screenshot(page, "consultation-review-desktop")

    # Phone: the grid scrolls sideways inside its box; the page itself does not.
    sign_in(phone_page, staff.email, PASSWORD)
    phone_page.goto(_review(consultation))
    wrap = phone_page.locator(".review-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    assert phone_page.evaluate(PAGE_OVERFLOW) <= 0
    # The slot column stays in view when the grid is scrolled to its last table.
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    slot_cell = phone_page.locator(".review-grid tbody th[scope=row]").first
    box, frame = slot_cell.bounding_box(), wrap.bounding_box()
    assert frame["x"] - 1 <= box["x"] <= frame["x"] + 2
    assert_accessible(phone_page, "review, phone")
    screenshot(phone_page, "consultation-review-phone")

    # Publish from the phone; the buttons are gone once everything is published.
    phone_page.get_by_role("button", name="공개하고 메일 보내기").click()
    phone_page.get_by_text("배정 결과를 공개했습니다.").wait_for()
    assert not consultation.meetings.filter(published=False).exists()
    assert phone_page.get_by_role("button", name="공개하고 메일 보내기").count() == 0
    assert phone_page.evaluate(PAGE_OVERFLOW) <= 0
