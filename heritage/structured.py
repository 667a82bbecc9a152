"""schema.org data of the museum's pages (JSON-LD), from the objects the views already loaded."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gvalley.siteurl import absolute_url
from gvalley.structured import (
    SCHEMA,
    clock,
    day_of_week,
    image_info,
    portal_organization,
    postal_address,
    seoul_iso,
)


def museum(status):
    """Return schema.org Museum data from hours.current_status() (or None when not set up).

    The regular week from the weekly hours: a closed weekday is given as opening and closing
    at 00:00, as search engines read a closed day; the closures and changed hours announced
    ahead as special opening hours.
    """
    if status is None:
        return None
    info = status["info"]
    weekly = status["weekly"]
    hours = []
    for weekday in sorted(weekly):
        row = weekly[weekday]
        closed = row.is_closed or not (row.opens and row.closes)
        hours.append(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": day_of_week(weekday),
                "opens": "00:00" if closed else clock(row.opens),
                "closes": "00:00" if closed else clock(row.closes),
            }
        )
    special = []
    for day in status["specials"]:
        closed = day.is_closed
        special.append(
            {
                "@type": "OpeningHoursSpecification",
                "validFrom": day.date.isoformat(),
                "validThrough": day.date.isoformat(),
                "opens": "00:00" if closed else clock(day.opens),
                "closes": "00:00" if closed else clock(day.closes),
            }
        )
    data = {
        "@context": SCHEMA,
        "@type": "Museum",
        "name": info.name,
        "url": absolute_url(info.get_absolute_url()),
        "address": postal_address(info.address),
    }
    if hours:
        data["openingHoursSpecification"] = hours
    if special:
        data["specialOpeningHoursSpecification"] = special
    return data


def article(story, photos):
    """Return schema.org Article data of a public story (its lead photo first)."""
    if not story.is_public:
        return None
    url = absolute_url(story.get_absolute_url())
    data = {
        "@context": SCHEMA,
        "@type": "Article",
        "headline": story.title[:110],
        "description": story.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "ko",
        "datePublished": seoul_iso(story.published_at),
        "dateModified": seoul_iso(max(story.updated_at, story.published_at)),
        "author": {
            "@type": "Organization",
            "name": _("금천 순이의 집"),
            "url": absolute_url(reverse("heritage:index")),
        },
        "publisher": portal_organization(),
    }
    images = [info["url"] for info in (image_info(photo) for photo in photos[:3]) if info]
    if images:
        data["image"] = images
    return data
