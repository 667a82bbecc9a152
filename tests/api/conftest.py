"""Seeded data of the open-data API's tests: what anonymous readers may see, and sentinels that
they must never see (each a unique string searched for in every answer's JSON text)."""

import datetime

import pytest
from django.utils import timezone

from companies.models import Company
from council.models import Grievance, GrievanceEvent, Meeting, Minutes
from events.models import Event
from tests.companies.factories import BuildingFactory, CompanyFactory, manager_of
from tests.council.factories import GrievanceFactory, MeetingFactory, MinutesFactory
from tests.events.factories import EditionFactory, EventFactory
from tests.heritage.factories import DraftStoryFactory, StoryFactory

# Each appears in exactly one row (or field) that the public must never read.
SENTINELS = {
    "pending company": "SENTINEL-PENDING-COMPANY",
    "hidden company": "SENTINEL-HIDDEN-COMPANY",
    "registration number": "1298765430",
    "masked registration number": "129-**-*5430",
    "manager's email": "sentinel-manager@example.org",
    "company email": "sentinel-company@example.org",
    "company phone": "02-9876-5432",
    "status reason": "SENTINEL-STATUS-REASON",
    "draft event": "SENTINEL-DRAFT-EVENT",
    "scheduled meeting": "SENTINEL-SCHEDULED-PLACE",
    "draft minutes": "SENTINEL-DRAFT-MINUTES",
    "non-public grievance": "SENTINEL-PRIVATE-GRIEVANCE",
    "grievance submitter": "sentinel-submitter@example.org",
    "unnamed company": "SENTINEL-UNNAMED-COMPANY",
    "draft story": "SENTINEL-DRAFT-STORY",
    "scheduled story": "SENTINEL-LATER-STORY",
}


@pytest.fixture
def seeded(db):
    """Return the public rows; the sentinels' rows exist beside them."""
    building = BuildingFactory(name="가산테스트타워", complex="2")
    listed = CompanyFactory(
        name="공개기업",
        name_en="Open Company",
        building=building,
        business_number=SENTINELS["registration number"],
        email=SENTINELS["company email"],
        phone=SENTINELS["company phone"],
        status_reason=SENTINELS["status reason"],
    )
    manager_of(listed, email=SENTINELS["manager's email"])
    CompanyFactory(name=SENTINELS["pending company"], status=Company.Status.PENDING)
    CompanyFactory(name=SENTINELS["hidden company"], status=Company.Status.HIDDEN)
    # A company that did not agree to be named beside its grievance.
    unnamed = CompanyFactory(name=SENTINELS["unnamed company"], status=Company.Status.PENDING)

    edition = EditionFactory()
    event = EventFactory(title="공개 행사", edition=edition)
    EventFactory(title=SENTINELS["draft event"], status=Event.Status.DRAFT, edition=edition)

    now = timezone.now()
    held = MeetingFactory(
        status=Meeting.Status.MINUTES_PUBLISHED, starts_at=now - datetime.timedelta(days=30)
    )
    MinutesFactory(meeting=held, status=Minutes.Status.PUBLISHED, published_at=now)
    other = MeetingFactory(status=Meeting.Status.HELD, starts_at=now - datetime.timedelta(days=9))
    MinutesFactory(meeting=other, body=f"<p>{SENTINELS['draft minutes']}</p>")
    MeetingFactory(status=Meeting.Status.SCHEDULED, place=SENTINELS["scheduled meeting"])

    from tests.factories import UserFactory

    submitter = UserFactory(email=SENTINELS["grievance submitter"])
    public = GrievanceFactory(
        title="공개 민원",
        company=unnamed,
        company_name_public=False,
        submitted_by=submitter,
        status=Grievance.Status.REJECTED,
        rejection_reason="협의회 권한 밖의 일입니다",
    )
    GrievanceEvent.objects.create(grievance=public, status="reviewing", note="검토를 시작했습니다")
    GrievanceFactory(title=SENTINELS["non-public grievance"], is_public=False)

    story = StoryFactory(title="공개 이야기")
    DraftStoryFactory(title=SENTINELS["draft story"])
    StoryFactory(title=SENTINELS["scheduled story"], published_at=now + datetime.timedelta(days=3))
    return {
        "company": listed,
        "event": event,
        "edition": edition,
        "meeting": held,
        "grievance": public,
        "story": story,
    }
