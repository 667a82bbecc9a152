"""Registration services: seats, waiting list, applications, selection, check-in, anonymising."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import services
from events.models import Event, Registration
from tests.factories import UserFactory

from .factories import EventFactory, SelectionEventFactory, make_company

pytestmark = pytest.mark.django_db


def _refused(function, *args, message, **kwargs):
    before = Registration.objects.count()
    with pytest.raises(services.RegistrationError) as info:
        function(*args, **kwargs)
    assert message in info.value.message
    assert Registration.objects.count() == before, "a refused request must write nothing"
    return info.value


class TestFirstCome:
    def test_seats_then_waiting_list_in_order(self):
        event = EventFactory(capacity=2)
        users = UserFactory.create_batch(4)
        statuses = [services.register(event, u).status for u in users]
        assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
        event.refresh_from_db()
        assert event.confirmed_count == 2 and event.seats_left == 0
        waiting = Registration.objects.get(user=users[3])
        assert waiting.waitlist_position() == 2

    def test_cancel_promotes_first_waiting_and_emails_them(
        self, django_capture_on_commit_callbacks
    ):
        event = EventFactory(capacity=1)
        first, second, third = UserFactory.create_batch(3)
        seat = services.register(event, first)
        services.register(event, second)
        services.register(event, third)
        with django_capture_on_commit_callbacks(execute=True):
            promoted = services.cancel(seat)
        assert promoted.user == second
        assert Registration.objects.get(user=second).status == "confirmed"
        assert Registration.objects.get(user=third).status == "waitlisted"
        by_person = {m.to[0]: m for m in mail.outbox}
        assert len(mail.outbox) == 2 and set(by_person) == {first.email, second.email}
        assert "참가 확정" in by_person[second.email].subject
        assert "취소되었습니다" in by_person[first.email].subject
        event.refresh_from_db()
        assert event.confirmed_count == 1

    def test_cancel_waiting_entry_frees_no_seat(self):
        event = EventFactory(capacity=1)
        first, second = UserFactory.create_batch(2)
        services.register(event, first)
        waiting = services.register(event, second)
        assert services.cancel(waiting) is None
        event.refresh_from_db()
        assert event.confirmed_count == 1

    def test_refused_twice(self, resident):
        event = EventFactory()
        services.register(event, resident)
        _refused(services.register, event, resident, message="이미 신청한 행사입니다")

    def test_may_register_again_after_cancelling(self, resident):
        event = EventFactory()
        services.cancel(services.register(event, resident))
        assert services.register(event, resident).status == "confirmed"

    def test_refused_after_closing(self, resident):
        event = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(minutes=1))
        _refused(services.register, event, resident, message="신청이 마감되었습니다")

    def test_refused_before_opening(self, resident):
        event = EventFactory(registration_opens_at=timezone.now() + datetime.timedelta(days=1))
        _refused(services.register, event, resident, message="아직 신청 기간이 아닙니다")

    def test_refused_for_cancelled_event(self, resident):
        event = EventFactory(status=Event.Status.CANCELLED)
        _refused(services.register, event, resident, message="취소된 행사")

    def test_refused_when_full_without_waiting_list(self, resident):
        event = EventFactory(capacity=1, waitlist=False)
        services.register(event, UserFactory())
        _refused(services.register, event, resident, message="정원이 모두 찼습니다")

    def test_refused_for_information_only_event(self, resident):
        event = EventFactory(registration_mode=Event.Mode.NONE)
        _refused(services.register, event, resident, message="신청을 받지 않습니다")

    def test_refused_for_draft(self, resident):
        event = EventFactory(status=Event.Status.DRAFT)
        _refused(services.register, event, resident, message="공개되지 않은 행사")

    def test_refused_for_selection_event(self, resident):
        event = SelectionEventFactory()
        _refused(services.register, event, resident, message="선정하는 행사")

    def test_cancelling_twice_is_refused(self, resident):
        registration = services.register(EventFactory(), resident)
        services.cancel(registration)
        with pytest.raises(services.RegistrationError, match="이미 취소된 신청"):
            services.cancel(registration)


class TestBibs:
    def test_bibs_follow_seats_without_gaps(self):
        event = EventFactory(capacity=3, needs_bib=True)
        users = UserFactory.create_batch(5)
        regs = [services.register(event, u) for u in users]
        assert [r.bib for r in regs] == [1, 2, 3, None, None]
        services.cancel(regs[0])
        assert Registration.objects.get(pk=regs[3].pk).bib == 4
        assert Registration.objects.get(pk=regs[4].pk).bib is None

    def test_no_bib_when_event_does_not_need_one(self, resident):
        assert services.register(EventFactory(), resident).bib is None


class TestApplications:
    def test_manager_applies_for_listed_company_with_answers(self, company_manager):
        event = SelectionEventFactory()
        company = make_company(manager=company_manager)
        answers = [{"question": "주력 제품·서비스", "answer": "보안 솔루션"}]
        registration = services.apply(event, company_manager, company, answers)
        assert registration.status == "applied"
        assert registration.answers == answers
        assert registration.company == company

    def test_refused_for_company_not_managed(self, company_manager):
        event = SelectionEventFactory()
        other = make_company(name="남의 회사", manager=UserFactory())
        _refused(services.apply, event, company_manager, other, [], message="담당하는 공개 기업")

    def test_refused_for_unlisted_company(self, company_manager):
        event = SelectionEventFactory()
        pending = make_company(manager=company_manager, status="pending")
        _refused(services.apply, event, company_manager, pending, [], message="담당하는 공개 기업")

    def test_refused_twice_for_same_company(self, company_manager):
        event = SelectionEventFactory()
        company = make_company(manager=company_manager)
        services.apply(event, company_manager, company, [])
        _refused(services.apply, event, company_manager, company, [], message="이미 신청")

    def test_refused_after_closing(self, company_manager):
        event = SelectionEventFactory(
            registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        company = make_company(manager=company_manager)
        _refused(services.apply, event, company_manager, company, [], message="마감")

    def test_select_is_capped_at_capacity_in_order(self, staff, django_capture_on_commit_callbacks):
        event = SelectionEventFactory(capacity=2)
        regs = []
        for index in range(3):
            manager = UserFactory()
            company = make_company(name=f"기업{index}", manager=manager)
            regs.append(services.apply(event, manager, company, []))
        with django_capture_on_commit_callbacks(execute=True):
            selected, refused = services.select(regs, by=staff)
        assert [r.pk for r in selected] == [regs[0].pk, regs[1].pk]
        assert [r.pk for r in refused] == [regs[2].pk]
        assert Registration.objects.get(pk=regs[2].pk).status == "applied"
        event.refresh_from_db()
        assert event.confirmed_count == 2
        assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in selected)
        assert all("선정" in m.subject for m in mail.outbox)

    def test_decline_emails_result_and_frees_selected_place(
        self, staff, django_capture_on_commit_callbacks
    ):
        event = SelectionEventFactory(capacity=1)
        manager = UserFactory()
        registration = services.apply(event, manager, make_company(manager=manager), [])
        services.select([registration], by=staff)
        with django_capture_on_commit_callbacks(execute=True):
            services.decline([registration], by=staff)
        registration.refresh_from_db()
        event.refresh_from_db()
        assert registration.status == "declined" and registration.decided_by == staff
        assert event.confirmed_count == 0
        assert "미선정" in mail.outbox[-1].body


class TestCheckIn:
    def test_first_then_second_check_in_flagged(self, resident, staff):
        event = EventFactory()
        registration = services.register(event, resident)
        code = registration.signed_code()
        result, first = services.check_in(event, code, by=staff)
        assert first and result.checked_in_by == staff
        again, first_again = services.check_in(event, code, by=staff)
        assert not first_again
        assert again.checked_in_at == result.checked_in_at

    @pytest.mark.parametrize(
        "make_code",
        [
            lambda r: r.signed_code()[:-1] + ("A" if r.signed_code()[-1] != "A" else "B"),
            lambda r: str(r.ticket),
            lambda r: "00000000-0000-0000-0000-000000000000:abc",
            lambda r: "<script>alert(1)</script>",
            lambda r: "x" * 5000,
        ],
        ids=["tampered", "unsigned", "made-up", "hostile", "huge"],
    )
    def test_forged_code_refused_in_korean(self, resident, staff, make_code):
        event = EventFactory()
        registration = services.register(event, resident)
        with pytest.raises(services.RegistrationError, match="올바른 입장권 코드가 아닙니다"):
            services.check_in(event, make_code(registration), by=staff)
        registration.refresh_from_db()
        assert registration.checked_in_at is None

    def test_ticket_of_another_event_refused(self, resident, staff):
        registration = services.register(EventFactory(), resident)
        with pytest.raises(services.RegistrationError, match="다른 행사"):
            services.check_in(EventFactory(), registration.signed_code(), by=staff)

    def test_waiting_list_ticket_refused(self, staff):
        event = EventFactory(capacity=1)
        services.register(event, UserFactory())
        waiting = services.register(event, UserFactory())
        with pytest.raises(services.RegistrationError, match="입장할 수 없는 신청"):
            services.check_in(event, waiting.signed_code(), by=staff)


class TestAnonymise:
    def test_command_removes_personal_data_after_retention(self, settings, company_manager):
        settings.PARTICIPANT_DATA_RETENTION_DAYS = 30
        old = SelectionEventFactory()
        recent = EventFactory()
        company = make_company(manager=company_manager)
        old_reg = services.apply(old, company_manager, company, [{"question": "q", "answer": "a"}])
        recent_reg = services.register(recent, company_manager)
        Event.objects.filter(pk=old.pk).update(
            starts_at=timezone.now() - datetime.timedelta(days=40),
            ends_at=timezone.now() - datetime.timedelta(days=31),
        )
        Event.objects.filter(pk=recent.pk).update(
            starts_at=timezone.now() - datetime.timedelta(days=29),
            ends_at=timezone.now() - datetime.timedelta(days=29),
        )
        call_command("anonymise_participants")
        old_reg.refresh_from_db()
        recent_reg.refresh_from_db()
        assert old_reg.user is None and old_reg.answers == [] and old_reg.anonymised_at
        assert old_reg.company == company, "company names are not personal data"
        assert recent_reg.user == company_manager and recent_reg.anonymised_at is None
