"""Markup built in Python (gvalley.widgets), the page links (gvalley.pagination and the
`pagination` macro) and the one-query paginator: held to what Django's widgets and paginator do."""

import datetime
import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import QueryDict
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from gvalley.pagination import OneQueryPaginator, page_links
from gvalley.rendering import url_maker
from gvalley.widgets import FastCheckboxInput, FastDateInput, FastHiddenInput, FastSelect
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("django_widget", "widget", "values"),
    [
        (
            forms.DateInput(attrs={"type": "date"}),
            FastDateInput(attrs={"type": "date"}),
            [None, "", "2024-09-02", datetime.date(2024, 9, 2), 'x"<y>'],
        ),
        (forms.CheckboxInput(), FastCheckboxInput(), [None, True, False, "on", "", 'a"b']),
        (forms.HiddenInput(), FastHiddenInput(), [None, "", "venue-1", 'a&b"<c>', 5]),
    ],
)
def test_inputs_match_djangos_markup(django_widget, widget, values):
    for value in values:
        for attrs in ({"id": "id_x"}, {"aria-invalid": "true", "id": "id_x", "required": True}):
            assert widget.render("x", value, dict(attrs)) == django_widget.render(
                "x", value, dict(attrs)
            )


def test_select_matches_djangos_markup_with_odd_choices():
    choices = [
        ("", "전체"),
        ("a", "A <b>"),
        ("b", translation.gettext_lazy("분류")),
        (None, "없음"),
        (3, mark_safe("<i>셋</i>")),
        ("a", "같은 값"),
    ]
    grouped = [("그룹", [("x", "X")]), ("y", "Y")]
    for options in (choices, grouped):
        for value in (None, "", "a", ["a"], "3", 3, "none", "x"):
            for attrs in ({"id": "id_s"}, {"aria-invalid": "true", "id": "id_s"}):
                slow = forms.Select(choices=options).render("s", value, dict(attrs))
                fast = FastSelect(choices=options).render("s", value, dict(attrs))
                assert fast == re.sub(r">\s+<", "><", slow.strip()), (options, value)


def _users(count, per_page=3, orphans=0):
    UserFactory.create_batch(count)
    users = get_user_model().objects.order_by("pk")
    return OneQueryPaginator(users, per_page, orphans=orphans), Paginator(users, per_page, orphans)


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "orphans"), [(0, 0), (1, 0), (7, 0), (9, 0), (7, 1), (40, 0)])
def test_one_query_paginator_gives_djangos_pages(count, orphans):
    ours, django = _users(count, orphans=orphans)
    for number in range(1, django.num_pages + 1):
        mine = OneQueryPaginator(ours.object_list, 3, orphans=orphans).page(number)
        theirs = django.page(number)
        assert [u.pk for u in mine.object_list] == [u.pk for u in theirs.object_list]
        assert mine.paginator.count == django.count
        assert mine.paginator.num_pages == django.num_pages
        assert (mine.has_next(), mine.has_previous()) == (theirs.has_next(), theirs.has_previous())


@pytest.mark.django_db
def test_one_query_paginator_reads_a_page_and_its_total_in_one_query(django_assert_num_queries):
    ours, _django = _users(7)
    with django_assert_num_queries(1):
        page = ours.page(2)
        assert ours.count == 7 and ours.num_pages == 3 and len(page.object_list) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "error"),
    [
        (4, EmptyPage),
        (0, EmptyPage),
        ("x", PageNotAnInteger),
        # Past any list and past what SQL's OFFSET can hold: the end of the list, not an error.
        ("99999999999999999999", EmptyPage),
        (2**62, EmptyPage),
    ],
)
def test_one_query_paginator_refuses_pages_as_django_does(number, error):
    ours, _django = _users(7)
    with pytest.raises(error):
        ours.page(number)


def _links(count, number, query=""):
    """The page links as the `pagination` macro renders them."""
    page = Paginator(list(range(count)), 3).page(number)
    macros = engines["jinja2"].env.get_template("includes/_macros.jinja").module
    return str(macros.pagination(page_links(page, QueryDict(query)))).strip()


def test_page_links_keep_the_other_parameters_and_mark_the_current_page():
    html = _links(60, 10, "q=보안&complex=2&page=10")
    assert '<nav class="pagination" aria-label="페이지 이동">' in html
    assert '<li><span aria-current="page">10</span></li>' in html
    # Each link changes only the page, escaped for HTML.
    assert '<a href="?q=%EB%B3%B4%EC%95%88&amp;complex=2&amp;page=9" rel="prev">이전</a>' in html
    assert '<a href="?q=%EB%B3%B4%EC%95%88&amp;complex=2&amp;page=11" rel="next">다음</a>' in html
    assert '<a href="?q=%EB%B3%B4%EC%95%88&amp;complex=2&amp;page=1">1</a>' in html
    assert html.count("<li><span>…</span></li>") == 2  # 1 2 … 8 9 [10] 11 12 … 19 20


def test_page_links_at_the_ends_and_in_english():
    first = _links(7, 1)
    assert 'rel="prev"' not in first and '<a href="?page=2" rel="next">' in first
    last = _links(7, 3)
    assert 'rel="next"' not in last and '<a href="?page=2" rel="prev">' in last
    with translation.override("en"):
        english = _links(7, 2)
    assert 'aria-label="Pages"' in english and ">Previous</a>" in english and ">Next</a>" in english


def test_no_page_links_for_a_list_on_one_page():
    assert _links(2, 1) == ""
    assert page_links(None, QueryDict()) == []


def test_a_hostile_query_string_stays_inside_its_attribute():
    html = _links(7, 2, 'q="><script>alert(1)</script>')
    assert "<script>" not in html and '"><script' not in html
    assert "q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;page=1" in html


@pytest.mark.parametrize(
    ("viewname", "kwarg", "value"),
    [
        ("events:detail", "slug", "event-1"),
        ("events:detail", "slug", "겨울-합창-공연"),
        ("companies:detail", "slug", "a_b-9"),
        ("council:meeting", "pk", 42),
    ],
)
def test_url_maker_gives_the_reversed_address(viewname, kwarg, value):
    assert url_maker(viewname, kwarg)(value) == reverse(viewname, kwargs={kwarg: value})


def test_page_words_are_translated_escaped_and_follow_the_language():
    env = engines["jinja2"].env
    template = env.from_string(
        '{{ _("로그아웃") }}|{{ _("약 77%%가 금천구에 있습니다") }}|'
        '{{ _("%(name)s 담당자님", name=name) }}|{% trans %}로그인{% endtrans %}'
    )
    with translation.override("en"):
        english = template.render(name="<b>Kim</b>")
        assert english.startswith("Sign out|")
        assert "&lt;b&gt;Kim&lt;/b&gt;" in english and "<b>" not in english
        assert english.endswith("|Sign in")
    with translation.override("ko"):
        korean = template.render(name="김")
        assert korean == "로그아웃|약 77%가 금천구에 있습니다|김 담당자님|로그인"
    with translation.override("en"):
        assert template.render(name="Kim") == english.replace("&lt;b&gt;Kim&lt;/b&gt;", "Kim")
