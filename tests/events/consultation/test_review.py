"""The staff's review page of a generated schedule: the grid and the run's report as the database
holds them; lock, lock all, run again for the rest, publish; who may; bad and hostile input."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from companies.models import CompanyMembership
from events import consultations
from events.models import Absence, BuyerWish, CompanyWish, Meeting
from gvalley import jobs
from tests.events.factories import EventFactory, make_company
from tests.factories import UserFactory

from .factories import make_consultation

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def consultation():
    consultation = make_consultation(buyers=4, companies=6)
    participants = list(consultation.participants.order_by("pk"))
    buyers = list(consultation.buyers.order_by("pk"))
    # Two mutual wishes and one one-sided wish, so the report and the marks have something to say.
    for participant, buyer in ((participants[0], buyers[1]), (participants[1], buyers[2])):
        CompanyWish.objects.create(participant=participant, buyer=buyer, rank=1)
        BuyerWish.objects.create(buyer=buyer, participant=participant, rank=1)
    CompanyWish.objects.create(participant=participants[2], buyer=buyers[3], rank=1)
    consultations.generate(consultation, time_limit=3)
    consultation.refresh_from_db()
    return consultation


def _url(consultation, name="review"):
    return reverse(f"events:consultation_{name}", kwargs={"slug": consultation.event.slug})


def _cell(html, meeting):
    """Return the HTML of the grid cell showing the meeting."""
    match = re.search(rf'id="meeting-{meeting.pk}">(.*?)</td>', html, re.S)
    assert match, f"no cell for meeting {meeting.pk}"
    return match.group(1)


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _state(consultation):
    """What any action could change: each meeting's place, lock and publication; the mails."""
    return (
        list(
            consultation.meetings.order_by("pk").values_list(
                "pk", "slot", "table", "buyer", "participant", "locked", "published"
            )
        ),
        len(mail.outbox),
    )


# What the page shows --------------------------------------------------------------------------


def test_the_page_shows_the_grid_and_report_the_database_holds(staff_client, consultation):
    locked = consultation.meetings.order_by("slot__starts_at", "table").first()
    Meeting.objects.filter(pk=locked.pk).update(locked=True)
    html = staff_client.get(_url(consultation)).content.decode()
    text = _text(html)

    # Every meeting in its cell, company ↔ buyer; the locked one marked, the others not.
    meetings = consultation.meetings.select_related("buyer", "participant__company", "interpreter")
    for meeting in meetings:
        cell = _cell(html, meeting)
        assert meeting.participant.company.name in cell and meeting.buyer.company_name in cell
        assert ("review-locked" in cell) == (meeting.pk == locked.pk)
        if meeting.interpreter:
            assert f"통역: {meeting.interpreter.name}" in cell
    # Mutual wishes marked exactly on the meetings of a mutual pair.
    mutual = set(
        CompanyWish.objects.filter(participant__consultation=consultation).values_list(
            "buyer", "participant"
        )
    ) & set(BuyerWish.objects.values_list("buyer", "participant"))
    met_mutual = [m for m in meetings if (m.buyer_id, m.participant_id) in mutual]
    assert met_mutual, "the solver meets mutual wishes first"
    for meeting in meetings:
        assert ("review-mutual-mark" in _cell(html, meeting)) == (meeting in met_mutual)
    # The lunch break between the slots; each slot a row and each table a column.
    assert "10:40–11:00" in text and "쉬는 시간" in text
    assert html.count('<th scope="col">테이블 ') == consultation.tables
    rows = re.findall(r"<tr>\s*<th scope=\"row\"><time", html)
    assert len(rows) == consultation.slots.count()
    assert html.count('class="review-empty"') == (
        consultation.slots.count() * consultation.tables - meetings.count()
    )

    # The report's numbers are the database's counts.
    assert f"{meetings.count()}건 (그중 고정 0건)" in text
    assert f"{len(mutual)}건 중 {len(met_mutual)}건 충족" in text
    one_sided_met = meetings.filter(
        participant=consultation.participants.order_by("pk")[2],
        buyer=consultation.buyers.order_by("pk")[3],
    ).count()
    assert f"1건 중 {one_sided_met}건 충족" in text
    assert consultation.last_run["solver"] in ("OPTIMAL", "FEASIBLE", "GREEDY")
    assert "최적 배정" in text or "실행 가능한 배정" in text or "간이 배정" in text
    below = [
        p.company.name
        for p in consultation.participants.select_related("company")
        if p.meetings.count() < consultation.min_meetings_per_company
    ]
    at_maximum = [
        str(b) for b in consultation.buyers.all() if b.meetings.count() >= 6
    ]  # the factory's maximum
    below_text = _text(re.search(r'class="review-below">(.*?)</dd>', html, re.S).group(1))
    assert below_text.strip() == (", ".join(below) if below else "없음")
    maximum_text = _text(re.search(r'class="review-at-maximum">(.*?)</dd>', html, re.S).group(1))
    assert maximum_text.strip() == (", ".join(at_maximum) if at_maximum else "없음")


