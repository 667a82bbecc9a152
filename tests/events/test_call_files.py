"""Entry pictures are private files until they are published winners (issue 21, follow-up 1).

A pupil's drawing is stored outside the public media folder and served only by
events:entry_page_file / events:entry_page_rendition, to the guardian (own entry), the call's
judges, staff, and everyone once it is an awarded work of published results.
"""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Entry, EntryPage
from gvalley.storage import private_storage
from tests.factories import JudgeFactory, UserFactory

from .factories import make_call, png

pytestmark = pytest.mark.django_db


def _entry(call, entrant, *, status=Entry.Status.SUBMITTED, pages=1):
    now = timezone.now()
    entry = Entry.objects.create(
        call=call,
        entrant=entrant,
        status=status,
        title="우리 동네 공장",
        pupil_name="홍길순",
        pupil_school="가산초등학교",
        guardian_name="홍보호",
        guardian_email="guardian@family.example",
        consent_collection_at=now,
        guardian_verified_at=now if status == Entry.Status.SUBMITTED else None,
        submitted_at=now if status == Entry.Status.SUBMITTED else None,
    )
    for position in range(1, pages + 1):
        EntryPage(
            entry=entry,
            position=position,
            image=SimpleUploadedFile(f"p{position}.png", png(size=(700, 400)), "image/png"),
        ).save()
    return entry


@pytest.fixture
def judge():
    return JudgeFactory()


@pytest.fixture
def call(judge):
    return make_call(judges=[judge])


@pytest.fixture
def entry(call, resident):
    return _entry(call, resident)


def _urls(page):
    """The original's address and one rendition's, as the pages print them."""
    return [page.image.url, page.rendition_url(320)]


def test_pictures_are_stored_outside_the_public_media_folder(entry):
    page = entry.pages.get()
    names = [page.image.name] + [r["name"] for r in page.renditions.values()]
    assert len(names) == 3  # the original, 320w and 640w
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
    for name in names:
        assert (private / name).is_file()
        assert not (media / name).exists()
    assert not media.exists() or not any(media.rglob("*.png")) and not any(media.rglob("*.webp"))
    # Every address a page prints goes through the permission check, none to /media/.
    urls = _urls(page) + [part.split()[0] for part in page.srcset().split(", ")]
    assert all(url.startswith("/events/calls/pages/") for url in urls), urls
    assert settings.MEDIA_URL not in page.srcset()


def test_who_may_see_a_picture_before_and_after_publication(
    call, entry, judge, resident, client_for, staff_client
):
    page = entry.pages.get()
    other_call_judge = JudgeFactory()
    make_call(judges=[other_call_judge], slug="another-call")
    clients = {
        "anonymous": Client(),
        "other guardian": client_for(UserFactory()),
        "judge of another call": client_for(other_call_judge),
        "judge of this call": client_for(judge),
        "own guardian": client_for(resident),
        "staff": staff_client,
    }
    before = {
        "anonymous": 404,
        "other guardian": 404,
        "judge of another call": 404,
        "judge of this call": 200,
        "own guardian": 200,
        "staff": 200,
    }
    for url in _urls(page):
        got = {role: client.get(url).status_code for role, client in clients.items()}
        assert got == before, url
    response = clients["judge of this call"].get(page.image.url)
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    # The entry wins and the results are published: everyone sees it, and may cache it.
    loser = _entry(call, UserFactory())
    services.close_judging(call)
    services.set_awards(call, {entry.pk: ("대상", 1)})
    services.publish_results(call)
    for url in _urls(page):
        got = {role: client.get(url).status_code for role, client in clients.items()}
        assert set(got.values()) == {200}, (url, got)
    assert "public" in Client().get(page.image.url)["Cache-Control"]
    # A work that won nothing stays private after the results.
    lost = loser.pages.get()
    assert Client().get(lost.image.url).status_code == 404
    assert clients["other guardian"].get(lost.rendition_url(320)).status_code == 404
    assert staff_client.get(lost.image.url).status_code == 200


def test_a_draft_is_seen_by_its_guardian_only_and_a_withdrawn_entrys_files_are_gone(
    call, judge, resident, client_for
):
    draft = _entry(call, resident, status=Entry.Status.DRAFT)
    page = draft.pages.get()
    assert client_for(resident).get(page.image.url).status_code == 200
    assert client_for(judge).get(page.image.url).status_code == 404  # not submitted yet
    names = [page.image.name] + [r["name"] for r in page.renditions.values()]
    services.withdraw(draft)
    assert not any(private_storage.exists(name) for name in names)
    assert client_for(resident).get(page.image.url).status_code == 404


