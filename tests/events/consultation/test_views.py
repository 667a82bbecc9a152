"""Timetables: who sees which meetings, on the page and in the .ics file (the permission table)."""

import pytest
from django.urls import reverse
from django.utils import translation

from companies.models import CompanyMembership
from events import consultations
from tests.factories import CompanyManagerFactory, UserFactory

from .factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    consultation = make_consultation(buyers=4, companies=6)
    buyer = consultation.buyers.get(company_name="Buyer 1")
    buyer.user = UserFactory()
    buyer.save()
    participant = consultation.participants.order_by("pk").first()
    manager = CompanyManagerFactory()
    CompanyMembership.objects.create(company=participant.company, user=manager)
    consultations.generate(consultation, time_limit=3)
    consultations.publish(consultation)
    return consultation, buyer, participant, manager


def urls(consultation):
    slug = consultation.event.slug
    return [
        reverse("events:consultation_timetable", kwargs={"slug": slug}),
        reverse("events:consultation_timetable_ics", kwargs={"slug": slug}),
    ]


def test_anonymous_is_sent_to_sign_in(client, setup):
    for url in urls(setup[0]):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_other_signed_in_people_are_refused(client_for, company_manager, resident, setup):
    for user in (company_manager, resident):
        for url in urls(setup[0]):
            assert client_for(user).get(url).status_code == 403


def _meetings_in_ics(response):
    return response.content.decode().count("BEGIN:VEVENT")


def test_a_buyer_sees_only_its_own_meetings(client_for, setup):
    consultation, buyer, _participant, _manager = setup
    page, ics = urls(consultation)
    client = client_for(buyer.user)
    html = client.get(page).content.decode()
    own = consultation.meetings.filter(buyer=buyer)
    assert own.exists()
    assert html.count('class="timetable-meeting"') == own.count()
    assert "Buyer 2" not in html and "Buyer 3" not in html
    response = client.get(ics)
    assert response["Content-Type"].startswith("text/calendar")
    assert _meetings_in_ics(response) == own.count()
    with translation.override("en"):
        html = client.get(
            reverse("events:consultation_timetable", kwargs={"slug": consultation.event.slug})
        ).content.decode()
    assert "Download the calendar file (.ics)" in html


def test_a_manager_sees_its_company_meetings(client_for, setup):
    consultation, _buyer, participant, manager = setup
    page, ics = urls(consultation)
    own = consultation.meetings.filter(participant=participant)
    assert own.exists()
    html = client_for(manager).get(page).content.decode()
    assert html.count('class="timetable-meeting"') == own.count()
    assert _meetings_in_ics(client_for(manager).get(ics)) == own.count()


def test_staff_see_the_whole_grid(client_for, staff, setup):
    consultation = setup[0]
    page, ics = urls(consultation)
    html = client_for(staff).get(page).content.decode()
    assert html.count('class="timetable-meeting"') == consultation.meetings.count()
    assert _meetings_in_ics(client_for(staff).get(ics)) == consultation.meetings.count()


def test_nothing_shows_before_publishing(client_for, setup):
    consultation, buyer, _participant, _manager = setup
    consultations.generate(consultation, time_limit=3)  # a re-run unpublishes the new meetings
    html = client_for(buyer.user).get(urls(consultation)[0]).content.decode()
    assert 'class="timetable-meeting"' not in html
    assert "아직 공개된 상담 일정이 없습니다." in html


def test_the_timetable_reads_a_constant_number_of_queries(
    client_for, staff, setup, django_assert_max_num_queries
):
    consultation = setup[0]
    client = client_for(staff)
    page, ics = urls(consultation)
    assert consultation.meetings.count() > 10
    with django_assert_max_num_queries(15):
        client.get(page)
    with django_assert_max_num_queries(15):
        client.get(ics)


def test_a_buyer_reads_the_companies_names_in_english_where_they_have_one(client_for, setup):
    consultation, buyer, _participant, _manager = setup
    companies = [m.participant.company for m in consultation.meetings.filter(buyer=buyer)]
    named, korean_only = companies[0], companies[1:]
    named.name_en = "Hanbit Security"
    named.save()
    for company in korean_only:
        company.name_en = ""
        company.save()
    with translation.override("en"):
        page = reverse("events:consultation_timetable", kwargs={"slug": consultation.event.slug})
    html = client_for(buyer.user).get(page).content.decode()
    assert f'<span lang="ko">{named.name}</span> <span lang="en">(Hanbit Security)</span>' in html
    for company in korean_only:
        assert f'<span lang="ko">{company.name}</span></a></p>' in html
