"""Factories for the council's tests."""

import datetime
import io
import zipfile

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from companies.models import Company, CompanyMembership
from council.models import (
    AgendaItem,
    Document,
    Grievance,
    GrievanceEvent,
    Meeting,
    Membership,
    Minutes,
    Organisation,
)
from tests.heritage.factories import KoreanTextsFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in entries:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"가산테크{n}")
    slug = factory.Sequence(lambda n: f"gasan-tech-{n}")
    business_number = factory.Sequence(lambda n: f"{1234500000 + n:010d}")
    status = Company.Status.APPROVED


def manage(user, company=None):
    """Make the user a manager of the company (a new one by default) and return the company."""
    company = company or CompanyFactory()
    CompanyMembership.objects.create(company=company, user=user)
    return company


class OrganisationFactory(KoreanTextsFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"협의회 기관{n}")
    kind = Organisation.Kind.GOVERNMENT
    position = factory.Sequence(lambda n: n)


class MembershipFactory(KoreanTextsFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    seat = Membership.Seat.MEMBER
    office_title = "부구청장"
    start_date = datetime.date(2013, 4, 17)


class MeetingFactory(KoreanTextsFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.PLENARY
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    place = "G밸리 기업시민청 창조홀"
    status = Meeting.Status.SCHEDULED


class AgendaItemFactory(KoreanTextsFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"지식산업센터 주차 개선 안건 {n}")
    summary = "방문객 주차 공간 부족 문제를 다룹니다."


class MinutesFactory(KoreanTextsFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    body = "<p>출퇴근 <strong>교통</strong> 혼잡을 논의했습니다.</p>"
    status = Minutes.Status.DRAFT


class DocumentFactory(KoreanTextsFactory):
    class Meta:
        model = Document

    meeting = factory.SubFactory(MeetingFactory)
    kind = Document.Kind.AGENDA
    title = factory.Sequence(lambda n: f"안건 자료 {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="agenda.pdf"))


class GrievanceFactory(KoreanTextsFactory):
    class Meta:
        model = Grievance
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"방문객 주차 공간 부족 {n}")
    description = "지식산업센터에 방문 고객 주차 공간이 없습니다."
    source = Grievance.Source.VISIT
    is_public = True

    @factory.post_generation
    def first_event(self, create, extracted, **kwargs):
        if create:
            GrievanceEvent.objects.create(grievance=self, status=self.status, note="접수")