def test_the_report_names_companies_below_the_minimum_and_buyers_at_their_maximum(staff_client):
    # A company there for one slot only cannot have its two meetings; three buyers taking at most
    # four meetings each are nearly all needed to give the other five companies theirs.
    consultation = make_consultation(buyers=3, companies=6, minimum=2, maximum=4)
    away = consultation.participants.select_related("company").order_by("pk").first()
    Absence.objects.bulk_create(
        Absence(slot=slot, participant=away) for slot in consultation.slots.order_by("pk")[1:]
    )
    consultations.generate(consultation, time_limit=3)
    consultation.refresh_from_db()
    text = _text(staff_client.get(_url(consultation)).content.decode())
    at_maximum = [str(b) for b in consultation.buyers.all() if b.meetings.count() == 4]
    below = [
        p.company.name
        for p in consultation.participants.select_related("company")
        if p.meetings.count() < 2
    ]
    assert below == [away.company.name] and at_maximum
    assert all(name in text for name in at_maximum + below)


def test_a_refused_run_is_shown_in_words(staff_client):
    consultation = make_consultation(companies=6, tables=1, minimum=2)
    response = staff_client.post(_url(consultation, "review_generate"), follow=True)
    text = _text(response.content.decode())
    assert "자동 배정이 거절되었습니다" in text and "5개뿐입니다" in text
    assert not consultation.meetings.exists()


def test_an_event_without_a_consultation_is_not_found(staff_client):
    event = EventFactory()
    url = reverse("events:consultation_review", kwargs={"slug": event.slug})
    assert staff_client.get(url).status_code == 404


def test_the_page_reads_a_constant_number_of_queries(staff_client, django_assert_max_num_queries):
    small = make_consultation(buyers=2, companies=3)
    consultations.generate(small, time_limit=3)
    big = make_consultation(buyers=6, companies=9, tables=4)
    consultations.generate(big, time_limit=3)
    staff_client.get(_url(small))  # the session and the user, read once
    for consultation in (small, big):
        with django_assert_max_num_queries(22):
            assert staff_client.get(_url(consultation)).status_code == 200


# Lock, run again, publish ----------------------------------------------------------------------


def test_lock_then_run_again_keeps_the_locked_meeting(staff_client, consultation):
    meeting = consultation.meetings.order_by("pk").last()
    response = staff_client.post(
        _url(consultation, "review_lock"), {"meeting": meeting.pk, "locked": "1"}, follow=True
    )
    assert "고정했습니다" in response.content.decode()
    before = consultation.generated_at
    others = set(consultation.meetings.exclude(pk=meeting.pk).values_list("pk", flat=True))
    # The test settings run background jobs at once, in the request (tests/settings: immediate).
    response = staff_client.post(_url(consultation, "review_generate"), follow=True)
    assert "자동 배정을 시작했습니다" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.generated_at > before
    kept = Meeting.objects.get(pk=meeting.pk)
    assert (kept.slot_id, kept.table, kept.buyer_id, kept.participant_id, kept.locked) == (
        meeting.slot_id,
        meeting.table,
        meeting.buyer_id,
        meeting.participant_id,
        True,
    )
    # The rest was made again (new rows), and the report counts the locked one.
    assert not others & set(consultation.meetings.values_list("pk", flat=True))
    assert consultation.last_run["locked"] == 1
    text = _text(response.content.decode())
    assert f"{consultation.meetings.count()}건 (그중 고정 1건)" in text
    # Unlocked again through the page.
    staff_client.post(_url(consultation, "review_lock"), {"meeting": meeting.pk, "locked": "0"})
    assert not Meeting.objects.get(pk=meeting.pk).locked


