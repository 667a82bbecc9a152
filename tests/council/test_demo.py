"""The council's sample history (council.demo) reads like a real council's."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from hwpx import HwpxDocument
from pypdf import PdfReader

from council import demo, demo_documents
from council.models import Document, Meeting, Minutes
from gvalley.documents import validate_document
from gvalley.storage import private_storage

pytestmark = pytest.mark.django_db


def test_minutes_of_a_recent_meeting_are_a_draft_until_two_weeks_after_it(monkeypatch):
    held = [day for _kind, day in demo._schedule(datetime.date(2026, 12, 1))]
    meeting_day = next(day for day in held if day.year == 2026 and day.month >= 6)
    today = meeting_day + datetime.timedelta(days=3)
    monkeypatch.setattr(demo.timezone, "localdate", lambda: today)

    demo.load_history(demo.load_organisations(), lambda rows, **kwargs: rows)

    recent = Meeting.objects.get(starts_at__date=meeting_day)
    assert recent.status == Meeting.Status.HELD
    assert recent.minutes.status == Minutes.Status.DRAFT and recent.minutes.published_at is None
    assert not Minutes.objects.visible_to(AnonymousUser()).filter(meeting=recent).exists()
    published = Minutes.objects.published()
    assert published.exists()
    # No minutes say they were published on a day still to come.
    assert all(m.published_at.date() < today for m in published)
    assert all(
        m.meeting.status == Meeting.Status.MINUTES_PUBLISHED
        for m in published.select_related("meeting")
    )


def _load_council_demo():
    demo.load(scale=0, progress=lambda rows, **kwargs: rows)


def _read_pdf(data):
    """Return the page count, the title and the first page's text, as pypdf reads them."""
    reader = PdfReader(io.BytesIO(data))
    # pypdf reads the embedded Korean font's two-byte codes with a NUL before each character
    # (poppler's pdftotext reads the same file without them); the text itself is all there.
    text = reader.pages[0].extract_text().replace("\x00", "")
    return len(reader.pages), reader.metadata.title, text


def test_demo_meetings_get_real_pdf_and_hwpx_documents_that_pass_the_upload_rules():
    _load_council_demo()
    documents = list(Document.objects.select_related("meeting"))
    extensions = {d.extension for d in documents}
    assert extensions == {"pdf", "hwpx"}
    assert len({d.meeting_id for d in documents}) >= 3
    assert any(d.agenda_item_id for d in documents)
    assert {d.meeting.status for d in documents} >= {
        Meeting.Status.SCHEDULED,
        Meeting.Status.AGENDA_PUBLISHED,
        Meeting.Status.MINUTES_PUBLISHED,
    }
    for document in documents:
        validate_document(document.file)  # what an upload must pass
        data = document.file.read()
        document.file.close()
        assert document.size == len(data) and document.original_name.endswith(document.extension)
        if document.extension == "pdf":
            pages, title, text = _read_pdf(data)
            assert pages == 1 and title == document.title
            assert demo_documents.NOTE in text
            if demo_documents.korean_font():
                assert document.title in text
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                assert package.namelist()[0] == "mimetype"
                assert package.read("mimetype") == b"application/hwp+zip"
            hwpx = HwpxDocument.open(data)
            try:
                assert hwpx.validate().ok
                text = "\n".join(p.text for p in hwpx.paragraphs)
            finally:
                hwpx.close()
            assert document.title.split(" 설명 자료")[0] in text


def test_a_pdf_made_without_a_korean_font_still_opens_with_its_note():
    pages, title, text = _read_pdf(demo_documents.pdf_bytes("회의 자료", ["안건"], font=False))
    assert pages == 1 and title == "회의 자료" and demo_documents.NOTE in text


def test_demo_documents_are_downloaded_only_by_those_who_may(clients):
    _load_council_demo()
    anonymous_may = set(Document.objects.visible_to(AnonymousUser()).values_list("pk", flat=True))
    draft = Document.objects.get(meeting__status=Meeting.Status.SCHEDULED)
    assert draft.pk not in anonymous_may and anonymous_may
    for document in Document.objects.all():
        url = document.get_absolute_url()
        for role in ("anonymous", "resident"):
            expected = 200 if document.pk in anonymous_may else 404
            assert clients[role].get(url).status_code == expected, (role, document.title)
        for role in ("member", "staff"):
            response = clients[role].get(url)
            assert response.status_code == 200
            assert response.getvalue()[:4] in (b"%PDF", b"PK\x03\x04")
    # Staff open and save the change page of each meeting with documents.
    for meeting in Meeting.objects.filter(documents__isnull=False).distinct():
        page = clients["staff"].get(reverse("admin:council_meeting_change", args=[meeting.pk]))
        assert page.status_code == 200
        for document in meeting.documents.all():
            assert f'href="{document.get_absolute_url()}"' in page.content.decode()


def test_load_demo_twice_adds_no_document_and_the_purge_deletes_them_with_their_files(
    django_capture_on_commit_callbacks,
):
    call_command("load_demo", verbosity=0)
    files = sorted(Document.objects.values_list("file", flat=True))
    assert files and all(private_storage.exists(name) for name in files)
    call_command("load_demo", verbosity=0)
    assert sorted(Document.objects.values_list("file", flat=True)) == files
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_sample_data", "--yes", verbosity=0, stdout=io.StringIO())
    assert not Document.objects.exists()
    assert not any(private_storage.exists(name) for name in files)
