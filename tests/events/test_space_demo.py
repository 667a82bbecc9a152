"""The demo's spaces: a drawn room plan per layout, shown through the shared gallery, and an
overlapping pair of pending requests that the staff's queue highlights."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from events import demo
from events.models import Booking, SpacePhoto
from tests.factories import CompanyManagerFactory

from .factories import VenueFactory, make_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    manager = CompanyManagerFactory(email="manager@gvalley.example")
    make_company("한빛보안솔루션", manager=manager)
    make_company("다온에듀테크", manager=manager)
    venues = {"gvalley-citizen-hall": VenueFactory(slug="gvalley-citizen-hall")}
    spaces = demo.load_spaces(venues)
    demo.load_spaces(venues)  # idempotent: no second set of pictures or requests
    return spaces


def test_each_layout_has_a_drawn_plan_with_korean_and_english_text(loaded):
    hall = loaded[demo.HALL_SLUG]
    photos = list(SpacePhoto.objects.filter(space=hall).order_by("position"))
    assert [p.caption_en.split(",")[1].split()[0] for p in photos] == [
        "theatre",
        "classroom",
        "banquet",
    ]
    assert SpacePhoto.objects.count() == sum(len(row["layouts"]) for row in demo.SPACES)
    for photo in photos:
        assert "창조홀" in photo.alt and "평면도" in photo.alt
        assert photo.caption.startswith("창조홀") and photo.caption_en.startswith("Changjo Hall")
        with photo.image.open("rb") as file, Image.open(file) as image:
            assert image.size == (1280, 800) and (photo.width, photo.height) == (1280, 800)
            # A drawing, not a grey box: walls, stage, screens, seats, tables and text.
            assert len(image.convert("RGB").getcolors(maxcolors=1 << 16)) > 20
        assert photo.renditions  # the responsive sizes the gallery's srcset lists


def test_the_space_page_shows_the_plans_through_the_shared_gallery(loaded):
    hall = loaded[demo.HALL_SLUG]
    page = Client().get(hall.get_absolute_url()).content.decode()
    gallery = page[
        page.index('<ul class="gallery-grid">') : page.index("</ul>", page.index("gallery-grid"))
    ]
    assert gallery.count("<figure>") == 3
    assert re.search(r'<img [^>]*srcset="[^"]+"[^>]*alt="창조홀 극장식 배치 평면도', gallery)
    assert '<span lang="en">Changjo Hall, banquet layout · 100 seats (demo plan)</span>' in gallery


def test_the_queue_highlights_the_demo_s_overlapping_requests(loaded, staff_client):
    pair = Booking.objects.filter(purpose__in=demo.CONFLICT_PURPOSES)
    assert [b.status for b in pair] == [Booking.Status.PENDING] * 2
    assert len({b.company_id for b in pair}) == 2
    page = staff_client.get(reverse("admin:events_booking_changelist")).content.decode()
    rows = [row for row in page.split("<tr") if any(p in row for p in demo.CONFLICT_PURPOSES)]
    assert len(rows) == 2 and all("booking-conflict" in row for row in rows)
