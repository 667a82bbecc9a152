"""Buyers read the consultation profiles (and catalogues) of the companies they meet."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from companies.models import CompanyMembership, IndustryDivision
from events.models import Buyer, Meeting, Participant
from tests.factories import UserFactory

from .factories import make_consultation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def setup():
    """A company (with a catalogue) met by one buyer in a published meeting, another company
    met by another buyer in a meeting not published yet."""
    consultation = make_consultation(buyers=3, companies=2)
    first, second = consultation.participants.order_by("pk")
    company = first.company
    company.name_en = "Sinbit Security"
    company.website = "https://sinbit.example.com"
    company.industry = IndustryDivision.objects.filter(name_en__gt="").order_by("code").first()
    company.save()
    first.products_en = "AI CCTV for schools"
    first.export_experience = Participant.Experience.SOME
    first.target_countries = ["VN", "JP"]
    first.catalogue.save("catalogue.pdf", ContentFile(PDF))
    first.save()
    met, waiting, stranger = (consultation.buyers.get(company_name=f"Buyer {n}") for n in range(3))
    for buyer in (met, waiting, stranger):
        buyer.user = UserFactory()
        buyer.save()
    slot, later = consultation.slots.order_by("starts_at")[:2]
    Meeting.objects.create(
        consultation=consultation, slot=slot, table=1, buyer=met, participant=first, published=True
    )
    Meeting.objects.create(
        consultation=consultation, slot=slot, table=2, buyer=waiting, participant=second
    )
    # Scheduled, not published yet: the buyer does not know it meets the company.
    Meeting.objects.create(
        consultation=consultation, slot=later, table=1, buyer=waiting, participant=first
    )
    manager = UserFactory()
    CompanyMembership.objects.create(company=company, user=manager)
    other_manager = UserFactory()
    CompanyMembership.objects.create(company=second.company, user=other_manager)
    return {
        "consultation": consultation,
        "participant": first,
        "second": second,
        "buyer": met,
        "waiting_buyer": waiting,
        "other_buyer": stranger,
        "manager": manager,
        "other_manager": other_manager,
    }


def _urls(participant):
    slug = participant.consultation.event.slug
    kwargs = {"slug": slug, "pk": participant.pk}
    return (
        reverse("events:consultation_company", kwargs=kwargs),
        reverse("events:consultation_catalogue", kwargs=kwargs),
    )


@pytest.mark.parametrize(
    ("who", "page", "download"),
    [
        ("anonymous", 302, 302),
        ("resident", 404, 404),
        ("council_member", 404, 404),
        ("company_manager", 404, 404),  # a manager of a company not taking part
        ("other_manager", 404, 404),  # a manager of another participating company
        ("other_buyer", 404, 404),  # a buyer of the consultation without a meeting with it
        ("waiting_buyer", 404, 404),  # a buyer whose meeting with it is not published
        ("manager", 200, 200),
        ("buyer", 200, 200),
        ("staff", 200, 200),
    ],
)
def test_who_reads_the_profile_and_the_catalogue(
    who, page, download, setup, client, client_for, request
):
    if who != "anonymous":
        user = setup[who].user if who.endswith("buyer") else None
        user = user or setup.get(who) or request.getfixturevalue(who)
        client = client_for(user)
    page_url, file_url = _urls(setup["participant"])
    response = client.get(page_url)
    assert response.status_code == page
    if page == 302:
        assert "/accounts/login/" in response["Location"]
    response = client.get(file_url)
    assert response.status_code == download
    if download == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
        assert "sinbit-security-catalogue.pdf" in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"


def test_a_buyer_reads_the_profile_in_english(setup, client_for):
    page_url, file_url = _urls(setup["participant"])
    html = client_for(setup["buyer"].user).get("/en" + page_url).content.decode()
    industry = setup["participant"].company.industry
    assert "<h1>Sinbit Security</h1>" in html
    assert f"<dd>{industry.name_en}</dd>" in html
    assert '<span lang="en">AI CCTV for schools</span>' in html
    assert "Vietnam, Japan" in html
    assert "Some export experience" in html
    assert 'href="https://sinbit.example.com"' in html
    assert f'href="/en{file_url}"' in html
    korean = client_for(setup["buyer"].user).get(page_url).content.decode()
    assert "베트남, 일본" in korean


def test_the_catalogue_has_no_public_address(setup):
    participant = setup["participant"]
    assert participant.catalogue.url == _urls(participant)[1]
    assert "/media/" not in participant.catalogue.url


def test_the_buyers_timetable_links_the_company_to_its_profile(setup, client_for):
    consultation = setup["consultation"]
    html = client_for(setup["buyer"].user).get(consultation.get_absolute_url()).content.decode()
    assert f'href="{_urls(setup["participant"])[0]}"' in html
    assert _urls(setup["second"])[0] not in html


def test_without_a_catalogue_the_download_is_not_found(setup, client_for):
    second = setup["second"]
    page_url, file_url = _urls(second)
    client = client_for(setup["other_manager"])
    assert "올린 카탈로그가 없습니다." in client.get(page_url).content.decode()
    assert client.get(file_url).status_code == 404


def _profile_post(client, participant, catalogue):
    url = reverse(
        "events:consultation_profile", kwargs={"slug": participant.consultation.event.slug}
    )
    data = {
        "profile-products_en": "Learning management system",
        "profile-export_experience": "some",
        "profile-target_countries": "VN",
        "profile-catalogue": catalogue,
    }
    for buyer in Buyer.objects.filter(consultation=participant.consultation):
        data[f"wish-buyer_{buyer.pk}"] = ""
    return client.post(url, data)


def test_the_manager_uploads_the_catalogue(setup, client_for):
    second = setup["second"]
    response = _profile_post(
        client_for(setup["other_manager"]),
        second,
        SimpleUploadedFile("brochure.pdf", PDF, content_type="application/pdf"),
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.catalogue
    assert second.catalogue.open("rb").read() == PDF
    assert "brochure" not in second.catalogue.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("catalogue.pdf", b"", "빈 파일은 올릴 수 없습니다."),
        ("catalogue.pdf", b"MZ\x90\x00 not a pdf", "PDF 파일이 아니거나"),
        ("catalogue.exe", PDF, "PDF 파일이 아니거나"),
        ("catalogue.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"%%EOF", "10MB 이하"),
    ],
)
def test_a_bad_catalogue_is_refused_and_nothing_is_written(
    name, content, message, setup, client_for
):
    second = setup["second"]
    response = _profile_post(
        client_for(setup["other_manager"]),
        second,
        SimpleUploadedFile(name, content, content_type="application/pdf"),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    second.refresh_from_db()
    assert not second.catalogue
    assert second.products_en == "e-learning platform"


def test_english_pages_mark_the_korean_they_show(setup, client_for):
    """A company with a Korean name only, an event titled in Korean: marked lang="ko"."""
    from events.models import BuyerInvitation
    from tests.site.test_english import korean_unmarked

    second = setup["second"]
    second.company.name_en = ""
    second.company.save()
    Meeting.objects.filter(participant=second).update(published=True)
    waiting = setup["waiting_buyer"]
    page = client_for(waiting.user).get("/en" + _urls(second)[0])
    assert page.status_code == 200
    assert korean_unmarked(page.content.decode()) == []
    waiting.email = "buyer@example.vn"
    waiting.user = None
    waiting.save()
    invitation = BuyerInvitation.objects.create(buyer=waiting, email=waiting.email)
    with translation.override("en"):
        english = invitation.get_absolute_url()
    page = client_for(UserFactory()).get(english)
    assert page.status_code == 200
    assert korean_unmarked(page.content.decode()) == []
