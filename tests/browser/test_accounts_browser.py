"""Sign-up with consent → verification mail → sign-in → export → deletion, in the browser;
where the focus goes on the sign-in and sign-up pages."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "browser-user@example.com"
PASSWORD = "Gvalley-browser-2026!"


def test_signup_verify_sign_in_export_and_delete(page, live_server):
    page.goto("/accounts/signup/")
    page.get_by_role("textbox", name="이메일", exact=True).fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("[필수] 만 14세 이상입니다.").check()
    # Without the required consent the form says why and keeps what was typed.
    page.get_by_role("button", name="가입하기").click()
    expect(
        page.get_by_text("필수 개인정보 수집·이용에 동의해야 가입할 수 있습니다.")
    ).to_be_visible()
    assert page.get_by_role("textbox", name="이메일", exact=True).input_value() == EMAIL
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("[필수] 개인정보 수집·이용에 동의합니다.").check()
    screenshot(page, "signup-1280")
    page.get_by_role("button", name="가입하기").click()
    page.wait_for_url("**/accounts/confirm-email/")

    # The verification mail (read from the test mailbox, as .data/mail in development), opened
    # in another browser, as on a phone: confirming signs the newcomer in there.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    phone = page.context.browser.new_context(base_url=live_server.url, locale="ko-KR")
    phone_page = phone.new_page()
    phone_page.goto(re.sub(r"^https?://[^/]+", "", link))
    phone_page.get_by_role("button", name="확인").click()
    expect(phone_page.locator("h1")).to_have_text("내 계정")
    expect(phone_page.get_by_text(EMAIL).first).to_be_visible()
    phone.close()
    user = get_user_model().objects.get(email=EMAIL)
    assert user.emailaddress_set.get().verified

    page.context.clear_cookies()
    sign_in(page, EMAIL, PASSWORD)
    page.goto("/accounts/profile/")
    assert page.locator("h1").inner_text() == "내 계정"
    screenshot(page, "profile-1280")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="내 데이터 내려받기 (JSON)").click()
    data = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    assert data["account"]["email"] == EMAIL

    page.get_by_role("link", name="계정 삭제").click()
    page.get_by_label("비밀번호 확인").fill(PASSWORD)
    page.get_by_role("button", name="영구 삭제").click()
    expect(page.get_by_text("계정과 개인정보를 삭제했습니다.")).to_be_visible()
    assert not get_user_model().objects.filter(email=EMAIL).exists()


def test_the_sign_in_page_starts_in_the_email_field(page):
    page.goto("/accounts/login/")
    expect(page.locator("#id_login")).to_be_focused()
    page.keyboard.type("typed@example.com")
    expect(page.locator("#id_login")).to_have_value("typed@example.com")


def test_a_failed_sign_in_moves_the_focus_to_the_error_summary(page):
    page.goto("/accounts/login/")
    page.keyboard.type("nobody@example.com")
    page.locator("#id_password").fill("wrong-password")
    page.get_by_role("button", name="로그인").click()
    summary = page.locator(".form-errors")
    expect(summary).to_contain_text("이메일 또는 비밀번호가 올바르지 않습니다.")
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement === document.body") is False
    screenshot(page, "sign-in-failed-1280")


def test_a_failed_sign_up_moves_the_focus_to_the_summary_and_says_each_rule_once(page):
    page.goto("/accounts/signup/")
    page.get_by_role("textbox", name="이메일", exact=True).fill(EMAIL)
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("short")
    page.get_by_label("[필수] 만 14세 이상입니다.").check()
    page.get_by_label("[필수] 개인정보 수집·이용에 동의합니다.").check()
    page.get_by_role("button", name="가입하기").click()
    expect(page.locator(".form-errors")).to_be_focused()
    expect(page.get_by_text("최소 8자")).to_have_count(1)
    expect(page.locator("#id_password1")).to_have_accessible_description(
        "이 비밀번호는 너무 짧습니다. 최소 8자 이상이어야 합니다."
    )
