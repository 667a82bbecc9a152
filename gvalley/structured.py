"""What a page tells the open web about itself: its sharing image and schema.org data (JSON-LD).

Data only: dicts and plain values that `templates/includes/_share_meta.jinja` prints as
OpenGraph and Twitter tags, and that templates print as JSON-LD with Jinja's `tojson` (which
escapes `<`, `>`, `&` and `'`, so no text of the content can close the script element). Every
URL is absolute on SITE_URL (gvalley/siteurl.py), never on the request's host. Each app builds
its own types from the objects its view already loaded (`<app>/structured.py`); the pieces they
share are here.
"""

import datetime
import zoneinfo

from django.templatetags.static import static
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from .siteurl import absolute_url, site_url

SCHEMA = "https://schema.org"
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
DEFAULT_IMAGE = "img/share-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
# Sharing services show a wide card only for an image about this wide (Twitter: 300 × 157).
LARGE_CARD_MIN_WIDTH = 600
OG_LOCALES = {"ko": "ko_KR", "en": "en_US"}


def seoul_iso(value):
    """Return an aware datetime in ISO 8601 at Seoul's offset ("2024-09-04T19:30:00+09:00")."""
    return value.astimezone(SEOUL).isoformat(timespec="seconds")


def page_url(request):
    """Return the address of the page a request asked for on SITE_URL, without its query."""
    return absolute_url(escape_uri_path(request.path) if request else "/")


def og_locales():
    """Return (og:locale, [og:locale:alternate]) for the language of the page."""
    language = translation.get_language() or "ko"
    current = OG_LOCALES.get(language[:2], OG_LOCALES["ko"])
    return current, [locale for locale in OG_LOCALES.values() if locale != current]


def image_info(image, alt=""):
    """Return the sharing data of an uploaded image (a ResponsiveImage), or None.

    The original file (JPEG, PNG or WebP, re-encoded without metadata on upload) with the size
    recorded on upload, so no file is opened to draw a page.
    """
    if image is None or not image.image:
        return None
    width, height = image.width or None, image.height or None
    return {
        "url": absolute_url(image.image.url),
        "width": width,
        "height": height,
        "alt": alt,
        "large": bool(width and width >= LARGE_CARD_MIN_WIDTH),
    }


def default_image():
    """Return the portal's own sharing image (static/img/share-default.png, 1200 × 630)."""
    width, height = DEFAULT_IMAGE_SIZE
    return {
        "url": absolute_url(static(DEFAULT_IMAGE)),
        "width": width,
        "height": height,
        "alt": _("G밸리 포털: 서울디지털산업단지의 기업, 행사, 발전협의회, 금천 순이의 집"),
        "large": False,
    }


def portal_organization():
    """Return the portal as a schema.org Organization (the publisher of its pages)."""
    return {
        "@type": "Organization",
        "name": _("G밸리 포털"),
        "url": site_url() + "/",
        "logo": absolute_url(static(DEFAULT_IMAGE)),
    }


def postal_address(street, locality=""):
    """Return a schema.org PostalAddress in Korea; the street as it is written in Korean."""
    address = {"@type": "PostalAddress", "streetAddress": street, "addressCountry": "KR"}
    if locality:
        address["addressLocality"] = locality
    return address


def breadcrumb_list(trail, current=None):
    """Return a schema.org BreadcrumbList: the visible trail of (name, path) and the page itself.

    `current` is the page's own (name, path); it ends the list, as search engines expect.
    """
    crumbs = list(trail) + ([current] if current else [])
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute_url(str(path)),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_of_week(weekday):
    """Return the schema.org DayOfWeek of a weekday number (0 is Monday)."""
    return f"{SCHEMA}/{DAY_NAMES[weekday]}"


def clock(value):
    """Return a time as schema.org's opens/closes want it ("09:30")."""
    return value.strftime("%H:%M") if isinstance(value, datetime.time) else "00:00"
