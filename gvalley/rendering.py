"""The "prepare once" helpers between querysets and templates.

A list page repeats its item many times; what costs is per-item Python work, not the template: a
reverse() per card, a translation per label. `url_maker` reverses a URL pattern once per list
(used by events/listing.py, companies/cards.py, council/cards.py, heritage/display.py); `escape`
serves the fast form widgets (gvalley/widgets.py, companies/widgets.py).
"""

from html import escape as _escape
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

# reverse() percent-encodes the path but leaves these as they are (django.urls.resolvers).
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"
# A value every converter accepts (int, slug, str) and no real path holds.
_MARK = "987654321987"


def escape(value):
    """Escape like the templates' autoescape (conditional_escape), without its lazy wrapper.

    Text marked safe (translations are not) is left as it is; everything else is escaped.
    """
    if type(value) is str:
        return _escape(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


def url_maker(viewname, kwarg):
    """Return a function giving reverse(viewname, kwargs={kwarg: value}), reversing only once.

    For a loop of links to the same pattern with one argument (a slug, a pk, a category).
    """
    head, tail = reverse(viewname, kwargs={kwarg: _MARK}).split(_MARK, 1)
    return lambda value: head + quote(str(value), safe=URL_SAFE) + tail
