"""Formatted text from staff and managers: sanitised with nh3 (the Ammonia HTML sanitiser).

Stored text is cleaned when it is saved (forms call `clean_html`) and again when it is shown
(the `richtext` template filter), so a `<script>` never reaches a page.
"""

import nh3
from django import template
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan", "rowspan"}}


def clean_html(value):
    """Return the HTML with only the allowed formatting left; plain text gets paragraphs."""
    if not value:
        return ""
    if "<" not in value:
        value = linebreaks(value)
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


register = template.Library()


@register.filter
def richtext(value):
    """Render formatted text safely (sanitised again at display time)."""
    return mark_safe(clean_html(value))
