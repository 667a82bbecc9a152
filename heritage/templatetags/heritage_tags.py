"""The museum's repeated pieces, built in Python: cards, the week's hours, gallery photos,
visit slots, menu.

Including a template per card, or running a dozen tags and filters per day of the week, cost more
than the rest of a page; these write the HTML the templates wrote (cards, rows and grid items
whitespace included) with format_html, every value escaped as the templates escaped it, and
translations trusted as {% translate %} and {% blocktranslate %} trust them.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_noop, ngettext

from gvalley.rendering import url_maker
from gvalley.templatetags.portal import kdate, ktime, responsive_img

from ..models import StoryKind

register = template.Library()

# --- Cards (what templates/heritage/_story_card.html and _gallery_card.html rendered) ----------

STORY_CARD = (
    "\n"
    '<li class="heritage-card">\n'
    "  \n"
    "    {cover}\n"
    "  \n"
    '  <h{level}><a href="{url}">{title}</a></h{level}>\n'
    '  <p class="meta">{kind} · {period}</p>\n'
    "  <p>{summary}</p>\n"
    "</li>\n"
)
GALLERY_CARD = (
    "\n"
    '<li class="heritage-card">\n'
    "  \n"
    "    {cover}\n"
    "  \n"
    '  <h{level}><a href="{url}">{title}</a></h{level}>\n'
    '  <p class="meta">{count}</p>\n'
    "  {description}\n"
    "</li>\n"
)
CARD_SIZES = "(min-width: 720px) 33vw, 100vw"
# What story.get_kind_display() returns, without its lookup through the field's choices.
KIND_LABELS = dict(StoryKind.choices)


def card_cover(item):
    """Return the <img> of the item's first photo (`covers`, from models.attach_covers), or ""."""
    cover = item.covers[0] if item.covers else None
    if not cover:
        return ""
    return responsive_img(cover, alt=cover.alt_text, sizes=CARD_SIZES, max_width=640)


@register.simple_tag
def story_card(story, level=3):
    """Return a story's card (a story with `covers`); its title a heading of this level.

    The cards sit under a section's <h2> on the museum's front page (3) and right under the
    page's <h1> on the list of stories (2), so that no heading level is skipped.
    """
    return format_html(
        STORY_CARD,
        level=int(level),
        cover=card_cover(story),
        url=story.get_absolute_url(),
        title=story.title,
        kind=str(KIND_LABELS.get(story.kind, story.kind)),
        period=story.period,
        summary=story.summary,
    )


@register.simple_tag
def gallery_card(gallery, level=3):
    """Return a gallery's card (a gallery with `covers` and `photo_count`), as story_card."""
    count = gallery.photo_count
    return format_html(
        GALLERY_CARD,
        level=int(level),
        cover=card_cover(gallery),
        url=gallery.get_absolute_url(),
        title=gallery.title,
        count=_filled(ngettext("사진 %(n)s장", "사진 %(n)s장", count), n=localize(count)),
        description=(
            format_html("<p>{}</p>", Truncator(gallery.description).chars(120))
            if gallery.description
            else ""
        ),
    )


# --- Hours (what the loop of templates/heritage/index.html rendered) ----------------------------

WEEK_ROW = (
    "\n"
    "                <tr{today}>\n"
    '                  <th scope="row"><time datetime="{iso}">{date}</time></th>\n'
    "                  <td>\n"
    "                    \n"
    "                      {hours}\n"
    "                    \n"
    "                  </td>\n"
    "                </tr>\n"
    "              "
)
SPECIAL_ITEM = (
    "\n"
    '                <li><time datetime="{}">{}</time>:\n'
    "                  {}\n"
    "                  ({})</li>\n"
    "              "
)


# Translations are passed through gettext() here (not a helper) so that makemessages finds them.


def _trusted(translation):
    """Return a translation as {% translate "..." %} renders it: trusted text, not escaped."""
    return mark_safe(translation)


