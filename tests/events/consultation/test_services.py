"""Generating, re-running and publishing a consultation's schedule through the database."""

import datetime

import pytest
from django.db import IntegrityError, transaction
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
