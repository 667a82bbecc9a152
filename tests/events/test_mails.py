"""Mails of taking part: what each person receives, in Korean then English, with real links."""

import re

import pytest
from django.core import mail
from django.db import transaction

from events import services
from events.models import Registration
from gvalley.privacy import delete_user
from tests.factories import UserFactory

from .factories import EventFactory, SelectionEventFactory, make_company

pytestmark = pytest.mark.django_db

SITE = "https://portal.example"
HANGUL = re.compile(r"[\uac00-\ud7a3]+")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE + "/"


def _only_mail_to(user):
    messages = [m for m in mail.outbox if m.to == [user.email]]
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    return messages[0]


def _english_half(message):
    korean, english = message.body.split("(English)")
    return korean, english


def _hangul_left(text, *content):
    """Return Korean words left in `text` once the content (titles, names) is taken out."""
    for value in content:
        text = text.replace(value, "")
    return HANGUL.findall(text)


def test_confirmed_seat_is_mailed_with_ticket_link_and_entry_code(
    resident, django_capture_on_commit_callbacks
):
    event = EventFactory(title="AI 수출 실무 세미나")
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(event, resident)
    message = _only_mail_to(resident)
    assert "참가 신청이 확정되었습니다" in message.subject
    assert "Registration confirmed" in message.subject
    korean, english = _english_half(message)
    # Each half links to the pages in its language: Korean unprefixed, English under /en/.
    for half, prefix in ((korean, ""), (english, "/en")):
        assert f"{SITE}{prefix}/events/registrations/{registration.pk}/ticket/" in half
        assert f"{SITE}{prefix}/events/registrations/{registration.pk}/cancel/" in half
        assert registration.display_code in half
    assert "참가 신청이 확정되었습니다" in korean
    assert "Your registration for “AI 수출 실무 세미나” is confirmed." in english
    assert not _hangul_left(english, event.title, event.venue.name)


def test_waiting_list_mail_gives_the_position(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    services.register(event, UserFactory())
    services.register(event, UserFactory())
    third = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, third)
    message = _only_mail_to(third)
    korean, english = _english_half(message)
    assert "대기 2번째" in korean
    assert "Waiting list: number 2" in english
    assert f"{SITE}/en{event.get_absolute_url()}" in english
    assert not _hangul_left(english, event.title)


def test_company_application_is_acknowledged(company_manager, django_capture_on_commit_callbacks):
    event = SelectionEventFactory(title="G밸리 수출상담회")
    company = make_company(name="지밸리보안", manager=company_manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(event, company_manager, company, [])
    message = _only_mail_to(company_manager)
    korean, english = _english_half(message)
    assert "지밸리보안의 ‘G밸리 수출상담회’ 신청을 접수했습니다" in korean
    assert "We have received 지밸리보안’s application" in english
    assert f"{SITE}/accounts/profile/#my-events" in korean
    assert f"{SITE}/en/accounts/profile/#my-events" in english
    assert not _hangul_left(english, event.title, company.name)


def test_cancelling_mails_the_person_and_the_promoted_one_gets_a_link(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=1)
    first, second = UserFactory.create_batch(2)
    seat = services.register(event, first)
    waiting = services.register(event, second)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(seat, by=first)
    cancelled = _only_mail_to(first)
    assert "신청이 취소되었습니다" in cancelled.subject
    assert "Registration cancelled" in cancelled.subject
    promoted = _only_mail_to(second)
    korean, english = _english_half(promoted)
    waiting.refresh_from_db()
    ticket = f"/events/registrations/{waiting.pk}/ticket/"
    assert f"{SITE}{ticket}" in korean and f"{SITE}/en{ticket}" in english
    assert waiting.display_code in english
    assert not _hangul_left(english, event.title, event.venue.name)


@pytest.mark.parametrize("notified", ["select", "decline"])
def test_selection_results_link_to_the_ticket_or_the_event(
    staff, company_manager, notified, django_capture_on_commit_callbacks
):
    event = SelectionEventFactory()
    company = make_company(manager=company_manager)
    registration = services.apply(event, company_manager, company, [])
    with django_capture_on_commit_callbacks(execute=True):
        getattr(services, notified)([registration], by=staff)
    message = _only_mail_to(company_manager)
    korean, english = _english_half(message)
    link = registration.get_absolute_url() if notified == "select" else event.get_absolute_url()
    assert f"{SITE}{link}" in korean and f"{SITE}/en{link}" in english
    assert not _hangul_left(english, event.title, company.name, event.venue.name)


def test_no_mail_for_a_registration_that_rolled_back(resident, django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.register(event, resident)
            raise RuntimeError("the request failed after registering")
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_deleting_an_account_mails_the_promoted_person_only(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    leaving, waiting = UserFactory.create_batch(2)
    services.register(event, leaving)
    services.register(event, waiting)
    with django_capture_on_commit_callbacks(execute=True):
        delete_user(leaving)
    assert [m.to for m in mail.outbox] == [[waiting.email]]
