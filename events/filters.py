"""Filters of the upcoming-events list."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from gvalley.widgets import FastSelect

from .models import Edition, Event


class EventFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        label=_("분류"), choices=Event.Category.choices, empty_label=_("전체"), widget=FastSelect
    )
    audience = django_filters.ChoiceFilter(
        label=_("대상"), choices=Event.Audience.choices, empty_label=_("전체"), widget=FastSelect
    )
    edition = django_filters.ModelChoiceFilter(
        label=_("G밸리 Week"),
        queryset=Edition.objects.all(),
        to_field_name="number",
        empty_label=_("전체"),
        widget=FastSelect,
    )
    date_from = django_filters.DateFilter(
        label=_("시작일부터"),
        field_name="ends_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("종료일까지"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    free_seats = django_filters.BooleanFilter(
        label=_("빈자리 있는 행사만"),
        method="filter_free_seats",
        widget=forms.CheckboxInput,
    )
    venue = django_filters.CharFilter(field_name="venue__slug", widget=forms.HiddenInput)

    class Meta:
        model = Event
        fields = ["category", "audience", "edition", "date_from", "date_to", "free_seats"]

    def filter_free_seats(self, queryset, name, value):
        return queryset.with_free_seats() if value else queryset
