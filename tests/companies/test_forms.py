"""Every bad input gets a clear Korean message and nothing is half-written."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from companies.models import Company, CompanyLogo
from tests.companies.factories import (
    CompanyFactory,
    image_bytes,
    manager_of,
    upload,
    valid_number,
)
from tests.markup import formatting_open_at

pytestmark = pytest.mark.django_db


def base(**overrides):
    data = {"name": "검증기업", "business_number": valid_number(7), "industry": "62"}
    data.update(overrides)
    return data


def post(client, data, files=None):
    return client.post(reverse("companies:register"), {**data, **(files or {})})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "필수 항목입니다"),
        ({"name": "   "}, "필수 항목입니다"),
        ({"name": "가" * 101}, "100"),
        ({"business_number": ""}, "필수 항목입니다"),
        ({"business_number": "123-45-67890"}, "검증 숫자 불일치"),
        ({"business_number": "12-34"}, "숫자 10자리"),
        ({"business_number": "<script>"}, "숫자 10자리"),
        ({"founded_year": "3000"}, "올해보다 늦을 수 없습니다"),
        ({"founded_year": "abc"}, "정수"),
        ({"phone": "010-abcd"}, "전화번호 형식"),
        ({"website": "javascript:alert(1)"}, "URL"),
        ({"email": "not-email"}, "이메일"),
        ({"industry": "ZZ"}, "올바르게 선택"),
        ({"complex": "1", "building": "999999"}, "올바르게 선택"),
        ({"description": "가" * 20001}, "20000"),
    ],
)
def test_bad_profile_input_gets_a_korean_message(resident_client, data, message):
    response = post(resident_client, base(**data))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body, body[
        body.find('class="error"') - 200 : body.find('class="error"') + 300
    ]
    assert Company.objects.count() == 0


def test_building_and_complex_must_agree(resident_client):
    from tests.companies.factories import BuildingFactory

    tower = BuildingFactory(complex="1")
    response = post(resident_client, base(complex="3", building=str(tower.pk)))
    assert "단지를 확인해 주세요" in response.content.decode()


def test_duplicate_business_number_is_refused(resident_client):
    CompanyFactory(business_number=valid_number(7))
    response = post(resident_client, base())
    assert "이미 존재합니다" in response.content.decode()
    assert Company.objects.count() == 1


def _bomb_png():
    buffer = io.BytesIO()
    Image.new("1", (6000, 5000)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"", "빈 파일"),
        ("logo.png", b"this is not an image at all", "이미지 파일이 아닙니다"),
        ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
        ("logo.jpg", image_bytes("JPEG", (400, 400))[:600], "손상"),
        ("logo.gif", image_bytes("GIF"), "JPEG, PNG, WebP"),
        ("bomb.png", _bomb_png(), "2,500만 화소"),
        ("huge.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 10), "5MB"),
    ],
)
def test_bad_logos_are_refused_and_nothing_is_written(resident_client, name, content, message):
    response = post(resident_client, base(), {"logo_file": upload(name, content)})
    body = response.content.decode()
    assert message in body
    assert Company.objects.count() == 0
    assert CompanyLogo.objects.count() == 0


def test_logo_is_reencoded_without_metadata_with_renditions(resident_client):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    Image.new("RGB", (1600, 900), (200, 10, 10)).save(buffer, format="JPEG", exif=exif)
    response = post(resident_client, base(), {"logo_file": upload("logo.jpg", buffer.getvalue())})
    assert response.status_code == 302
    logo = Company.objects.get().logo
    assert (logo.width, logo.height) == (1600, 900)
    assert set(logo.renditions) == {"320", "640", "1280"}
    with logo.image.open("rb") as f:
        assert b"SecretCam" not in f.read()
    assert (
        "srcset" in resident_client.get(Company.objects.get().get_absolute_url()).content.decode()
    )


HOSTILE_HELP = '<b>굵게</b> **x** *y* <script>alert("help")</script>'


def test_the_description_help_text_shows_its_tags_as_text(resident_client):
    # The help text names the tags a description may use: <strong>, <em>. They are words to
    # read, not markup: unclosed, they turned the rest of the page (footer too) bold italic.
    html = resident_client.get(reverse("companies:register")).content.decode()
    assert "&lt;strong&gt;, &lt;em&gt;" in html
    assert formatting_open_at(html, "footer") == []


def test_the_edit_form_leaves_the_footer_alone(client_for):
    company = CompanyFactory()
    html = client_for(manager_of(company)).get(
        reverse("companies:edit", kwargs={"slug": company.slug})
    )
    html = html.content.decode()
    assert "&lt;strong&gt;, &lt;em&gt;" in html
    assert formatting_open_at(html, "footer") == []


def test_the_shared_field_macro_escapes_help_texts_unless_trusted():
    from django import forms
    from django.template import engines
    from django.utils.safestring import mark_safe

    class Form(forms.Form):
        plain = forms.CharField(help_text=HOSTILE_HELP)
        trusted = forms.CharField(help_text=mark_safe("<ul><li>여덟 자 이상</li></ul>"))

    form = Form()
    field = engines["jinja2"].env.get_template("includes/_macros.jinja").module.field
    plain = str(field(form["plain"]))
    assert "&lt;b&gt;굵게&lt;/b&gt; **x** *y* &lt;script&gt;" in plain
    assert "<b>" not in plain and "<script>" not in plain
    # A help text the code marked safe (Django's password rules) keeps its markup.
    trusted = str(field(form["trusted"]))
    assert "<ul><li>여덟 자 이상</li></ul>" in trusted
