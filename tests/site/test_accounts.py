"""Sign-up with consent, email verification, sign-in, lock-out, export and deletion."""

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock
from urllib.parse import unquote, urlsplit

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from gvalley import roles
from gvalley.settings import base as base_settings
from tests.addresses import english
from tests.factories import (
    PASSWORD,
    CompanyManagerFactory,
    CouncilMemberFactory,
    StaffFactory,
    UserFactory,
)
from tests.site.test_security import _prod_env

pytestmark = pytest.mark.django_db
User = get_user_model()
ROOT = Path(django_settings.BASE_DIR)

SIGNUP = {
    "email": "newcomer@example.com",
    "password1": "gvalley-Signup-2026!",
    "password2": "gvalley-Signup-2026!",
    "name": "새 회원",
    "age_confirmed": "on",
    "privacy_consent": "on",
}


LOGIN = "/accounts/login/"
LOCKED = "로그인이 잠시 제한되었습니다"


def settings_under_environment(**environ):
    """Return the settings gvalley/settings/base.py sets differently under these variables.

    A fresh copy of base.py is run with and without them, so a test applies exactly what an
    operator's environment changes, on top of the test settings.
    """

    def load():
        spec = importlib.util.spec_from_file_location("_probe_settings", base_settings.__file__)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return {name: value for name, value in vars(module).items() if name.isupper()}

    plain = load()
    with mock.patch.dict(os.environ, environ):
        changed = load()
    return {name: value for name, value in changed.items() if plain.get(name) != value}


@pytest.fixture
def site_rate_limits(settings):
    """The site's own rate limits (the test settings switch them off)."""
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS


def sign_in(client, email, password, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def test_signup_page_asks_required_and_optional_consent_separately(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "[필수] 개인정보 수집·이용에 동의합니다." in html
    assert "[선택] 행사·교육 소식을 이메일로 받겠습니다." in html
    assert "보유 기간" in html
    # Nothing is pre-ticked.
    assert "checked" not in html


def test_signup_without_required_consent_is_refused_in_korean(client):
    data = {**SIGNUP, "privacy_consent": ""}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    assert "필수 개인정보 수집·이용에 동의해야 가입할 수 있습니다." in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("email", "", "필수"),
        ("email", "not-an-email", "이메일"),
        ("email", "a" * 300 + "@example.com", "이메일"),
        ("name", "<script>alert(1)</script>", "기호는 쓸 수 없습니다"),
        ("name", "가" * 51, "최대 50"),
        ("password2", "different-Password-1", "비밀번호"),
        ("password1", "newcomer@example", "비밀번호가 이메일 항목과 너무 비슷합니다."),
    ],
)
def test_bad_signup_input_gets_a_korean_message_and_no_account(client, field, value, message):
    response = client.post("/accounts/signup/", {**SIGNUP, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 0


def test_a_failed_new_password_states_each_broken_rule_once(client):
    html = client.get("/accounts/signup/").content.decode()
    assert html.count("최소 8자") == 1  # the rules, listed before the first try
    html = client.post("/accounts/signup/", {**SIGNUP, "password1": "short", "password2": "short"})
    html = html.content.decode()
    assert "이 비밀번호는 너무 짧습니다. 최소 8자 이상이어야 합니다." in html
    assert html.count("최소 8자") == 1
    # A password left empty keeps the rules beside "required".
    html = client.post("/accounts/signup/", {**SIGNUP, "password1": "", "password2": ""})
    html = html.content.decode()
    assert html.count("최소 8자") == 1 and "필수 항목입니다." in html


def test_a_field_with_several_errors_names_them_all_under_one_described_id(client):
    html = client.post("/accounts/signup/", {**SIGNUP, "password1": "1234", "password2": "1234"})
    html = html.content.decode()
    # The input's aria-describedby names id_password1_error: one element, holding every error.
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_password1_error', html)
    assert html.count('id="id_password1_error"') == 1
    errors = re.search(r'<div class="error" id="id_password1_error">(.*?)</div>', html).group(1)
    assert "너무 짧습니다" in errors and "너무 흔히 사용되는" in errors and "숫자로" in errors


def test_the_new_password_of_a_reset_states_each_broken_rule_once(client):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    form_url = client.get(urlsplit(link_line_any(mail.outbox[0])).path, follow=True)
    form_url = form_url.redirect_chain[-1][0]
    html = client.post(form_url, {"password1": "12345678", "password2": "12345678"})
    html = html.content.decode()
    assert "너무 흔히 사용되는 비밀번호입니다." in html
    assert "숫자로만 이루어진 비밀번호는 사용할 수 없습니다." not in html  # the rule, in the list
    assert "비밀번호가 전부 숫자로 되어 있습니다." in html  # the same rule, as the error


def test_the_sign_in_page_starts_in_the_email_field_and_a_failed_one_at_the_summary(client):
    html = client.get(LOGIN).content.decode()
    assert re.search(r'<input type="email" name="login"[^>]* autofocus[ >]', html)
    html = sign_in(client, "nobody@example.com", "wrong").content.decode()
    assert "autofocus" not in html
    assert '<div class="form-errors" role="alert" tabindex="-1">' in html
    assert "이메일 또는 비밀번호가 올바르지 않습니다." in html


def test_signup_records_consent_and_sends_a_verification_mail(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "marketing_consent": "on"})
    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP["email"])
    assert user.privacy_consent_at is not None
    assert user.marketing_consent_at is not None
    assert user.consent_version
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    confirm = client.post(path)
    assert confirm.status_code == 302
    assert user.emailaddress_set.get().verified


