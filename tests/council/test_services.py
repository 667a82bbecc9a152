"""Publishing agendas and minutes; a grievance's path with one e-mail per change."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from council import services
from council.models import Grievance, GrievanceEvent, Meeting, Minutes
from gvalley import roles
from tests.factories import UserFactory

from .factories import (
    AgendaItemFactory,
    GrievanceFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    manage,
)

pytestmark = pytest.mark.django_db


def test_linking_a_membership_makes_the_user_a_council_member():
    user = UserFactory()
    assert not roles.is_council_member(user)
    MembershipFactory(user=user)
    user = type(user).objects.get(pk=user.pk)
    assert roles.is_council_member(user)


def test_publishing_an_agenda_emails_every_member_once(django_capture_on_commit_callbacks):
    linked = UserFactory()
    MembershipFactory(user=linked)
    in_group = UserFactory(roles=[roles.COUNCIL_MEMBER])
    outsider = UserFactory()
    gone = UserFactory()
    MembershipFactory(user=gone, end_date=datetime.date(2020, 1, 1))
    gone.groups.clear()
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="주차 문제")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_agenda(meeting) == 2
        services.publish_agenda(meeting)  # a second click sends nothing more
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([linked.email, in_group.email])
    assert outsider.email not in recipients
    assert "안건이 공개되었습니다" in mail.outbox[0].subject
    assert "주차 문제" in mail.outbox[0].body
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED and meeting.agenda_published_at


def test_an_agenda_without_items_cannot_be_published():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError, match="안건이 하나도 없는"):
        services.publish_agenda(meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_publishing_minutes_makes_them_public_and_searchable(client):
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    AgendaItemFactory(meeting=meeting, title="안건")
    MinutesFactory(meeting=meeting, body="<p>공동 어린이집을 열기로 했습니다.</p>")
    search = reverse("council:archive") + "?q=린이"
    assert meeting.get_absolute_url() not in client.get(search).content.decode()
    services.publish_minutes(meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_PUBLISHED
    assert Minutes.objects.get().status == Minutes.Status.PUBLISHED
    assert meeting.get_absolute_url() in client.get(search).content.decode()
    assert "공동 어린이집" in client.get(meeting.get_absolute_url()).content.decode()


def test_minutes_cannot_be_published_when_missing():
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    with pytest.raises(ValidationError, match="회의록이 없어"):
        services.publish_minutes(meeting)


def test_a_grievance_path_to_done_shows_each_dated_step_and_mails_once_per_change(
    company_manager, company_manager_client, staff, django_capture_on_commit_callbacks
):
    company = manage(company_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = company_manager_client.post(
            reverse("council:grievance_new"),
            {
                "company": company.pk,
                "title": "출근 시간 마을버스 증편",
                "description": "가산디지털단지역에서 회사까지 버스가 너무 드물게 옵니다.",
                "is_public": "on",
            },
        )
    assert response.status_code == 302
    grievance = Grievance.objects.get()
    assert grievance.submitted_by == company_manager and grievance.company == company
    assert len(mail.outbox) == 1
    steps = [
        (Grievance.Status.REVIEWING, "금천구가 검토합니다."),
        (Grievance.Status.IN_PROGRESS, "서울시에 증편을 요청했습니다."),
        (Grievance.Status.DONE, "배차 간격을 줄였습니다."),
    ]
    for number, (status, note) in enumerate(steps, start=2):
        with django_capture_on_commit_callbacks(execute=True):
            services.change_grievance_status(grievance, status, note=note, by=staff)
        assert len(mail.outbox) == number
        assert mail.outbox[-1].to == [company_manager.email]
        assert str(Grievance.Status(status).label) in mail.outbox[-1].subject
    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.DONE
    assert grievance.resolved_on == timezone.localdate()
    assert GrievanceEvent.objects.filter(grievance=grievance).count() == 4
    page = company_manager_client.get(reverse("account_profile")).content.decode()
    today = timezone.localdate()
    for label in ["접수", "검토 중", "추진 중", "완료"]:
        assert label in page
    assert f"{today.year}년 {today.month}월 {today.day}일" in page
    assert "배차 간격을 줄였습니다." in page
    detail = company_manager_client.get(grievance.get_absolute_url()).content.decode()
    assert detail.count('<time datetime="') == 4


def test_rejecting_needs_a_reason_and_wrong_moves_are_refused(staff):
    grievance = GrievanceFactory()
    with pytest.raises(ValidationError, match="사유"):
        services.change_grievance_status(grievance, Grievance.Status.REJECTED, by=staff)
    with pytest.raises(ValidationError, match="바꿀 수 없습니다"):
        services.change_grievance_status(grievance, Grievance.Status.DONE, by=staff)
    services.change_grievance_status(
        grievance, Grievance.Status.REJECTED, reason="법령상 어렵습니다.", by=staff
    )
    grievance.refresh_from_db()
    assert grievance.rejection_reason == "법령상 어렵습니다."
    assert grievance.events.count() == 2


def test_a_grievance_submission_with_empty_or_hostile_input_writes_nothing(
    company_manager, company_manager_client
):
    company = manage(company_manager)
    other = manage(UserFactory())
    url = reverse("council:grievance_new")
    cases = [
        ({"company": company.pk, "title": "", "description": ""}, "필수 항목입니다"),
        (
            {"company": company.pk, "title": "짧", "description": "열 글자가 넘는 내용입니다"},
            "4자 이상",
        ),
        ({"company": company.pk, "title": "긴 제목" * 100, "description": "x" * 20}, "최대"),
        (
            {"company": other.pk, "title": "남의 회사로 접수", "description": "x" * 20},
            "올바르게 선택",
        ),
        ({"company": company.pk, "title": "내용 없음", "description": "   "}, "필수 항목입니다"),
    ]
    for data, message in cases:
        response = company_manager_client.post(url, data)
        assert response.status_code == 200
        assert message in response.content.decode(), data
    assert not Grievance.objects.exists()
    assert not mail.outbox


def test_a_script_in_a_grievance_is_shown_as_text(company_manager, company_manager_client):
    company = manage(company_manager)
    company_manager_client.post(
        reverse("council:grievance_new"),
        {
            "company": company.pk,
            "title": "<script>alert(1)</script> 제목",
            "description": "<script>alert(2)</script> 내용이 충분히 깁니다",
        },
    )
    grievance = Grievance.objects.get()
    html = company_manager_client.get(grievance.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
