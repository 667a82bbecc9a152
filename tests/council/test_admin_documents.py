"""Meetings with documents in the back office: the change page opens, edits save, links check."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from council.models import Attendance, Document, Meeting, Minutes

from .factories import (
    PDF_BYTES,
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    MinutesFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def change_form_data(page):
    """Return what the browser would post back from the change page's form, untouched."""
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if name == "starts_at":
            local = timezone.localtime(form.instance.starts_at)
            data["starts_at_0"], data["starts_at_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
        else:
            data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for form in formset.formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is None or name == "file":
                    continue
                if isinstance(value, bool):
                    if value:
                        data[f"{form.prefix}-{name}"] = "on"
                    continue
                data[f"{form.prefix}-{name}"] = value
    return data


@pytest.fixture
def meeting_with_documents():
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    item = AgendaItemFactory(meeting=meeting, title="보행로 조명 개선")
    present = OrganisationFactory(name="금천구")
    Attendance.objects.create(
        meeting=meeting, organisation=present, status=Attendance.Status.ABSENT
    )
    MinutesFactory(meeting=meeting, body="<p>초안</p>")
    DocumentFactory(meeting=meeting, title="회의 자료")
    DocumentFactory(meeting=meeting, agenda_item=item, title="안건 설명서")
    DocumentFactory(meeting=meeting, kind=Document.Kind.MINUTES, title="회의록 원본")
    return meeting


def test_change_page_of_a_meeting_with_documents_opens_with_download_links(
    staff_client, meeting_with_documents
):
    url = reverse("admin:council_meeting_change", args=[meeting_with_documents.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for document in meeting_with_documents.documents.all():
        download = reverse("council:document", args=[document.pk])
        assert f'href="{download}"' in html
        # The link works for the staff member who sees it.
        assert staff_client.get(download).status_code == 200
    # No link leads into the private folder or to a public media path.
    assert not re.search(r'href="[^"]*council/\d{4}/\d{2}/', html)


def test_staff_edit_agenda_attendance_and_minutes_of_a_meeting_with_documents(
    staff_client, meeting_with_documents
):
    meeting = meeting_with_documents
    url = reverse("admin:council_meeting_change", args=[meeting.pk])
    data = change_form_data(staff_client.get(url))
    item_prefix = next(k for k in data if k.endswith("-title_ko") and k.startswith("agenda_items-"))
    data[item_prefix] = "보행로 조명과 CCTV 개선"
    data["attendances-0-status"] = Attendance.Status.PRESENT
    data["minutes-0-body_ko"] = "<p>조명 보강을 결정했습니다.</p>"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert meeting.agenda_items.get().title_ko == "보행로 조명과 CCTV 개선"
    assert meeting.attendances.get().status == Attendance.Status.PRESENT
    assert Minutes.objects.get(meeting=meeting).body_ko == "<p>조명 보강을 결정했습니다.</p>"
    # The documents are still there, with their files, and the page opens again.
    assert meeting.documents.count() == 3
    assert all(d.file.storage.exists(d.file.name) for d in meeting.documents.all())
    assert staff_client.get(url).status_code == 200


def test_staff_replace_a_document_file_and_the_old_file_is_removed(
    staff_client, meeting_with_documents, django_capture_on_commit_callbacks
):
    meeting = meeting_with_documents
    url = reverse("admin:council_meeting_change", args=[meeting.pk])
    data = change_form_data(staff_client.get(url))
    document = meeting.documents.get(title="회의 자료")
    old_name = document.file.name
    index = next(
        k.split("-")[1]
        for k, v in data.items()
        if k.startswith("documents-") and k.endswith("-id") and str(v) == str(document.pk)
    )
    data[f"documents-{index}-file"] = SimpleUploadedFile("new-agenda.pdf", PDF_BYTES + b"%new")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    document.refresh_from_db()
    assert document.file.name != old_name
    assert document.original_name == "new-agenda.pdf"
    assert (
        staff_client.get(reverse("council:document", args=[document.pk]))
        .getvalue()
        .endswith(b"%new")
    )
    assert not document.file.storage.exists(old_name)


def test_staff_delete_a_meeting_with_documents_and_their_files_go_with_it(
    staff_client, meeting_with_documents, django_capture_on_commit_callbacks
):
    meeting = meeting_with_documents
    names = [d.file.name for d in meeting.documents.all()]
    storage = meeting.documents.first().file.storage
    url = reverse("admin:council_meeting_delete", args=[meeting.pk])
    confirm = staff_client.get(url)
    assert confirm.status_code == 200 and "회의 자료" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not any(storage.exists(name) for name in names)
