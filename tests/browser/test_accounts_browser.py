"""Sign-up with consent → verification mail → sign-in → export → deletion, in the browser."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "browser-user@example.com"
PASSWORD = "Gvalley-browser-2026!"


def test_signup_verify_sign_in_export_and_delete(page):
    page.goto("/accounts/signup/")
    page.get_by_role("textbox", name="이메일", exact=True).fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("[필수] 만 14세 이상입니다.").check()
    # Without the required consent the form says why and keeps what was typed.
    page.get_by_role("button", name="가입하기").click()
    assert page.get_by_text("필수 개인정보 수집·이용에 동의해야 가입할 수 있습니다.").is_visible()
    assert page.get_by_role("textbox", name="이메일", exact=True).input_value() == EMAIL
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("[필수] 개인정보 수집·이용에 동의합니다.").check()
    screenshot(page, "signup-1280")
    page.get_by_role("button", name="가입하기").click()
    assert "/accounts/confirm-email/" in page.url

    # The verification mail (read from the test mailbox, as .data/mail in development).
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button").filter(has_text=re.compile("확인|Confirm")).click()
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
    assert page.get_by_text("계정과 개인정보를 삭제했습니다.").is_visible()
    assert not get_user_model().objects.filter(email=EMAIL).exists()
