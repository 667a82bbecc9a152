"""Uploaded images: strict validation, re-encoding without metadata, renditions made once.

Rules (companies' logos and photos, event posters, heritage photos): JPEG, PNG or WebP only,
at most 5 MB and 25 megapixels. SVG, decompression bombs, truncated files and non-images
renamed to .png are refused with a clear Korean message. The stored original is re-encoded
(EXIF and GPS gone); smaller WebP renditions are made at upload and served with srcset.

Use: subclass ResponsiveImage (abstract) and set UPLOAD_FOLDER; forms and the admin validate
through the field's validator, and save() does the processing.
"""

import io
import uuid
import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_WIDTHS = (320, 640, 1280)


def validate_image_file(file):
    """Refuse anything but a sound JPEG, PNG or WebP within the size limits."""
    if file is None:
        return
    size = getattr(file, "size", None)
    if size == 0:
        raise ValidationError(_("빈 파일입니다. 이미지 파일을 다시 선택해 주세요."), code="empty")
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_("이미지는 5MB 이하만 올릴 수 있습니다."), code="too_large")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(512)
        if isinstance(head, str):
            head = head.encode()
        lowered = head.lower()
        if b"<svg" in lowered or b"<?xml" in lowered or b"<!doctype svg" in lowered:
            raise ValidationError(
                _("SVG 파일은 올릴 수 없습니다. JPEG, PNG, WebP 이미지를 올려 주세요."),
                code="svg",
            )
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(file)
            except UnidentifiedImageError as error:
                raise ValidationError(
                    _("이미지 파일이 아닙니다. JPEG, PNG, WebP 이미지만 올릴 수 있습니다."),
                    code="not_image",
                ) from error
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise _too_many_pixels() from error
            except (OSError, SyntaxError, ValueError) as error:  # cut off inside its header
                raise _damaged() from error
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("JPEG, PNG, WebP 이미지만 올릴 수 있습니다. (올린 형식: %(format)s)"),
                    code="format",
                    params={"format": image.format or "?"},
                )
            if image.width * image.height > MAX_PIXELS:
                raise _too_many_pixels()
            try:
                image.load()
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise _too_many_pixels() from error
            except (OSError, SyntaxError, ValueError) as error:
                raise ValidationError(
                    _(
                        "이미지 파일이 손상되었거나 일부가 잘렸습니다. 원본 파일을 다시 올려 주세요."
                    ),
                    code="truncated",
                ) from error
    finally:
        file.seek(position if position else 0)


def _damaged():
    return ValidationError(
        _("이미지 파일이 손상되었거나 일부가 잘렸습니다. 원본 파일을 다시 올려 주세요."),
        code="truncated",
    )


def _too_many_pixels():
    return ValidationError(
        _("이미지가 너무 큽니다. 2,500만 화소(예: 5000×5000) 이하로 줄여 올려 주세요."),
        code="too_many_pixels",
    )


def _open(file):
    file.seek(0)
    image = Image.open(file)
    image.load()
    return ImageOps.exif_transpose(image)


def _encode(image, fmt):
    """Encode only the pixels: a fresh image carries no EXIF, GPS, XMP or comments."""
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    options = {
        "JPEG": {"quality": 85, "optimize": True},
        "WEBP": {"quality": 82},
        "PNG": {"optimize": True},
    }
    buffer = io.BytesIO()
    clean.save(buffer, format=fmt, **options[fmt])
    return buffer.getvalue()


def image_upload_to(instance, filename):
    return f"{instance.UPLOAD_FOLDER}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


