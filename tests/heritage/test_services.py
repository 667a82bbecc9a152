"""Group visits: capacity, concurrency, opening slots, staff decisions and emails."""

import datetime

import pytest
from django.core import mail
from django.db.models import Sum
from django.utils import timezone

from heritage import services
from heritage.models import RequestStatus, VisitRequest, VisitSlot
from tests.concurrency import race
from tests.factories import UserFactory

from .factories import (
    SpecialDayFactory,
    VisitInfoFactory,
    VisitRequestFactory,
    VisitSlotFactory,
    request_data,
)


def _request(slot, user, **overrides):
    return services.request_visit(slot_id=slot.pk, requester=user, **request_data(**overrides))


@pytest.mark.django_db
def test_request_holds_places_and_emails_the_requester(django_capture_on_commit_callbacks):
    slot = VisitSlotFactory(capacity=40)
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        visit = _request(slot, user, people=25)
    assert visit.status == RequestStatus.PENDING
    assert services.booked_people(slot) == 25
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["teacher@example.com"]
    assert "단체 관람 신청을 받았습니다" in mail.outbox[0].subject


@pytest.mark.django_db
def test_request_larger_than_places_left_is_refused_in_korean():
    slot = VisitSlotFactory(capacity=40)
    VisitRequestFactory(slot=slot, people=30)
    with pytest.raises(services.SlotUnavailable) as error:
        _request(slot, UserFactory(), people=11)
    assert "남은 자리는 10명" in error.value.messages[0]
    assert "11명 단체는 신청할 수 없습니다" in error.value.messages[0]
    assert VisitRequest.objects.filter(slot=slot).count() == 1


@pytest.mark.django_db
def test_exactly_the_places_left_is_accepted_then_the_slot_is_full():
    slot = VisitSlotFactory(capacity=40)
    _request(slot, UserFactory(), people=40)
    with pytest.raises(services.SlotUnavailable) as error:
        _request(slot, UserFactory(), people=1)
    assert "이미 정원이 찼습니다" in error.value.messages[0]


@pytest.mark.django_db
def test_declined_requests_free_their_places(staff):
    slot = VisitSlotFactory(capacity=40)
    declined = VisitRequestFactory(slot=slot, people=40)
    services.decline_requests(VisitRequest.objects.filter(pk=declined.pk), user=staff)
    _request(slot, UserFactory(), people=40)
    assert services.booked_people(slot) == 40


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [{"is_open": False}, {"starts_at": timezone.now() - datetime.timedelta(hours=1)}],
    ids=["closed", "past"],
)
def test_closed_or_past_slot_refuses_requests(change):
    slot = VisitSlotFactory()
    for field, value in change.items():
        setattr(slot, field, value)
    slot.ends_at = slot.starts_at + datetime.timedelta(hours=1)
    slot.save()
    with pytest.raises(services.SlotUnavailable) as error:
        _request(slot, UserFactory())
    assert "신청을 받지 않습니다" in error.value.messages[0]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_overbook_a_slot():
    slot = VisitSlotFactory(capacity=40)
    users = [UserFactory() for _ in range(30)]

    def attempt(i):
        return _request(slot, users[i], people=5, group_name=f"단체 {i}")

    results = race(attempt, 30)
    accepted = [r for r in results if isinstance(r, VisitRequest)]
    refused = [r for r in results if isinstance(r, services.SlotUnavailable)]
    unexpected = [r for r in results if not isinstance(r, (VisitRequest, services.SlotUnavailable))]
    assert not unexpected, unexpected
    assert len(accepted) == 8
    assert len(refused) == 22
    total = VisitRequest.objects.filter(slot=slot).aggregate(n=Sum("people"))["n"]
    assert total == 40


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_uneven_requests_stay_within_capacity():
    slot = VisitSlotFactory(capacity=40)
    users = [UserFactory() for _ in range(20)]
    sizes = [7, 13, 3, 9, 11, 5, 17, 2, 8, 6] * 2
    results = race(lambda i: _request(slot, users[i], people=sizes[i]), 20)
    assert all(isinstance(r, (VisitRequest, services.SlotUnavailable)) for r in results), results
    total = VisitRequest.objects.filter(slot=slot).aggregate(n=Sum("people"))["n"] or 0
    assert 0 < total <= 40


