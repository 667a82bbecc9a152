"""The company directory in a real browser: register with a logo → staff approve in the admin →
found by a two-syllable search → the manager edits → a rename waits while the old name stays."""

import io

import pytest
from PIL import Image

from companies.models import Company, PendingChange
from companies.reference import load_reference_data
from tests.browser.conftest import WIDTHS, assert_accessible, screenshot, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def logo_path(tmp_path):
    path = tmp_path / "logo.png"
    image = Image.new("RGB", (480, 480), (11, 92, 173))
    for x in range(120, 360):
        for y in range(200, 280):
            image.putpixel((x, y), (255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def sign_out(page):
    page.get_by_role("button", name="로그아웃").click()


def test_register_approve_search_edit_and_rename_waits(browser, live_server, logo_path):
    load_reference_data()
    founder = UserFactory(email="founder@example.com", name="창업자")
    UserFactory(email="chief@gvalley.example", is_staff=True, is_superuser=True)
    context = browser.new_context(
        viewport={"width": WIDTHS["desktop"], "height": 900},
        locale="ko-KR",
        base_url=live_server.url,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    # 1. A new user registers a company with a logo.
    sign_in(page, founder.email, PASSWORD)
    page.goto("/companies/register/")
    assert page.locator("h1").inner_text() == "기업 등록 신청"
    assert_accessible(page, "registration form")
    page.get_by_role("textbox", name="기업명", exact=True).fill("온다솔루션즈")
    page.get_by_role("textbox", name="영문 기업명").fill("Onda Solutions")
    page.get_by_role("textbox", name="사업자등록번호").fill("220-81-62517")
    page.get_by_role("combobox", name="업종 (한국표준산업분류)").select_option("62")
    page.get_by_role("combobox", name="단지").select_option("2")
    page.get_by_role("textbox", name="주요 제품·서비스", exact=True).fill(
        "중소기업용 클라우드 보안 관제"
    )
    page.get_by_role("textbox", name="키워드", exact=True).fill("보안, 클라우드")
    page.get_by_role("checkbox", name="벤처기업").check()
    page.locator("#id_logo_file").set_input_files(str(logo_path))
    page.get_by_role("button", name="등록 신청").click()
    assert "등록을 신청했습니다" in page.locator(".messages").inner_text()
    assert "검토 대기" in page.locator(".notice-warn").inner_text()
    company = Company.objects.get(name="온다솔루션즈")
    assert company.status == Company.Status.PENDING and company.logo is not None
    sign_out(page)

    # Not public yet.
    page.goto("/companies/?q=온다")
    assert page.get_by_text("기업 0곳").is_visible()

    # 2. Staff approve it in the admin.
    sign_in(page, "chief@gvalley.example", PASSWORD)
    page.goto("/admin/companies/company/?status__exact=pending")
    page.get_by_role("row", name="온다솔루션즈").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("approve")
    page.get_by_role("button", name="실행").click()
    assert "승인했습니다" in page.locator(".messagelist").inner_text()
    company.refresh_from_db()
    assert company.status == Company.Status.APPROVED
    context.clear_cookies()

    # 3. Anyone finds it with two syllables of its name.
    page.goto("/companies/?q=다솔")
    card = page.locator(".company-card", has_text="온다솔루션즈")
    assert card.is_visible()
    assert card.locator("img").get_attribute("srcset")
    assert card.get_by_text("벤처기업").is_visible()

    # 4. Its manager edits it: a description goes live, a rename waits for review.
    sign_in(page, founder.email, PASSWORD)
    page.goto(company.get_absolute_url())
    page.get_by_role("link", name="정보 수정").click()
    page.get_by_role("textbox", name="소개", exact=True).fill(
        "클라우드 보안 관제를 하는 G밸리 기업입니다."
    )
    page.get_by_role("textbox", name="기업명", exact=True).fill("온다시큐리티")
    page.get_by_role("button", name="저장").click()
    assert "검토 후 반영" in page.locator(".messages").inner_text()
    assert page.locator("h1").inner_text() == "온다솔루션즈"
    assert "검토 대기 중인 변경" in page.locator("main").inner_text()
    assert PendingChange.objects.get(company=company).name == "온다시큐리티"
    context.clear_cookies()

    # The old name stays listed, the description is live, the new name is not public yet.
    page.goto("/companies/?q=다솔")
    assert page.locator(".company-card", has_text="온다솔루션즈").is_visible()
    page.goto("/companies/?q=시큐")
    assert page.locator(".company-card", has_text="온다").count() == 0
    page.goto(company.get_absolute_url())
    assert page.get_by_text("클라우드 보안 관제를 하는 G밸리 기업입니다.").is_visible()
    assert page.get_by_text("220-81-*****").is_visible()
    context.close()


def test_list_and_detail_screenshots_at_both_widths(page, phone_page):
    load_reference_data()
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    company = Company.objects.get(name="한빛보안솔루션")
    for tab in (page, phone_page):
        width = tab.viewport_size["width"]
        tab.goto("/companies/?q=보안")
        assert tab.locator("h1").count() == 1
        assert tab.locator(".company-card").count() >= 3
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(tab, f"companies-list-{width}")
        assert_accessible(tab, f"/companies/ at {width}px")
        tab.goto(company.get_absolute_url())
        assert tab.locator("h1").inner_text() == "한빛보안솔루션"
        assert tab.get_by_role("link", name="카카오맵").is_visible()
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(tab, f"companies-detail-{width}")
        assert_accessible(tab, f"detail at {width}px")
    assert page.console_errors == []


def test_filters_work_without_javascript(browser, live_server):
    load_reference_data()
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    context = browser.new_context(
        java_script_enabled=False, locale="ko-KR", base_url=live_server.url
    )
    page = context.new_page()
    page.goto("/companies/")
    page.locator("#id_complex").select_option("1")
    page.locator(".filter-buttons button[type=submit]").click()
    # The click returns once the next page starts loading; read the cards once it has loaded.
    page.wait_for_url("**complex=1**")
    page.wait_for_load_state()
    names = page.locator(".company-card .meta").all_inner_texts()
    assert names and all("1단지" in n for n in names)
    context.close()


CHOOSABLE_BUILDINGS = """() => Array.from(document.querySelectorAll('#id_building option'))
    .filter(o => o.value && !o.disabled && !o.parentElement.disabled && !o.parentElement.hidden)
    .map(o => o.textContent)"""


def test_the_building_list_narrows_as_the_complex_changes(page):
    load_reference_data()
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    page.goto("/companies/")
    every = page.evaluate(CHOOSABLE_BUILDINGS)
    assert "대륭포스트타워 8차" in every and "가산 누리테크타워" in every
    page.locator("#id_complex").select_option("1")
    first = page.evaluate(CHOOSABLE_BUILDINGS)
    assert "대륭포스트타워 8차" in first and "가산 누리테크타워" not in first
    # A building chosen, then another complex: the building list goes back to every building.
    page.locator("#id_building").select_option(label="대륭포스트타워 8차")
    page.locator("#id_complex").select_option("2")
    assert page.locator("#id_building").input_value() == ""
    assert "가산 누리테크타워" in page.evaluate(CHOOSABLE_BUILDINGS)
    page.locator("#id_complex").select_option("")
    assert page.evaluate(CHOOSABLE_BUILDINGS) == every
    page.locator(".filter-buttons button[type=submit]").click()
    assert page.console_errors == []


def test_an_overseas_buyer_finds_a_supplier_in_english(browser, live_server):
    """In /en/, a buyer filters by industry (its English KSIC name), "English profile available"
    and an export market, opens a company and reads its English products and description."""
    load_reference_data()
    from companies import demo
    from companies.models import ExportMarket

    demo.load(scale=0, progress=None)
    supplier = Company.objects.get(name="한빛보안솔루션")  # division 62, English profile
    supplier.export_markets.set(ExportMarket.objects.filter(code="VN"))
    korean_only = Company.objects.get(name="시루소프트")  # division 62, Korean texts only
    korean_only.export_markets.set(ExportMarket.objects.filter(code="VN"))
    from gvalley.cache import bump_content_version

    bump_content_version()  # the markets were set after the demo's pages were cached

    context = browser.new_context(
        viewport={"width": WIDTHS["desktop"], "height": 900},
        locale="en-US",
        base_url=live_server.url,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto("/en/companies/")
    assert page.locator("h1").inner_text() == "Company directory"
    page.get_by_label("Industry", exact=True).select_option(
        label="62 Computer programming, consultancy and related activities"
    )
    page.get_by_label("English profile available").check()
    page.get_by_label("Export market").select_option(label="Vietnam")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**english=on**")
    page.wait_for_load_state()

    cards = page.locator(".company-card")
    assert cards.filter(has_text="Hanbit Security Solutions").count() == 1
    assert cards.filter(has_text="Siru Soft").count() == 0  # no English profile
    card = cards.filter(has_text="Hanbit Security Solutions")
    assert "Computer programming, consultancy and related activities" in card.inner_text()
    assert "Integrated security monitoring platform" in card.inner_text()
    assert_accessible(page, "/en/companies/ filtered")
    screenshot(page, "companies-buyer-list-en")

    card.get_by_role("link", name="한빛보안솔루션").click()
    page.wait_for_load_state()
    assert page.get_by_text("Hanbit Security Solutions").first.is_visible()
    products = page.locator(
        "section", has=page.get_by_role("heading", name="Main products and services")
    )
    assert "Integrated security monitoring platform, intrusion detection system" in (
        products.inner_text()
    )
    about = page.locator("section", has=page.get_by_role("heading", name="About the company"))
    assert "Based in Daeryung Post Tower 8" in about.inner_text()
    assert "Korean original" not in products.inner_text() + about.inner_text()
    facts = page.locator(".company-facts").inner_text()
    assert "Vietnam" in facts and "Daeryung Post Tower 8" in facts
    assert_accessible(page, "company page in English")
    screenshot(page, "companies-buyer-detail-en")
    assert errors == []
    context.close()
