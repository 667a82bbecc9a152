"""The directory's search, filters and sort (django-filter): all in the query string."""

import copy

import django_filters
from django import forms
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField

from gvalley.filters import FilterSet
from gvalley.search import query_words
from gvalley.widgets import FastCheckboxInput, FastTextInput

from .directory import building_complex, building_name, directory_data, market_choices
from .models import Complex, EmployeeBand
from .widgets import BuildingChoices, ReadyChoiceIterator, ReadyChoices, ReadySelect

# ModelChoiceField's wording, kept now that these filters check plain choices.
INVALID_CHOICE = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}


# The ReadyChoices of each list of reference choices (companies/directory.py), by field and
# language: the shared data keeps the same list in this process until the content changes.
_ready = {}


def ready_choices(name, choices, kind=ReadyChoices):
    """Return the ReadyChoices of this list of choices, the same one while the list is."""
    key = (name, translation.get_language())
    entry = _ready.get(key)
    if entry is None or entry[0] is not choices:
        entry = _ready[key] = (choices, kind(choices))
    return entry[1]


class ReadyChoiceField(ChoiceField):
    iterator = ReadyChoiceIterator

    def valid_value(self, value):
        # ChoiceField.valid_value walks every option; validate() only asks about a non-empty
        # value, and to_python() made it text, so this is the same test as a set lookup.
        choices = self.choices.choices
        if isinstance(choices, ReadyChoices):
            return str(value) in choices.values or any(
                str(value) == str(v) for v, _label in self.choices.leading()
            )
        return super().valid_value(value)


class CheapCopy:
    """A filter copied for each FilterSet without deep-copying its settings.

    django-filter deep-copies every filter for each FilterSet, to give the copy its `model` and
    `parent`. The settings in `extra` are only read to build the form class, which gvalley's
    FilterSet builds once, so a copy of the dictionary is enough.
    """

    def __deepcopy__(self, memo):
        new = copy.copy(self)
        memo[id(self)] = new
        new.extra = self.extra.copy()
        if self.method is not None:
            new.method = self.method  # a FilterMethod of the copy (it finds `parent` there)
        return new


class ReadyChoiceFilter(CheapCopy, django_filters.ChoiceFilter):
    field_class = ReadyChoiceField


class SearchFilter(CheapCopy, django_filters.CharFilter):
    pass


