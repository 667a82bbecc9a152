"""금천 순이의 집 in the open-data API: the published stories (Story.objects.published())."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from gvalley.api import (
    ChoiceSerializer,
    LazyChoiceLabels,
    ReadOnlyViewSet,
    UrlsSerializer,
    page_urls,
)

from .models import Story, StoryKind

kind_label = LazyChoiceLabels(StoryKind)


class StorySerializer(serializers.ModelSerializer):
    urls = serializers.SerializerMethodField()
    kind = serializers.SerializerMethodField()
    sources = serializers.ListField(source="source_lines", child=serializers.CharField())

    class Meta:
        model = Story
        fields = ["slug", "title", "urls", "kind", "period", "summary", "body", "sources"]
        fields += ["published_at"]

    def get_urls(self, story) -> UrlsSerializer:
        return page_urls(story.get_absolute_url())

    def get_kind(self, story) -> ChoiceSerializer:
        return kind_label(story.kind)


@extend_schema_view(
    list=extend_schema(summary="금천 순이의 집 이야기 (published heritage stories)"),
    retrieve=extend_schema(summary="이야기 하나 (one story)"),
)
class StoryViewSet(ReadOnlyViewSet):
    serializer_class = StorySerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    filterset_class = None

    def get_queryset(self):
        return Story.objects.published().order_by("-published_at", "pk")
