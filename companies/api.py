"""The company directory in the open-data API: listed companies, their public fields only.

Rows come from Company.objects.listed() (what an anonymous visitor of the directory sees) and
are filtered by the directory's own FilterSet (companies/filters.py). Left out on purpose: the
registration number (masked or not), the representative phone and email, managers and anything
staff keep about a company (status reasons, history).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from gvalley.api import (
    ChoiceSerializer,
    LazyChoiceLabels,
    ReadOnlyViewSet,
    UrlsSerializer,
    page_urls,
)

from .filters import CompanyFilter
from .models import Company, Complex, EmployeeBand

complex_label = LazyChoiceLabels(Complex)
employee_band_label = LazyChoiceLabels(EmployeeBand)


class IndustrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="KSIC 중분류 코드 (division), e.g. 62")
    name = serializers.CharField()
    section = serializers.CharField(source="section_id", help_text="KSIC 대분류 (section), e.g. J")
    section_name = serializers.CharField(source="section.name")


class BuildingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CertificationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class MarketSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CompanySerializer(serializers.ModelSerializer):
    """A listed company's public profile (the directory page's public fields)."""

    urls = serializers.SerializerMethodField()
    industry = IndustrySerializer(allow_null=True)
    complex = serializers.SerializerMethodField()
    building = BuildingSerializer(allow_null=True)
    employee_band = serializers.SerializerMethodField()
    keywords = serializers.ListField(source="keyword_list", child=serializers.CharField())
    certifications = CertificationSerializer(many=True)
    export_markets = MarketSerializer(many=True)
    logo = serializers.SerializerMethodField()
    listed_since = serializers.DateTimeField(source="approved_at", allow_null=True)

    class Meta:
        model = Company
        fields = [
            "slug",
            "name",
            "name_en",
            "urls",
            "industry",
            "complex",
            "building",
            "floor",
            "unit",
            "road_address",
            "founded_year",
            "employee_band",
            "products",
            "keywords",
            "certifications",
            "export_markets",
            "website",
            "logo",
            "listed_since",
        ]

    def get_urls(self, company) -> UrlsSerializer:
        return page_urls(company.get_absolute_url())

    def get_complex(self, company) -> ChoiceSerializer(allow_null=True):
        return complex_label(company.complex)

    def get_employee_band(self, company) -> ChoiceSerializer(allow_null=True):
        return employee_band_label(company.employee_band)

    def get_logo(self, company) -> serializers.URLField(allow_null=True):
        if not company.logo_id:
            return None
        return page_urls(company.logo.image.url)["ko"]


class CompanyDetailSerializer(CompanySerializer):
    """The list's fields and the company's introduction (sanitised HTML, as the page shows it)."""

    class Meta(CompanySerializer.Meta):
        fields = [*CompanySerializer.Meta.fields, "description"]


@extend_schema_view(
    list=extend_schema(
        summary="입주기업 목록 (listed companies)",
        description="디렉터리에 공개된 기업만 (approved and not hidden). Filters as on /companies/.",
    ),
    retrieve=extend_schema(summary="입주기업 한 곳 (one listed company)"),
)
class CompanyViewSet(ReadOnlyViewSet):
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    license = "company-profiles"

    def get_queryset(self):
        companies = Company.objects.listed().select_related("industry__section", "building", "logo")
        if self.action == "list":
            return companies.prefetch_related("certifications", "export_markets").defer(
                "description", "search_vector"
            )
        return companies.prefetch_related("certifications", "export_markets")

    def get_serializer_class(self):
        return CompanyDetailSerializer if self.action == "retrieve" else CompanySerializer

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset  # a company is found by its slug, whatever the list's filters
        return super().filter_queryset(queryset)
