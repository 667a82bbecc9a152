"""Generating, re-running and publishing a consultation's schedule through the database."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from events import consultations
from events.models import Absence, Meeting

from .factories import make_consultation, wish

pytestmark = pytest.mark.django_db


def test_slots_follow_the_hours_and_skip_the_break():
    consultation = make_consultation()
    local = [
        timezone.localtime(s.starts_at).time() for s in consultation.slots.order_by("starts_at")
    ]
    assert local == [
        datetime.time(10, 0),
        datetime.time(10, 20),
        datetime.time(11, 0),
        datetime.time(11, 20),
        datetime.time(11, 40),
    ]


def test_generate_writes_a_schedule_that_keeps_every_rule():
    consultation = make_consultation()
    buyer = consultation.buyers.get(company_name="Buyer 1")
    first_slot = consultation.slots.order_by("starts_at").first()
    Absence.objects.create(slot=first_slot, buyer=buyer)
    participants = list(consultation.participants.all())
    wish(participants[0], buyer)
    consultations.generate(consultation, time_limit=3)
    meetings = list(consultation.meetings.select_related("buyer", "interpreter"))
    assert meetings
    assert not [m for m in meetings if m.buyer == buyer and m.slot == first_slot]
    assert any(m.buyer == buyer and m.participant == participants[0] for m in meetings)
    for m in meetings:
        assert (m.interpreter is not None) == (m.buyer.interpreter_language == "vi")
    per_company = {p.pk: 0 for p in participants}
    for m in meetings:
        per_company[m.participant_id] += 1
    assert min(per_company.values()) >= 2
    consultation.refresh_from_db()
    assert consultation.last_run["meetings"] == len(meetings)
    assert consultation.last_run["below_minimum"] == []


def test_a_locked_meeting_survives_a_rerun():
    consultation = make_consultation()
    consultations.generate(consultation, time_limit=3)
    locked = consultation.meetings.order_by("pk").first()
    locked.locked = True
    locked.save()
    others = set(consultation.meetings.exclude(pk=locked.pk).values_list("pk", flat=True))
    consultations.generate(consultation, time_limit=3)
    kept = Meeting.objects.get(pk=locked.pk)
    assert (kept.slot_id, kept.table, kept.buyer_id, kept.participant_id) == (
        locked.slot_id,
        locked.table,
        locked.buyer_id,
        locked.participant_id,
    )
    assert not others & set(consultation.meetings.values_list("pk", flat=True))


def test_an_over_full_grid_is_refused_and_nothing_changes():
    consultation = make_consultation(companies=6, tables=1, minimum=2)  # 12 needed, 5 places
    with pytest.raises(consultations.ConsultationError) as caught:
        consultations.generate(consultation, time_limit=2)
    assert "상담 12건이 필요하지만" in str(caught.value) and "5개뿐입니다" in str(caught.value)
    assert not consultation.meetings.exists()
    with translation.override("en"), pytest.raises(consultations.ConsultationError) as caught:
        consultations.generate(consultation, time_limit=2)
    assert "12 meetings" in str(caught.value)


def test_the_database_refuses_a_double_booking():
    consultation = make_consultation()
    consultations.generate(consultation, time_limit=3)
    meeting = consultation.meetings.order_by("pk").first()
    other = consultation.meetings.exclude(slot=meeting.slot).exclude(buyer=meeting.buyer).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=other.pk).update(slot=meeting.slot, table=meeting.table)


def test_publish_marks_every_meeting():
    consultation = make_consultation()
    with pytest.raises(consultations.ConsultationError):
        consultations.publish(consultation)
    consultations.generate(consultation, time_limit=3)
    consultations.publish(consultation)
    assert not consultation.meetings.filter(published=False).exists()


def _free_place(consultation, meeting):
    """Return a (slot, table) where the meeting's buyer, company and a table are all free."""
    for slot in consultation.slots.order_by("starts_at"):
        taken = consultation.meetings.filter(slot=slot)
        if (
            taken.filter(buyer=meeting.buyer).exists()
            or taken.filter(participant=meeting.participant).exists()
        ):
            continue
        tables = set(taken.values_list("table", flat=True))
        free = [t for t in range(1, consultation.tables + 1) if t not in tables]
        if free:
            return slot, free[0]
    return None


def test_moving_a_meeting_to_a_free_place_locks_it():
    # One table and one meeting per buyer: the meetings sit in different slots, one slot stays free.
    consultation = make_consultation(buyers=4, companies=4, tables=1, minimum=1, maximum=1)
    consultations.generate(consultation, time_limit=3)
    meeting = consultation.meetings.filter(buyer__interpreter_language="").order_by("pk").first()
    slot, table = _free_place(consultation, meeting)
    consultations.move_meeting(meeting, slot, table)
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table, meeting.locked) == (slot, table, True)


def test_moving_to_an_occupied_table_is_refused():
    consultation = make_consultation()
    consultations.generate(consultation, time_limit=3)
    meeting = consultation.meetings.exclude(buyer__interpreter_language="vi").order_by("pk")[0]
    target = consultation.meetings.exclude(slot=meeting.slot).exclude(buyer=meeting.buyer).first()
    before = (meeting.slot_id, meeting.table)
    with pytest.raises(consultations.ConsultationError) as caught:
        consultations.move_meeting(meeting, target.slot, target.table)
    assert f"{target.table}번 테이블에는 이미 상담이 있습니다" in str(caught.value)
    with translation.override("en"), pytest.raises(consultations.ConsultationError) as caught:
        consultations.move_meeting(meeting, target.slot, target.table)
    assert f"Table {target.table} is already taken" in str(caught.value)
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table, meeting.locked) == (*before, False)


