"""What the events offer to the site search (gvalley/sitesearch.py): upcoming first, then past."""

from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, When
from django.utils import timezone
from django.utils.translation import pgettext, pgettext_lazy

from gvalley.rendering import url_maker
from gvalley.search import plain_text
from gvalley.sitesearch import Hit, Source
from gvalley.templatetags.portal import kdatetime

from .models import Event


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
            .only("title", "slug", "status", "starts_at", "ends_at", "summary", "description")
            .annotate(venue_name=F("venue__name"))
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
            title=marker.parts(event.title),
            url=event.url,
            snippet=marker.snippet(event.summary, plain_text(event.description)),
            meta=[kdatetime(event.starts_at), *([event.venue_name] if event.venue_name else [])],
            badge=badge,
        )


SOURCES = [EventSource()]