def _filled(translation, **values):
    """Return a translation as {% blocktranslate %} renders it: trusted, its values escaped."""
    return mark_safe(translation % {k: conditional_escape(v) for k, v in values.items()})


def _hhmm(value):
    return f"{value:%H:%M}"


@register.simple_tag
def week_rows(week):
    """Return the table rows of the week's DaySchedules (hours.week_schedule), today first."""
    closed, changed, rest_day = (
        _trusted(gettext("임시 휴관")),
        _trusted(gettext("변경")),
        _trusted(gettext("휴관")),
    )
    rows = []
    for index, day in enumerate(week):
        if day.is_closed:
            if day.special:
                hours = format_html("<strong>{}</strong> · {}", closed, day.reason)
            else:
                hours = rest_day
        else:
            hours = f"{_hhmm(day.opens)}–{_hhmm(day.closes)}"
            if day.special:
                hours = format_html("{} · <strong>{}</strong> {}", hours, changed, day.reason)
        rows.append(
            format_html(
                WEEK_ROW,
                today=mark_safe(' class="is-today"') if index == 0 else "",
                iso=day.date.isoformat(),
                date=kdate(day.date),
                hours=hours,
            )
        )
    return mark_safe("".join(rows))


@register.simple_tag
def special_items(specials):
    """Return the list items of the closures and changed hours announced ahead."""
    closed = _trusted(gettext("임시 휴관"))
    return format_html_join(
        "",
        SPECIAL_ITEM,
        (
            (
                special.date.isoformat(),
                kdate(special.date),
                closed if special.is_closed else f"{_hhmm(special.opens)}–{_hhmm(special.closes)}",
                special.reason,
            )
            for special in specials
        ),
    )


# --- Visit slots (what the loop of templates/heritage/visit.html rendered) ----------------------

SLOT_ROW = (
    "\n"
    "            <tr>\n"
    '              <th scope="row"><time datetime="{iso}">{date}</time></th>\n'
    "              <td>{start}–{end}</td>\n"
    "              <td>{places}</td>\n"
    "              <td>\n"
    "                {action}\n"
    "              </td>\n"
    "            </tr>\n"
    "          "
)
SLOT_LINK = (
    '\n                  <a href="{url}">{label}<span class="visually-hidden"> {date} {start}'
    "</span></a>\n                "
)
SLOT_FULL = '\n                  <span class="badge">{}</span>\n                '


@register.simple_tag
def slot_rows(slots):
    """Return the table rows of the visit slots (annotated with_booked): date, time, places, link."""
    places, request, full = gettext("%(left)s명 / %(capacity)s명"), gettext("신청"), gettext("마감")
    request_url = url_maker("heritage:visit_request", "pk")
    rows = []
    for slot in slots:
        starts_at = timezone.localtime(slot.starts_at)
        date, start = kdate(starts_at), ktime(starts_at)
        left = slot.places_left
        if left:
            action = format_html(
                SLOT_LINK, url=request_url(slot.pk), label=_trusted(request), date=date, start=start
            )
        else:
            action = format_html(SLOT_FULL, _trusted(full))
        rows.append(
            format_html(
                SLOT_ROW,
                iso=starts_at.isoformat(),
                date=date,
                start=start,
                end=ktime(slot.ends_at),
                places=_filled(places, left=localize(left), capacity=localize(slot.capacity)),
                action=action,
            )
        )
    return mark_safe("".join(rows))


# --- Gallery photos (what the loop of templates/heritage/gallery_detail.html rendered) ---------

GRID_ITEM = (
    "\n"
    "          <li>\n"
    "            <figure>\n"
    '              <a href="{url}">\n'
    "                {img}\n"
    "              </a>\n"
    "              {caption}\n"
    "            </figure>\n"
    "          </li>\n"
    "        "
)
GRID_SIZES = "(min-width: 1120px) 360px, (min-width: 600px) 50vw, 100vw"