class CheckboxFilter(CheapCopy, django_filters.BooleanFilter):
    """A box to tick: ticked narrows the list, left empty leaves it whole."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FastCheckboxInput)  # Django's markup, without its template
        super().__init__(*args, **kwargs)


class CompanyFilterForm(forms.Form):
    """The directory's filters: a building in another complex than the chosen one is an error
    that says so, not a silent empty list."""

    directory = None  # the reference data, set by CompanyFilter
    conflict = None  # (building pk, its complex) when they disagree

    def clean(self):
        cleaned = super().clean()
        complex_, building = cleaned.get("complex"), cleaned.get("building")
        if complex_ and building:
            pk = int(building)
            where = building_complex(self.directory, pk)
            if where and where != complex_:
                self.conflict = (pk, where)
                name = building_name(self.directory, pk)
                message = _(
                    "%(building)s은(는) %(where)s에 있습니다. 단지를 바꾸거나 "
                    "건물을 ‘전체 건물’로 두세요."
                )
                if getattr(name, "fallback", False):
                    # No English name: the message (plain text, no lang="ko" possible) names the
                    # building chosen just above it instead.
                    message = _(
                        "선택한 건물은 %(where)s에 있습니다. 단지를 바꾸거나 "
                        "건물을 ‘전체 건물’로 두세요."
                    )
                self.add_error(
                    "building",
                    forms.ValidationError(
                        message,
                        code="other_complex",
                        params={"building": name, "where": Complex(where).label},
                    ),
                )
        return cleaned


class CompanyFilter(FilterSet):
    SORT_CHOICES = [
        ("relevance", _("관련도순")),
        ("name", _("이름순")),
        ("newest", _("최근 등록순")),
    ]

    q = SearchFilter(
        label=_("검색어"),
        method="filter_search",
        max_length=100,
        widget=FastTextInput(
            attrs={"type": "search", "placeholder": _("기업명, 제품, 키워드 (예: 보안)")}
        ),
    )
    # The choices that come from the database are filled in by __init__ (companies/directory.py).
    industry = ReadyChoiceFilter(
        label=_("업종"),
        choices=(),
        method="filter_industry",
        empty_label=_("전체 업종"),
        widget=ReadySelect,
    )
    complex = ReadyChoiceFilter(
        label=_("단지"),
        choices=ReadyChoices(Complex.choices),
        empty_label=_("전체 단지"),
        widget=ReadySelect,
    )
    building = ReadyChoiceFilter(
        label=_("건물"),
        choices=(),
        empty_label=_("전체 건물"),
        error_messages=INVALID_CHOICE,
        widget=ReadySelect,
    )
    employee_band = ReadyChoiceFilter(
        label=_("직원 수"),
        choices=ReadyChoices(EmployeeBand.choices),
        empty_label=_("전체"),
        widget=ReadySelect,
    )
    certification = ReadyChoiceFilter(
        label=_("인증"),
        field_name="certifications__slug",
        choices=(),
        empty_label=_("전체"),
        error_messages=INVALID_CHOICE,
        widget=ReadySelect,
    )
    market = ReadyChoiceFilter(
        label=_("수출 시장"),
        field_name="export_markets__code",
        choices=(),
        empty_label=_("전체"),
        error_messages=INVALID_CHOICE,
        widget=ReadySelect,
    )
    english = CheckboxFilter(
        label=_("영문 프로필 있음"),
        method="filter_english",
        help_text=_("영문 제품·소개를 올린 기업만 봅니다."),
    )
    sort = ReadyChoiceFilter(
        label=_("정렬"),
        choices=ReadyChoices(SORT_CHOICES),
        method="filter_noop",
        empty_label=None,
        widget=ReadySelect,
    )

    class Meta:
        fields = []
        form = CompanyFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        form = self.form
        fields = form.fields
        fields["sort"].required = False
        self.directory = form.directory = directory_data()
        for name in ("industry", "certification"):
            fields[name].choices = ready_choices(name, self.directory["choices"][name])
        # Countries named in the page's language (Babel's locale data, directory.market_name).
        fields["market"].choices = ready_choices(
            "market", market_choices(self.directory, translation.get_language())
        )
        buildings = ready_choices(
            "building", self.directory["choices"]["building"], kind=BuildingChoices
        )
        fields["building"].choices = buildings
        fields["building"].widget.closed = buildings.closed_for(self.open_complexes())

    def open_complexes(self):
        """Return the complexes whose buildings the building list offers: the chosen complex
        and, when it lies elsewhere, the chosen building's (so the form shows what was asked);
        none chosen: every complex (an empty set)."""
        data = self.data if self.is_bound else {}
        chosen = data.get("complex")
        if chosen not in Complex.values:
            return set()
        building = data.get("building") or ""
        where = None
        if building.isdigit() and len(building) < 10:
            where = self.directory["building_complexes"].get(int(building))
        return {chosen, where} - {None}

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_industry(self, queryset, name, value):
        if value.isalpha():
            return queryset.filter(industry__section_id=value)
        return queryset.filter(industry_id=value)

    def filter_english(self, queryset, name, value):
        return queryset.with_english_profile() if value else queryset

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

    def results(self, window=None):
        """Return the paginator's source: tiered by relevance when searching, else capped.

        window: the slice (start, stop) the page will show, if known (see TieredResults).
        """
        from .search import CappedResults, CountedResults, TieredResults

        if not self.search_words:
            return CountedResults(self.qs, window)
        if self.sort_key == "relevance":
            # Each tier brings its own search condition, so the planner estimates one condition,
            # not the same words twice over.
            base = self._apply_filters(self.queryset.all(), skip={"q"})
            return TieredResults(base, self.form.cleaned_data["q"], window=window)
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
