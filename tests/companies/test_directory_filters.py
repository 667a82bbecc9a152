"""The directory's building list follows the chosen complex; a building of another complex is
explained, never a silent empty list (JavaScript: tests/browser/test_companies_browser.py)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from gvalley.cache import bump_content_version
from tests.addresses import english
from tests.companies.factories import BuildingFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def building_options(html):
    """Return {building name: can be chosen} of the building list as a browser shows it."""
    select = re.search(r'<select name="building".*?</select>', html, re.S).group(0)
    choosable = {}
    for group in re.finditer(r"<optgroup([^>]*)>(.*?)</optgroup>", select, re.S):
        closed = " disabled" in group.group(1)
        for name in re.findall(r"<option [^>]*>(.*?)</option>", group.group(2)):
            choosable[unescape(name)] = not closed
    return choosable


@pytest.fixture
def towers():
    first = BuildingFactory(name="구로 한빛타워", complex="1")
    second = BuildingFactory(name="가산 누리타워", complex="2")
    third = BuildingFactory(name="가산 한울센터", complex="3")
    CompanyFactory(name="한울기업", complex="3", building=third)
    CompanyFactory(name="누리기업", complex="2", building=second)
    return first, second, third


def test_after_choosing_a_complex_only_its_buildings_can_be_chosen(client, towers):
    every = {"구로 한빛타워": True, "가산 누리타워": True, "가산 한울센터": True}
    assert building_options(client.get(reverse("companies:index")).content.decode()) == every
    html = client.get(reverse("companies:index") + "?complex=2").content.decode()
    assert building_options(html) == {
        "구로 한빛타워": False,
        "가산 누리타워": True,
        "가산 한울센터": False,
    }


def test_a_building_of_another_complex_is_explained_with_a_way_out(client, towers):
    _first, _second, third = towers
    url = reverse("companies:index") + f"?complex=2&building={third.pk}&q="
    html = client.get(url).content.decode()
    # Next to the field, and in place of the empty list, in words and with links.
    assert "가산 한울센터은(는) 3단지 (금천구)에 있습니다." in html
    assert "가산 한울센터은(는) 3단지 (금천구)에 있어서 2단지 (금천구)과(와) 함께" in html
    # The list still shows what was asked: the chosen building stays chosen.
    assert building_options(html)["가산 한울센터"] is True
    assert re.search(rf'<option value="{third.pk}" selected>', html)
    links = {
        unescape(text): unescape(href)
        for href, text in re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', html)
    }
    building_only = client.get(links["가산 한울센터의 기업 보기"]).content.decode()
    assert "한울기업" in building_only and "complex=2" not in links["가산 한울센터의 기업 보기"]
    complex_only = client.get(links["2단지 (금천구)의 기업 모두 보기"]).content.decode()
    assert "누리기업" in complex_only and "한울기업" not in complex_only


def test_the_hint_is_in_english_on_english_pages(client, towers):
    _first, _second, third = towers
    html = client.get(english(reverse("companies:index") + f"?complex=1&building={third.pk}"))
    html = html.content.decode()
    # The building has no English name: the sentence marks it as Korean; the error next to
    # the field (plain text) names "the chosen building" instead.
    assert '<span lang="ko">가산 한울센터</span> is in Complex 3 (Geumcheon-gu)' in html
    assert "The chosen building is in Complex 3 (Geumcheon-gu)." in html
    BuildingFactory._meta.model.objects.filter(pk=third.pk).update(name_en="Gasan Hanul Center")
    bump_content_version()
    html = client.get(english(reverse("companies:index") + f"?complex=1&building={third.pk}"))
    assert "Gasan Hanul Center is in Complex 3 (Geumcheon-gu)." in html.content.decode()
