"""Uploaded documents, recognised by their content: the portal's one rule for them.

Council documents may be PDF, HWP, HWPX, DOCX or XLSX (`validate_document`); an open call's
attached file is a PDF only (`validate_pdf`). A file's name is only a claim. The first bytes
(and, for the ZIP-based formats, the entries inside the archive) must match the extension, so a
renamed executable or image is refused.
"""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
# Every HWP 5 file is an OLE2 compound file with a "FileHeader" stream (a Word .doc is OLE2 too).
HWP_STREAM_NAME = "FileHeader".encode("utf-16-le")
SCAN_CHUNK = 1024 * 1024

# extension → (content type, required ZIP entries or None)
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", None),
    "hwp": ("application/x-hwp", None),
    "hwpx": ("application/hwp+zip", {"mimetype", "Contents/content.hpf"}),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {"[Content_Types].xml", "word/document.xml"},
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        {"[Content_Types].xml", "xl/workbook.xml"},
    ),
}
ALLOWED_LABEL = "PDF, HWP, HWPX, DOCX, XLSX"


def document_extension(name):
    return PurePath(name or "").suffix.lower().lstrip(".")


def content_type_for(name):
    return DOCUMENT_TYPES.get(document_extension(name), ("application/octet-stream", None))[0]


def _read_head(file, size):
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _contains(file, needle):
    """Return True when the bytes occur anywhere in the file (read in chunks)."""
    file.seek(0)
    tail = b""
    try:
        while chunk := file.read(SCAN_CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
        return False
    finally:
        file.seek(0)


def _zip_entries(file):
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)


def validate_document(file):
    """Refuse empty, oversized and mistyped documents with a Korean message."""
    size = getattr(file, "size", None)
    if not size:
        raise ValidationError(_("빈 파일은 올릴 수 없습니다."), code="empty")
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("파일이 너무 큽니다. 20MB 이하의 파일만 올릴 수 있습니다."), code="too_large"
        )
    extension = document_extension(getattr(file, "name", ""))
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("올릴 수 있는 문서 형식은 %(types)s입니다.") % {"types": ALLOWED_LABEL},
            code="extension",
        )
    head = _read_head(file, 8)
    mismatch = ValidationError(
        _("파일 내용이 %(ext)s 문서가 아닙니다. 이름만 바꾼 파일은 올릴 수 없습니다.")
        % {"ext": extension.upper()},
        code="content",
    )
    if extension == "pdf":
        if not head.startswith(b"%PDF-"):
            raise mismatch
        return
    if extension == "hwp":
        if not head.startswith(OLE2_MAGIC) or not _contains(file, HWP_STREAM_NAME):
            raise mismatch
        return
    if not head.startswith(ZIP_MAGIC):
        raise mismatch
    entries = _zip_entries(file)
    required = DOCUMENT_TYPES[extension][1]
    if entries is None or not required <= entries:
        # HWPX packages name their manifest differently across versions; the mimetype entry
        # plus a Contents/ folder is what every one of them has.
        if extension == "hwpx" and entries and "mimetype" in entries:
            if any(name.startswith("Contents/") for name in entries):
                return
        raise mismatch


PDF_MAX_BYTES = 10 * 1024 * 1024
PDF_EOF = b"%%EOF"


def validate_pdf(file, max_bytes=PDF_MAX_BYTES):
    """Refuse anything but a whole PDF of at most max_bytes, with a Korean message.

    The same checks as a council document's PDF (named .pdf, starts with "%PDF-"), plus the
    end-of-file marker a PDF writer puts in its last bytes, so a cut-off upload is refused too.
    """
    size = getattr(file, "size", None)
    if not size:
        raise ValidationError(_("빈 파일은 올릴 수 없습니다."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("파일이 너무 큽니다. %(mb)sMB 이하의 PDF만 올릴 수 있습니다.")
            % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    not_pdf = ValidationError(
        _("PDF 파일이 아니거나 일부가 잘린 파일입니다. PDF만 올릴 수 있습니다."), code="not_pdf"
    )
    if document_extension(getattr(file, "name", "")) != "pdf":
        raise not_pdf
    if not _read_head(file, 8).startswith(b"%PDF-"):
        raise not_pdf
    file.seek(max(0, size - 1024))
    tail = file.read(1024)
    file.seek(0)
    if PDF_EOF not in tail:
        raise not_pdf
