"""After the event: companies record outcomes; staff see and export totals by country and industry."""

from decimal import Decimal

import pytest
from django.urls import reverse

from companies.models import CompanyMembership, IndustryDivision
from events import consultations
from tests.factories import UserFactory

from .factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    consultation = make_consultation(buyers=3, companies=4, tables=3, minimum=1, maximum=4)
    consultations.generate(consultation, time_limit=3)
    consultations.publish(consultation)
    participant = consultation.participants.order_by("pk").first()
    participant.company.industry = IndustryDivision.objects.get(code="62")
    participant.company.save()
    manager = UserFactory()
    CompanyMembership.objects.create(company=participant.company, user=manager)
    return consultation, participant, manager


def _url(consultation, name):
    return reverse(f"events:consultation_{name}", kwargs={"slug": consultation.event.slug})


def _form(meetings, values):
    data = {
        "form-TOTAL_FORMS": len(meetings),
        "form-INITIAL_FORMS": len(meetings),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
    }
    for index, meeting in enumerate(meetings):
        status, amount, outcome = values[index]
        data |= {
            f"form-{index}-id": meeting.pk,
            f"form-{index}-status": status,
            f"form-{index}-amount_usd": amount,
            f"form-{index}-outcome": outcome,
        }
    return data


def test_a_manager_records_outcomes_and_staff_see_totals(client_for, staff, held):
    consultation, participant, manager = held
    own = list(
        consultation.meetings.filter(participant=participant).order_by(
            "slot__starts_at", "table", "pk"
        )
    )
    assert own
    values = [("held", "12000", "contract_likely")] + [("no_show", "", "")] * (len(own) - 1)
    response = client_for(manager).post(_url(consultation, "outcomes"), _form(own, values))
    assert response.status_code == 302
    first = own[0]
    first.refresh_from_db()
    assert (first.status, first.amount_usd, first.outcome) == (
        "held",
        Decimal("12000"),
        "contract_likely",
    )
    rows = consultations.outcome_totals(consultation, "industry")
    assert ("62", rows[0][1], 1, Decimal("12000"), Decimal("12000")) == rows[0]
    assert rows[-1][2:] == (1, Decimal("12000"), Decimal("12000"))
    html = client_for(staff).get(_url(consultation, "totals")).content.decode()
    assert "12,000.00" in html
    csv = (
        client_for(staff)
        .get(_url(consultation, "totals") + "?format=csv")
        .content.decode("utf-8-sig")
    )
    assert first.buyer.country in csv and "12000" in csv


def test_a_negative_amount_is_refused(client_for, held):
    consultation, participant, manager = held
    own = list(
        consultation.meetings.filter(participant=participant).order_by(
            "slot__starts_at", "table", "pk"
        )
    )
    values = [("held", "-5", "follow_up")] + [("held", "", "")] * (len(own) - 1)
    response = client_for(manager).post(_url(consultation, "outcomes"), _form(own, values))
    assert response.status_code == 400
    assert "0 이상의 값을 입력해 주세요." in response.content.decode()
    own[0].refresh_from_db()
    assert own[0].amount_usd is None


def test_a_manager_cannot_edit_another_company_meeting(client_for, held):
    consultation, participant, manager = held
    other = consultation.meetings.exclude(participant=participant).first()
    client_for(manager).post(
        _url(consultation, "outcomes"), _form([other], [("held", "999", "none")])
    )
    other.refresh_from_db()
    assert other.amount_usd is None


def test_totals_are_for_staff_only(client, client_for, held):
    consultation, _participant, manager = held
    assert client.get(_url(consultation, "totals")).status_code == 302
    assert client_for(manager).get(_url(consultation, "totals")).status_code == 403
    assert client.get(_url(consultation, "outcomes")).status_code == 302
    assert client_for(UserFactory()).get(_url(consultation, "outcomes")).status_code == 403
