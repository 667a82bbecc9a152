"""English labels of the events pages: statuses read as states, buttons as verbs.

"취소" is the Cancel button in the site catalogue and was the cancelled status here, so cancelled
events read "[Cancel]": a status needs a word of its own (취소됨) or a context. That no other
catalogue changes an events label is checked for every app in tests/site/test_translations.py.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events import services
from events.models import Event, Registration
from tests.addresses import english

from .factories import EventFactory

pytestmark = pytest.mark.django_db


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
    month = reverse("events:calendar_month", args=[day.year, day.month])
    for path in ["/", month, reverse("events:index"), event.get_absolute_url()]:
        html = client.get(english(path)).content.decode()
        assert "Cancelled" in html, path
        assert "[Cancel]" not in html, path


def test_register_button_is_a_verb_in_english(settings, resident_client, resident):
    event = EventFactory()
    html = resident_client.get(english(event.get_absolute_url())).content.decode()
    assert '<button type="submit" class="button">Register</button>' in html
    registration = services.register(event, resident)
    services.cancel(registration)
    html = resident_client.get(english(registration.get_absolute_url())).content.decode()
    assert '<strong class="status status-cancelled">Cancelled</strong>' in html
