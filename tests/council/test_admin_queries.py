"""The council's back office reads a page in a constant number of queries, whatever its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Attendance, Document, Grievance, GrievanceEvent
from tests.factories import UserFactory

from .factories import (
    AgendaItemFactory,
    CompanyFactory,
    DocumentFactory,
    GrievanceFactory,
    MeetingFactory,
    MinutesFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def queries_to_show(client, url):
    """Return how many queries the page took (after a first request warms the caches)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def fill_meeting(meeting, rows):
    """Give the meeting `rows` agenda items, attendances and documents (one per item)."""
    for position in range(rows):
        organisation = OrganisationFactory()
        item = AgendaItemFactory(meeting=meeting, position=position + 1, proposer=organisation)
        Attendance.objects.create(
            meeting=meeting, organisation=organisation, status=Attendance.Status.PRESENT
        )
        DocumentFactory(meeting=meeting, agenda_item=item)
        DocumentFactory(meeting=meeting, kind=Document.Kind.MINUTES, title=f"회의록 {position}")


def test_meeting_change_page_queries_do_not_grow_with_its_rows(
    staff_client, django_assert_max_num_queries
):
    meeting = MeetingFactory()
    MinutesFactory(meeting=meeting)
    fill_meeting(meeting, 1)
    url = reverse("admin:council_meeting_change", args=[meeting.pk])
    one = queries_to_show(staff_client, url)
    fill_meeting(meeting, 12)
    with django_assert_max_num_queries(one):
        page = staff_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    # Every row is there, with its saved choices selected.
    assert html.count('name="attendances-') >= 13
    for item in meeting.agenda_items.all():
        assert f'<option value="{item.proposer_id}" selected>' in html
    for attendance in meeting.attendances.all():
        assert f'<option value="{attendance.organisation_id}" selected>' in html
    for document in meeting.documents.filter(agenda_item__isnull=False):
        assert f'<option value="{document.agenda_item_id}" selected>' in html


def test_grievance_change_page_queries_do_not_grow_with_its_timeline(
    staff_client, django_assert_max_num_queries
):
    grievance = GrievanceFactory()
    url = reverse("admin:council_grievance_change", args=[grievance.pk])
    one = queries_to_show(staff_client, url)
    for index in range(15):
        GrievanceEvent.objects.create(
            grievance=grievance,
            status=Grievance.Status.REVIEWING,
            note=f"메모 {index}",
            changed_by=UserFactory(name=f"처리자{index}"),
        )
    with django_assert_max_num_queries(one):
        page = staff_client.get(url)
    assert "처리자14" in page.content.decode()


def test_grievance_list_queries_do_not_grow_with_its_rows(
    staff_client, django_assert_max_num_queries
):
    def grievance(index):
        return GrievanceFactory(
            holder=OrganisationFactory(),
            company=CompanyFactory(),
            submitted_by=UserFactory(),
            title=f"과제 {index}",
        )

    grievance(0)
    url = reverse("admin:council_grievance_changelist")
    one = queries_to_show(staff_client, url)
    for index in range(1, 30):
        grievance(index)
    with django_assert_max_num_queries(one):
        page = staff_client.get(url)
    assert "과제 29" in page.content.decode()


def test_meeting_list_queries_do_not_grow_with_its_rows(
    staff_client, django_assert_max_num_queries
):
    MeetingFactory()
    url = reverse("admin:council_meeting_changelist")
    one = queries_to_show(staff_client, url)
    for _ in range(30):
        AgendaItemFactory(meeting=MeetingFactory())
    with django_assert_max_num_queries(one):
        assert staff_client.get(url).status_code == 200
