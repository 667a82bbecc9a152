"""Template tags of the council pages (see council/rendering.py)."""

from django import template

from .. import rendering

register = template.Library()


@register.simple_tag
def grievance_board(figures):
    """Render the grievance board."""
    return rendering.board(figures)


@register.simple_tag(takes_context=True)
def year_links(context, years, year):
    """Render the links to the archive of each year."""
    return rendering.choice_links(context["request"], "year", year, [(y, y) for y in years])


@register.simple_tag(takes_context=True)
def status_links(context, statuses, status):
    """Render the links to the grievances of each status."""
    return rendering.choice_links(context["request"], "status", status, statuses)


@register.simple_tag
def meeting_cards(meetings, query):
    """Render the cards of the meeting archive."""
    return rendering.meeting_cards(meetings, query)


@register.simple_tag
def grievance_cards(grievances, insider, holders):
    """Render the cards of the grievance list."""
    return rendering.grievance_cards(grievances, insider, holders)


@register.simple_tag
def recent_grievance_cards(grievances, holders):
    """Render the cards of the latest public grievances."""
    return rendering.recent_grievance_cards(grievances, holders)


@register.simple_tag
def organisation_rows(organisations):
    """Render the rows of the members table."""
    return rendering.organisation_rows(organisations)


@register.simple_tag
def attendance_items(rows):
    """Render the attendance list of a meeting."""
    return rendering.attendance_items(rows)


@register.simple_tag
def document_list(documents):
    """Render a list of documents to download."""
    return rendering.document_list(documents)


@register.simple_tag
def agenda_item(item):
    """Render an agenda item's title, texts and documents."""
    return rendering.agenda_item(item)
