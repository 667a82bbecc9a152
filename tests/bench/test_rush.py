"""The registration rush of `make bench`, small: real users through a real server, and the
database's own account of what happened."""

from urllib.parse import urlsplit

import pytest

from bench import rush
from events import services
from events.models import Registration
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_small_rush_gives_the_seats_in_order_and_leaves_nothing_behind(live_server):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    since = timezone.now()
    cookies = rush.make_users(12)
    figures = rush.run_rush(urlsplit(live_server.url).port, cookies, seats=4, window_s=1, name="t")
    assert figures["errors"] == 0, figures["error_kinds"]
    assert (figures["confirmed"], figures["waitlisted"], figures["duplicates"]) == (4, 8, 0)
    assert figures["seats_in_arrival_order"] and figures["as_expected"]
    assert figures["post_p99_ms"] is not None
    rush.clean_up(cookies, since)
    assert not get_user_model().objects.filter(email__startswith="bench-rush-").exists()
    assert not Registration.objects.exists()


def test_the_outcome_check_notices_a_seat_given_out_of_order():
    event = rush.make_event("order", seats=1)
    first, second = UserFactory(), UserFactory()
    services.register(event, first)
    services.register(event, second)
    assert rush.outcome(event, users=2, seats=1)["as_expected"]
    Registration.objects.filter(user=first).update(status=Registration.Status.WAITLISTED)
    Registration.objects.filter(user=second).update(status=Registration.Status.CONFIRMED)
    checked = rush.outcome(event, users=2, seats=1)
    assert not checked["seats_in_arrival_order"] and not checked["as_expected"]