def test_lock_all_locks_every_meeting(staff_client, consultation):
    count = consultation.meetings.count()
    response = staff_client.post(_url(consultation, "review_lock_all"), follow=True)
    assert f"상담 {count}건을 더 고정했습니다." in response.content.decode()
    assert not consultation.meetings.filter(locked=False).exists()
    ids = set(consultation.meetings.values_list("pk", "slot", "table"))
    staff_client.post(_url(consultation, "review_generate"))
    assert set(consultation.meetings.values_list("pk", "slot", "table")) == ids


def test_publishing_through_the_page_mails_buyers_and_managers_once(
    staff_client, consultation, django_capture_on_commit_callbacks
):
    buyer = consultation.buyers.get(company_name="Buyer 1")
    buyer.email = "buyer1@example.vn"
    buyer.save()
    participant = consultation.participants.order_by("pk").first()
    manager = UserFactory(email="manager@example.com")
    CompanyMembership.objects.create(company=participant.company, user=manager)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url(consultation, "review_publish"), follow=True)
    assert "배정 결과를 공개했습니다." in response.content.decode()
    assert {message.to[0] for message in mail.outbox} == {
        "buyer1@example.vn",
        "manager@example.com",
    }
    assert not consultation.meetings.filter(published=False).exists()

    # Twice: refused, no second round of mails.
    state = _state(consultation)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url(consultation, "review_publish"), follow=True)
    assert "이미 공개했습니다." in response.content.decode()
    assert _state(consultation) == state


@pytest.fixture
def queued(settings):
    """Jobs go to the database and wait for a worker, as in production."""
    settings.TASKS = DATABASE_BACKEND
    return settings


def test_a_queued_run_shows_as_running_until_a_worker_has_done_it(
    staff_client, consultation, queued
):
    before = consultation.generated_at
    response = staff_client.post(_url(consultation, "review_generate"), follow=True)
    text = _text(response.content.decode())
    assert "자동 배정을 시작했습니다" in text and "자동 배정 대기 중…" in text
    assert "고정하지 않은 상담 다시 배정" not in text  # no second run offered meanwhile
    # Asking again, or publishing meanwhile: refused, nothing queued or written.
    state = _state(consultation)
    response = staff_client.post(_url(consultation, "review_generate"), follow=True)
    assert "이미 대기 중이거나 진행 중입니다" in response.content.decode()
    response = staff_client.post(_url(consultation, "review_publish"), follow=True)
    assert "자동 배정이 진행 중이라 공개할 수 없습니다" in response.content.decode()
    assert DBTaskResult.objects.count() == 1
    assert _state(consultation) == state

    jobs.run_ready()  # a worker picks it up
    consultation.refresh_from_db()
    assert consultation.generated_at > before
    text = _text(staff_client.get(_url(consultation)).content.decode())
    assert "대기 중…" not in text and "배정 중…" not in text
    assert "고정하지 않은 상담 다시 배정" in text
    assert f"{consultation.meetings.count()}건 (그중 고정 0건)" in text


def test_a_job_that_failed_is_said_so(staff_client, consultation, queued):
    staff_client.post(_url(consultation, "review_generate"))
    DBTaskResult.objects.update(status="FAILED")
    text = _text(staff_client.get(_url(consultation)).content.decode())
    assert "자동 배정 작업이 오류로 끝났습니다" in text
    assert "고정하지 않은 상담 다시 배정" in text


# Bad and hostile input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"meeting": "", "locked": "1"},
        {"meeting": "abc", "locked": "1"},
        {"meeting": "-1", "locked": "1"},
        {"meeting": "1.5", "locked": "1"},
        {"meeting": "99999999999999999999999", "locked": "1"},
        {"meeting": "' OR 1=1 --", "locked": "1"},
        {"meeting": "x" * 10_000, "locked": "1"},
    ],
)
def test_malformed_meeting_ids_are_refused_with_a_message(staff_client, consultation, data):
    state = _state(consultation)
    response = staff_client.post(_url(consultation, "review_lock"), data)
    assert response.status_code == 400
    text = _text(response.content.decode())
    assert (
        "이 수출상담회에 그런 상담이 없습니다" in text or "고정할 상담을 고르지 않았습니다" in text
    )
    assert _state(consultation) == state


def test_a_bad_lock_value_is_refused(staff_client, consultation):
    meeting = consultation.meetings.order_by("pk").first()
    state = _state(consultation)
    response = staff_client.post(
        _url(consultation, "review_lock"), {"meeting": meeting.pk, "locked": "yes"}
    )
    assert response.status_code == 400
    assert "고정 값이 올바르지 않습니다." in response.content.decode()
    assert _state(consultation) == state


