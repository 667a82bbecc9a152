"""The 수출상담회 in the browser: staff generate and publish in the admin; a company manager reads the
timetable on a phone and downloads its .ics; a buyer reads theirs in English."""

import pytest
from django.urls import reverse
from django.utils import translation

from companies.models import CompanyMembership
from events.models import Meeting
from gvalley.roles import DISTRICT_STAFF, sync_role_permissions
from tests.browser.conftest import screenshot, sign_in
from tests.events.consultation.factories import make_consultation
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _run_action(page, consultation, action):
    page.goto("/admin/events/consultation/")
    page.locator(f'input[name="_selected_action"][value="{consultation.pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.locator('button[name="index"]').click()


def test_generate_publish_and_read_the_timetables(page, phone_page, browser, live_server):
    consultation = make_consultation(buyers=4, companies=6)
    buyer = consultation.buyers.get(company_name="Buyer 1")
    buyer.user = UserFactory(email="buyer@example.com")
    buyer.save()
    participant = consultation.participants.order_by("pk").first()
    manager = UserFactory(email="manager@example.com")
    CompanyMembership.objects.create(company=participant.company, user=manager)
    sync_role_permissions()
    staff = UserFactory(email="staff-c@example.com", is_staff=True, roles=[DISTRICT_STAFF])

    sign_in(page, staff.email, PASSWORD)
    _run_action(page, consultation, "generate")
    page.get_by_text("자동 배정을 시작했습니다.").wait_for()
    assert Meeting.objects.filter(consultation=consultation).exists()
    _run_action(page, consultation, "publish")
    page.get_by_text("배정 결과를 공개했습니다.").wait_for()

    timetable = reverse("events:consultation_timetable", kwargs={"slug": consultation.event.slug})
    own = Meeting.objects.filter(participant=participant).count()
    sign_in(phone_page, manager.email, PASSWORD)
    phone_page.goto(timetable)
    assert phone_page.locator(".timetable-meeting").count() == own > 0
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the timetable is {width} px wide on a 390 px phone"
    screenshot(phone_page, "consultation-timetable-390")
    with phone_page.expect_download() as download:
        phone_page.get_by_role("link", name="캘린더 파일(.ics) 받기").click()
    body = open(download.value.path(), encoding="utf-8").read()
    assert body.startswith("BEGIN:VCALENDAR") and body.count("BEGIN:VEVENT") == own

    buyer_context = browser.new_context(base_url=live_server.url, locale="en-US")
    buyer_page = buyer_context.new_page()
    sign_in(buyer_page, buyer.user.email, PASSWORD)
    with translation.override("en"):
        english = reverse("events:consultation_timetable", kwargs={"slug": consultation.event.slug})
    buyer_page.goto(english)
    buyer_page.get_by_role("heading", name="meeting schedule").wait_for()
    meetings = Meeting.objects.filter(buyer=buyer).count()
    assert buyer_page.locator(".timetable-meeting").count() == meetings > 0
    assert buyer_page.get_by_text("Download the calendar file (.ics)").is_visible()
    screenshot(buyer_page, "consultation-timetable-buyer-en")
    buyer_context.close()
