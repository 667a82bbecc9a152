"""An open call in a real browser at 390 px (issue 21, point 4): a guardian enters a two-page
webtoon and confirms with the mailed code; two judges score it; staff close judging, give the
award and publish; an anonymous visitor sees the winners' gallery in Korean and English."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Entry
from gvalley.roles import DISTRICT_STAFF
from tests.browser.conftest import (
    WIDTHS,
    assert_accessible,
    desktop_context,
    image_loaded,
    phone_context,
    screenshot,
    sign_in,
)
from tests.events.factories import make_call, png
from tests.factories import PASSWORD, JudgeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_guardian_enters_judges_score_staff_publish_public_sees_winners(
    browser, live_server, tmp_path
):
    judges = [JudgeFactory(email=f"judge{n}@example.com") for n in (1, 2)]
    call = make_call(judges=judges, exhibition_starts_on=None)
    guardian = UserFactory(email="parent@example.com")
    staff = UserFactory(email="call-staff@example.com", is_staff=True, roles=[DISTRICT_STAFF])
    pages = []
    for n, colour in enumerate(("red", "blue"), start=1):
        path = tmp_path / f"page{n}.png"
        path.write_bytes(png(colour, size=(300, 400)))
        pages.append(str(path))

    # The guardian, on a phone, enters a two-page webtoon for a pupil.
    context = phone_context(browser, live_server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, guardian.email, PASSWORD)
    page.goto(reverse("events:call_enter", kwargs={"slug": call.slug}))
    page.get_by_label("작품 제목").fill("두 쪽짜리 공단 이야기")
    page.get_by_label("그림 또는 웹툰 이미지").set_input_files(pages)
    page.locator("#id_pupil_name").fill("김브라우저")
    page.locator("#id_pupil_school").fill("가산초등학교")
    page.locator("#id_pupil_grade").select_option("3")
    page.locator("#id_guardian_name").fill("김보호")
    page.locator("#id_guardian_email").fill("parent-mail@example.com")
    page.get_by_label(re.compile(r"^\(필수\)")).check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTHS["phone"], width
    screenshot(page, "calls-enter-390")
    assert_accessible(page, "entry form at 390 px")
    page.get_by_role("button", name="응모하기").click()
    page.get_by_text("보호자 이메일로 확인 번호를 보냈습니다").wait_for()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("확인 번호 (6자리)").fill(code)
    page.get_by_role("button", name="확인", exact=True).click()
    page.get_by_text("응모작이 접수되었습니다").wait_for()
    entry = Entry.objects.get()
    assert entry.status == Entry.Status.SUBMITTED and entry.pages.count() == 2
    context.close()

    # Two judges score it, seeing no name.
    criteria = list(call.criteria.all())
    for judge, points in zip(judges, ("40", "30"), strict=True):
        judge_context = desktop_context(browser, live_server)
        judge_page = judge_context.new_page()
        sign_in(judge_page, judge.email, PASSWORD)
        judge_page.goto(reverse("events:judging", kwargs={"slug": call.slug}))
        judge_page.get_by_role("link", name=entry.code).click()
        assert "김브라우저" not in judge_page.content() and "김보호" not in judge_page.content()
        for criterion in criteria:
            judge_page.locator(f"#id_c{criterion.pk}").fill(points)
        judge_page.get_by_role("button", name="점수 저장").click()
        judge_page.get_by_text("점수를 저장했습니다").wait_for()
        judge_context.close()

    # Staff close judging, give the award and publish.
    staff_context = desktop_context(browser, live_server)
    staff_page = staff_context.new_page()
    sign_in(staff_page, staff.email, PASSWORD)
    staff_page.goto(reverse("events:call_results", kwargs={"slug": call.slug}))
    staff_page.get_by_role("button", name="심사 마감").click()
    staff_page.get_by_text("심사를 마감했습니다").wait_for()
    staff_page.locator(f"#award-{entry.pk}").fill("대상")
    staff_page.locator(f"#rank-{entry.pk}").fill("1")
    staff_page.get_by_role("button", name="수상작 저장").click()
    staff_page.get_by_text("수상작을 저장했습니다").wait_for()
    staff_page.get_by_role("button", name="결과 공개").click()
    staff_page.get_by_text("결과를 공개했습니다.").first.wait_for()
    staff_context.close()

    # Anyone sees the winners' gallery, in Korean and in English, without the pupil's name.
    public = phone_context(browser, live_server).new_page()
    winners = reverse("events:winners", kwargs={"slug": call.slug})
    public.goto(winners)
    assert public.locator(".gallery-grid img").count() == 2
    assert public.get_by_text("이름 비공개").is_visible()
    assert "김브라우저" not in public.content()
    width = public.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTHS["phone"], width
    screenshot(public, "calls-winners-390")
    assert_accessible(public, "winners' gallery at 390 px")
    # A picture opens the work in the shared photo viewer: both pages of the webtoon, loaded
    # from the permission-checked file view (public now that the results are out).
    public.locator(".gallery-grid a").first.click()
    public.wait_for_selector("[data-photo-viewer]")
    viewer_images = public.locator(".photo-viewer-figure img")
    assert viewer_images.count() == 2
    for index in range(2):
        assert image_loaded(viewer_images.nth(index))
    width = public.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTHS["phone"], width
    assert_accessible(public, "winner's viewer at 390 px")
    public.goto(winners)
    public.goto("/en" + winners)
    assert public.get_by_text("Name withheld").is_visible()
    assert public.locator("html").get_attribute("lang") == "en"
    assert public.locator(".gallery-grid img").count() == 2
    public.context.close()
