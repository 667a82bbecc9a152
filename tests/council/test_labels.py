"""English labels: a status reads as a state, an action as a verb, even where Korean uses one word."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from council.models import Meeting, Minutes
from tests.addresses import english
from tests.addresses import korean as korean_address

from .factories import MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db


def test_meeting_statuses_read_as_states_in_english():
    with translation.override("en"):
        labels = {status: str(status.label) for status in Meeting.Status}
    assert labels == {
        Meeting.Status.SCHEDULED: "Scheduled",
        Meeting.Status.AGENDA_PUBLISHED: "Agenda published",
        Meeting.Status.HELD: "Held",
        Meeting.Status.MINUTES_PUBLISHED: "Minutes published",
    }


def test_a_meeting_with_published_minutes_says_so_in_english_and_the_action_stays_a_verb(
    client, staff_client
):
    meeting = MeetingFactory(status=Meeting.Status.MINUTES_PUBLISHED)
    MinutesFactory(meeting=meeting, status=Minutes.Status.PUBLISHED)
    archive = client.get(english(reverse("council:archive"))).content.decode()
    assert re.search(r'class="badge status-minutes_published">Minutes published<', archive)
    assert "Publish minutes" not in archive
    admin_list = staff_client.get(
        english(reverse("admin:council_meeting_changelist"))
    ).content.decode()
    # The status column names the state; the action menu offers the verb.
    assert re.search(r'<td class="field-status">Minutes published</td>', admin_list)
    assert re.search(r'<option value="publish_minutes">Publish minutes</option>', admin_list)
    # Korean keeps its one word for both.
    korean = client.get(korean_address(reverse("council:archive"))).content.decode()
    assert re.search(r'class="badge status-minutes_published">회의록 공개<', korean)
