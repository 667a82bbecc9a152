"""The bench measures the 2024 contest's page and its winners' gallery, loaded from the demo
(issue 21, point 5; the query budgets are in test_call_views)."""

import pytest
from django.test import Client

from events import bench, demo
from events.models import Call, Entry
from gvalley import demo as site_demo

pytestmark = pytest.mark.django_db


def test_demo_calls_in_every_state_and_their_bench_rows(client_for):
    site_demo.load(scale=0, progress=lambda rows, desc: rows)
    demo.load(scale=0, progress=lambda rows, desc: rows)
    demo.load_calls()  # idempotent
    contest = Call.objects.get(slug=demo.CONTEST_SLUG)
    states = set(contest.entries.values_list("status", flat=True))
    assert states == {"draft", "submitted", "withdrawn"}
    assert contest.results_published and contest.entries.filter(scores__isnull=False).exists()
    winners = Entry.objects.winners().filter(call=contest)
    assert {w.consent_publish for w in winners} == {True, False}
    stories = Call.objects.get(slug=demo.STORIES_SLUG)
    assert {e.picked for e in stories.entries.all()} == {True, False}
    pages = dict(bench.bench_pages())
    assert {"open call page", "winners gallery"} <= pages.keys()
    resident = contest.entries.first().entrant
    for client in (Client(), client_for(resident)):
        for name in ("open call page", "winners gallery"):
            assert client.get(pages[name]).status_code == 200, name
