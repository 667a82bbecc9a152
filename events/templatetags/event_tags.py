"""Template tags of the events pages."""

from django import template

from .. import rendering

register = template.Library()


@register.simple_tag
def event_cards(events, edition_numbers=None):
    """Render the cards of an event list."""
    return rendering.event_cards(events, edition_numbers)


@register.simple_tag
def home_events(events):
    """Render the events of the home page's section."""
    return rendering.home_events(events)


@register.simple_tag
def month_rows(weeks, month, today):
    """Render the rows of a month calendar."""
    return rendering.month_rows(weeks, month, today)


@register.simple_tag
def timetable_bodies(timetable):
    """Render the days of a G밸리 Week timetable, one <tbody> each."""
    return rendering.timetable_bodies(timetable)


@register.simple_tag
def form_fields(form):
    """Render a form's fields the way includes/_field.html does, then its hidden fields."""
    return rendering.form_fields(form)


@register.simple_tag
def events_nav(current):
    """Render the navigation between the events pages, marking the current one."""
    return rendering.events_nav(current)
