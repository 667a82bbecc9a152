"""Template helpers used across the portal."""

from django import template
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()

KO_WEEKDAYS = ["월", "화", "수", "목", "금", "토", "일"]
EN_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _local(value):
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        if timezone.is_aware(value):
            return timezone.localtime(value)
    return value


def date_formatter():
    """Return the kdate format of the current language, for a loop that formats many dates."""
    if translation.get_language() == "en":
        return lambda d: f"{EN_WEEKDAYS[d.weekday()]}, {d.day} {EN_MONTHS[d.month - 1]} {d.year}"
    return lambda d: f"{d.year}년 {d.month}월 {d.day}일 ({KO_WEEKDAYS[d.weekday()]})"


@register.filter
def kdate(value):
    """Format a date the Korean way: 2024년 9월 2일 (월); English: Mon, 2 Sep 2024."""
    if not value:
        return ""
    return date_formatter()(_local(value))


@register.filter
def ktime(value):
    """Format a time as 19:30 in Asia/Seoul."""
    if not value:
        return ""
    value = _local(value)
    return f"{value.hour:02d}:{value.minute:02d}"


@register.filter
def kdatetime(value):
    """Format a date and time: 2024년 9월 4일 (수) 19:30."""
    if not value:
        return ""
    return f"{kdate(value)} {ktime(value)}"


@register.filter
def datetime_value(value):
    """Return a date or a moment as the datetime attribute of <time>: ISO 8601, to the second.

    A moment is written in Asia/Seoul with its offset (2024-09-04T19:30:00+09:00). Django's
    |date:'c' and isoformat() add the microseconds a saved timestamp has, and HTML allows at most
    three digits of a second's fraction.
    """
    if not value:
        return ""
    if hasattr(value, "hour"):
        return _local(value).replace(microsecond=0).isoformat()
    return value.isoformat()


@register.filter
def kmonth(value):
    """Format a month: 2024년 9월; English: Sep 2024."""
    if not value:
        return ""
    if translation.get_language() == "en":
        return f"{EN_MONTHS[value.month - 1]} {value.year}"
    return f"{value.year}년 {value.month}월"


# Markup of the site shell that depends on nothing but the language and a few named values:
# {(template name, language, values): html}. Bounded: the values come from a short list.
_constant_markup = {}
CONSTANT_MARKUP_LIMIT = 200


@register.simple_tag
def constant_include(template_name, **values):
    """Render a template that depends only on the language and `values`, once per process.

    The template sees nothing but `values` (no request, no user), so its markup is the same
    for every visitor of a language: the footer, the header's brand and menu. Its words come
    from the translation catalogues and its links from the URL patterns, both fixed while the
    process runs. Nothing of a visitor or of the content may be passed in.
    """
    key = (template_name, translation.get_language(), tuple(sorted(values.items())))
    html = _constant_markup.get(key)
    if html is None:
        html = mark_safe(get_template(template_name).render(values))
        if len(_constant_markup) < CONSTANT_MARKUP_LIMIT:
            _constant_markup[key] = html
    return html


@register.simple_tag(takes_context=True)
def url_replace(context, **kwargs):
    """Return the current query string with some parameters replaced (for pagination, sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def yes_no(value):
    return _("예") if value else _("아니요")


@register.simple_tag(takes_context=True)
def pagination(context, page_obj):
    """Render a list's page links, keeping the request's other parameters (gvalley.pagination)."""
    from gvalley.pagination import page_links

    return page_links(page_obj, context["request"].GET)


@register.simple_tag
def responsive_img(image, alt, sizes="100vw", css_class="", lazy=True, max_width=1280):
    """Render an <img> of a ResponsiveImage with srcset, width, height and alt text."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    if not image or not image.image:
        return ""
    width = min(image.width, max_width) or image.width
    height = round(image.height * width / image.width) if image.width else image.height
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{} decoding="async">',
        image.rendition_url(max_width),
        image.srcset(),
        sizes,
        width,
        height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
        mark_safe(' loading="lazy"') if lazy else "",
    )
