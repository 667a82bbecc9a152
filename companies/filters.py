"""The directory's search, filters and sort (django-filter): all in the query string."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from gvalley.filters import FilterSet
from gvalley.search import query_words
from gvalley.widgets import FastSelect, FastTextInput

from .directory import directory_data
from .models import Complex, EmployeeBand

# ModelChoiceField's wording, kept now that these filters check plain choices.
INVALID_CHOICE = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}


class ReadyChoices(BaseChoiceIterator):
    """Choices already in Django's normalised form, iterated as they are.

    A plain list would be normalised again on every pass (render, validation).
    """

    def __init__(self, choices):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)


class CompanyFilter(FilterSet):
    SORT_CHOICES = [
        ("relevance", _("관련도순")),
        ("name", _("이름순")),
        ("newest", _("최근 등록순")),
    ]

    q = django_filters.CharFilter(
        label=_("검색어"),
        method="filter_search",
        max_length=100,
        widget=FastTextInput(
            attrs={"type": "search", "placeholder": _("기업명, 제품, 키워드 (예: 보안)")}
        ),
    )
    # The choices that come from the database are filled in by __init__ (companies/directory.py).
    industry = django_filters.ChoiceFilter(
        label=_("업종"),
        choices=(),
        method="filter_industry",
        empty_label=_("전체 업종"),
        widget=FastSelect,
    )
    complex = django_filters.ChoiceFilter(
        label=_("단지"), choices=Complex.choices, empty_label=_("전체 단지"), widget=FastSelect
    )
    building = django_filters.ChoiceFilter(
        label=_("건물"),
        choices=(),
        empty_label=_("전체 건물"),
        error_messages=INVALID_CHOICE,
        widget=FastSelect,
    )
    employee_band = django_filters.ChoiceFilter(
        label=_("직원 수"), choices=EmployeeBand.choices, empty_label=_("전체"), widget=FastSelect
    )
    certification = django_filters.ChoiceFilter(
        label=_("인증"),
        field_name="certifications__slug",
        choices=(),
        empty_label=_("전체"),
        error_messages=INVALID_CHOICE,
        widget=FastSelect,
    )
    market = django_filters.ChoiceFilter(
        label=_("수출 시장"),
        field_name="export_markets__code",
        choices=(),
        empty_label=_("전체"),
        error_messages=INVALID_CHOICE,
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
        fields = self.form.fields
        fields["sort"].required = False
        self.directory = directory_data()
        for name in ("industry", "building", "certification", "market"):
            fields[name].choices = ReadyChoices(self.directory["choices"][name])

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
    def is_whole_list(self):
        """Return whether the results are the whole queryset: no condition (a sort is none)."""
        if not self.is_bound:
            return True
        return self.form.is_valid() and not any(
            value for name, value in self.form.cleaned_data.items() if name != "sort"
        )

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
