import datetime

import pytest
from django.utils import timezone

from council.models import Document, Meeting, Minutes
from gvalley import roles
from tests.factories import UserFactory

from .factories import (
    AgendaItemFactory,
    DocumentFactory,
    GrievanceFactory,
    MeetingFactory,
    MinutesFactory,
    manage,
)


@pytest.fixture
def world(db, company_manager):
    """Meetings in every state, their documents, and grievances public and private."""
    past = timezone.now() - datetime.timedelta(days=30)
    draft = MeetingFactory(status=Meeting.Status.SCHEDULED)
    AgendaItemFactory(meeting=draft, title="비공개 초안 안건 청년주거")
    public = MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    public_item = AgendaItemFactory(meeting=public, title="공개 안건 보행로 조명")
    held = MeetingFactory(status=Meeting.Status.HELD, starts_at=past)
    AgendaItemFactory(meeting=held, title="개최된 회의 안건")
    MinutesFactory(meeting=held, body="<p>초안 회의록 비밀문구</p>")
    done = MeetingFactory(
        status=Meeting.Status.MINUTES_PUBLISHED, starts_at=past - datetime.timedelta(days=60)
    )
    AgendaItemFactory(meeting=done, title="어린이집 확충")
    MinutesFactory(
        meeting=done,
        body="<p>공개 회의록 어린이집 확충을 결정했습니다.</p>",
        status=Minutes.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    own_company = manage(company_manager)
    return {
        "draft": draft,
        "public": public,
        "held": held,
        "done": done,
        "doc_draft": DocumentFactory(meeting=draft),
        "doc_public": DocumentFactory(meeting=public, agenda_item=public_item),
        "doc_held_minutes": DocumentFactory(meeting=held, kind=Document.Kind.MINUTES),
        "doc_done_minutes": DocumentFactory(meeting=done, kind=Document.Kind.MINUTES),
        "grievance_public": GrievanceFactory(is_public=True),
        "grievance_own": GrievanceFactory(
            is_public=False, company=own_company, submitted_by=company_manager
        ),
        "grievance_other": GrievanceFactory(is_public=False, company=manage_other()),
        "own_company": own_company,
    }


def manage_other():
    return manage(UserFactory(roles=[roles.COMPANY_MANAGER]))


@pytest.fixture
def clients(client, resident_client, company_manager_client, council_client, staff_client):
    return {
        "anonymous": client,
        "resident": resident_client,
        "manager": company_manager_client,
        "member": council_client,
        "staff": staff_client,
    }
