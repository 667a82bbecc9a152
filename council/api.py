"""The council in the open-data API: public meetings with their published minutes, and public
grievances with their status timeline.

Rows come from the pages' own querysets as an anonymous visitor sees them:
Meeting.objects.visible_to(anonymous) (agenda published or later), minutes through
Minutes.objects.visibility (published only), Grievance.objects.visible_to(anonymous) (public
only). Who submitted a grievance or changed its status is never part of it, and the company is
named only where it agreed (Grievance.public_company_name).
"""

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.db.models import FilteredRelation, Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from gvalley.api import (
    LANGUAGES,
    ChoiceSerializer,
    LazyChoiceLabels,
    ReadOnlyViewSet,
    UrlsSerializer,
    page_urls,
)
from gvalley.filters import FilterSet

from .forms import MeetingSearchForm
from .models import AgendaItem, Grievance, GrievanceEvent, Meeting, Minutes

meeting_kind_label = LazyChoiceLabels(Meeting.Kind)
meeting_status_label = LazyChoiceLabels(Meeting.Status)
grievance_status_label = LazyChoiceLabels(Grievance.Status)
source_label = LazyChoiceLabels(Grievance.Source)
ANONYMOUS = AnonymousUser()


class MeetingFilter(FilterSet):
    """The archive's year (MeetingSearchForm's own field and bounds) and the meeting's kind."""

    year = django_filters.NumberFilter(
        field_name="starts_at",
        lookup_expr="year",
        label=_("연도"),
        min_value=MeetingSearchForm.base_fields["year"].min_value,
        max_value=MeetingSearchForm.base_fields["year"].max_value,
    )
    kind = django_filters.ChoiceFilter(label=_("회의 종류"), choices=Meeting.Kind.choices)

    class Meta:
        model = Meeting
        fields = ["year", "kind"]


class GrievanceFilter(FilterSet):
    """The grievance board's status filter."""

    status = django_filters.ChoiceFilter(label=_("처리 상태"), choices=Grievance.Status.choices)

    class Meta:
        model = Grievance
        fields = ["status"]


class MinutesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Minutes
        fields = ["body", "published_at"]


class MeetingSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    urls = serializers.SerializerMethodField()
    kind = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()
    minutes = MinutesSerializer(source="visible_minutes", allow_null=True)

    class Meta:
        model = Meeting
        fields = ["id", "title", "urls", "kind", "number", "starts_at", "place", "status"]
        fields += ["agenda", "minutes"]

    def get_title(self, meeting) -> dict[str, str]:
        kind = meeting_kind_label(meeting.kind)
        titles = {}
        for language in LANGUAGES:
            with translation.override(language):
                titles[language] = str(Meeting.TITLE) % {
                    "number": meeting.number,
                    "kind": kind[language],
                }
        return titles

    def get_urls(self, meeting) -> UrlsSerializer:
        return page_urls(meeting.get_absolute_url())

    def get_kind(self, meeting) -> ChoiceSerializer:
        return meeting_kind_label(meeting.kind)

    def get_status(self, meeting) -> ChoiceSerializer:
        return meeting_status_label(meeting.status)

    def get_agenda(self, meeting) -> list[str]:
        return [item.title for item in meeting.agenda_items.all()]


class TimelineSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = GrievanceEvent
        fields = ["occurred_at", "status", "note"]

    def get_status(self, event) -> ChoiceSerializer:
        return grievance_status_label(event.status)


class GrievanceSerializer(serializers.ModelSerializer):
    urls = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()
    company = serializers.CharField(
        source="public_company_name",
        allow_null=True,
        help_text="기업이 공개에 동의한 경우에만 / only where the company agreed to be named",
    )
    days_to_resolution = serializers.IntegerField(allow_null=True)
    timeline = TimelineSerializer(source="events", many=True)

    class Meta:
        model = Grievance
        fields = ["id", "title", "urls", "description", "source", "status", "company"]
        fields += ["received_on", "resolved_on", "days_to_resolution", "rejection_reason"]
        fields += ["timeline"]

    def get_urls(self, grievance) -> UrlsSerializer:
        return page_urls(grievance.get_absolute_url())

    def get_status(self, grievance) -> ChoiceSerializer:
        return grievance_status_label(grievance.status)

    def get_source(self, grievance) -> ChoiceSerializer:
        return source_label(grievance.source)


@extend_schema_view(
    list=extend_schema(summary="발전협의회 회의 (public council meetings, published minutes)"),
    retrieve=extend_schema(summary="회의 하나 (one meeting)"),
)
class MeetingViewSet(ReadOnlyViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter

    def get_queryset(self):
        minutes = FilteredRelation(
            "minutes", condition=Minutes.objects.visibility(ANONYMOUS, "minutes__")
        )
        items = AgendaItem.objects.only("meeting_id", "title").order_by("position", "pk")
        return (
            Meeting.objects.visible_to(ANONYMOUS)
            .defer("search_vector")
            .annotate(visible_minutes=minutes)
            .select_related("visible_minutes")
            .prefetch_related(Prefetch("agenda_items", queryset=items))
            .order_by("-starts_at", "pk")
        )

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


@extend_schema_view(
    list=extend_schema(summary="애로사항·요구과제 (public grievances with their timeline)"),
    retrieve=extend_schema(summary="애로사항 하나 (one public grievance)"),
)
class GrievanceViewSet(ReadOnlyViewSet):
    serializer_class = GrievanceSerializer
    filterset_class = GrievanceFilter

    def get_queryset(self):
        timeline = GrievanceEvent.objects.only(
            "grievance_id", "occurred_at", "status", "note"
        ).order_by("occurred_at", "pk")
        return (
            Grievance.objects.visible_to(ANONYMOUS)
            .select_related("company")
            .only(*GRIEVANCE_FIELDS)
            .prefetch_related(Prefetch("events", queryset=timeline))
            .order_by("-received_on", "-pk")
        )

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


GRIEVANCE_FIELDS = (
    "title",
    "description",
    "source",
    "status",
    "company_name_public",
    "company",
    "company__name",
    "received_on",
    "resolved_on",
    "rejection_reason",
)
