"""A valid logo or photo chosen in a form that comes back with an error elsewhere is kept."""

import re
from html import unescape

import pytest
from django.urls import reverse

from companies.models import Company, CompanyLogo, CompanyPhoto, PendingChange
from tests.companies.factories import CompanyFactory, manager_of, upload, valid_number
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def kept_token(html, name):
    """Return the token the page's form sends back for a kept file (what a browser submits)."""
    found = re.search(rf'<input type="hidden" name="{name}-kept" value="([^"]+)">', html)
    return unescape(found.group(1)) if found else None


def register(client, **data):
    fields = {"name": "로고보관기업", "business_number": valid_number(31), "industry": "62"}
    return client.post(reverse("companies:register"), {**fields, **data})


def test_a_logo_survives_a_mistake_elsewhere_on_the_registration_form(resident_client):
    response = register(resident_client, business_number="123", logo_file=upload("우리로고.png"))
    html = response.content.decode()
    assert "숫자 10자리" in html
    assert "고른 파일 ‘우리로고.png’" in html and "보관했습니다" in html
    assert Company.objects.count() == 0 and CompanyLogo.objects.count() == 0
    # The visitor fixes the number and sends the form again, without choosing the file again.
    response = register(resident_client, **{"logo_file-kept": kept_token(html, "logo_file")})
    assert response.status_code == 302
    logo = Company.objects.get().logo
    assert logo is not None and (logo.width, logo.height) == (200, 120)


def test_a_photo_survives_a_missing_caption(client_for):
    company = CompanyFactory()
    client = client_for(manager_of(company))
    url = reverse("companies:photos", kwargs={"slug": company.slug})
    html = client.post(url, {"caption": "", "image": upload("사무실.jpg")}).content.decode()
    assert "필수 항목입니다" in html and "고른 파일 ‘사무실.jpg’" in html
    assert CompanyPhoto.objects.count() == 0
    response = client.post(url, {"caption": "사무실 입구", "image-kept": kept_token(html, "image")})
    assert response.status_code == 302
    assert list(company.photos.values_list("caption", flat=True)) == ["사무실 입구"]


def test_a_listed_companys_new_logo_waits_for_review_after_a_mistake(client_for):
    company = CompanyFactory(name="공개기업")
    client = client_for(manager_of(company))
    url = reverse("companies:edit", kwargs={"slug": company.slug})
    data = {"name": "공개기업", "business_number": company.business_number, "industry": "62"}
    html = client.post(url, {**data, "email": "틀린주소", "logo_file": upload()}).content.decode()
    assert "보관했습니다" in html
    client.post(url, {**data, "logo_file-kept": kept_token(html, "logo_file")})
    assert PendingChange.objects.get(company=company).logo is not None


def test_a_kept_file_can_be_dropped(resident_client):
    html = register(resident_client, business_number="1", logo_file=upload()).content.decode()
    token = kept_token(html, "logo_file")
    register(resident_client, **{"logo_file-kept": token, "logo_file-discard": "1"})
    assert Company.objects.get().logo is None


def test_a_kept_file_is_its_uploaders_alone(resident_client, client_for):
    html = register(resident_client, business_number="1", logo_file=upload()).content.decode()
    token = kept_token(html, "logo_file")
    response = register(client_for(UserFactory()), **{"logo_file-kept": token})
    html = response.content.decode()
    assert "파일을 다시 골라 주세요" in html
    assert "보관했습니다" not in html and kept_token(html, "logo_file") is None
    assert Company.objects.count() == 0


@pytest.mark.parametrize("token", ["forged", "a" * 5000, "\x00", "eyJrZXkiOiJ4In0:1:abc"])
def test_a_forged_token_asks_for_the_file_again(resident_client, token):
    response = register(resident_client, **{"logo_file-kept": token})
    assert response.status_code == 200
    assert "파일을 다시 골라 주세요" in response.content.decode()
    assert Company.objects.count() == 0


def test_a_bad_file_is_not_kept(resident_client):
    html = register(
        resident_client, business_number="1", logo_file=upload("x.png", b"not an image")
    ).content.decode()
    assert "이미지 파일이 아닙니다" in html
    assert kept_token(html, "logo_file") is None
