"""The council's sample history (council.demo) reads like a real council's."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from council import demo
from council.models import Meeting, Minutes

pytestmark = pytest.mark.django_db


def test_minutes_of_a_recent_meeting_are_a_draft_until_two_weeks_after_it(monkeypatch):
    held = [day for _kind, day in demo._schedule(datetime.date(2026, 12, 1))]
    meeting_day = next(day for day in held if day.year == 2026 and day.month >= 6)
    today = meeting_day + datetime.timedelta(days=3)
    monkeypatch.setattr(demo.timezone, "localdate", lambda: today)

    demo.load_history(demo.load_organisations(), lambda rows, **kwargs: rows)

    recent = Meeting.objects.get(starts_at__date=meeting_day)
    assert recent.status == Meeting.Status.HELD
    assert recent.minutes.status == Minutes.Status.DRAFT and recent.minutes.published_at is None
    assert not Minutes.objects.visible_to(AnonymousUser()).filter(meeting=recent).exists()
    published = Minutes.objects.published()
    assert published.exists()
    # No minutes say they were published on a day still to come.
    assert all(m.published_at.date() < today for m in published)
    assert all(
        m.meeting.status == Meeting.Status.MINUTES_PUBLISHED
        for m in published.select_related("meeting")
    )
