"""The staff's admin: bulk selection capped at capacity, results emailed, who changed what."""

import pytest
from django.core import mail
from django.urls import reverse

from events import services
from events.models import Event, Registration, Venue
from tests.factories import UserFactory

from .factories import EventFactory, SelectionEventFactory, make_company

pytestmark = pytest.mark.django_db(transaction=True)


def _apply(event, count):
    registrations = []
    for index in range(count):
        manager = UserFactory()
        company = make_company(name=f"지밸리기업{index}", manager=manager)
        registrations.append(services.apply(event, manager, company, []))
    return registrations


def test_bulk_select_is_capped_and_emails(staff_client):
    event = SelectionEventFactory(capacity=2)
    registrations = _apply(event, 3)
    assert len(mail.outbox) == 3  # each application acknowledged
    mail.outbox.clear()
    response = staff_client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "select_applications", "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )
    html = response.content.decode()
    assert "2건을 선정했습니다." in html
    assert "정원이 차서 1건은 선정하지 못했습니다" in html and "지밸리기업2" in html
    statuses = list(
        Registration.objects.filter(event=event).order_by("pk").values_list("status", flat=True)
    )
    assert statuses == ["selected", "selected", "applied"]
    assert len(mail.outbox) == 2
    assert all("선정 결과: 선정" in m.subject for m in mail.outbox)


def test_bulk_decline_emails_the_result(staff_client):
    event = SelectionEventFactory(capacity=2)
    (registration,) = _apply(event, 1)
    mail.outbox.clear()
    staff_client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "decline_applications", "_selected_action": [registration.pk]},
    )
    registration.refresh_from_db()
    assert registration.status == "declined"
    assert mail.outbox[0].to == [registration.user.email]
    assert "선정 결과" in mail.outbox[0].subject


def test_admin_pages_render(staff_client):
    event = SelectionEventFactory()
    (registration,) = _apply(event, 1)
    for url in [
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_event_add"),
        reverse("admin:events_registration_changelist"),
        reverse("admin:events_registration_change", args=[registration.pk]),
        reverse("admin:events_venue_changelist"),
        reverse("admin:events_edition_changelist"),
    ]:
        assert staff_client.get(url).status_code == 200, url


def test_save_model_stamps_editor_and_cancel_action_keeps_event_visible(
    staff_client, staff, client
):
    event = EventFactory()
    staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "cancel_events", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED and event.updated_by == staff
    assert client.get(event.get_absolute_url()).status_code == 200


def test_capacity_below_confirmed_refused_in_korean(staff_client):
    event = EventFactory(capacity=5)
    for user in UserFactory.create_batch(3):
        services.register(event, user)
    event.refresh_from_db()
    event.capacity = 2
    with pytest.raises(Exception) as info:
        event.full_clean()
    assert "이미 확정된 인원(3명)보다 정원을 줄일 수 없습니다." in str(info.value)


def test_venue_map_link_typed_without_scheme_is_saved_as_https(staff_client):
    response = staff_client.post(
        reverse("admin:events_venue_add"),
        {
            "name_ko": "G밸리 비즈플라자",
            "slug": "gvalley-bizplaza",
            "map_url": "map.example/bizplaza",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Venue.objects.get(slug="gvalley-bizplaza").map_url == "https://map.example/bizplaza"
    assert Venue.objects.get(slug="gvalley-bizplaza").name_ko == "G밸리 비즈플라자"