SITE = "https://portal.seoul.example"
HANGUL = re.compile("[가-힣]")


def link_line(message, path):
    """Return the line of the mail that holds the link to path, asserting it is alone there."""
    lines = [line for line in message.body.splitlines() if path in line]
    assert len(lines) == 1, message.body
    assert re.fullmatch(rf"{re.escape(SITE)}{path}[-\w:]+/", lines[0]), lines[0]
    return lines[0]


def test_the_confirmation_mail_gives_its_link_a_line_of_its_own_on_the_site_address(
    client, settings
):
    settings.SITE_URL = SITE
    client.post("/accounts/signup/", SIGNUP)
    message = mail.outbox[0]
    assert message.subject == "[G밸리] 회원가입을 마치려면 이메일 주소를 확인해 주세요"
    assert "[확인] 버튼을 누르면 가입이 끝나고 바로 로그인됩니다" in message.body
    link = link_line(message, "/accounts/confirm-email/")
    # The mail names the real site, never the placeholder domain or the request's host.
    assert message.body.rstrip().endswith(f"{SITE}/")
    assert "gvalley.example" not in message.body and "testserver" not in message.body
    page = Client().get(urlsplit(link).path)
    assert page.status_code == 200 and SIGNUP["email"] in page.content.decode()


@pytest.mark.parametrize("site_url", [None, "http://gvalley.example", "https://other.example"])
def test_deploy_check_warns_when_mailed_links_would_not_lead_to_the_site(site_url):
    env = _prod_env(SECRET_KEY="z" * 60)  # ALLOWED_HOSTS=gvalley.example
    env.pop("SITE_URL")
    if site_url:
        env["SITE_URL"] = site_url
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "gvalley.W001" in result.stderr, result.stderr


def test_mails_speak_the_language_the_visitor_used(client, settings):
    settings.SITE_URL = SITE
    client.post("/en/accounts/signup/", SIGNUP)
    client.post("/en/accounts/logout/")
    client.post("/en/accounts/password/reset/", {"email": SIGNUP["email"]})
    client.post("/en/accounts/password/reset/", {"email": "stranger@example.com"})
    signup, reset, unknown = mail.outbox
    assert signup.subject == "[G Valley] Please confirm your email address to finish signing up"
    # The links lead to the English pages the visitor was using.
    link_line(signup, "/en/accounts/confirm-email/")
    link_line(reset, "/en/accounts/password/reset/key/")
    assert f"{SITE}/en/accounts/signup/" in unknown.body.splitlines()
    for message in mail.outbox:
        assert not HANGUL.search(message.subject + message.body), message.body