def test_moving_to_a_slot_where_the_buyer_is_away_is_refused():
    # 4 companies: a buyer meets in at most 4 of the 5 slots, and at most 4 of the 5 tables of a
    # slot are taken, so a slot where the buyer is free has a free table.
    consultation = make_consultation(companies=4, tables=5)
    consultations.generate(consultation, time_limit=3)
    meeting = consultation.meetings.order_by("pk").first()
    slot = (
        consultation.slots.exclude(pk=meeting.slot_id)
        .exclude(meetings__buyer=meeting.buyer)
        .first()
    )
    # The company may be busy in that slot (then the move is refused for that reason first).
    consultation.meetings.filter(slot=slot, participant=meeting.participant).delete()
    taken = set(consultation.meetings.filter(slot=slot).values_list("table", flat=True))
    table = min(set(range(1, 6)) - taken)
    Absence.objects.create(slot=slot, buyer=meeting.buyer)
    with pytest.raises(
        consultations.ConsultationError, match="바이어가 그 시간대에 자리에 없습니다"
    ):
        consultations.move_meeting(meeting, slot, table)


def test_staff_move_a_meeting_in_the_admin(staff_client):
    # One table and one meeting per buyer: the meetings sit in different slots, one slot stays free.
    consultation = make_consultation(buyers=4, companies=4, tables=1, minimum=1, maximum=1)
    consultations.generate(consultation, time_limit=3)
    meeting = consultation.meetings.exclude(buyer__interpreter_language="vi").order_by("pk")[0]
    target = consultation.meetings.exclude(slot=meeting.slot).exclude(buyer=meeting.buyer).first()
    url = reverse("admin:events_meeting_change", args=[meeting.pk])
    form = {"slot": target.slot_id, "table": target.table, "status": "scheduled", "outcome": ""}
    html = staff_client.post(url, form).content.decode()
    assert f"{target.table}번 테이블에는 이미 상담이 있습니다" in html
    meeting.refresh_from_db()
    assert not meeting.locked
    free = _free_place(consultation, meeting)
    assert free is not None
    slot, table = free
    response = staff_client.post(url, {**form, "slot": slot.pk, "table": table, "status": "held"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table, meeting.status, meeting.locked) == (
        slot,
        table,
        "held",
        True,
    )


def test_staff_generate_and_publish_from_the_admin(staff_client):
    consultation = make_consultation()
    url = reverse("admin:events_consultation_changelist")
    response = staff_client.post(
        url, {"action": "generate", "_selected_action": [consultation.pk]}, follow=True
    )
    assert "자동 배정을 시작했습니다." in response.content.decode()
    consultation.refresh_from_db()  # the test settings run jobs at once
    assert consultation.meetings.exists()
    assert consultation.last_run["meetings"] == consultation.meetings.count()
    response = staff_client.post(
        url, {"action": "publish", "_selected_action": [consultation.pk]}, follow=True
    )
    assert "배정 결과를 공개했습니다." in response.content.decode()
    assert not consultation.meetings.filter(published=False).exists()


def test_a_refused_run_is_recorded_for_staff(staff_client):
    consultation = make_consultation(companies=6, tables=1, minimum=2)
    staff_client.post(
        reverse("admin:events_consultation_changelist"),
        {"action": "generate", "_selected_action": [consultation.pk]},
    )
    consultation.refresh_from_db()
    assert "5개뿐입니다" in consultation.last_run["error"]
    assert not consultation.meetings.exists()


def test_publishing_mails_each_buyer_and_manager_their_meetings(django_capture_on_commit_callbacks):
    from django.core import mail

    from companies.models import CompanyMembership
    from tests.factories import UserFactory

    consultation = make_consultation()
    buyer = consultation.buyers.get(company_name="Buyer 1")
    buyer.email = "buyer1@example.vn"
    buyer.save()
    participant = consultation.participants.order_by("pk").first()
    manager = UserFactory(email="manager@example.com")
    CompanyMembership.objects.create(company=participant.company, user=manager)
    consultations.generate(consultation, time_limit=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        consultations.publish(consultation)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"buyer1@example.vn", "manager@example.com"}
    body = sent["buyer1@example.vn"].body
    assert body.count("Buyer 1 (JP) ×") == 2 * consultation.meetings.filter(buyer=buyer).count()
    assert "상담 일정이 공개되었습니다" in body and "(English)" in body
    own = consultation.meetings.filter(participant=participant).count()
    assert sent["manager@example.com"].body.count(f"× {participant.company.name}") == 2 * own


def test_staff_mark_no_shows_on_the_day(staff_client):
    consultation = make_consultation()
    consultations.generate(consultation, time_limit=3)
    meeting = consultation.meetings.order_by("pk").first()
    response = staff_client.post(
        reverse("admin:events_meeting_changelist"),
        {"action": "mark_no_show", "_selected_action": [meeting.pk]},
        follow=True,
    )
    assert "상담 1건을 노쇼로 표시했습니다." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NO_SHOW
