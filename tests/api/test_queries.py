"""Point 4 of issue 22: the companies and events lists read a constant number of queries,
whatever the number of rows on the page (a full page of 50 as one of 2), and a page asked for
again is read from the shared cache until the content changes."""

import pytest

from companies.models import Certification, ExportMarket
from tests.companies.factories import BuildingFactory, CompanyFactory
from tests.events.factories import EditionFactory, EventFactory

pytestmark = pytest.mark.django_db


def companies(count):
    certifications = list(Certification.objects.all()[:2])
    markets = list(ExportMarket.objects.all()[:2])
    building = BuildingFactory()
    for company in CompanyFactory.create_batch(count, building=building):
        company.certifications.set(certifications)
        company.export_markets.set(markets)


def events(count):
    edition = EditionFactory()
    EventFactory.create_batch(count, edition=edition)


@pytest.mark.parametrize(
    ("make", "path", "budget"),
    [(companies, "/api/v1/companies/", 6), (events, "/api/v1/events/", 3)],
)
def test_list_queries_do_not_grow_with_the_page(
    client, make, path, budget, django_assert_max_num_queries
):
    make(2)
    # Another address of the same list: the directory's shared reference data is read once per
    # content version, and the page measured below is not the one kept by this request.
    client.get(path, {"page": "1"})
    with django_assert_max_num_queries(budget):
        assert len(client.get(path).json()["results"]) == 2
    make(60)
    client.get(path, {"page": "1"})
    with django_assert_max_num_queries(budget):
        assert len(client.get(path).json()["results"]) == 50
    with django_assert_max_num_queries(0):  # the same page again: from the shared cache
        assert len(client.get(path).json()["results"]) == 50


def test_a_change_shows_on_the_next_request(client, db):
    events(1)
    assert client.get("/api/v1/events/").json()["count"] == 1
    events(1)
    assert client.get("/api/v1/events/").json()["count"] == 2
