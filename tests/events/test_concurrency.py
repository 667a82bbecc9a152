"""Capacity under real concurrent database connections (issue point 1)."""

import pytest
from django.contrib.auth import get_user_model

from events import services
from events.models import Event, Registration
from tests.concurrency import race

from .factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _users(count):
    User = get_user_model()
    return User.objects.bulk_create(
        [User(email=f"racer{i}@example.com", name=f"참가자{i}") for i in range(count)]
    )


def test_hundred_registrations_for_twenty_seats():
    event = EventFactory(capacity=20, needs_bib=True)
    users = _users(100)

    results = race(lambda i: services.register(event, users[i]), 100)

    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    event.refresh_from_db()
    confirmed = Registration.objects.filter(event=event, status="confirmed")
    waiting = list(Registration.objects.filter(event=event).waiting())
    assert confirmed.count() == 20
    assert len(waiting) == 80
    assert event.confirmed_count == 20
    # The waiting list keeps the order in which requests got the event's lock.
    assert [r.waitlist_position() for r in waiting[:3]] == [1, 2, 3]
    assert [r.pk for r in waiting] == sorted(r.pk for r in waiting)
    assert sorted(confirmed.values_list("bib", flat=True)) == list(range(1, 21))
    assert all(r.bib is None for r in waiting)

    # Cancelling 5 seats at once promotes exactly the next 5, each with the next bib number.
    cancelled = list(confirmed.order_by("pk")[:5])
    next_five = [r.pk for r in waiting[:5]]
    results = race(lambda i: services.cancel(cancelled[i]), 5)
    assert not [r for r in results if isinstance(r, Exception)]
    promoted = Registration.objects.filter(pk__in=next_five)
    assert set(promoted.values_list("status", flat=True)) == {"confirmed"}
    assert sorted(promoted.values_list("bib", flat=True)) == list(range(21, 26))
    assert Registration.objects.filter(event=event, status="confirmed").count() == 20
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 75
    bibs = list(
        Registration.objects.filter(event=event, bib__isnull=False).values_list("bib", flat=True)
    )
    assert sorted(bibs) == list(range(1, 26)), "bib numbers are unique and gap-free"
    event.refresh_from_db()
    assert event.confirmed_count == 20 and event.last_bib == 25


def test_same_user_racing_twice_gets_one_registration():
    event = EventFactory(capacity=5)
    (user,) = _users(1)
    results = race(lambda i: services.register(event, user), 10)
    refusals = [r for r in results if isinstance(r, services.RegistrationError)]
    assert len(refusals) == 9
    assert all("이미 신청한 행사" in r.message for r in refusals)
    assert Registration.objects.filter(event=event).count() == 1
    assert Event.objects.get(pk=event.pk).confirmed_count == 1
