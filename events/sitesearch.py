"""What the events offer to the site search (gvalley/sitesearch.py): the events (upcoming first,
then past) and the spaces to rent."""

from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, When
from django.utils import timezone
from django.utils.translation import pgettext, pgettext_lazy

from gvalley.rendering import url_maker
from gvalley.search import plain_text
from gvalley.sitesearch import Hit, Source
from gvalley.templatetags.portal import kdatetime
from gvalley.translated import columns, pick, translated

from .models import Event, Space, text_lines

# Both languages' venue names, named (an F() on the plain `venue__name` would be rewritten to the
# active language's column only, empty where the venue has no English name).
VENUE_NAMES = {"venue_name_ko": F("venue__name_ko"), "venue_name_en": F("venue__name_en")}
# The texts a hit shows, in both languages (gvalley.translated picks the page's, or marks the Korean).
TEXTS = {
    "event": columns("title", "summary", "description"),
    "space": columns("name", "summary", "description", "equipment", "fee"),
}


def venue_name(row):
    return pick(row.venue_name_ko, row.venue_name_en) or ""


class EventSource(Source):
    key = "events"
    label = pgettext_lazy("site search", "행사")
    group = pgettext_lazy("site search", "행사")
    recent = ("-starts_at", "-pk")
    # Events not yet over first (soonest first among equals), then past ones (newest first).
    order = (
        "c.upcoming DESC",
        "title_match DESC",
        "rank DESC",
        "c.soon ASC",
        "c.start DESC",
        "c.sid DESC",
    )

    def visible(self, user):
        return Event.objects.public()

    def visibility_key(self, user):
        return "everyone"

    def order_values(self):
        now = timezone.now()
        return {
            "upcoming": ExpressionWrapper(Q(ends_at__gte=now), output_field=BooleanField()),
            "soon": Case(When(ends_at__gte=now, then=F("starts_at"))),
            "start": F("starts_at"),
        }

    def rows(self, ids, user):
        events = (
            Event.objects.filter(pk__in=ids)
            .only("slug", "status", "starts_at", "ends_at", *TEXTS["event"])
            .annotate(**VENUE_NAMES)
        )
        now, detail = timezone.now(), url_maker("events:detail", "slug")
        for event in events:
            event.url, event.is_past = detail(event.slug), event.ends_at < now
        return {event.pk: event for event in events}

    def hit(self, event, marker):
        if event.status == Event.Status.CANCELLED:
            badge = pgettext("site search", "취소됨")
        elif event.is_past:
            badge = pgettext("site search", "지난 행사")
        else:
            badge = ""
        return Hit(
            title=marker.parts(translated(event, "title")),
            url=event.url,
            snippet=marker.snippet(
                translated(event, "summary"), translated(event, "description").map(plain_text)
            ),
            meta=[
                kdatetime(event.starts_at),
                *([venue_name(event)] if event.venue_name_ko else []),
            ],
            badge=badge,
        )


class SpaceSource(Source):
    """The spaces to rent, found by name, summary, equipment, description and floor."""

    key = "spaces"
    label = pgettext_lazy("site search", "대관 공간")
    group = pgettext_lazy("site search", "행사")
    # After a title match and the rank, in the order the spaces page lists them.
    order = ("title_match DESC", "rank DESC", "c.place ASC", "c.sid ASC")

    def visible(self, user):
        return Space.objects.active()

    def visibility_key(self, user):
        return "everyone"

    def order_values(self):
        return {"place": F("position")}

    def rows(self, ids, user):
        found = (
            Space.objects.filter(pk__in=ids)
            .only("slug", "capacity", *TEXTS["space"])
            .annotate(**VENUE_NAMES)
        )
        detail = url_maker("events:space", "slug")
        for space in found:
            space.url = detail(space.slug)
        return {space.pk: space for space in found}

    def hit(self, space, marker):
        return Hit(
            title=marker.parts(translated(space, "name")),
            url=space.url,
            snippet=marker.snippet(
                translated(space, "summary"),
                translated(space, "equipment").map(lambda text: ", ".join(text_lines(text))),
                translated(space, "description").map(plain_text),
            ),
            meta=[
                venue_name(space),
                pgettext("site search", "최대 %(count)s명") % {"count": space.capacity},
                translated(space, "fee"),
            ],
        )


SOURCES = [EventSource(), SpaceSource()]
