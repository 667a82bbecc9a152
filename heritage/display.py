"""What the museum's lists show, prepared once per list for the templates to print.

The pages' markup is in templates/heritage/ (cards and the hours in `_macros.jinja`). Here only
the per-list work is done: each URL pattern reversed once (gvalley.rendering.url_maker), the
labels translated once, the dates formatted by one formatter. The templates get plain values.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from gvalley.cache import shared_data
from gvalley.rendering import url_maker
from gvalley.templatetags.portal import date_formatter, datetime_value, ktime
from gvalley.translated import Translated, page_language, pick

from .models import Gallery, Photo, Story, StoryKind, StoryPhoto, VisitSlot, attach_covers

# How many characters of a gallery's description its card shows.
CARD_DESCRIPTION_CHARS = 120
# How many stories and galleries the museum's first page shows.
FRONT_CARDS = 3
# Stories dated later kept beside the newest ones, each shown from its own moment.
SCHEDULED_KEPT = 20


@dataclass(frozen=True, slots=True)
class StoryCard:
    url: str
    title: str
    kind: str
    period: str
    summary: str
    cover: StoryPhoto | None


@dataclass(frozen=True, slots=True)
class GalleryCard:
    url: str
    title: str
    photo_count: int
    description: str
    cover: Photo | None


@dataclass(frozen=True, slots=True)
class SlotRow:
    starts_at: str  # the datetime attribute of <time>
    date: str
    start: str
    end: str
    places_left: int
    capacity: int
    request_url: str | None  # None when the slot is full


def story_cards(stories: list[Story]) -> list[StoryCard]:
    """Return the cards of stories from Story.objects.for_cards() (their first photo read along)."""
    url = url_maker("heritage:story_detail", "slug")
    kinds = {value: str(label) for value, label in StoryKind.choices}
    language = page_language()
    return [
        StoryCard(
            url=url(story.slug),
            title=pick(story.title_ko, story.title_en, language),
            kind=kinds.get(story.kind, story.kind),
            period=pick(story.period_ko, story.period_en, language),
            summary=pick(story.summary_ko, story.summary_en, language),
            cover=story.covers[0] if story.covers else None,
        )
        for story in attach_covers(stories, StoryPhoto)
    ]


def gallery_cards(galleries: list[Gallery]) -> list[GalleryCard]:
    """Return the cards of galleries from Gallery.objects.for_cards() (first photo and count)."""
    url = url_maker("heritage:gallery_detail", "slug")
    language = page_language()
    return [
        GalleryCard(
            url=url(gallery.slug),
            title=pick(gallery.title_ko, gallery.title_en, language),
            photo_count=gallery.photo_count,
            description=Translated.of(
                Truncator(description).chars(CARD_DESCRIPTION_CHARS), description.fallback
            ),
            cover=gallery.covers[0] if gallery.covers else None,
        )
        for gallery in attach_covers(galleries, Photo, count_attr="photo_count")
        for description in [pick(gallery.description_ko, gallery.description_en, language)]
    ]


def newest_story_cards(count=FRONT_CARDS) -> list[StoryCard]:
    """Return the cards of the `count` newest public stories (at most FRONT_CARDS).

    Shared data, the same for every visitor until content changes. The stories dated later are
    kept beside the newest ones with their moment, so each request shows one from that moment on
    without the content changing.
    """
    dated = shared_data("heritage:newest-stories", _newest_stories)
    return [card for story, card in dated if story.is_public][:count]


def _newest_stories():
    """Return [(Story, StoryCard)], newest first: the stories dated later, then the
    FRONT_CARDS newest public ones."""
    now = timezone.now()
    stories = Story.objects.published_or_scheduled().for_cards()
    scheduled = stories.filter(published_at__gt=now).order_by("published_at", "pk")
    newest = stories.filter(published_at__lte=now)[:FRONT_CARDS]
    # One query: the nearest stories dated later, and the newest public ones.
    chosen = list(
        scheduled[:SCHEDULED_KEPT].union(newest, all=True).order_by("-published_at", "pk")
    )
    return list(zip(chosen, story_cards(chosen), strict=True))


def first_gallery_cards() -> list[GalleryCard]:
    """Return the cards of the first FRONT_CARDS published galleries, as shared data."""
    return shared_data(
        "heritage:first-galleries",
        lambda: gallery_cards(Gallery.objects.published().for_cards()[:FRONT_CARDS]),
    )


def photo_links(gallery: Gallery, photos: list[Photo]) -> list[tuple[str, Photo]]:
    """Return (URL of the photo's own page, photo) for each of a gallery's photos."""
    return [
        (reverse("heritage:photo_detail", kwargs={"slug": gallery.slug, "pk": photo.pk}), photo)
        for photo in photos
    ]


def slot_rows(slots: list[VisitSlot]) -> list[SlotRow]:
    """Return the rows of the visit slots (annotated with_booked()), in Asia/Seoul."""
    request_url = url_maker("heritage:visit_request", "pk")
    kdate = date_formatter()
    rows = []
    for slot in slots:
        starts_at = timezone.localtime(slot.starts_at)
        left = slot.places_left
        rows.append(
            SlotRow(
                starts_at=datetime_value(starts_at),
                date=kdate(starts_at),
                start=ktime(starts_at),
                end=ktime(slot.ends_at),
                places_left=left,
                capacity=slot.capacity,
                request_url=request_url(slot.pk) if left else None,
            )
        )
    return rows
