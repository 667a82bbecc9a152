"""The directory's search, filters and sort (django-filter): all in the query string."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from gvalley.search import query_words
from gvalley.widgets import FastSelect

from .forms import industry_filter_choices
from .models import Building, Certification, Complex, EmployeeBand, ExportMarket


class CompanyFilter(django_filters.FilterSet):
    SORT_CHOICES = [
        ("relevance", _("관련도순")),
        ("name", _("이름순")),
        ("newest", _("최근 등록순")),
    ]

    q = django_filters.CharFilter(
        label=_("검색어"),
        method="filter_search",
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("기업명, 제품, 키워드 (예: 보안)")}
        ),
    )
    industry = django_filters.ChoiceFilter(
        label=_("업종"),
        choices=industry_filter_choices,
        method="filter_industry",
        widget=FastSelect,
    )
    complex = django_filters.ChoiceFilter(
        label=_("단지"), choices=Complex.choices, widget=FastSelect
    )
    building = django_filters.ModelChoiceFilter(
        label=_("건물"), queryset=Building.objects.order_by("name", "pk"), widget=FastSelect
    )
    employee_band = django_filters.ChoiceFilter(
        label=_("직원 수"), choices=EmployeeBand.choices, widget=FastSelect
    )
    certification = django_filters.ModelChoiceFilter(
        label=_("인증"),
        field_name="certifications",
        to_field_name="slug",
        queryset=Certification.objects.all(),
        widget=FastSelect,
    )
    market = django_filters.ModelChoiceFilter(
        label=_("수출 시장"),
        field_name="export_markets",
        to_field_name="code",
        queryset=ExportMarket.objects.all(),
        widget=FastSelect,
    )
    sort = django_filters.ChoiceFilter(
        label=_("정렬"),
        choices=SORT_CHOICES,
        method="filter_noop",
        empty_label=None,
        widget=FastSelect,
    )

    class Meta:
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name, label in [
            ("industry", _("전체 업종")),
            ("complex", _("전체 단지")),
            ("building", _("전체 건물")),
            ("employee_band", _("전체")),
            ("certification", _("전체")),
            ("market", _("전체")),
        ]:
            self.filters[name].extra["empty_label"] = label
        self.form.fields["sort"].required = False

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_industry(self, queryset, name, value):
        if value.isalpha():
            return queryset.filter(industry__section_id=value)
        return queryset.filter(industry_id=value)

    def filter_noop(self, queryset, name, value):
        return queryset

    @property
    def search_words(self):
        if not self.is_bound or not self.form.is_valid():
            return []
        return query_words(self.form.cleaned_data.get("q") or "")

    @property
    def sort_key(self):
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        if sort not in dict(self.SORT_CHOICES):
            sort = "relevance"
        if sort == "relevance" and not self.search_words:
            sort = "name"
        return sort

    def results(self):
        """Return the paginator's source: tiered by relevance when searching, else capped."""
        from .search import CappedResults, TieredResults

        if not self.search_words:
            return self.qs
        if self.sort_key == "relevance":
            # Each tier brings its own search condition, so the planner estimates one condition,
            # not the same words twice over.
            base = self._apply_filters(self.queryset.all(), skip={"q"})
            return TieredResults(base, self.form.cleaned_data["q"])
        return CappedResults(self.qs)

    def _apply_filters(self, queryset, skip=()):
        for name, value in self.form.cleaned_data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_queryset(self, queryset):
        queryset = self._apply_filters(queryset)
        sort = self.sort_key
        if sort == "newest":
            return queryset.order_by(F("approved_at").desc(nulls_last=True), "-pk")
        return queryset.order_by("name", "pk")
