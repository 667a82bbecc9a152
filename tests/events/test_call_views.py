"""Open calls' pages: the permission table and anonymised judging (point 1), consent in the pages
(point 2), bad input with nothing written (point 3), the winners' gallery in both languages and
constant query counts (point 5)."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events import services
from events.models import Entry, EntryPage
from tests.addresses import english
from tests.factories import JudgeFactory, UserFactory

from .factories import contest_form, make_call, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def judges():
    return [JudgeFactory(), JudgeFactory()]


@pytest.fixture
def call(judges):
    return make_call(judges=judges, entries_per_person=5)


def _enter(client, call, capture, **overrides):
    with capture(execute=True):
        response = client.post(
            reverse("events:call_enter", kwargs={"slug": call.slug}), contest_form(**overrides)
        )
    return response


def _code():
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


@pytest.fixture
def submitted(call, resident_client, django_capture_on_commit_callbacks):
    response = _enter(resident_client, call, django_capture_on_commit_callbacks)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get()
    response = resident_client.post(
        reverse("events:entry_verify", kwargs={"pk": entry.pk}), {"code": _code()}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED
    return entry


def test_a_guardian_enters_confirms_with_the_code_and_sees_the_entry(
    call, resident_client, django_capture_on_commit_callbacks
):
    page = resident_client.get(reverse("events:call_enter", kwargs={"slug": call.slug}))
    body = page.content.decode()
    assert "보호자" in body and "30일 뒤 지웁니다" in body  # told of the retention before
    response = _enter(resident_client, call, django_capture_on_commit_callbacks)
    entry = Entry.objects.get()
    assert response["Location"] == entry.get_absolute_url()
    detail = resident_client.get(entry.get_absolute_url()).content.decode()
    assert "보호자 확인 대기" in detail and "guardian@family.example" in detail
    wrong = resident_client.post(
        reverse("events:entry_verify", kwargs={"pk": entry.pk}), {"code": "12"}
    )
    assert wrong.status_code == 400 and "확인 번호가 맞지 않습니다" in wrong.content.decode()
    resident_client.post(reverse("events:entry_verify", kwargs={"pk": entry.pk}), {"code": _code()})
    assert "접수됨" in resident_client.get(entry.get_absolute_url()).content.decode()


def test_permission_table(call, submitted, judges, resident, client_for, staff_client):
    anonymous, other = Client(), client_for(JudgeFactory())
    stranger = client_for(UserFactory())
    judge = client_for(judges[0])
    own = client_for(resident)
    entry_url = submitted.get_absolute_url()
    judging = reverse("events:judging", kwargs={"slug": call.slug})
    score = reverse("events:score", kwargs={"slug": call.slug, "code": submitted.code})
    results = reverse("events:call_results", kwargs={"slug": call.slug})
    enter = reverse("events:call_enter", kwargs={"slug": call.slug})
    table = [
        # (url, anonymous, stranger, own guardian, judge of the call, judge of others, staff)
        (call.get_absolute_url(), 200, 200, 200, 200, 200, 200),
        (enter, 302, 200, 200, 200, 200, 200),
        (entry_url, 302, 404, 200, 404, 404, 404),
        (judging, 302, 403, 403, 200, 403, 403),
        (score, 302, 403, 403, 200, 403, 403),
        (results, 302, 403, 403, 403, 403, 200),
    ]
    clients = [anonymous, stranger, own, judge, other, staff_client]
    for url, *expected in table:
        got = [client.get(url).status_code for client in clients]
        assert got == expected, url
    # Another person's entry cannot be withdrawn or confirmed either.
    for action in ("entry_withdraw", "entry_verify", "entry_resend"):
        url = reverse(f"events:{action}", kwargs={"pk": submitted.pk})
        assert stranger.post(url, {"code": "123456"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Entry.Status.SUBMITTED and submitted.pupil_name


def test_a_judges_pages_carry_no_personal_data(call, submitted, judges, client_for):
    judge = client_for(judges[0])
    pages = [
        judge.get(reverse("events:judging", kwargs={"slug": call.slug})),
        judge.get(reverse("events:score", kwargs={"slug": call.slug, "code": submitted.code})),
        judge.get(call.get_absolute_url()),
    ]
    for response in pages:
        body = response.content.decode()
        for secret in ("홍길순", "가산초등학교", "홍보호", "guardian@family.example"):
            assert secret not in body, (response.request["PATH_INFO"], secret)
    assert submitted.code in pages[0].content.decode()
    # The pictures a judge loads: stored under random names, their metadata stripped.
    for page in submitted.pages.all():
        assert "홍" not in page.image.name and page.image.name.startswith("calls/")


def test_judges_score_staff_close_award_and_publish(
    call, submitted, judges, client_for, staff_client
):
    criteria = list(call.criteria.all())
    url = reverse("events:score", kwargs={"slug": call.slug, "code": submitted.code})
    for judge, value in zip(judges, (40, 30), strict=True):
        response = client_for(judge).post(url, {f"c{c.pk}": value for c in criteria})
        assert response.status_code == 302
    judging = reverse("events:judging", kwargs={"slug": call.slug})
    body = client_for(judges[0]).get(judging).content.decode()
    assert "80" in body and "70.0" not in body  # own total, not the average yet
    bad = client_for(judges[0]).post(url, {f"c{criteria[0].pk}": "51", f"c{criteria[1].pk}": "x"})
    assert bad.status_code == 200 and "50" in bad.content.decode()
    results = reverse("events:call_results", kwargs={"slug": call.slug})
    staff_client.post(results, {"action": "close"})
    assert "70.0" in client_for(judges[0]).get(judging).content.decode()
    page = staff_client.get(results).content.decode()
    assert "홍길순" in page  # staff run the call and see who entered
    bad = staff_client.post(
        results, {"action": "awards", f"award_{submitted.pk}": "대상", f"rank_{submitted.pk}": "x"}
    )
    assert "수상 순서는" in staff_client.get(results).content.decode()
    staff_client.post(
        results, {"action": "awards", f"award_{submitted.pk}": "대상", f"rank_{submitted.pk}": "1"}
    )
    staff_client.post(results, {"action": "publish"})
    call.refresh_from_db()
    assert call.results_published
    assert bad.status_code == 302


def _publish(call, entry, consent):
    Entry.objects.filter(pk=entry.pk).update(consent_publish=consent)
    services.close_judging(call)
    services.set_awards(call, {entry.pk: ("대상", 1)})
    services.publish_results(call)


@pytest.mark.parametrize("consent", [True, False])
def test_the_winners_gallery_shows_name_and_school_only_with_consent(call, submitted, consent):
    winners = reverse("events:winners", kwargs={"slug": call.slug})
    assert Client().get(winners).status_code == 404  # nothing before the results
    _publish(call, submitted, consent)
    call.refresh_from_db()
    call.exhibition_starts_on = call.results_on
    call.exhibition_ends_on = call.results_on
    call.save()
    korean = Client().get(winners).content.decode()
    assert 'class="gallery-grid"' in korean and submitted.pages.first().image.url in korean
    assert ("홍길순" in korean) is consent and ("가산초등학교" in korean) is consent
    assert "홍보호" not in korean and "guardian@family.example" not in korean
    if not consent:
        assert "이름 비공개" in korean
    response = Client().get(english(winners))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="en"' in body[:300] and "Exhibition" in body
    assert ("Name withheld" in body) is not consent and ("홍길순" in body) is consent


def test_the_winners_gallery_is_read_once_per_change_and_follows_the_next_one(
    call, submitted, resident_client, django_assert_max_num_queries
):
    winners = reverse("events:winners", kwargs={"slug": call.slug})
    _publish(call, submitted, True)
    assert "홍길순" in resident_client.get(winners).content.decode()
    with django_assert_max_num_queries(3):  # the session, the user, the content version
        assert "홍길순" in resident_client.get(winners).content.decode()
    submitted.refresh_from_db()
    submitted.consent_publish = False  # the guardian withdrew it: no name from the next request
    submitted.save()
    page = resident_client.get(winners).content.decode()
    assert "홍길순" not in page and "이름 비공개" in page


BAD_IMAGES = [
    ("fake.png", b"this is a text file renamed", "이미지 파일이 아닙니다"),
    ("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 10), "5MB"),
    ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "SVG"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_IMAGES)
def test_bad_images_are_refused_with_nothing_written(
    call, resident_client, django_capture_on_commit_callbacks, name, content, message
):
    response = _enter(
        resident_client,
        call,
        django_capture_on_commit_callbacks,
        pages=[SimpleUploadedFile(name, content, "image/png")],
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Entry.objects.exists() and not EntryPage.objects.exists() and not mail.outbox


def test_too_many_pages_missing_consent_and_a_closed_call_write_nothing(
    call, resident_client, django_capture_on_commit_callbacks
):
    pages = [SimpleUploadedFile(f"p{n}.png", png(), "image/png") for n in range(4)]
    response = _enter(resident_client, call, django_capture_on_commit_callbacks, pages=pages)
    assert "3쪽까지" in response.content.decode()
    response = _enter(
        resident_client, call, django_capture_on_commit_callbacks, consent_collection=None
    )
    assert "동의가 있어야" in response.content.decode()
    from django.utils import timezone

    call.closes_at = timezone.now()
    call.opens_at = call.closes_at - timezone.timedelta(days=2)
    call.save()
    response = _enter(resident_client, call, django_capture_on_commit_callbacks)
    assert "접수 기간이 아닙니다" in response.content.decode()
    assert not Entry.objects.exists() and not EntryPage.objects.exists()
    english_page = resident_client.post(
        english(reverse("events:call_enter", kwargs={"slug": call.slug})), contest_form()
    ).content.decode()
    assert "not being accepted" in english_page and "접수 기간" not in english_page


@pytest.fixture
def stories():
    return make_call("stories")


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "빈 사연은 보낼 수 없습니다"), ("   ", "빈 사연은"), ("가" * 50_000, "2000")],
)
def test_empty_or_huge_stories_are_refused(stories, resident_client, text, message):
    url = reverse("events:call_enter", kwargs={"slug": stories.slug})
    response = resident_client.post(url, {"text": text, "consent_perform": "on"})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Entry.objects.exists()


def test_a_picked_story_appears_escaped_under_its_nickname(stories, resident_client, staff):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    url = reverse("events:call_enter", kwargs={"slug": stories.slug})
    response = resident_client.post(
        url, {"text": hostile + " 야근", "nickname": hostile[:40], "consent_perform": "on"}
    )
    assert response.status_code == 302
    story = Entry.objects.get()
    event_page = Client().get(stories.event.get_absolute_url()).content.decode()
    assert "야근" not in event_page  # not picked yet
    services.set_picked([story], True)
    for page in (stories.event.get_absolute_url(), stories.get_absolute_url()):
        body = Client().get(page).content.decode()
        assert "야근" in body and "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body


def test_pages_read_a_constant_number_of_queries(
    call,
    resident,
    judges,
    client_for,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    own = client_for(resident)
    for _n in range(2):
        _enter(own, call, django_capture_on_commit_callbacks)

    def pages():
        judge = client_for(judges[0])
        return [
            (Client(), call.get_absolute_url()),
            (own, call.get_absolute_url()),
            (judge, reverse("events:judging", kwargs={"slug": call.slug})),
        ]

    def counts():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        result = []
        for client, url in pages():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    Entry.objects.update(status=Entry.Status.SUBMITTED, guardian_verified_at=call.opens_at)
    few = counts()
    for _n in range(3):
        _enter(own, call, django_capture_on_commit_callbacks)
    Entry.objects.update(status=Entry.Status.SUBMITTED, guardian_verified_at=call.opens_at)
    assert counts() == few
    # What every visitor sees alike is shared data: read once per content change (the call, its
    # rubric, picked stories, its judges); then a signed-in visitor costs their own entries only.
    from django.core.cache import cache

    from gvalley.cache import forget_shared_data

    cache.clear()
    forget_shared_data()
    with django_assert_max_num_queries(4):
        assert Client().get(call.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(3):  # the session, the user, the own entries
        assert own.get(call.get_absolute_url()).status_code == 200


def test_the_winners_gallery_opens_each_work_in_the_shared_photo_viewer(call, submitted, resident):
    viewer_url = reverse("events:winner", kwargs={"slug": call.slug, "code": submitted.code})
    assert Client().get(viewer_url).status_code == 404  # nothing before the results
    other = Entry.objects.create(
        call=call,
        entrant=resident,
        status=Entry.Status.SUBMITTED,
        title="두 번째 작품",
        submitted_at=call.opens_at,
    )
    EntryPage(entry=other, position=1, image=SimpleUploadedFile("o.png", png(), "image/png")).save()
    services.close_judging(call)
    services.set_awards(call, {submitted.pk: ("대상", 1), other.pk: ("우수상", 2)})
    services.publish_results(call)
    gallery = Client().get(reverse("events:winners", kwargs={"slug": call.slug}))
    body = gallery.content.decode()
    pages = list(submitted.pages.order_by("position"))
    assert len(pages) == 2  # a two-page webtoon
    # Each picture of the grid opens the work in the viewer at that page, never the bare file.
    links = re.findall(r'<a href="([^"]+)">\s*<img', body)
    assert links[:2] == [f"{viewer_url}#page-1", f"{viewer_url}#page-2"], links
    assert not any("/calls/pages/" in link for link in links)
    viewer = Client().get(viewer_url)
    assert viewer.status_code == 200
    html = viewer.content.decode()
    assert "data-photo-viewer" in html and "<h1>우리 동네 공장</h1>" in html
    figures = re.findall(
        r'<figure class="photo-viewer-figure" id="(page-\d)">\s*<img src="([^"]+)"', html
    )
    assert [anchor for anchor, _src in figures] == ["page-1", "page-2"]  # every page, in order
    for page, (_anchor, src) in zip(pages, figures, strict=True):
        assert src == page.rendition_url(1280)
        assert Client().get(src).status_code == 200  # a published winner's picture is public
    next_url = reverse("events:winner", kwargs={"slug": call.slug, "code": other.code})
    assert f'href="{next_url}" rel="next"' in html and 'rel="prev"' not in html
    assert '<span class="photo-count">1 / 2</span>' in html
    english_viewer = Client().get(english(viewer_url)).content.decode()
    assert "Next work" in english_viewer and "1 / 2" in english_viewer
    # A code that is not a winner's is not found.
    assert Client().get(viewer_url.replace(submitted.code, "ZZZZZZ")).status_code == 404


def test_the_call_page_follows_changes_to_what_it_keeps_as_shared_data(call, client_for):
    """The call, its rubric and its judges are kept between requests until content changes."""
    newcomer = JudgeFactory()
    judge = client_for(newcomer)
    judging = reverse("events:judging", kwargs={"slug": call.slug})
    assert judging not in judge.get(call.get_absolute_url()).content.decode()
    call.judges.add(newcomer)
    assert judging in judge.get(call.get_absolute_url()).content.decode()
    call.criteria.create(name="창의성", max_points=30, position=2)
    assert "창의성" in judge.get(call.get_absolute_url()).content.decode()
    call.judges.remove(newcomer)
    assert judging not in judge.get(call.get_absolute_url()).content.decode()


def test_a_call_for_company_managers_takes_managers_of_listed_companies_only(client_for):
    """The portal ties people to companies only as managers (CompanyMembership): that is the
    rule, and the page names it so ("입주기업 담당자"), not "employees"."""
    from companies.models import Company
    from events.models import Call

    from .factories import make_company

    stories = make_call("stories", entrants=Call.Entrants.COMPANY_MANAGERS)
    url = reverse("events:call_enter", kwargs={"slug": stories.slug})
    form = {"text": "야근 끝에 본 가산동의 노을", "consent_perform": "on"}
    listed, pending, nobody = UserFactory(), UserFactory(), UserFactory()
    make_company("지밸리테크", manager=listed)
    make_company("심사중기업", manager=pending, status=Company.Status.PENDING)
    page = client_for(nobody).get(stories.get_absolute_url()).content.decode()
    assert "입주기업 담당자" in page and "임직원" not in page
    for user in (nobody, pending):
        response = client_for(user).post(url, form)
        assert response.status_code == 200
        assert "입주기업 담당자(포털에 등록된 기업 담당자)만" in response.content.decode()
    assert not Entry.objects.exists()
    assert client_for(listed).post(url, form).status_code == 302
    assert Entry.objects.get().entrant == listed


def test_each_event_page_lists_its_own_calls_and_picked_stories(resident):
    """The calls' subqueries are compiled once per process (gvalley.expressions) and reused for
    every event: each page still reads its own event's rows, in either order of visits."""
    first, second = (
        make_call("stories", title=title, public_entries=True)
        for title in ("첫째 사연 모집", "둘째 사연 모집")
    )
    for call, text in ((first, "첫째 행사의 사연"), (second, "둘째 행사의 사연")):
        services.set_picked(
            [
                Entry.objects.create(
                    call=call,
                    entrant=resident,
                    text=text,
                    status=Entry.Status.SUBMITTED,
                    consent_perform_at=call.opens_at,
                )
            ],
            True,
        )
    for event_call, other in ((first, second), (second, first), (first, second)):
        page = Client().get(event_call.event.get_absolute_url()).content.decode()
        assert event_call.title in page and other.title not in page
        assert event_call.entries.get().text in page and other.entries.get().text not in page
