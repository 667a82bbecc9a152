"""Point 2 of issue 22: nothing the public may not see ever comes out of the open-data API.

Every endpoint, with every filter (and a search), read as anonymous and as each signed-in role:
the API is the public's view whoever asks, so none of the seeded sentinels may appear in any
answer's JSON text.
"""

import json

import pytest
from django.test import Client

from companies.models import Complex, EmployeeBand
from council.models import Meeting
from events.models import Event
from tests.api.conftest import SENTINELS
from tests.factories import CompanyManagerFactory, CouncilMemberFactory, StaffFactory

pytestmark = pytest.mark.django_db


def requests(seeded):
    """Return every (path, query) the sweep reads: each list with each filter, each detail."""
    edition = seeded["edition"].number
    lists = {
        "/api/v1/companies/": [
            {},
            {"q": "기업"},
            {"q": "SENTINEL"},
            {"industry": "62"},
            {"industry": "J"},
            {"building": str(seeded["company"].building_id)},
            {"sort": "newest"},
            {"sort": "relevance", "q": "테스트"},
            {"page_size": "100"},
        ],
        "/api/v1/events/": [
            {},
            {"edition": str(edition)},
            {"date_from": "2000-01-01", "date_to": "2100-12-31"},
            {"free_seats": "true"},
            {"venue": seeded["event"].venue.slug},
        ],
        "/api/v1/council/meetings/": [{}, {"year": "2026"}, {"year": "2027"}]
        + [{"kind": kind} for kind in Meeting.Kind.values],
        "/api/v1/council/grievances/": [{}]
        + [{"status": s} for s in ("received", "reviewing", "in_progress", "done", "rejected")],
        "/api/v1/heritage/stories/": [{}],
    }
    lists["/api/v1/companies/"] += [{"complex": value} for value in Complex.values]
    lists["/api/v1/companies/"] += [{"employee_band": value} for value in EmployeeBand.values]
    lists["/api/v1/events/"] += [{"category": value} for value in Event.Category.values]
    lists["/api/v1/events/"] += [{"audience": value} for value in Event.Audience.values]
    details = [
        f"/api/v1/companies/{seeded['company'].slug}/",
        f"/api/v1/events/{seeded['event'].slug}/",
        f"/api/v1/council/meetings/{seeded['meeting'].pk}/",
        f"/api/v1/council/grievances/{seeded['grievance'].pk}/",
        f"/api/v1/heritage/stories/{seeded['story'].slug}/",
    ]
    return [(path, query) for path, queries in lists.items() for query in queries] + [
        (path, {}) for path in details
    ]


def readers():
    yield "anonymous", Client()
    for role, factory in [
        ("company manager", CompanyManagerFactory),
        ("council member", CouncilMemberFactory),
        ("staff", StaffFactory),
    ]:
        client = Client()
        client.force_login(factory())
        yield role, client


def test_no_sentinel_in_any_answer(seeded, settings):
    settings.API_RATE_LIMIT = "10000/min"
    reads = 0
    for role, client in readers():
        for path, query in requests(seeded):
            response = client.get(path, query)
            assert response.status_code == 200, (role, path, query, response.content[:300])
            text = json.dumps(response.json(), ensure_ascii=False)
            for what, sentinel in SENTINELS.items():
                assert sentinel not in text, f"{what} in {path} {query} as {role}"
            reads += 1
    assert reads == 4 * len(requests(seeded))


def test_the_public_rows_are_there(seeded, client):
    """The sweep reads real answers: each list holds the public row it should."""
    expected = {
        "/api/v1/companies/": "공개기업",
        "/api/v1/events/": "공개 행사",
        "/api/v1/council/grievances/": "공개 민원",
        "/api/v1/heritage/stories/": "공개 이야기",
    }
    for path, text in expected.items():
        body = client.get(path).json()
        assert body["count"] == 1, path
        assert text in json.dumps(body["results"], ensure_ascii=False), path
    meetings = client.get("/api/v1/council/meetings/").json()["results"]
    assert len(meetings) == 2  # minutes published and held; the scheduled one is not public
    minutes = {m["id"]: m["minutes"] for m in meetings}
    assert "교통" in minutes[seeded["meeting"].pk]["body"]  # published minutes
    assert [m for m in minutes.values() if m is None]  # the draft's meeting, without minutes


def test_grievance_timeline_without_people(seeded, client):
    grievance = client.get(f"/api/v1/council/grievances/{seeded['grievance'].pk}/").json()
    assert [step["status"]["code"] for step in grievance["timeline"]] == ["rejected", "reviewing"]
    assert grievance["company"] is None  # the company did not agree to be named
    assert set(grievance["timeline"][0]) == {"occurred_at", "status", "note"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/companies/{pending}/",
        "/api/v1/events/{draft_event}/",
        "/api/v1/heritage/stories/{draft_story}/",
    ],
)
def test_hidden_rows_are_not_found_by_address(seeded, client, path):
    from companies.models import Company
    from events.models import Event
    from heritage.models import Story

    slugs = {
        "pending": Company.objects.get(name=SENTINELS["pending company"]).slug,
        "draft_event": Event.objects.get(title=SENTINELS["draft event"]).slug,
        "draft_story": Story.objects.get(title=SENTINELS["draft story"]).slug,
    }
    response = client.get(path.format(**slugs))
    assert response.status_code == 404
    assert response.json()["detail"]["ko"]


def test_hidden_council_rows_are_not_found_by_address(seeded, client):
    from council.models import Grievance, Meeting

    scheduled = Meeting.objects.get(place=SENTINELS["scheduled meeting"])
    private = Grievance.objects.get(title=SENTINELS["non-public grievance"])
    assert client.get(f"/api/v1/council/meetings/{scheduled.pk}/").status_code == 404
    assert client.get(f"/api/v1/council/grievances/{private.pk}/").status_code == 404