class ResponsiveImage(models.Model):
    """Abstract: one uploaded image with its size and renditions (see the module docstring)."""

    UPLOAD_FOLDER = "images"

    image = models.FileField(
        _("이미지 파일"),
        upload_to=image_upload_to,
        validators=[validate_image_file],
        max_length=255,
        help_text=_(
            "JPEG, PNG, WebP · 5MB 이하 · 2,500만 화소 이하. 위치 정보 등 메타데이터는 지워집니다."
        ),
    )
    width = models.PositiveIntegerField(_("너비(px)"), default=0, editable=False)
    height = models.PositiveIntegerField(_("높이(px)"), default=0, editable=False)
    renditions = models.JSONField(_("축소본"), default=dict, editable=False, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.image and not getattr(self.image, "_committed", True):
            self.process_image()
        super().save(*args, **kwargs)

    def process_image(self):
        """Re-encode the new upload, record its size and store its renditions."""
        validate_image_file(self.image.file)
        image = _open(self.image.file)
        source_format = Image.open(self.image.file).format
        self.image.file.seek(0)
        fmt = source_format if source_format in ALLOWED_FORMATS else "WEBP"
        stem = uuid.uuid4().hex
        self.width, self.height = image.size
        self.image = ContentFile(_encode(image, fmt), name=f"{stem}.{ALLOWED_FORMATS[fmt]}")
        storage = self._meta.get_field("image").storage
        renditions = {}
        for width in RENDITION_WIDTHS:
            if width >= image.width:
                continue
            height = max(1, round(image.height * width / image.width))
            small = image.resize((width, height), Image.Resampling.LANCZOS)
            name = storage.save(
                f"{self.UPLOAD_FOLDER}/{stem}-{width}w.webp", ContentFile(_encode(small, "WEBP"))
            )
            renditions[str(width)] = {"name": name, "height": height}
        self.renditions = renditions

    def srcset(self):
        """Return the srcset attribute value: every rendition plus the original."""
        if not self.image:
            return ""
        parts = [
            f"{self.rendition_file_url(int(w), r['name'])} {w}w"
            for w, r in sorted(self.renditions.items(), key=lambda i: int(i[0]))
        ]
        parts.append(f"{self.image.url} {self.width}w")
        return ", ".join(parts)

    def rendition_url(self, max_width):
        """Return the URL of the largest rendition no wider than max_width (or the original)."""
        best = None
        for width, rendition in self.renditions.items():
            if int(width) <= max_width and (best is None or int(width) > best[0]):
                best = (int(width), rendition["name"])
        return self.rendition_file_url(*best) if best else self.image.url

    def rendition_file_url(self, width, name):
        """Return the URL of one rendition (a model with private files names its own view)."""
        return self.image.storage.url(name)


# --- Screen media: an image, or a video checked by its container's signature --------------------

VIDEO_MAX_BYTES = 200 * 1024 * 1024
# ISO base media (MP4, MOV): a box of type "ftyp" first, with one of these brands.
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"qt  ",
    b"dash",
    b"iso5",
    b"iso6",
}
WEBM_MAGIC = b"\x1a\x45\xdf\xa3"


def video_kind(head):
    """Return "mp4" or "webm" when the first bytes are those of such a video, else None."""
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "mp4"
    if head[:4] == WEBM_MAGIC and b"webm" in head[:64]:
        return "webm"
    return None


def validate_image_or_video(file):
    """Refuse anything but an image (the image rules above) or an MP4/WebM video, by content.

    A text file renamed .mp4 has no video container's signature and is refused; a video is at
    most VIDEO_MAX_BYTES. The upload's name and declared type are never trusted.
    """
    if file is None:
        return
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(64)
    finally:
        file.seek(position if position else 0)
    if isinstance(head, str):
        head = head.encode()
    if video_kind(head):
        size = getattr(file, "size", None)
        if size is not None and size > VIDEO_MAX_BYTES:
            raise ValidationError(
                _("동영상은 200MB 이하만 올릴 수 있습니다."), code="video_too_large"
            )
        return
    name = (getattr(file, "name", "") or "").lower()
    if name.endswith((".mp4", ".m4v", ".mov", ".webm")):
        raise ValidationError(
            _(
                "동영상 파일이 아닙니다. MP4 또는 WebM 동영상, JPEG·PNG·WebP 이미지만 올릴 수 있습니다."
            ),
            code="not_video",
        )
    validate_image_file(file)
