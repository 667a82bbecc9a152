"""The directory's search, filters and sort (django-filter): all in the query string."""

import copy

import django_filters
from django import forms
from django.db.models import F
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField, ChoiceIterator

from gvalley.filters import FilterSet
from gvalley.rendering import escape
from gvalley.search import query_words
from gvalley.widgets import FastSelect, FastTextInput, _attrs

from .directory import building_complex, building_name, directory_data
from .models import Complex, EmployeeBand

# ModelChoiceField's wording, kept now that these filters check plain choices.
INVALID_CHOICE = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}


class ReadyChoices(BaseChoiceIterator):
    """Choices already in Django's normalised form, iterated as they are.

    A plain list would be normalised again on every pass (render, validation). The choices never
    change (new reference data comes as a new list, see `ready_choices`), so every copy of the
    form shares them (no deep copy per request), and their <option> markup is written once per
    language (`markup`, used by ReadySelect) instead of escaping a few hundred labels per request.
    """

    def __init__(self, choices):
        self.choices = choices
        self._markup = {}
        self._values = None

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __deepcopy__(self, memo):
        return self  # never changed: copies of a form's fields can share it

    @property
    def values(self):
        """Return the values of every option as text (the ones inside groups too)."""
        if self._values is None:
            values = set()
            for value, label in self.choices:
                options = label if isinstance(label, (list, tuple)) else ((value, label),)
                values.update("" if v is None else str(v) for v, _label in options)
            self._values = frozenset(values)
        return self._values

    def markup(self, closed=frozenset()):
        """Return the <option>s (and <optgroup>s) as FastSelect writes them, none selected, and
        where " selected" goes for each value: {value: offset of the end of its value attribute}
        (the first option holding the value, as Django selects it).

        closed: the positions (among the choices) of groups to write closed (see group_tag).
        Written once per language (labels may be lazy translations) and set of closed groups.
        """
        language = translation.get_language()
        ready = self._markup.get((language, closed))
        if ready is None:
            parts, offsets, length = [], {}, 0
            for index, (choice_value, choice_label) in enumerate(self.choices):
                grouped = isinstance(choice_label, (list, tuple))
                if grouped:
                    group = "" if choice_value is None else choice_value
                    parts.append(self.group_tag(index, group, index in closed))
                    length += len(parts[-1])
                    options = choice_label
                else:
                    options = ((choice_value, choice_label),)
                for option_value, label in options:
                    option_value = "" if option_value is None else str(option_value)
                    head = f'<option value="{conditional_escape(option_value)}"'
                    offsets.setdefault(option_value, length + len(head))
                    parts.append(f"{head}>{conditional_escape(label)}</option>")
                    length += len(parts[-1])
                if grouped:
                    parts.append("</optgroup>")
                    length += len(parts[-1])
            ready = self._markup[language, closed] = ("".join(parts), offsets)
        return ready

    def group_tag(self, index, label, closed):
        """Return the <optgroup> start tag of the group at this position."""
        return f'<optgroup label="{conditional_escape(label)}">'


class BuildingChoices(ReadyChoices):
    """The buildings grouped by complex: [(complex, label, [(pk, name), …]), …].

    Each <optgroup> says its complex (data-complex); a closed one is written hidden and
    disabled, so that after the visitor chose a complex only its buildings can be chosen, and
    static/js/companies.js opens and closes the groups as the complex changes.
    """

    def __init__(self, groups):
        super().__init__([(label, options) for _complex, label, options in groups])
        self.complexes = [complex_ for complex_, _label, _options in groups]

    def group_tag(self, index, label, closed):
        state = " hidden disabled" if closed else ""
        return (
            f'<optgroup label="{conditional_escape(label)}"'
            f' data-complex="{conditional_escape(self.complexes[index])}"{state}>'
        )

    def closed_for(self, complexes):
        """Return the positions of the groups of complexes other than these (none if empty)."""
        if not complexes:
            return frozenset()
        return frozenset(i for i, c in enumerate(self.complexes) if c not in complexes)


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


class ReadyChoiceIterator(ChoiceIterator):
    """django-filter's choices (empty and null options first), telling the widget which options
    come before the ReadyChoices."""

    def __deepcopy__(self, memo):
        # Copied with its field (ChoiceField.__deepcopy__): point to the field's copy, share the
        # choices (ReadyChoices never change) instead of copying them item by item.
        new = copy.copy(self)
        new.field = memo.get(id(self.field), self.field)
        new.choices = copy.deepcopy(self.choices, memo)
        return new

    def leading(self):
        field = self.field
        options = []
        if field.empty_label is not None:
            options.append(("", field.empty_label))
        if field.null_label is not None:
            options.append((field.null_value, field.null_label))
        return options


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


class ReadySelect(FastSelect):
    """FastSelect, with the markup of ReadyChoices written once (ReadyChoices.markup).

    closed: the positions of groups to write closed (BuildingChoices), set per form.
    """

    closed = frozenset()

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        if (
            self.allow_multiple_selected
            or not isinstance(choices, ReadyChoiceIterator)
            or not isinstance(choices.choices, ReadyChoices)
        ):
            return super().render(name, value, attrs, renderer)
        attrs = self.build_attrs(self.attrs, attrs)
        values = set(self.format_value(value))
        has_selected = False
        parts = [f'<select name="{escape(name)}"{_attrs(attrs)}>']
        for option_value, label in choices.leading():
            option_value = "" if option_value is None else str(option_value)
            selected = not has_selected and option_value in values
            has_selected |= selected
            parts.append(
                f'<option value="{conditional_escape(option_value)}"'
                f"{' selected' if selected else ''}>{conditional_escape(label)}</option>"
            )
        options, offsets = choices.choices.markup(self.closed)
        if not has_selected:
            found = [offsets[v] for v in values if v in offsets]
            if found:
                at = min(found)
                options = f"{options[:at]} selected{options[at:]}"
        parts.append(options)
        parts.append("</select>")
        return mark_safe("".join(parts))


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
                self.add_error(
                    "building",
                    forms.ValidationError(
                        _(
                            "%(building)s은(는) %(where)s에 있습니다. 단지를 바꾸거나 "
                            "건물을 ‘전체 건물’로 두세요."
                        ),
                        code="other_complex",
                        params={
                            "building": building_name(self.directory, pk),
                            "where": Complex(where).label,
                        },
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
        for name in ("industry", "certification", "market"):
            fields[name].choices = ready_choices(name, self.directory["choices"][name])
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
