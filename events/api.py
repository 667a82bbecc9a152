"""Events in the open-data API: public events (published, and cancelled ones marked so).

Rows come from Event.objects.public(), the events list's own queryset, filtered by the list's
FilterSet (events/filters.py). Registrations, participants and staff notes are never part of it.
"""

from django.db.models import F
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from gvalley.api import (
    ChoiceSerializer,
    LazyChoiceLabels,
    ReadOnlyViewSet,
    UrlsSerializer,
    page_urls,
)
from gvalley.rendering import url_maker

from .filters import EventFilter
from .models import Event

category_label = LazyChoiceLabels(Event.Category)
audience_label = LazyChoiceLabels(Event.Audience)
status_label = LazyChoiceLabels(Event.Status)
mode_label = LazyChoiceLabels(Event.Mode)


class EventUrlsSerializer(UrlsSerializer):
    ical = serializers.URLField(help_text="iCalendar (.ics) 파일 / the event as an .ics file")


class VenueSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    urls = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField()
    audience = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    registration_mode = serializers.SerializerMethodField()
    edition = serializers.IntegerField(
        source="edition_number", allow_null=True, help_text="G밸리 Week 회차 (edition number)"
    )
    venue = VenueSerializer(allow_null=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "urls",
            "category",
            "audience",
            "status",
            "edition",
            "starts_at",
            "ends_at",
            "venue",
            "venue_note",
            "organiser",
            "summary",
            "registration_mode",
            "capacity",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ics_url = url_maker("events:ics", "slug")

    def get_urls(self, event) -> EventUrlsSerializer:
        urls = page_urls(event.get_absolute_url())
        urls["ical"] = page_urls(self.ics_url(event.slug))["ko"]
        return urls

    def get_category(self, event) -> ChoiceSerializer:
        return category_label(event.category)

    def get_audience(self, event) -> ChoiceSerializer:
        return audience_label(event.audience)

    def get_status(self, event) -> ChoiceSerializer:
        return status_label(event.status)

    def get_registration_mode(self, event) -> ChoiceSerializer:
        return mode_label(event.registration_mode)


class EventDetailSerializer(EventSerializer):
    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description", "how_to_take_part"]


@extend_schema_view(
    list=extend_schema(
        summary="행사 목록 (public events)",
        description="공개·취소된 행사, 시작 순. Filters as on /events/ (date_from, date_to: YYYY-MM-DD).",
    ),
    retrieve=extend_schema(summary="행사 하나 (one event)"),
)
class EventViewSet(ReadOnlyViewSet):
    serializer_class = EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        events = (
            Event.objects.public()
            .select_related("venue")
            .annotate(edition_number=F("edition__number"))
            .order_by("starts_at", "pk")
        )
        if self.action == "list":
            return events.defer("description", "how_to_take_part", "search_vector")
        return events

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)
