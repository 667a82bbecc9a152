"""The open calls' read side: a judge's anonymised list, the ranking with ties, the winners.

Writes are in services.py. A judge's rows carry only what the work itself shows (its code,
title, text and images): never the pupil's or guardian's name, school or address, whatever the
template prints.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch
from django.db.models.functions import JSONObject
from django.urls import reverse

from gvalley.cache import shared_data
from gvalley.expressions import compiled_once
from gvalley.rendering import url_maker
from gvalley.translated import page_language, pick

from .models import Call, Entry, EntryPage, Event, Score


@dataclass(frozen=True, slots=True)
class JudgeRow:
    entry: Entry  # loaded with for_judging(): no personal fields
    pages: list
    my_total: int | None
    average: float | None  # everyone's average, only once judging is closed


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: int
    tied: bool
    entry: Entry
    average: float
    judges: int


def _pages():
    return Prefetch("pages", queryset=EntryPage.objects.order_by("position", "pk"))


def _totals(call):
    """Return {entry_id: {judge_id: total points}} of the call's submitted entries."""
    totals = defaultdict(lambda: defaultdict(int))
    rows = Score.objects.filter(entry__call=call, entry__status=Entry.Status.SUBMITTED).values_list(
        "entry_id", "judge_id", "points"
    )
    for entry_id, judge_id, points in rows:
        totals[entry_id][judge_id] += points
    return totals


def _average(per_judge):
    return round(sum(per_judge.values()) / len(per_judge), 2) if per_judge else None


def judge_rows(call, judge):
    """Return the entries a judge scores: own totals, and everyone's average once closed."""
    entries = list(Entry.objects.for_judging(call).prefetch_related(_pages()))
    closed = call.judging_closed_at is not None
    if closed:
        totals = _totals(call)
    else:
        totals = defaultdict(dict)
        rows = Score.objects.filter(entry__call=call, judge=judge).values_list("entry_id", "points")
        for entry_id, points in rows:
            totals[entry_id].setdefault(judge.pk, 0)
            totals[entry_id][judge.pk] += points
    return [
        JudgeRow(
            entry=entry,
            pages=list(entry.pages.all()),
            my_total=totals.get(entry.pk, {}).get(judge.pk),
            average=_average(totals.get(entry.pk, {})) if closed else None,
        )
        for entry in entries
    ]


def ranking(call):
    """Return the submitted entries by average total, best first; equal averages share a rank."""
    totals = _totals(call)
    entries = list(Entry.objects.submitted().filter(call=call).order_by("code", "pk"))
    scored = [
        (e, _average(totals.get(e.pk, {})) or 0.0, len(totals.get(e.pk, {}))) for e in entries
    ]
    scored.sort(key=lambda row: -row[1])
    counts = defaultdict(int)
    for _entry, average, _judges in scored:
        counts[average] += 1
    rows, rank = [], 0
    for position, (entry, average, judges) in enumerate(scored, start=1):
        if position == 1 or average != scored[position - 2][1]:
            rank = position  # competition ranking: 1, 1, 3
        rows.append(RankRow(rank, counts[average] > 1, entry, average, judges))
    return rows


@dataclass(frozen=True, slots=True)
class Winner:
    entry: Entry
    url: str  # the work in the photo viewer, every page of it
    pages: list
    anchors: list  # the id of each page in the viewer ("page-2"), which the grid links to
    items: list  # (link to the page in the viewer, page) for the gallery grid


def winners(call):
    """Return the call's published winners with their pages, highest award first."""
    if not call.results_published:
        return []
    entries = (
        Entry.objects.public_winners()
        .filter(call=call)
        .prefetch_related(_pages())
        .order_by("award_rank", "code", "pk")
    )
    head = reverse("events:winner", kwargs={"slug": call.slug, "code": "~code~"})
    rows = []
    for entry in entries:
        url = head.replace("~code~", entry.code)
        pages = list(entry.pages.all())
        anchors = [f"page-{page.position}" for page in pages]
        items = [(f"{url}#{anchor}", page) for anchor, page in zip(anchors, pages, strict=True)]
        rows.append(Winner(entry, url, pages, anchors, items))
    return rows


