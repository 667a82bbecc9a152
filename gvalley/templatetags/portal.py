"""Template helpers: the Korean date and time formatters (Jinja2 filters in gvalley/jinja2.py,
Django filters for the plain-text mails), and the tags that let allauth's Django pages show the
portal's Jinja2 shell and form macros."""

from django import template
from django.template import engines
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


@register.simple_tag(takes_context=True)
def jinja(context, template_name):
    """Render a Jinja2 template (`.jinja`) inside a Django template, with the same context.

    For the few pages the Django engine still renders (allauth's own): their shell is the
    portal's one, not a copy.
    """
    template = engines["jinja2"].get_template(template_name)
    return mark_safe(template.render(context.flatten(), request=context.get("request")))


class CaptureNode(template.Node):
    """Render the enclosed template (blocks included) and keep the output under a name too."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        output = self.nodelist.render(context)
        context[self.name] = output
        return output


@register.tag
def capture(parser, token):
    """{% capture "share_title" %}{% block title %}{% endblock %}{% endcapture %}.

    The shell of the Django pages prints its title block once and hands the same text to the
    sharing tags (`{% jinja "includes/_share_meta.jinja" %}`): a block may appear only once.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('capture takes one name: {% capture "name" %}')
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1].strip("\"'"))


def _macro(name):
    return getattr(engines["jinja2"].env.get_template("includes/_macros.jinja").module, name)


@register.simple_tag
def form_field(bound_field):
    """One form field as every portal form shows it (the `field` macro), for allauth's forms."""
    return _macro("field")(bound_field)


@register.simple_tag
def form_errors(form):
    """The error summary of a form (the `form_errors` macro), for allauth's forms."""
    return _macro("form_errors")(form)


@register.simple_tag
def written_name(name):
    """A name as it was written (the Jinja2 filter `written_name`: lang="ko" on another
    language's page when it is Korean), for allauth's pages: {% written_name user_display as name %}."""
    environment = engines["jinja2"].env
    return environment.filters["written_name"](environment, name)


def yes_no(value):
    return _("예") if value else _("아니요")
