"""What 금천 순이의 집 offers to the site search (gvalley/sitesearch.py)."""

from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from gvalley.rendering import url_maker
from gvalley.roles import is_district_staff
from gvalley.search import plain_text
from gvalley.sitesearch import Hit, Source
from gvalley.translated import columns, page_language, pick, translated

from .models import Gallery, Photo, Story, TimelineEntry

GROUP = pgettext_lazy("site search", "금천 순이의 집")


def _with_urls(rows, viewname, kwarg, attr):
    url = url_maker(viewname, kwarg)
    found = {}
    for row in rows:
        row.url = url(getattr(row, attr))
        found[row.pk] = row
    return found


class StorySource(Source):
    key = "stories"
    label = pgettext_lazy("site search", "이야기")
    group = GROUP
    recent = ("-published_at", "-pk")

    def visible(self, user):
        return Story.objects.visible_to(user)

    def visibility_key(self, user):
        return "staff" if is_district_staff(user) else "published"

    def more_url(self, query):
        return reverse("heritage:story_list") + "?" + urlencode({"q": query})

    def rows(self, ids, user):
        stories = Story.objects.filter(pk__in=ids).only(
            "slug", "status", "published_at", *columns("title", "period", "summary", "body")
        )
        return _with_urls(stories, "heritage:story_detail", "slug", "slug")

    def hit(self, story, marker):
        return Hit(
            title=marker.parts(translated(story, "title")),
            url=story.url,
            snippet=marker.snippet(
                translated(story, "summary"), translated(story, "body").map(plain_text)
            ),
            meta=[translated(story, "period")],
            badge="" if story.is_public else pgettext("site search", "초안"),
        )


class TimelineSource(Source):
    key = "timeline"
    label = pgettext_lazy("site search", "연표")
    group = GROUP
    recent = ("-date", "-pk")

    def visible(self, user):
        return TimelineEntry.objects.published()

    def visibility_key(self, user):
        return "everyone"

    def rows(self, ids, user):
        entries = TimelineEntry.objects.filter(pk__in=ids).only(
            "date", "precision", *columns("title", "text", "period_label")
        )
        timeline = reverse("heritage:timeline")
        found = {}
        for entry in entries:
            entry.url = f"{timeline}#entry-{entry.pk}"
            found[entry.pk] = entry
        return found

    def hit(self, entry, marker):
        return Hit(
            title=marker.parts(translated(entry, "title")),
            url=entry.url,
            snippet=marker.snippet(translated(entry, "text")),
            meta=[str(entry.display_date)],
        )


class GallerySource(Source):
    key = "galleries"
    label = pgettext_lazy("site search", "갤러리")
    group = GROUP
    recent = ("position", "-created_at", "pk")  # the gallery list's order (its index)

    def visible(self, user):
        return Gallery.objects.published()

    def visibility_key(self, user):
        return "everyone"

    def rows(self, ids, user):
        galleries = Gallery.objects.filter(pk__in=ids).only(
            "slug", *columns("title", "description")
        )
        return _with_urls(galleries, "heritage:gallery_detail", "slug", "slug")

    def hit(self, gallery, marker):
        return Hit(
            title=marker.parts(translated(gallery, "title")),
            url=gallery.url,
            snippet=marker.snippet(translated(gallery, "description").map(plain_text)),
        )


class PhotoSource(Source):
    key = "photos"
    label = pgettext_lazy("site search", "사진 설명")
    group = GROUP

    def visible(self, user):
        return Photo.objects.published()

    def visibility_key(self, user):
        return "everyone"

    def rows(self, ids, user):
        photos = (
            Photo.objects.filter(pk__in=ids)
            .only(*columns("caption", "alt_text", "period", "credit"))
            .annotate(
                gallery_slug=F("gallery__slug"),
                gallery_title_ko=F("gallery__title_ko"),
                gallery_title_en=F("gallery__title_en"),
            )
        )
        language = page_language()
        found = {}
        for photo in photos:
            photo.gallery_title = pick(photo.gallery_title_ko, photo.gallery_title_en, language)
            photo.url = reverse(
                "heritage:photo_detail", kwargs={"slug": photo.gallery_slug, "pk": photo.pk}
            )
            found[photo.pk] = photo
        return found

    def hit(self, photo, marker):
        caption, alt = translated(photo, "caption"), translated(photo, "alt_text")
        return Hit(
            title=marker.parts(caption or alt),
            url=photo.url,
            snippet=marker.snippet(alt if caption else "", translated(photo, "period")),
            meta=[photo.gallery_title],
        )


SOURCES = [StorySource(), TimelineSource(), GallerySource(), PhotoSource()]