def public_calls():
    """The calls a visitor may open, with what their pages print (event, exhibition venue)."""
    return Call.objects.public().select_related("event", "exhibition_venue")


def winners_page(slug):
    """Return (call, winners) of a public call whose results are published, else None."""
    call = public_calls().filter(slug=slug).first()
    if call is None or not call.results_published:
        return None
    return call, winners(call)


@dataclass(frozen=True, slots=True)
class WinnerView:
    winner: Winner
    number: int
    total: int
    previous: tuple | None  # (link, title) of the previous work in the exhibition
    next: tuple | None


def winner_view(call, code):
    """Return one published winner with its place among the others (None when not one)."""
    rows = winners(call)
    for index, winner in enumerate(rows):
        if winner.entry.code == code:
            before = rows[index - 1] if index > 0 else None
            after = rows[index + 1] if index + 1 < len(rows) else None
            return WinnerView(
                winner,
                index + 1,
                len(rows),
                (before.url, before.entry.title) if before else None,
                (after.url, after.entry.title) if after else None,
            )
    return None


@dataclass(frozen=True, slots=True)
class CallLink:
    title: str
    url: str
    winners_url: str | None


@dataclass(frozen=True, slots=True)
class StoryCard:
    text: str
    nickname: str


@compiled_once(Event)
def _call_rows():
    """The event's calls (slug, title, published), in the event's own query."""
    rows = (
        Call.objects.rewrite(False)  # compiled once: both languages' titles, as they are named
        .filter(event=OuterRef("pk"))
        .order_by("opens_at", "pk")
        .values(
            row=JSONObject(
                slug="slug",
                title_ko="title_ko",
                title_en="title_en",
                published="results_published_at",
            )
        )
    )
    return ArraySubquery(rows)


@compiled_once(Event)
def _picked_rows():
    """The event's picked stories (text, nickname) of calls with public entries."""
    rows = (
        Entry.objects.picked_stories()
        .filter(call__event=OuterRef("pk"), call__public_entries=True)
        .order_by("submitted_at", "pk")
        .values(row=JSONObject(text="text", nickname="nickname"))
    )
    return ArraySubquery(rows)


def event_annotations():
    """Annotations that read an event's calls and its picked stories in the event's own query.

    Their SQL is the same for every event and compiled once per process (gvalley.expressions).
    """
    return {"call_rows": _call_rows(), "picked_rows": _picked_rows()}


def call_links(rows):
    """Return the links of an event's calls from its call_rows annotation."""
    call_url, winners_url = url_maker("events:call", "slug"), url_maker("events:winners", "slug")
    language = page_language()
    return [
        CallLink(
            pick(row["title_ko"], row["title_en"], language),
            call_url(row["slug"]),
            winners_url(row["slug"]) if row["published"] else None,
        )
        for row in rows or []
    ]


def story_cards(rows):
    """Return the picked stories of an event from its picked_rows annotation."""
    return [StoryCard(row["text"], row["nickname"]) for row in rows or []]


@dataclass(frozen=True, slots=True)
class CallPage:
    """What a call's page shows the same to every visitor (kept as shared data)."""

    call: Call
    criteria: list
    picked: list  # the picked stories, when the call shows them
    judge_ids: frozenset  # who is assigned (the judge role is checked per visitor)


def call_page(slug):
    """Return the public call's page data, read once per content version (None: no such call)."""

    def compute():
        call = (
            Call.objects.public()
            .select_related("event", "exhibition_venue")
            .defer(*(f"event__{name}" for name in CALL_PAGE_UNUSED_EVENT_FIELDS))
            .filter(slug=slug)
            .first()
        )
        if call is None:
            return None
        picked = []
        if call.public_entries:
            picked = list(
                Entry.objects.picked_stories()
                .filter(call=call)
                .only("pk", "text", "nickname", "submitted_at")
                .order_by("submitted_at", "pk")
            )
        return CallPage(
            call,
            list(call.criteria.all()),
            picked,
            frozenset(call.judges.values_list("pk", flat=True)),
        )

    return shared_data(f"events:call-page:{slug}", compute)


# The call's page shows its event's title and address only.
CALL_PAGE_UNUSED_EVENT_FIELDS = (
    "description",
    "how_to_take_part",
    "search_vector",
    "summary",
    "organiser",
    "venue_note",
)
