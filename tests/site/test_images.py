"""Image rules shared by logos, posters and photos (gvalley/images.py)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gvalley.images import _encode, validate_image_file


def make_image(fmt="JPEG", size=(800, 600), exif=None, color=(200, 80, 40)):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def upload(content, name="photo.jpg"):
    return SimpleUploadedFile(name, content)


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (37.0, 28.0, 50.0), 3: "E", 4: (126.0, 53.0, 0.0)}  # GPS
    return exif


@pytest.mark.parametrize("fmt,name", [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_jpeg_png_and_webp_are_accepted(fmt, name):
    validate_image_file(upload(make_image(fmt), name))


@pytest.mark.parametrize(
    "content,name,message",
    [
        (b"", "empty.png", "빈 파일"),
        (b"this is not an image at all" * 10, "fake.png", "이미지 파일이 아닙니다"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "a.svg", "SVG"),
        (b'<svg onload="alert(1)"></svg>', "logo.png", "SVG"),
        (make_image("GIF"), "anim.gif", "JPEG, PNG, WebP"),
        (make_image("JPEG")[:2000], "cut.jpg", "손상"),
        (make_image("JPEG")[:40], "header-cut.jpg", "손상"),
        (make_image("PNG")[:30], "header-cut.png", "이미지 파일이 아닙니다"),
        (make_image("PNG", size=(6000, 6000)), "bomb.png", "2,500만 화소"),
    ],
)
def test_bad_images_are_refused_in_korean(content, name, message):
    with pytest.raises(ValidationError) as error:
        validate_image_file(upload(content, name))
    assert message in " ".join(error.value.messages)


def test_a_file_over_five_megabytes_is_refused():
    big = upload(b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1), "big.jpg")
    with pytest.raises(ValidationError) as error:
        validate_image_file(big)
    assert "5MB" in error.value.messages[0]


def test_a_decompression_bomb_is_refused_before_decoding():
    # A small file that claims 9,000 × 9,000 pixels (81 megapixels).
    bomb = make_image("PNG", size=(9000, 9000), color=(0, 0, 0))
    assert len(bomb) < 5 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        validate_image_file(upload(bomb, "bomb.png"))
    assert "2,500만 화소" in error.value.messages[0]


def test_re_encoding_strips_exif_and_gps():
    original = make_image("JPEG", exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif()  # the upload carries EXIF with GPS
    cleaned = Image.open(io.BytesIO(_encode(Image.open(io.BytesIO(original)), "JPEG")))
    assert not cleaned.getexif()
    assert "exif" not in cleaned.info