@pytest.mark.django_db
def test_confirm_and_decline_email_the_requester(staff, django_capture_on_commit_callbacks):
    slot = VisitSlotFactory()
    first = VisitRequestFactory(slot=slot, contact_email="a@example.com")
    second = VisitRequestFactory(slot=slot, contact_email="b@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.confirm_requests(VisitRequest.objects.filter(pk=first.pk), user=staff) == 1
        assert services.decline_requests(VisitRequest.objects.filter(pk=second.pk), user=staff) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.decided_by) == (RequestStatus.CONFIRMED, staff)
    assert second.status == RequestStatus.DECLINED
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "확정" in subjects["a@example.com"]
    assert "안내" in subjects["b@example.com"]


@pytest.mark.django_db
def test_a_declined_request_cannot_be_confirmed_later(staff):
    visit = VisitRequestFactory(status=RequestStatus.DECLINED)
    assert services.confirm_requests(VisitRequest.objects.filter(pk=visit.pk), user=staff) == 0
    visit.refresh_from_db()
    assert visit.status == RequestStatus.DECLINED


@pytest.mark.django_db
def test_open_slots_for_a_range_skips_closed_days_and_existing_slots():
    info = VisitInfoFactory()  # closed on Mondays
    monday = datetime.date(2030, 1, 7)
    SpecialDayFactory(visit_info=info, date=monday + datetime.timedelta(days=2))  # Wednesday
    times = [(datetime.time(10), datetime.time(11)), (datetime.time(14), datetime.time(15))]
    created, skipped = services.open_slots(
        start_date=monday,
        end_date=monday + datetime.timedelta(days=6),
        weekdays={0, 1, 2, 3},
        times=times,
        capacity=30,
    )
    # Monday (weekly closure) and Wednesday (one-off closure) are skipped: Tuesday and Thursday.
    assert (created, skipped) == (4, 0)
    days = sorted({timezone.localtime(s.starts_at).date() for s in VisitSlot.objects.all()})
    assert days == [monday + datetime.timedelta(days=1), monday + datetime.timedelta(days=3)]
    assert set(VisitSlot.objects.values_list("capacity", flat=True)) == {30}
    again = services.open_slots(
        start_date=monday,
        end_date=monday + datetime.timedelta(days=6),
        weekdays={0, 1, 2, 3},
        times=times,
        capacity=30,
    )
    assert again == (0, 4)
    assert VisitSlot.objects.count() == 4


@pytest.mark.django_db
def test_contact_details_are_erased_a_year_after_the_visit():
    from django.core.management import call_command

    now = timezone.now()
    old_slot = VisitSlotFactory(
        starts_at=now - datetime.timedelta(days=400),
        ends_at=now - datetime.timedelta(days=400) + datetime.timedelta(hours=1),
    )
    old = VisitRequestFactory(slot=old_slot, contact_phone="010-9999-8888")
    recent = VisitRequestFactory(contact_phone="010-7777-6666")
    call_command("purge_visit_contacts", stdout=__import__("io").StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.contact_phone == "" and old.contact_email == services.ERASED_EMAIL
    assert old.group_name == "가산초등학교" and old.people == 10
    assert recent.contact_phone == "010-7777-6666"
    assert services.purge_old_contacts() == 0


@pytest.mark.django_db
def test_requester_mail_is_korean_even_from_an_english_admin(
    staff, django_capture_on_commit_callbacks
):
    from django.utils import translation

    visit = VisitRequestFactory()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.confirm_requests(VisitRequest.objects.filter(pk=visit.pk), user=staff)
    assert mail.outbox[0].subject == "[금천 순이의 집] 단체 관람이 확정되었습니다"
    assert "확정되었습니다" in mail.outbox[0].body
