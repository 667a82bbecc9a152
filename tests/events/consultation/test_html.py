"""The consultation's pages are valid HTML (the Nu Html Checker), as each role sees them."""

import pytest
from django.urls import reverse

from companies.models import CompanyMembership
from events import consultations
from tests.factories import UserFactory
from tests.site.validator import check

from .factories import make_consultation

pytestmark = pytest.mark.django_db


def test_consultation_pages_are_valid_html(client_for, staff, tmp_path):
    consultation = make_consultation(buyers=3, companies=4)
    buyer = consultation.buyers.get(company_name="Buyer 0")
    buyer.user = UserFactory()
    buyer.save()
    participant = consultation.participants.order_by("pk").first()
    manager = UserFactory()
    CompanyMembership.objects.create(company=participant.company, user=manager)
    consultations.generate(consultation, time_limit=3)
    consultations.publish(consultation)
    slug = consultation.event.slug

    def url(name):
        return reverse(f"events:consultation_{name}", kwargs={"slug": slug})

    pages = {
        "buyer-timetable": (buyer.user, url("timetable")),
        "buyer-profile": (buyer.user, url("buyer")),
        "manager-timetable": (manager, url("timetable")),
        "manager-profile": (manager, url("profile")),
        "manager-outcomes": (manager, url("outcomes")),
        "staff-timetable": (staff, url("timetable")),
        "staff-totals": (staff, url("totals")),
        "staff-review": (staff, url("review")),
    }
    for name, (user, path) in pages.items():
        response = client_for(user).get(path)
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    errors = check([tmp_path])
    assert errors == [], [
        (e["url"].rsplit("/", 1)[-1], e["message"], e.get("extract")) for e in errors
    ]
