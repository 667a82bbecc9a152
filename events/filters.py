"""Filters of the upcoming-events list."""

import django_filters
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _

from gvalley.filters import FilterSet
from gvalley.widgets import FastCheckboxInput, FastDateInput, FastHiddenInput, FastSelect

from .models import Edition, Event


# Choices given as functions: a FilterSet deep-copies its filters, choice lists and all, for
# every request; a function is copied for free and its list is read only when rendered.
def category_choices():
    return Event.Category.choices


def audience_choices():
    return Event.Audience.choices


class EventFilter(FilterSet):
    category = django_filters.ChoiceFilter(
        label=_("분류"), choices=category_choices, empty_label=_("전체"), widget=FastSelect
    )
    audience = django_filters.ChoiceFilter(
        label=_("대상"), choices=audience_choices, empty_label=_("전체"), widget=FastSelect
    )
    # Its choices, the G밸리 Weeks, are set on each form (see form).
    edition = django_filters.ChoiceFilter(
        label=_("G밸리 Week"),
        field_name="edition__number",
        empty_label=_("전체"),
        widget=FastSelect,
        # The message a choice of a missing edition always gave (a ModelChoiceFilter's).
        error_messages={
            "invalid_choice": ModelChoiceField.default_error_messages["invalid_choice"]
        },
    )
    date_from = django_filters.DateFilter(
        label=_("시작일부터"),
        field_name="ends_at",
        lookup_expr="date__gte",
        widget=FastDateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("종료일까지"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=FastDateInput(attrs={"type": "date"}),
    )
    free_seats = django_filters.BooleanFilter(
        label=_("빈자리 있는 행사만"),
        method="filter_free_seats",
        widget=FastCheckboxInput,
    )
    # A label of its own: django-filter would otherwise build one eagerly, in the language of
    # the request that first built the (cached) form class. Hidden, it is never shown.
    venue = django_filters.CharFilter(
        field_name="venue__slug", label=_("장소"), widget=FastHiddenInput
    )

    class Meta:
        model = Event
        fields = ["category", "audience", "edition", "date_from", "date_to", "free_seats"]

    def __init__(self, *args, editions=None, **kwargs):
        """Take the editions to choose from when the view has them (it shows their numbers)."""
        super().__init__(*args, **kwargs)
        self.editions = editions

    @property
    def form(self):
        """Return the form, with the G밸리 Weeks of today's data as the edition choices."""
        if not hasattr(self, "_form"):
            editions = self.editions
            if editions is None:
                editions = Edition.objects.only("number", "year")
            super().form.fields["edition"].choices = [(e.number, str(e)) for e in editions]
        return self._form

    def filter_free_seats(self, queryset, name, value):
        return queryset.with_free_seats() if value else queryset