def test_the_password_reset_mail_gives_its_link_a_line_of_its_own(client, settings):
    settings.SITE_URL = SITE
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email.upper()})
    message = mail.outbox[0]
    assert message.subject == "[G밸리] 비밀번호 재설정 링크"
    link = link_line(message, "/accounts/password/reset/key/")
    assert "gvalley.example" not in message.body
    response = client.get(urlsplit(link).path, follow=True)
    assert response.status_code == 200 and 'name="password1"' in response.content.decode()


def link_line_any(message):
    """Return the first line of the mail that is a link."""
    return next(line for line in message.body.splitlines() if line.startswith("http"))


def confirmation_path():
    """Return the path of the confirmation link in the newest mail."""
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    return urlsplit(link).path


def test_confirming_in_a_fresh_browser_signs_the_newcomer_in(client):
    client.post("/accounts/signup/", SIGNUP)
    path = confirmation_path()

    phone = Client()
    page = phone.get(path)
    # Opening the link (as a mail scanner would) neither confirms nor signs in.
    assert page.status_code == 200 and "_auth_user_id" not in phone.session
    assert not EmailAddress.objects.get(email=SIGNUP["email"]).verified
    response = phone.post(path)
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert SIGNUP["email"] in phone.get("/accounts/profile/").content.decode()
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified

    # The link is spent: whoever else holds it is not signed in.
    other = Client()
    other.post(path)
    assert "_auth_user_id" not in other.session


def test_confirming_in_the_browser_that_signed_up_keeps_the_page_asked_for(client):
    client.post("/accounts/signup/?next=/events/", {**SIGNUP, "next": "/events/"})
    response = client.post(confirmation_path())
    assert response.status_code == 302 and response["Location"] == "/events/"
    assert "_auth_user_id" in client.session


def test_confirming_a_staff_account_or_a_second_address_elsewhere_does_not_sign_in(client):
    staff = StaffFactory()
    EmailAddress.objects.filter(user=staff).update(verified=False)
    sign_in(client, staff.email, PASSWORD)  # mails a confirmation: the address is unverified
    fresh = Client()
    fresh.post(confirmation_path())
    assert EmailAddress.objects.get(user=staff).verified
    assert "_auth_user_id" not in fresh.session

    user = UserFactory()
    client.force_login(user)
    client.post("/accounts/email/", {"action_add": "", "email": "second@example.com"})
    fresh = Client()
    fresh.post(confirmation_path())
    assert EmailAddress.objects.get(email="second@example.com").verified
    assert "_auth_user_id" not in fresh.session