def test_an_unknown_rendition_width_is_not_found(entry, staff_client):
    page = entry.pages.get()
    url = reverse("events:entry_page_rendition", kwargs={"pk": page.pk, "width": 999})
    assert staff_client.get(url).status_code == 404


def test_the_migration_moves_existing_pictures_out_of_public_media(entry):
    page = entry.pages.get()
    names = [page.image.name] + [r["name"] for r in page.renditions.values()]
    # As the files were before: in the public media folder.
    for name in names:
        with private_storage.open(name, "rb") as handle:
            default_storage.save(name, ContentFile(handle.read()))
        private_storage.delete(name)
    migration = importlib.import_module("events.migrations.0010_entry_pages_private")
    migration.to_private(apps, None)
    assert all(private_storage.exists(name) for name in names)
    assert not any(default_storage.exists(name) for name in names)
    assert Client().get(page.image.url).status_code == 404


# --- The call's "file" field: one PDF, checked by its content --------------------------------


def pdf_bytes():
    """A real one-page PDF (fpdf2, as the council's sample documents)."""
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.text(20, 20, "G Valley story")
    return bytes(document.output())


@pytest.fixture
def stories_with_file():
    return make_call("stories", allows_file=True)


def _send(client, call, upload):
    url = reverse("events:call_enter", kwargs={"slug": call.slug})
    data = {"text": "야근 끝에 본 가산동의 노을", "consent_perform": "on"}
    if upload is not None:
        data["attachment"] = upload
    return client.post(url, data)


BAD_FILES = [
    ("fake.pdf", b"MZ\x90\x00 an executable renamed .pdf" + b"\x00" * 64, "PDF 파일이 아니거나"),
    ("cut.pdf", None, "PDF 파일이 아니거나"),  # a real PDF cut off halfway
    ("story.docx", None, "PDF 파일이 아니거나"),  # a PDF's bytes under another name
    ("empty.pdf", b"", "빈 파일"),
    ("big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n", "10MB 이하"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_files_are_refused_with_nothing_written(
    stories_with_file, resident_client, name, content, message
):
    if content is None:
        whole = pdf_bytes()
        content = whole[: len(whole) // 2] if name == "cut.pdf" else whole
    response = _send(resident_client, stories_with_file, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body, body[:3000]
    assert not Entry.objects.exists()
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))


def test_a_pdf_is_kept_private_and_served_to_those_who_see_the_work(
    resident, client_for, staff_client
):
    judge = JudgeFactory()
    call = make_call("stories", allows_file=True, judges=[judge])
    assert "PDF 파일 하나" in client_for(resident).get(call.get_absolute_url()).content.decode()
    response = _send(
        client_for(resident), call, SimpleUploadedFile("내 이야기 홍길동.pdf", pdf_bytes())
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / entry.attachment.name).is_file()
    url = reverse("events:entry_file", kwargs={"pk": entry.pk})
    assert url in client_for(resident).get(entry.get_absolute_url()).content.decode()
    score = reverse("events:score", kwargs={"slug": call.slug, "code": entry.code})
    assert url in client_for(judge).get(score).content.decode()
    for client, status in [
        (Client(), 404),
        (client_for(UserFactory()), 404),
        (client_for(JudgeFactory()), 404),
        (client_for(judge), 200),
        (client_for(resident), 200),
        (staff_client, 200),
    ]:
        assert client.get(url).status_code == status
    served = client_for(judge).get(url)
    assert b"".join(served.streaming_content).startswith(b"%PDF-")
    # Named by the judging code, never by the uploaded name.
    assert (
        f"{entry.code}.pdf" in served["Content-Disposition"]
        and "홍길동" not in served["Content-Disposition"]
    )


def test_a_call_without_the_file_field_takes_no_file(resident_client):
    call = make_call("stories")
    response = _send(resident_client, call, SimpleUploadedFile("a.pdf", pdf_bytes()))
    assert response.status_code == 302  # the form has no such field: the file is ignored
    assert not Entry.objects.get().attachment
    with pytest.raises(services.EntryError):
        services.create_entry(
            call,
            UserFactory(),
            fields={
                "text": "x",
                "consent_perform": True,
                "attachment": SimpleUploadedFile("a.pdf", pdf_bytes()),
            },
        )
