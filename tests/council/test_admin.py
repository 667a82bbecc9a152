"""The back office: grievance queue with its timeline, publish actions, sanitised minutes."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse

from council.models import Grievance, Meeting, Minutes
from tests.concurrency import race
from tests.factories import UserFactory

from .factories import AgendaItemFactory, GrievanceFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def grievance_post_data(grievance, **changes):
    data = {
        "title_ko": grievance.title_ko,
        "description": grievance.description,
        "source": grievance.source,
        "received_on": grievance.received_on.isoformat(),
        "is_public": "on",
        "submitted_by": grievance.submitted_by_id or "",
        "events-TOTAL_FORMS": str(grievance.events.count()),
        "events-INITIAL_FORMS": str(grievance.events.count()),
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }
    for index, event in enumerate(grievance.events.all()):
        data[f"events-{index}-id"] = event.pk
        data[f"events-{index}-grievance"] = grievance.pk
    data.update(changes)
    return data


def test_staff_change_a_grievance_status_in_the_admin_with_timeline_email_and_history(
    staff_client, staff, django_capture_on_commit_callbacks
):
    submitter = UserFactory()
    grievance = GrievanceFactory(submitted_by=submitter)
    url = reverse("admin:council_grievance_change", args=[grievance.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and "처리 경과" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, grievance_post_data(grievance, new_status="reviewing", note="검토 시작")
        )
    assert response.status_code == 302
    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.REVIEWING
    assert grievance.updated_by == staff
    assert list(grievance.events.values_list("status", "note")) == [
        ("received", "접수"),
        ("reviewing", "검토 시작"),
    ]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [submitter.email]
    assert LogEntry.objects.filter(object_id=str(grievance.pk)).exists()
    # A move the workflow forbids, or a rejection without a reason, is refused in Korean.
    response = staff_client.post(url, grievance_post_data(grievance, new_status="received"))
    assert "지금 상태에서 그 상태로 바꿀 수 없습니다." in response.content.decode()
    response = staff_client.post(url, grievance_post_data(grievance, new_status="rejected"))
    assert "불가로 처리하려면 사유를 적어 주세요." in response.content.decode()
    assert grievance.events.count() == 2 and len(mail.outbox) == 1


def test_grievance_queue_lists_and_filters(staff_client):
    GrievanceFactory(title="검토할 과제", status=Grievance.Status.RECEIVED)
    GrievanceFactory(title="끝난 과제", status=Grievance.Status.DONE)
    html = staff_client.get(
        reverse("admin:council_grievance_changelist") + "?status__exact=received"
    ).content.decode()
    assert "검토할 과제" in html and "끝난 과제" not in html


def test_minutes_saved_through_the_admin_are_sanitised(staff_client):
    meeting = MeetingFactory()
    url = reverse("admin:council_meeting_change", args=[meeting.pk])
    data = {
        "kind": meeting.kind,
        "number": meeting.number,
        "starts_at_0": "2030-05-01",
        "starts_at_1": "14:00:00",
        "place_ko": meeting.place_ko,
    }
    for prefix in ["agenda_items", "attendances", "documents"]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(
        {
            "minutes-TOTAL_FORMS": "1",
            "minutes-INITIAL_FORMS": "0",
            "minutes-MIN_NUM_FORMS": "0",
            "minutes-MAX_NUM_FORMS": "1",
            "minutes-0-meeting": meeting.pk,
            "minutes-0-body_ko": "<p>회의록</p><script>alert(1)</script>",
            "minutes-0-body_en": "<p>Minutes</p><script>alert(1)</script>",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.body_ko == "<p>회의록</p>" and minutes.status == Minutes.Status.DRAFT
    assert minutes.body_en == "<p>Minutes</p>"  # the English minutes sanitised alike


def test_publish_agenda_action_emails_members(staff_client, django_capture_on_commit_callbacks):
    MembershipFactory(user=UserFactory())
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    empty = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:council_meeting_changelist"),
            {"action": "publish_agenda", "_selected_action": [meeting.pk, empty.pk]},
            follow=True,
        )
    html = response.content.decode()
    assert "안건이 하나도 없는 회의는" in html
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.AGENDA_PUBLISHED
    assert Meeting.objects.get(pk=empty.pk).status == Meeting.Status.SCHEDULED
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_staff_publishing_the_same_agenda_at_once_send_one_round_of_mail():
    from council import services

    MembershipFactory(user=UserFactory())
    MembershipFactory(user=UserFactory())
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    results = race(lambda i: services.publish_agenda(meeting), 4)
    assert sorted(results) == [0, 0, 0, 2]
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_staff_racing_to_move_a_grievance_make_one_step_and_one_email():
    from django.core.exceptions import ValidationError

    from council import services

    grievance = GrievanceFactory(submitted_by=UserFactory())
    results = race(
        lambda i: services.change_grievance_status(grievance, Grievance.Status.REVIEWING), 5
    )
    assert sum(not isinstance(r, ValidationError) for r in results) == 1
    assert grievance.events.filter(status=Grievance.Status.REVIEWING).count() == 1
    assert len(mail.outbox) == 1
