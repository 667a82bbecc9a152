"""English labels of the events pages: each says what the events catalogue says it should.

Django merges every app's catalogue, and for a Korean word found in two of them the first app
wins. "취소" is the Cancel button in the site catalogue and was the cancelled status here, so
cancelled events read "[Cancel]". A status needs a word of its own (취소됨) or a context.
"""

import datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext, npgettext, pgettext

from events import services
from events.models import Event, Registration

from .factories import EventFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "events" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries():
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    return [message for message in catalogue if message.id and message.string]


def test_no_other_catalogue_changes_the_english_of_an_events_label():
    changed = []
    with translation.override("en"):
        for message in _entries():
            if isinstance(message.id, tuple):
                singular, plural = message.id
                if message.context:
                    shown = npgettext(message.context, singular, plural, 1)
                else:
                    shown = ngettext(singular, plural, 1)
                expected = message.string[0]
            else:
                shown = (
                    pgettext(message.context, message.id)
                    if message.context
                    else translation.gettext(message.id)
                )
                expected = message.string
            if shown != expected:
                changed.append((message.id, expected, shown))
    assert not changed, changed


def test_statuses_read_as_statuses_in_english():
    with translation.override("en"):
        assert Registration.Status.CANCELLED.label == "Cancelled"
        assert Event.Status.CANCELLED.label == "Cancelled"
        assert Registration.Status.WAITLISTED.label == "On the waiting list"


def test_cancelled_event_reads_cancelled_not_cancel(client, settings):
    day = timezone.localdate() + datetime.timedelta(days=5)
    event = EventFactory(
        title="겨울 합창 공연",
        status=Event.Status.CANCELLED,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(19))),
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    month = reverse("events:calendar_month", args=[day.year, day.month])
    for path in ["/", month, reverse("events:index"), event.get_absolute_url()]:
        html = client.get(path).content.decode()
        assert "Cancelled" in html, path
        assert "[Cancel]" not in html, path


def test_register_button_is_a_verb_in_english(settings, resident_client, resident):
    event = EventFactory()
    resident_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = resident_client.get(event.get_absolute_url()).content.decode()
    assert '<button type="submit" class="button">Register</button>' in html
    registration = services.register(event, resident)
    services.cancel(registration)
    html = resident_client.get(registration.get_absolute_url()).content.decode()
    assert '<strong class="status status-cancelled">Cancelled</strong>' in html
