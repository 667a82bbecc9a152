"""The bench measures the spaces list and a space's week view; its data loading makes spaces at
scale (issue 19, point 5; the query budget itself is in test_space_views)."""

import pytest
from django.test import Client

from events import bench, demo
from events.models import Booking, Space

from .factories import VenueFactory

pytestmark = pytest.mark.django_db


def test_bench_rows_and_scaled_data(client_for, resident):
    venue = VenueFactory(slug="gvalley-citizen-hall")
    demo.load_spaces({"gvalley-citizen-hall": venue})
    demo._bulk_spaces(0.1, venue)
    assert Space.objects.filter(slug__startswith="bulk-room-").count() == 2
    assert Booking.objects.filter(space__slug__startswith="bulk-room-").count() > 100
    pages = dict(bench.bench_pages())
    assert {"spaces list", "space week view"} <= pages.keys()
    for client in (Client(), client_for(resident)):
        for name in ("spaces list", "space week view"):
            assert client.get(pages[name]).status_code == 200, name
    demo._bulk_spaces(0.1, venue)  # idempotent: tops up, never doubles
    assert Space.objects.filter(slug__startswith="bulk-room-").count() == 2
