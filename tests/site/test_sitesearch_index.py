"""The site search is index-backed: EXPLAIN shows no sequential scan of a searched table."""

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from council.models import Grievance, Meeting
from events.models import Event, Space, Venue
from gvalley import sitesearch
from gvalley.search import with_search_vectors
from heritage.models import Gallery, Photo, Story, StoryStatus, TimelineEntry

pytestmark = pytest.mark.django_db

ROWS = 2000  # per table: past the size where a planner reads a small table whole


def fill():
    """Rows in every searched table: all hold "공단", one in a hundred "수달"."""
    now = timezone.now()

    def word(i):
        return "수달" if i % 100 == 0 else "기록"

    Event.objects.bulk_create(
        with_search_vectors(
            Event(
                title=f"공단 {word(i)} 행사 {i}",
                slug=f"explain-{i}",
                category=Event.Category.CULTURE,
                audience=Event.Audience.ANYONE,
                starts_at=now + datetime.timedelta(hours=i - ROWS // 2),
                ends_at=now + datetime.timedelta(hours=i - ROWS // 2 + 2),
                organiser="금천구",
                status=Event.Status.PUBLISHED if i % 10 else Event.Status.DRAFT,
            )
            for i in range(ROWS)
        )
    )
    Meeting.objects.bulk_create(
        Meeting(
            kind=Meeting.Kind.GEUMCHEON,
            number=5000 + i,
            starts_at=now - datetime.timedelta(days=i),
            place="구로구청",
            status=Meeting.Status.HELD if i % 10 else Meeting.Status.SCHEDULED,
            search_vector=sitesearch_vector(f"공단 {word(i)} 안건 {i}"),
        )
        for i in range(ROWS)
    )
    Grievance.objects.bulk_create(
        with_search_vectors(
            Grievance(
                title=f"공단 {word(i)} 과제 {i}",
                description="공단 주차",
                source=Grievance.Source.ONLINE,
                is_public=bool(i % 5),
                received_on=now.date() - datetime.timedelta(days=i % 3000),
            )
            for i in range(ROWS)
        )
    )
    Story.objects.bulk_create(
        with_search_vectors(
            Story(
                title=f"공단 {word(i)} 이야기 {i}",
                slug=f"explain-{i}",
                period="1970년대",
                summary="공단",
                body="<p>공단</p>",
                status=StoryStatus.PUBLISHED if i % 10 else StoryStatus.DRAFT,
                published_at=now - datetime.timedelta(days=i) if i % 10 else None,
            )
            for i in range(ROWS)
        )
    )
    TimelineEntry.objects.bulk_create(
        with_search_vectors(
            TimelineEntry(
                date=datetime.date(1964, 1, 1) + datetime.timedelta(days=i),
                title=f"공단 {word(i)} {i}",
                text="공단",
                is_published=bool(i % 10),
            )
            for i in range(ROWS)
        )
    )
    galleries = Gallery.objects.bulk_create(
        with_search_vectors(
            Gallery(
                title=f"공단 {word(i)} 갤러리 {i}",
                slug=f"explain-{i}",
                is_published=bool(i % 10),
                position=i,
            )
            for i in range(ROWS)
        )
    )
    Photo.objects.bulk_create(
        with_search_vectors(
            Photo(
                gallery=galleries[i % len(galleries)],
                image="heritage/photos/explain.png",
                width=800,
                height=500,
                alt_text="공단 사진",
                caption=f"공단 {word(i)} 사진 {i}",
                position=i,
            )
            for i in range(ROWS)
        )
    )
    venue = Venue.objects.create(name="공단 기업시민청", slug="explain-venue", address="가산동")
    Space.objects.bulk_create(
        with_search_vectors(
            Space(
                venue=venue,
                name=f"공단 {word(i)} 회의실 {i}",
                slug=f"explain-{i}",
                kind=Space.Kind.MEETING,
                capacity=10,
                fee="무료",
                is_active=bool(i % 10),
                position=i % 100,
            )
            for i in range(ROWS)
        )
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL default_statistics_target = 1000")
        for model in (Event, Meeting, Grievance, Story, TimelineEntry, Gallery, Photo, Space):
            table = model._meta.db_table
            for index in model._meta.indexes:
                if index.name.endswith(("_gin", "_search_idx")):
                    cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index.name])
            cursor.execute(f"ANALYZE {table}")


def sitesearch_vector(text):
    from gvalley.search import bigram_tsvector

    return bigram_tsvector([(text, "A")])


def plan_nodes(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes, todo = [], [plan[0]["Plan"]]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.get("Plans", []))
    return nodes


@pytest.mark.parametrize("query", ["수달", "공단"])
def test_no_searched_table_is_read_whole(query):
    fill()
    for source in sitesearch.sources():
        if source.key == "companies":  # tests/companies/test_search_index.py
            continue
        sql, params = source.ranked_sql(query, AnonymousUser(), sitesearch.PREVIEW)
        nodes = plan_nodes(sql, params)
        # The table whose vectors are searched. (A photo's visibility asks its gallery, read as
        # the planner likes: a hash of the published galleries' ids.)
        table = source.visible(AnonymousUser()).model._meta.db_table
        seq = [n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"]
        assert table not in seq, (source.key, seq)
        if query == "수달":  # a rare word: found through the source's GIN index
            indexes = {n.get("Index Name") for n in nodes}
            gin = [i.name for i in source.visible(AnonymousUser()).model._meta.indexes]
            assert indexes & {name for name in gin if "search" in name}, (source.key, indexes)
