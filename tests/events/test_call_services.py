"""Open calls' writes: the guardian's consent and code, withdrawal, judging, awards, retention,
and the person's own data (issue 21, points 2 and 3)."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import calls, services
from events.models import Entry, EntryPage, Score
from gvalley import privacy
from tests.factories import JudgeFactory, UserFactory

from .factories import make_call, png

pytestmark = pytest.mark.django_db

PUPIL = {
    "title": "우리 동네 공장",
    "pupil_name": "홍길순",
    "pupil_school": "가산초등학교",
    "pupil_grade": 4,
    "guardian_name": "홍보호",
    "guardian_email": "guardian@family.example",
    "consent_collection": True,
}


def _pages(count):
    return [SimpleUploadedFile(f"p{n}.png", png(), "image/png") for n in range(count)]


def _enter(call, user, capture, pages=1, **fields):
    with capture(execute=True):
        entry = services.create_entry(call, user, fields={**PUPIL, **fields}, pages=_pages(pages))
    return entry


def _mailed_code():
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def _submitted(call, user, capture, **fields):
    entry = _enter(call, user, capture, **fields)
    return services.verify_guardian(entry, _mailed_code())


def test_a_pupils_entry_waits_for_the_guardians_code(resident, django_capture_on_commit_callbacks):
    call = make_call()
    entry = _enter(call, resident, django_capture_on_commit_callbacks, pages=2)
    assert entry.status == Entry.Status.DRAFT and entry.consent_collection_at is not None
    message = mail.outbox[-1]
    assert message.to == ["guardian@family.example"] and "(English)" in message.body
    code = _mailed_code()
    assert code not in entry.verify_code_hash  # only a hash is kept
    with pytest.raises(services.EntryError, match="맞지 않습니다"):
        services.verify_guardian(entry, "000000" if code != "000000" else "111111")
    entry.refresh_from_db()
    assert entry.status == Entry.Status.DRAFT and entry.verify_tries == 1  # the try counted
    entry = services.verify_guardian(entry, code)
    assert entry.status == Entry.Status.SUBMITTED and entry.guardian_verified_at


def test_the_code_expires_and_gives_up_after_a_few_tries(
    resident, django_capture_on_commit_callbacks
):
    call = make_call()
    entry = _enter(call, resident, django_capture_on_commit_callbacks)
    code = _mailed_code()
    later = timezone.now() + datetime.timedelta(minutes=services.GUARDIAN_CODE_MINUTES + 1)
    with pytest.raises(services.EntryError, match="만료"):
        services.verify_guardian(entry, code, now=later)
    for _try in range(services.GUARDIAN_CODE_TRIES):
        with pytest.raises(services.EntryError):
            services.verify_guardian(entry, "999999" if code != "999999" else "888888")
    with pytest.raises(services.EntryError, match="만료"):
        services.verify_guardian(entry, code)  # even the right code, after too many tries
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_guardian_code(entry)
    assert services.verify_guardian(entry, _mailed_code()).status == Entry.Status.SUBMITTED


def test_no_entry_without_the_guardians_consent(resident):
    call = make_call()
    with pytest.raises(services.EntryError, match="동의"):
        services.create_entry(
            call, resident, fields={**PUPIL, "consent_collection": False}, pages=_pages(1)
        )
    assert not Entry.objects.exists() and not EntryPage.objects.exists()
    # The database holds the rule too: no pupil's data without a consent.
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(call=call, entrant=resident, pupil_name="홍길순")
    # ... nor a submitted pupil's entry without the guardian's check.
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(
            call=call,
            entrant=resident,
            pupil_name="홍길순",
            consent_collection_at=timezone.now(),
            status=Entry.Status.SUBMITTED,
        )


def test_closed_call_too_many_pages_and_the_entry_limit_write_nothing(resident):
    closed = make_call(
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
        opens_at=timezone.now() - datetime.timedelta(days=3),
    )
    with pytest.raises(services.EntryError, match="접수 기간"):
        services.create_entry(closed, resident, fields=PUPIL, pages=_pages(1))
    call = make_call(entries_per_person=1)
    with pytest.raises(services.EntryError, match="3쪽까지"):
        services.create_entry(call, resident, fields=PUPIL, pages=_pages(4))
    assert not Entry.objects.exists() and not EntryPage.objects.exists()
    services.create_entry(call, resident, fields=PUPIL, pages=_pages(1))
    with pytest.raises(services.EntryError, match="1건"):
        services.create_entry(call, resident, fields=PUPIL, pages=_pages(1))
    assert Entry.objects.count() == 1


def test_pages_go_through_the_shared_image_rules(resident, settings):
    call = make_call()
    upload = SimpleUploadedFile("p.jpg", png(exif=True), "image/jpeg")
    assert b"SecretCamera" in upload.read()
    upload.seek(0)
    entry = services.create_entry(call, resident, fields=PUPIL, pages=[upload])
    page = entry.pages.get()
    stored = Path(settings.PRIVATE_MEDIA_ROOT, page.image.name).read_bytes()
    assert b"SecretCamera" not in stored and page.width == 64


def test_withdrawing_before_results_erases_the_entry(
    resident, django_capture_on_commit_callbacks, settings
):
    judge = JudgeFactory()
    call = make_call(judges=[judge])
    entry = _submitted(
        call,
        resident,
        django_capture_on_commit_callbacks,
    )
    page_file = Path(settings.PRIVATE_MEDIA_ROOT, entry.pages.get().image.name)
    assert page_file.exists()
    services.withdraw(entry)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.WITHDRAWN
    assert (entry.pupil_name, entry.pupil_school, entry.guardian_email, entry.title) == ("",) * 4
    assert not entry.pages.exists() and not page_file.exists()
    assert not Entry.objects.for_judging(call).exists()


def test_judges_score_alone_until_judging_closes_then_staff_rank_with_ties(
    resident, django_capture_on_commit_callbacks
):
    first, second = JudgeFactory(), JudgeFactory()
    call = make_call(judges=[first, second], entries_per_person=5)
    a = _submitted(call, resident, django_capture_on_commit_callbacks, title="가")
    b = _submitted(call, resident, django_capture_on_commit_callbacks, title="나")
    c = _submitted(call, resident, django_capture_on_commit_callbacks, title="다")
    criteria = list(call.criteria.all())

    def points(x, y):
        return {criteria[0].pk: x, criteria[1].pk: y}

    services.score_entry(a, first, points(40, 40))
    services.score_entry(b, first, points(30, 30))
    services.score_entry(c, first, points(35, 25))
    services.score_entry(a, second, points(30, 30))
    services.score_entry(b, second, points(40, 40))
    # Out of range, or a user who is no judge of this call: refused, nothing written.
    with pytest.raises(services.EntryError, match="0점에서 50점"):
        services.score_entry(c, second, points(51, 0))
    with pytest.raises(services.EntryError, match="심사위원만"):
        services.score_entry(c, UserFactory(), points(1, 1))
    with pytest.raises(services.EntryError, match="심사위원만"):
        services.score_entry(c, JudgeFactory(), points(1, 1))  # a judge of other calls
    assert Score.objects.count() == 10
    # Before the close, a judge sees only their own totals.
    rows = {row.entry.code: row for row in calls.judge_rows(call, second)}
    assert rows[a.code].my_total == 60 and rows[a.code].average is None
    assert rows[c.code].my_total is None
    services.close_judging(call)
    call.refresh_from_db()
    rows = {row.entry.code: row for row in calls.judge_rows(call, second)}
    assert rows[a.code].average == 70.0 and rows[c.code].average == 60.0
    with pytest.raises(services.EntryError, match="마감"):
        services.score_entry(c, second, points(1, 1))
    ranking = calls.ranking(call)
    assert [(r.rank, r.tied) for r in ranking] == [(1, True), (1, True), (3, False)]
    assert ranking[2].entry == c
    services.set_awards(call, {a.pk: ("대상", 1), b.pk: ("대상", 1)})
    services.publish_results(call)
    call.refresh_from_db()
    assert {w.entry.pk for w in calls.winners(call)} == {a.pk, b.pk}
    with pytest.raises(services.EntryError, match="철회할 수 없습니다"):
        services.withdraw(c)


def test_awards_and_publication_wait_for_the_close(resident, django_capture_on_commit_callbacks):
    call = make_call()
    entry = _submitted(call, resident, django_capture_on_commit_callbacks)
    with pytest.raises(services.EntryError, match="마감한 뒤"):
        services.set_awards(call, {entry.pk: ("대상", 1)})
    with pytest.raises(services.EntryError, match="마감한 뒤"):
        services.publish_results(call)
    services.close_judging(call)
    with pytest.raises(services.EntryError, match="수상작을 먼저"):
        services.publish_results(call)
    with pytest.raises(services.EntryError, match="접수된 응모작이 아닙니다"):
        services.set_awards(call, {entry.pk + 999: ("대상", 1)})


def test_stories_need_text_consent_and_staff_pick_them(resident):
    call = make_call("stories")
    with pytest.raises(services.EntryError, match="동의"):
        services.create_entry(call, resident, fields={"text": "하루"})
    story = services.create_entry(
        call, resident, fields={"text": "하루", "nickname": "새벽", "consent_perform": True}
    )
    assert story.status == Entry.Status.SUBMITTED and story.consent_perform_at
    assert services.set_picked([story], True) == 1
    assert list(Entry.objects.picked_stories()) == [story]


def test_retention_deletes_what_won_nothing_after_the_results(
    resident, django_capture_on_commit_callbacks, settings
):
    call = make_call(entries_per_person=3, results_on=timezone.localdate())
    winner = _submitted(call, resident, django_capture_on_commit_callbacks, title="상")
    loser = _submitted(call, resident, django_capture_on_commit_callbacks, title="낙")
    draft = _enter(call, resident, django_capture_on_commit_callbacks)
    loser_file = Path(settings.PRIVATE_MEDIA_ROOT, loser.pages.get().image.name)
    services.close_judging(call)
    services.set_awards(call, {winner.pk: ("대상", 1)})
    services.publish_results(call)
    assert services.purge_call_entries() == 0  # not yet: N days after the results
    later = timezone.now() + datetime.timedelta(days=31)
    assert services.purge_call_entries(now=later) == 2
    assert list(Entry.objects.all()) == [winner]
    assert not loser_file.exists() and not Entry.objects.filter(pk=draft.pk).exists()


def test_own_entries_in_the_export_and_gone_with_the_account(
    resident, django_capture_on_commit_callbacks, settings
):
    call = make_call()
    entry = _submitted(call, resident, django_capture_on_commit_callbacks)
    page_file = Path(settings.PRIVATE_MEDIA_ROOT, entry.pages.get().image.name)
    data = privacy.export(resident)
    [exported] = data["call_entries"]
    assert exported["pupil_name"] == "홍길순" and exported["guardian_email"]
    assert privacy.export(UserFactory())["call_entries"] == []
    privacy.delete_user(resident)
    assert not Entry.objects.exists() and not page_file.exists()