def test_unverified_user_cannot_sign_in_until_verified(client):
    client.post("/accounts/signup/", SIGNUP)
    client.logout()
    mail.outbox.clear()
    response = client.post(
        "/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert len(mail.outbox) == 1


def test_sign_in_and_out(client):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "내 계정" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "로그인" in client.get("/").content.decode()


def test_sign_in_page_offers_one_password_reset_link_and_says_what_the_box_keeps(client):
    html = client.get("/accounts/login/").content.decode()
    assert html.count('href="/accounts/password/reset/"') == 1
    assert "로그인 상태 유지" in html
    assert "아이디 저장" not in html
    assert "Keep me signed in" in client.get("/en/accounts/login/").content.decode()


def test_ten_wrong_passwords_lock_the_account_with_a_korean_message(client, settings):
    # The site's own rate limits (the test settings switch them off): allauth's must not
    # answer before django-axes, or the visitor never sees the lock-out page.
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    user = UserFactory()
    for attempt in range(1, 10):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
        assert response.status_code == 200, attempt
        assert "로그인이 잠시 제한되었습니다" not in response.content.decode()
    response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    assert response.status_code == 429
    assert "로그인이 잠시 제한되었습니다" in response.content.decode()
    assert "15분" in response.content.decode()
    # Locked: even the right password is refused until the cool-off ends.
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "로그인이 잠시 제한되었습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_account_tried_from_many_addresses_is_refused_too(client, settings):
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    user = UserFactory()
    for number in range(20):
        client.post(
            "/accounts/login/",
            {"login": user.email, "password": "wrong"},
            REMOTE_ADDR=f"203.0.113.{number + 1}",
        )
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert "너무 많은 로그인 실패" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_lock_one_account_at_one_address_not_everyone_behind_it(site_rate_limits):
    # An office NAT: several people reach the portal from one address.
    office = {"REMOTE_ADDR": "203.0.113.50"}
    guessed, colleague = UserFactory(), UserFactory()
    guesser = Client()
    for attempt in range(1, 11):
        # Upper and lower case name the same account.
        login = guessed.email.upper() if attempt % 2 else guessed.email
        response = sign_in(guesser, login, "wrong", **office)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    response = sign_in(guesser, guessed.email, PASSWORD, **office)
    assert response.status_code == 429 and "_auth_user_id" not in guesser.session

    # A colleague at the same address signs in with their right password.
    neighbour = Client()
    response = sign_in(neighbour, colleague.email, PASSWORD, **office)
    assert response.status_code == 302
    assert "내 계정" in neighbour.get("/").content.decode()
    # The guessed account's owner at home is not locked out by the guesser in the office.
    owner = Client()
    response = sign_in(owner, guessed.email, PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302


def test_a_right_password_clears_the_count_of_wrong_ones(client, site_rate_limits):
    user = UserFactory()
    for _ in range(9):
        sign_in(client, user.email, "wrong")
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    response = sign_in(client, user.email, "wrong")
    assert response.status_code == 200 and LOCKED not in response.content.decode()


def test_a_new_password_from_the_mailed_link_lifts_the_lock_out(client, site_rate_limits):
    user = UserFactory()
    for _ in range(10):
        response = sign_in(client, user.email, "wrong")
    assert response.status_code == 429
    # The lock-out page offers the password reset as the way back in.
    assert 'href="/accounts/password/reset/"' in response.content.decode()
    client.post("/accounts/password/reset/", {"email": user.email})
    form_url = client.get(urlsplit(link_line_any(mail.outbox[0])).path, follow=True)
    new_password = "Gvalley-unlocked-2026!"
    client.post(
        form_url.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )
    response = sign_in(client, user.email, new_password)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_lock_out_records_name_the_account(site_rate_limits, settings):
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    user = UserFactory()
    for _ in range(3):
        sign_in(Client(), user.email, "wrong", REMOTE_ADDR="203.0.113.51")
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (user.email, "203.0.113.51")
    assert attempt.failures_since_start == 3
    assert set(AccessFailureLog.objects.values_list("username", flat=True)) == {user.email}


def test_a_locked_account_is_locked_on_the_admin_sign_in_too(client, site_rate_limits):
    staff = StaffFactory(is_superuser=True)
    for _ in range(10):
        response = sign_in(client, staff.email, "wrong")
    assert response.status_code == 429

    # The right password and a wrong one get the same answer, and neither signs in.
    answers = []
    for password in ["wrong", PASSWORD]:
        response = client.post(
            "/admin/login/?next=/admin/", {"username": staff.email, "password": password}
        )
        answers.append((response.status_code, response.get("Location")))
        assert "_auth_user_id" not in client.session
    assert answers[0] == answers[1]
    assert client.get("/admin/").status_code == 302
    # Following the admin's sign-in link leads to the same lock.
    response = client.post(
        f"{LOGIN}?next=/admin/", {"login": staff.email, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_an_account_refused_for_many_addresses_is_refused_on_the_admin_sign_in_too(
    client, site_rate_limits
):
    staff = StaffFactory(is_superuser=True)
    for number in range(20):
        sign_in(Client(), staff.email, "wrong", REMOTE_ADDR=f"203.0.113.{number + 1}")
    client.post(
        "/admin/login/?next=/admin/",
        {"username": staff.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert "_auth_user_id" not in client.session
    response = sign_in(client, staff.email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert "너무 많은 로그인 실패" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_sign_in_for_the_admin_on_the_portal_sign_in_page(client):
    staff = StaffFactory(is_superuser=True)
    response = client.get("/admin/", follow=True)
    sign_in_page = response.redirect_chain[-1][0]
    assert unquote(sign_in_page) == f"{LOGIN}?next=/admin/"
    assert 'name="next" value="/admin/"' in response.content.decode()
    response = client.post(
        sign_in_page, {"login": staff.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


BEHIND_PROXY = {"REMOTE_ADDR": "10.0.0.2"}


@pytest.fixture
def behind_one_proxy(settings, site_rate_limits):
    """The settings an operator gets with PROXY_COUNT=1 (one reverse proxy in front)."""
    for name, value in settings_under_environment(PROXY_COUNT="1").items():
        setattr(settings, name, value)


def test_behind_a_proxy_the_sign_in_rate_limit_counts_each_client(behind_one_proxy):
    guesser = Client()
    for number in range(30):
        # The proxy appends the address it saw; what the client wrote before it is ignored.
        forwarded = f"192.0.2.{number}, 198.51.100.9"
        response = sign_in(
            guesser,
            f"nobody{number}@example.com",
            "wrong",
            HTTP_X_FORWARDED_FOR=forwarded,
            **BEHIND_PROXY,
        )
        assert response.status_code == 200, number
    response = sign_in(
        guesser, "nobody@example.com", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.9", **BEHIND_PROXY
    )
    assert response.status_code == 429

    user = UserFactory()
    neighbour = Client()
    response = sign_in(
        neighbour, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.77", **BEHIND_PROXY
    )
    assert response.status_code == 302


def test_behind_a_proxy_the_lock_out_counts_each_client(behind_one_proxy):
    user = UserFactory()
    guesser = Client()
    for _ in range(10):
        response = sign_in(
            guesser, user.email, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.9", **BEHIND_PROXY
        )
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert AccessAttempt.objects.get().ip_address == "198.51.100.9"

    owner = Client()
    response = sign_in(
        owner, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.77", **BEHIND_PROXY
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "factory,landing",
    [
        (UserFactory, "/accounts/profile/"),
        (CompanyManagerFactory, "/accounts/profile/"),
        (CouncilMemberFactory, "/council/dashboard/"),
        (StaffFactory, "/admin/"),
    ],
    ids=["resident", "company-manager", "council-member", "staff"],
)
def test_signing_in_lands_where_the_role_works(client, factory, landing):
    user = factory()
    response = sign_in(client, user.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == landing
    assert client.get(landing).status_code == 200


def test_a_council_member_on_the_district_staff_lands_on_the_council_dashboard(client):
    user = StaffFactory(roles=[roles.DISTRICT_STAFF, roles.COUNCIL_MEMBER])
    assert sign_in(client, user.email, PASSWORD)["Location"] == "/council/dashboard/"


@pytest.mark.parametrize("factory", [UserFactory, CouncilMemberFactory, StaffFactory])
def test_signing_in_from_a_page_returns_to_it(client, factory):
    user = factory()
    response = client.post(
        f"{LOGIN}?next=/events/", {"login": user.email, "password": PASSWORD, "next": "/events/"}
    )
    assert response.status_code == 302 and response["Location"] == "/events/"


def test_the_admin_names_the_sign_in_lock_outs_in_its_language(client):
    sign_in(Client(), "someone@example.com", "wrong", REMOTE_ADDR="203.0.113.9")
    client.force_login(StaffFactory(is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert "로그인 잠금" in html and "로그인 실패 누적" in html and "로그인 실패 기록" in html
    assert "Axes" not in html and "Access attempts" not in html and "Access failures" not in html
    html = client.get("/admin/axes/accessattempt/").content.decode()
    for header in ["계정(이메일)", "IP 주소", "상태"]:
        assert header in html
    assert "someone@example.com" in html and "9 회 남음" in html
    assert "Username" not in html and "Status" not in html

    html = client.get("/en/admin/").content.decode()
    assert "Sign-in lock-outs" in html and "Access attempts" in html and "Access failures" in html
    assert "로그인 잠금" not in html
    html = client.get("/en/admin/axes/accessattempt/").content.decode()
    assert "Username" in html and "Status" in html and "9 Attempt Remaining" in html


def test_profile_needs_sign_in(client):
    for path in ["/accounts/profile/", "/accounts/profile/export/", "/accounts/profile/delete/"]:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_profile_names_the_roles_in_the_page_language(client):
    user = UserFactory(roles=[roles.COMPANY_MANAGER, roles.COUNCIL_MEMBER])
    client.force_login(user)
    assert "협의회 위원, 기업 담당자" in client.get("/accounts/profile/").content.decode()
    html = client.get("/en/accounts/profile/").content.decode()
    assert "Council member, Company manager" in html and "협의회 위원" not in html
    client.force_login(UserFactory())
    assert "일반 회원" in client.get("/accounts/profile/").content.decode()


def test_export_downloads_my_data_as_json(resident_client, resident):
    response = resident_client.get("/accounts/profile/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == resident.email
    assert data["account"]["name"] == resident.name


def test_delete_account_needs_the_password(resident_client, resident):
    response = resident_client.post("/accounts/profile/delete/", {"password": "wrong"})
    assert "비밀번호가 맞지 않습니다." in response.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()
    response = resident_client.post("/accounts/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=resident.pk).exists()


def test_signup_is_rate_limited_with_a_korean_message(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/h/ip"}
    for number in range(2):
        client.post("/accounts/signup/", {**SIGNUP, "email": f"rate{number}@example.com"})
        client.logout()
    response = client.post("/accounts/signup/", {**SIGNUP, "email": "rate9@example.com"})
    assert response.status_code == 429
    assert "요청이 너무 많습니다" in response.content.decode()
    assert not User.objects.filter(email="rate9@example.com").exists()


def test_password_reset_by_mail_sets_a_new_password(client):
    user = UserFactory()
    page = client.get("/accounts/password/reset/").content.decode()
    assert 'class="form" novalidate' in page and 'class="field' in page

    bad_inputs = ["", "not-an-email", "a" * 10_000 + "@example.com", "<script>alert(1)</script>"]
    for bad in bad_inputs:
        response = client.post("/accounts/password/reset/", {"email": bad})
        assert response.status_code == 200
        html = response.content.decode()
        assert "입력 내용을 확인해 주세요." in html
        assert "<script>alert(1)</script>" not in html
    assert mail.outbox == []

    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302 and len(mail.outbox) == 1
    link = re.search(r"https?://\S+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]

    new_password = "Gvalley-reset-2026!"
    response = client.post(form_url, {"password1": new_password, "password2": "different-2026!"})
    assert "입력 내용을 확인해 주세요." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    client.logout()
    response = client.post("/accounts/login/", {"login": user.email, "password": new_password})
    assert response.status_code == 302


def test_form_error_summary_speaks_the_page_language(client):
    html = client.post("/accounts/password/reset/", {"email": ""}).content.decode()
    assert "입력 내용을 확인해 주세요." in html and "Please check" not in html
    html = client.post("/en/accounts/password/reset/", {"email": ""}).content.decode()
    assert "Please check the highlighted fields." in html and "입력 내용을 확인해" not in html


def test_the_lock_out_page_names_the_configured_cool_off(client, settings):
    settings.AXES_COOLOFF_TIME = 0.5  # hours
    user = UserFactory()
    for _attempt in range(10):
        response = sign_in(client, user.email, "wrong")
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html and "30분 동안" in html and "15분" not in html
    html = client.post(english(LOGIN), {"login": user.email, "password": "wrong"}).content.decode()
    assert "blocked for 30 minutes" in html


def test_district_staff_see_and_lift_lock_outs_in_the_admin(client, staff_client):
    user = UserFactory()
    for _attempt in range(10):
        sign_in(client, user.email, "wrong")
    assert sign_in(client, user.email, PASSWORD).status_code == 429
    changelist = staff_client.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200 and user.email in changelist.content.decode()
    attempt = AccessAttempt.objects.get(username=user.email)
    response = staff_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_the_admin_titles_follow_the_language(staff_client):
    assert "G밸리 포털 관리" in staff_client.get("/admin/").content.decode()
    html = staff_client.get("/en/admin/").content.decode()
    assert "G Valley Portal administration" in html and "G밸리 포털 관리" not in html
