"""A selected company's profile and ranked wishes; staff add the selected companies."""

import pytest
from django.urls import reverse

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
