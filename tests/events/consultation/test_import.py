"""The buyers' CSV import: all rows checked first, one bad row and nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from events import consultations
from events.models import Buyer

from .factories import make_consultation

pytestmark = pytest.mark.django_db

HEADER = (
    "company_name,country,contact_name,email,industries,keywords,languages,interpreter_language\n"
)
GOOD = HEADER + (
    "Saigon EduTech,vn,Nguyen An,an@example.vn,85;62,e-learning,vi;en,vi\n"
    "Osaka Secure,JP,,,62,cctv,ja,\n"
)


@pytest.fixture
def consultation():
    return make_consultation(buyers=1, companies=1)


def test_a_good_file_adds_the_buyers(consultation):
    buyers = consultations.import_buyers(consultation, GOOD)
    assert len(buyers) == 2
    saigon = Buyer.objects.get(company_name="Saigon EduTech")
    assert saigon.country == "VN" and saigon.languages == ["vi", "en"]
    assert saigon.interpreter_language == "vi"
    assert sorted(saigon.industries.values_list("code", flat=True)) == ["62", "85"]


@pytest.mark.parametrize(
    ("text", "message", "english"),
    [
        (
            GOOD + "Bangkok Robotics,XX,,,,,th,th\n",
            "4행: 알 수 없는 국가 코드 'XX'",
            "Line 4: unknown country code 'XX'",
        ),
        (
            GOOD + "saigon edutech,VN,,,,,,\n",
            "4행: 'saigon edutech' 바이어가 2행과 겹칩니다.",
            "repeats line 2",
        ),
        (
            GOOD + "Buyer 0,VN,,,,,,\n",
            "4행: 'Buyer 0' 바이어가 이미 등록되어 있습니다.",
            "already registered",
        ),
        (
            GOOD + "Short row,VN\n",
            "4행: 열이 2개입니다. 8개여야 합니다.",
            "Line 4: 2 columns; there must be 8.",
        ),
        (
            GOOD + "Unknown industry,TH,,,99x,,,\n",
            "4행: 알 수 없는 업종 코드 99x",
            "unknown industry code 99x",
        ),
        ("name,country\nA,VN\n", "첫 줄은 다음 열 이름이어야 합니다", "The first line must hold"),
        (HEADER, "가져올 바이어가 없습니다.", "There are no buyers to import."),
    ],
)
def test_bad_input_writes_nothing(consultation, text, message, english):
    before = Buyer.objects.count()
    with pytest.raises(consultations.ConsultationError) as caught:
        consultations.import_buyers(consultation, text)
    assert message in str(caught.value)
    assert Buyer.objects.count() == before
    with translation.override("en"), pytest.raises(consultations.ConsultationError) as caught:
        consultations.import_buyers(consultation, text)
    assert english in str(caught.value)


def test_every_bad_row_is_listed(consultation):
    text = HEADER + "A,XX,,,,,,\nB,VN,,,,,,\nB,VN,,,,,,\n"
    with pytest.raises(consultations.ConsultationError) as caught:
        consultations.import_buyers(consultation, text)
    assert str(caught.value).splitlines() == [
        "2행: 알 수 없는 국가 코드 'XX' (ISO 3166 두 글자, 예: VN)",
        "4행: 'B' 바이어가 3행과 겹칩니다.",
    ]


def _upload(client, consultation, text):
    url = reverse("admin:events_consultation_import_buyers", args=[consultation.pk])
    upload = SimpleUploadedFile("buyers.csv", text.encode("utf-8-sig"), content_type="text/csv")
    return client.post(url, {"file": upload}, follow=True)


def test_staff_import_through_the_admin(staff_client, consultation):
    response = _upload(staff_client, consultation, GOOD + "Bangkok Robotics,XX,,,,,th,th\n")
    html = response.content.decode()
    assert "잘못된 행이 있어 아무것도 가져오지 않았습니다." in html
    assert "4행: 알 수 없는 국가 코드 &#x27;XX&#x27;" in html
    assert Buyer.objects.filter(consultation=consultation).count() == 1
    response = _upload(staff_client, consultation, GOOD)
    assert "바이어 2곳을 가져왔습니다." in response.content.decode()
    assert Buyer.objects.filter(consultation=consultation).count() == 3


def test_others_may_not_import(client, company_manager_client, consultation):
    for who in (client, company_manager_client):
        _upload(who, consultation, GOOD)
    assert Buyer.objects.filter(consultation=consultation).count() == 1