def figcaption(photo):
    """Return the photo's <figcaption> (caption and credit), or "" when it has neither."""
    if not (photo.caption or photo.credit):
        return ""
    credit = ""
    if photo.credit:
        credit = format_html(
            ' <span class="credit">{}</span>',
            _filled(gettext("출처: %(credit)s"), credit=photo.credit),
        )
    return format_html("<figcaption>{}{}</figcaption>", photo.caption, credit)


@register.simple_tag
def gallery_grid(gallery, photos):
    """Return the grid items of a gallery's photos, each linking to its own page."""
    return mark_safe(
        "".join(
            format_html(
                GRID_ITEM,
                url=reverse("heritage:photo_detail", args=[gallery.slug, photo.pk]),
                img=responsive_img(photo, alt=photo.alt_text, sizes=GRID_SIZES, max_width=640),
                caption=figcaption(photo),
            )
            for photo in photos
        )
    )


# --- The museum's menu (templates/heritage/_base.html) ------------------------------------------

MENU = (
    ("index", gettext_noop("순이의 집")),
    ("timeline", gettext_noop("G밸리 연표")),
    ("story_list", gettext_noop("이야기")),
    ("gallery_list", gettext_noop("갤러리")),
    ("visit", gettext_noop("단체 관람")),
)


@register.simple_tag(takes_context=True)
def heritage_menu(context):
    """Return the menu's items, the current page's marked with aria-current."""
    match = context["request"].resolver_match
    current = match.url_name if match else None
    return format_html_join(
        "\n        ",
        '<li><a href="{}"{}>{}</a></li>',
        (
            (
                reverse(f"heritage:{name}"),
                mark_safe(' aria-current="page"') if name == current else "",
                _trusted(gettext(label)),
            )
            for name, label in MENU
        ),
    )


# --- Today's state (the index page and the home-page section) -----------------------------------

TODAY = (
    '<p class="heritage-today" data-heritage-today data-date="{iso}"{hours_data}>\n'
    "    {badge}\n"
    "    <span>\n"
    '      <strong>{today}</strong> <time datetime="{iso}">{date}</time>:\n'
    "      {state}\n"
    "    </span>\n"
    "  </p>"
)


@register.simple_tag
def hours_today(status, live):
    """Return today's hours (`status` from hours.current_status()); `live` states "open now".

    Without `live` (a page cached until content changes), the badge is left for heritage.js to
    fill in while the page's date is still today in Seoul.
    """
    today = status["today"]
    if live:
        if status["open_now"]:
            badge = format_html(
                '<span class="badge badge-ok">{}</span>', _trusted(gettext("지금 관람 가능"))
            )
        else:
            badge = format_html(
                '<span class="badge badge-danger">{}</span>', _trusted(gettext("지금은 닫혀 있음"))
            )
    else:
        badge = format_html(
            '<span class="badge" data-heritage-live data-open-label="{}" data-closed-label="{}"'
            " hidden></span>",
            _trusted(gettext("지금 관람 가능")),
            _trusted(gettext("지금은 닫혀 있음")),
        )
    if today.is_closed:
        hours_data = ""
        if today.special:
            state = _filled(gettext("임시 휴관 (%(reason)s)"), reason=today.reason)
        else:
            state = _trusted(gettext("휴관일"))
    else:
        opens, closes = _hhmm(today.opens), _hhmm(today.closes)
        hours_data = format_html(' data-opens="{}" data-closes="{}"', opens, closes)
        state = format_html("<time>{}</time>–<time>{}</time>", opens, closes)
        if today.special:
            state = format_html(
                "{} {}",
                state,
                _filled(gettext("(운영 시간 변경: %(reason)s)"), reason=today.reason),
            )
    return format_html(
        TODAY,
        iso=today.date.isoformat(),
        hours_data=hours_data,
        badge=badge,
        today=_trusted(gettext("오늘")),
        date=kdate(today.date),
        state=state,
    )
