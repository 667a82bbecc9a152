"""Council documents: checked by content, ≤ 20 MB, never empty; refused in Korean."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.urls import reverse

from council.models import Document
from gvalley.documents import MAX_DOCUMENT_BYTES, OLE2_MAGIC

from .factories import PDF_BYTES, MeetingFactory, zip_bytes

pytestmark = pytest.mark.django_db

DocumentForm = modelform_factory(Document, fields=["meeting", "kind", "title", "file"])
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def submit(meeting, name, content):
    form = DocumentForm(
        data={"meeting": meeting.pk, "kind": "agenda", "title": "자료"},
        files={"file": SimpleUploadedFile(name, content)},
    )
    return form


GOOD = [
    ("안건.pdf", PDF_BYTES),
    ("안건.hwp", OLE2_MAGIC + b"\0" * 1500 + "FileHeader".encode("utf-16-le") + b"\0" * 64),
    ("안건.hwpx", zip_bytes(["mimetype", "Contents/content.hpf", "Contents/section0.xml"])),
    ("안건.docx", zip_bytes(["[Content_Types].xml", "word/document.xml"])),
    ("안건.xlsx", zip_bytes(["[Content_Types].xml", "xl/workbook.xml"])),
]


@pytest.mark.parametrize(("name", "content"), GOOD)
def test_real_documents_of_each_type_are_accepted(name, content):
    form = submit(MeetingFactory(), name, content)
    assert form.is_valid(), form.errors
    document = form.save()
    assert document.size == len(content)
    assert document.original_name == name


BAD = [
    ("empty.pdf", b"", "빈 파일"),
    ("image.pdf", PNG, "파일 내용이 PDF 문서가 아닙니다."),
    ("script.hwp", b"MZ\x90\x00" + b"\0" * 100, "파일 내용이 HWP 문서가 아닙니다."),
    ("word.hwp", OLE2_MAGIC + "WordDocument".encode("utf-16-le"), "HWP 문서가 아닙니다"),
    ("sheet.docx", zip_bytes(["[Content_Types].xml", "xl/workbook.xml"]), "DOCX 문서가 아닙니다"),
    ("doc.xlsx", zip_bytes(["[Content_Types].xml", "word/document.xml"]), "XLSX 문서가 아닙니다"),
    ("zip.hwpx", zip_bytes(["readme.txt"]), "HWPX 문서가 아닙니다"),
    ("broken.docx", b"PK\x03\x04garbage", "DOCX 문서가 아닙니다"),
    ("page.html", b"<script>alert(1)</script>", "올릴 수 있는 문서 형식은"),
    ("noext", PDF_BYTES, "올릴 수 있는 문서 형식은"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD)
def test_wrong_empty_and_hostile_files_are_refused_in_korean(name, content, message):
    form = submit(MeetingFactory(), name, content)
    assert not form.is_valid()
    assert message in " ".join(form.errors["file"])
    assert not Document.objects.exists()


def test_a_document_over_20_mb_is_refused():
    content = PDF_BYTES + b"0" * (MAX_DOCUMENT_BYTES + 1 - len(PDF_BYTES))
    form = submit(MeetingFactory(), "big.pdf", content)
    assert not form.is_valid()
    assert "20MB 이하" in form.errors["file"][0]
    exactly = submit(MeetingFactory(), "limit.pdf", content[:-1])
    assert exactly.is_valid(), exactly.errors


def test_staff_upload_through_the_admin_refuses_a_renamed_image(staff_client, settings):
    meeting = MeetingFactory()
    url = reverse("admin:council_meeting_change", args=[meeting.pk])
    data = {
        "kind": meeting.kind,
        "number": meeting.number,
        "starts_at_0": "2030-05-01",
        "starts_at_1": "14:00:00",
        "place_ko": meeting.place_ko,
    }
    for prefix in ["agenda_items", "attendances", "documents", "minutes"]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-kind": "agenda",
            "documents-0-title_ko": "가짜 자료",
            "documents-0-file": SimpleUploadedFile("poster.pdf", PNG),
            "documents-0-meeting": meeting.pk,
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "파일 내용이 PDF 문서가 아닙니다." in response.content.decode()
    assert not Document.objects.exists()
    data["documents-0-file"] = SimpleUploadedFile("agenda.pdf", PDF_BYTES)
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert not str(document.file.path).startswith(str(settings.MEDIA_ROOT))
