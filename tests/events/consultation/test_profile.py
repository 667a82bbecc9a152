"""A selected company's profile and ranked wishes; staff add the selected companies."""

import pytest
from django.urls import reverse
from django.utils import translation

from companies.models import CompanyMembership
from events import consultations, services
from events.models import CompanyWish, Participant
from tests.factories import UserFactory

from ..factories import make_company
from .factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    consultation = make_consultation(buyers=3, companies=2)
    participant = consultation.participants.order_by("pk").first()
    manager = UserFactory()
    CompanyMembership.objects.create(company=participant.company, user=manager)
    url = reverse("events:consultation_profile", kwargs={"slug": consultation.event.slug})
    return consultation, participant, manager, url


def _data(consultation, ranks, countries="VN, jp"):
    data = {
        "profile-products_en": "Learning management system for schools",
        "profile-export_experience": "some",
        "profile-target_countries": countries,
    }
    for buyer in consultation.buyers.all():
        data[f"wish-buyer_{buyer.pk}"] = ranks.get(buyer.company_name, "")
    return data


def test_a_manager_saves_profile_and_ranked_wishes(client_for, setup):
    consultation, participant, manager, url = setup
    response = client_for(manager).post(url, _data(consultation, {"Buyer 2": 1, "Buyer 0": 2}))
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.target_countries == ["VN", "JP"]
    wishes = list(
        CompanyWish.objects.filter(participant=participant).values_list(
            "buyer__company_name", "rank"
        )
    )
    assert wishes == [("Buyer 2", 1), ("Buyer 0", 2)]


def test_bad_ranks_and_countries_write_nothing(client_for, setup):
    consultation, participant, manager, url = setup
    response = client_for(manager).post(url, _data(consultation, {"Buyer 2": 1, "Buyer 0": 3}))
    assert response.status_code == 400
    assert "순위는 1부터 차례로" in response.content.decode()
    response = client_for(manager).post(
        url, _data(consultation, {"Buyer 2": 1}, countries="VN, XX")
    )
    assert "알 수 없는 국가 코드: XX" in response.content.decode()
    participant.refresh_from_db()
    assert participant.products_en == "e-learning platform"
    assert not CompanyWish.objects.filter(participant=participant).exists()


def test_only_the_company_managers_may_edit(client, client_for, company_manager, setup):
    _consultation, _participant, _manager, url = setup
    assert client.get(url).status_code == 302
    assert client_for(company_manager).get(url).status_code == 403


def test_selected_companies_become_participants():
    consultation = make_consultation(buyers=1, companies=0)
    applicant = UserFactory()
    chosen = make_company(name="선정기업", manager=applicant)
    registration = services.apply(consultation.event, applicant, chosen, [])
    services.select([registration], by=UserFactory(is_staff=True))
    assert consultations.add_selected_companies(consultation) == 1
    assert consultations.add_selected_companies(consultation) == 0
    assert Participant.objects.get(consultation=consultation).company == chosen


@pytest.fixture
def buyer_setup():
    consultation = make_consultation(buyers=2, companies=3)
    buyer = consultation.buyers.get(company_name="Buyer 1")
    buyer.user = UserFactory()
    buyer.save()
    url = reverse("events:consultation_buyer", kwargs={"slug": consultation.event.slug})
    return consultation, buyer, url


def _buyer_data(consultation, present, ranks):
    data = {
        "profile-company_name": "Tokyo Secure Trading",
        "profile-country": "JP",
        "profile-contact_name": "Tanaka",
        "profile-email": "tanaka@example.jp",
        "profile-industries": ["62"],
        "profile-keywords": "cctv, access control",
        "profile-languages": "JA, en",
        "profile-interpreter_language": "ja",
        "profile-present": [str(slot.pk) for slot in present],
    }
    for index, participant in enumerate(consultation.participants.order_by("pk")):
        data[f"rank-company_{participant.pk}"] = ranks.get(index, "")
    return data


def test_a_buyer_fills_its_profile_slots_and_wishes(client_for, buyer_setup):
    from events.models import BuyerWish

    consultation, buyer, url = buyer_setup
    slots = list(consultation.slots.order_by("starts_at"))
    client = client_for(buyer.user)
    with translation.override("en"):
        english = reverse("events:consultation_buyer", kwargs={"slug": consultation.event.slug})
    assert "Slots you are available" in client.get(english).content.decode()
    response = client.post(url, _buyer_data(consultation, slots[:3], {0: 1}))
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert buyer.languages == ["ja", "en"] and buyer.interpreter_language == "ja"
    assert (buyer.company_name, buyer.country) == ("Tokyo Secure Trading", "JP")
    assert set(buyer.absences.values_list("slot", flat=True)) == {s.pk for s in slots[3:]}
    first = consultation.participants.order_by("pk").first()
    assert list(BuyerWish.objects.filter(buyer=buyer).values_list("participant", "rank")) == [
        (first.pk, 1)
    ]


def test_a_buyer_reads_its_form_in_english(client_for, buyer_setup):
    """Industries by their official English names, companies by their English names (with the
    Korean one beside it, as on the timetable); the Korean page stays Korean."""
    from companies.models import IndustryDivision

    consultation, buyer, url = buyer_setup
    named, korean_only = [p.company for p in consultation.participants.order_by("pk")][:2]
    named.name_en = "Hanbit Security"
    named.save()
    korean_only.name_en = ""
    korean_only.save()
    division = IndustryDivision.objects.get(code="62")
    with translation.override("en"):
        english = reverse("events:consultation_buyer", kwargs={"slug": consultation.event.slug})
    client = client_for(buyer.user)
    html = client.get(english).content.decode()
    assert f"62 {division.name_en}" in html and division.name not in html
    assert f"Hanbit Security ({named.name})" in html
    assert korean_only.name in html  # a company without an English name keeps its own
    korean = client.get(url).content.decode()
    assert f"62 {division.name}" in korean and "Hanbit Security" not in korean


def test_a_buyer_must_be_present_at_least_once(client_for, buyer_setup):
    consultation, buyer, url = buyer_setup
    client = client_for(buyer.user)
    with translation.override("en"):
        english = reverse("events:consultation_buyer", kwargs={"slug": consultation.event.slug})
    response = client.post(english, _buyer_data(consultation, [], {}))
    assert response.status_code == 400
    assert "Choose at least one slot" in response.content.decode()
    assert not buyer.absences.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"profile-country": "XX"}, "Select a valid choice"),
        ({"profile-company_name": "  "}, "This field is required"),
        ({"profile-company_name": "x" * 151}, "at most 150 characters"),
        # Buyer 0 is from Vietnam: the same name in the same country is another buyer's.
        (
            {"profile-company_name": "buyer 0", "profile-country": "VN"},
            "A buyer with this name from this country already exists.",
        ),
    ],
)
def test_a_buyers_bad_name_or_country_is_refused_in_english(
    client_for, buyer_setup, changes, message
):
    consultation, buyer, _url = buyer_setup
    slots = list(consultation.slots.order_by("starts_at"))
    with translation.override("en"):
        english = reverse("events:consultation_buyer", kwargs={"slug": consultation.event.slug})
    data = {**_buyer_data(consultation, slots, {}), **changes}
    response = client_for(buyer.user).post(english, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    buyer.refresh_from_db()
    assert (buyer.company_name, buyer.country, buyer.contact_name) == ("Buyer 1", "JP", "")


def test_only_the_buyer_account_may_use_the_buyer_page(
    client, client_for, company_manager, buyer_setup
):
    _consultation, _buyer, url = buyer_setup
    assert client.get(url).status_code == 302
    assert client_for(company_manager).get(url).status_code == 403