def test_a_meeting_of_another_consultation_is_refused_in_korean_and_english(
    staff_client, consultation
):
    other = make_consultation(buyers=2, companies=3)
    consultations.generate(other, time_limit=3)
    foreign = other.meetings.order_by("pk").first()
    state, other_state = _state(consultation), _state(other)
    response = staff_client.post(
        _url(consultation, "review_lock"), {"meeting": foreign.pk, "locked": "1"}
    )
    assert response.status_code == 400
    assert "이 수출상담회에 그런 상담이 없습니다" in response.content.decode()
    with translation.override("en"):
        url = _url(consultation, "review_lock")
    assert url.startswith("/en/")
    response = staff_client.post(url, {"meeting": foreign.pk, "locked": "1"})
    assert response.status_code == 400
    assert "This export consultation has no such meeting" in response.content.decode()
    assert (_state(consultation), _state(other)) == (state, other_state)


def test_publishing_with_nothing_scheduled_is_refused(staff_client):
    consultation = make_consultation()
    response = staff_client.post(_url(consultation, "review_publish"), follow=True)
    assert response.status_code == 200
    assert "공개할 상담이 없습니다" in response.content.decode()
    assert consultation.published_at is None and not mail.outbox


# Who may ---------------------------------------------------------------------------------------


def _actions(consultation):
    meeting = consultation.meetings.order_by("pk").first()
    return [
        (_url(consultation, "review_lock"), {"meeting": meeting.pk, "locked": "1"}),
        (_url(consultation, "review_lock_all"), {}),
        (_url(consultation, "review_generate"), {}),
        (_url(consultation, "review_publish"), {}),
    ]


def test_only_staff_may_review(
    client, client_for, resident, company_manager, council_member, staff, consultation
):
    buyer = consultation.buyers.get(company_name="Buyer 1")
    buyer.user = UserFactory()
    buyer.save()
    participant = consultation.participants.order_by("pk").first()
    CompanyMembership.objects.create(company=participant.company, user=company_manager)
    other_manager = UserFactory()
    CompanyMembership.objects.create(
        company=consultation.participants.order_by("pk")[1].company, user=other_manager
    )
    outsider_manager = UserFactory()  # manages a company that is not taking part
    CompanyMembership.objects.create(company=make_company(name="다른기업"), user=outsider_manager)
    generated_at = consultation.generated_at
    state = _state(consultation)

    response = client.get(_url(consultation))
    assert response.status_code == 302 and "login" in response["Location"]
    for url, data in _actions(consultation):
        response = client.post(url, data)
        assert response.status_code == 302 and "login" in response["Location"], url
    refused = {
        "resident": resident,
        "own company's manager": company_manager,
        "other participant's manager": other_manager,
        "other company's manager": outsider_manager,
        "council member": council_member,
        "buyer": buyer.user,
    }
    for role, user in refused.items():
        refused_client = client_for(user)
        assert refused_client.get(_url(consultation)).status_code == 403, role
        for url, data in _actions(consultation):
            assert refused_client.post(url, data).status_code == 403, (role, url)
    consultation.refresh_from_db()
    assert _state(consultation) == state and consultation.generated_at == generated_at
    assert consultation.published_at is None

    staff_page = client_for(staff).get(_url(consultation))
    assert staff_page.status_code == 200
    assert staff_page["Cache-Control"] == "private, no-store"
    # A GET never acts.
    for url, _data in _actions(consultation):
        assert client_for(staff).get(url).status_code == 405


def test_staff_pages_and_the_admin_link_to_the_review(staff_client, consultation):
    review = _url(consultation)
    for name in ("day", "sheet", "totals", "timetable"):
        assert review in staff_client.get(_url(consultation, name)).content.decode(), name
    admin = reverse("admin:events_consultation_change", args=[consultation.pk])
    assert review in staff_client.get(admin).content.decode()


def test_locking_a_meeting_a_run_has_just_replaced_is_refused(consultation):
    meeting = consultation.meetings.order_by("pk").first()
    consultations.generate(consultation, time_limit=3)  # replaces every unlocked meeting
    with pytest.raises(consultations.ConsultationError, match="그런 상담이 없습니다"):
        consultations.set_locked(consultation, meeting.pk, True)
    assert not consultation.meetings.filter(locked=True).exists()
