"""English company texts: the manager's form, the pages in English, the filter, search, CSV, admin.

Korean texts sit in `<field>_ko`, English ones in `<field>_en` (companies/translation.py). Tests set
and read the suffixed attributes: an English request leaves English active in the test's thread,
where the unsuffixed ones would mean the English text.
"""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies.models import Company, CompanyHistory, ExportMarket
from tests.addresses import english
from tests.companies.factories import CompanyFactory, manager_of
from tests.companies.test_services import form_data
from tests.markup import language_of

pytestmark = pytest.mark.django_db

SOCKETS = "Semiconductor test sockets and probe cards"


@pytest.fixture
def translated():
    """A company with English products and description, and one with Korean texts only."""
    with_english = CompanyFactory(
        name="가산반도체",
        products="반도체 검사 소켓, 프로브 카드",
        description="<p>반도체 검사 장비를 만듭니다.</p>",
    )
    Company.objects.filter(pk=with_english.pk).update(
        products_en=SOCKETS,
        description_en="<p>We make test equipment for chip makers.</p>",
        keywords_en="semiconductor, testing",
    )
    with_english.refresh_from_db()
    with_english.save()  # its search vector, with the English texts
    korean_only = CompanyFactory(
        name="구로보안", products="보안 관제 서비스", description="<p>관제 센터를 운영합니다.</p>"
    )
    return with_english, korean_only


def korean(path):
    """Return the Korean address of a page (reverse() gives the last request's language)."""
    return path.removeprefix("/en")


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_an_english_page_shows_the_english_texts(client, translated):
    with_english, _korean_only = translated
    html = page(client, english(with_english.get_absolute_url()))
    assert language_of(html, SOCKETS) == "en"
    assert language_of(html, "We make test equipment") == "en"
    assert "반도체 검사 소켓" not in html
    assert "Korean original" not in html


def test_korean_texts_on_an_english_page_are_marked_as_the_korean_original(client, translated):
    _with_english, korean_only = translated
    html = page(client, english(korean_only.get_absolute_url()))
    # Shown, never an empty space, in an element a screen reader reads in Korean …
    assert language_of(html, "보안 관제 서비스") == "ko"
    assert language_of(html, "관제 센터를 운영합니다.") == "ko"
    # … each followed by the note, itself in English.
    assert html.count('<small class="korean-original">Korean original</small>') == 2
    assert language_of(html, "Korean original") == "en"


def test_the_korean_page_has_no_mark(client, translated):
    _with_english, korean_only = translated
    html = page(client, korean(korean_only.get_absolute_url()))
    assert language_of(html, "보안 관제 서비스") == "ko"
    assert "korean-original" not in html and "한국어 원문" not in html


def test_directory_cards_in_english_mark_the_korean_products(client, translated):
    html = page(client, english(reverse("companies:index")))
    assert language_of(html, SOCKETS) == "en"
    assert language_of(html, "보안 관제 서비스") == "ko"
    card = re.search(
        r'<article class="company-card">(?:(?!</article>).)*구로보안.*?</article>', html, re.S
    )
    assert "Korean original" in card.group(0)


def test_the_english_profile_filter(client, translated):
    with_english, korean_only = translated
    shown = page(client, english(reverse("companies:index")) + "?english=on")
    assert with_english.name in shown and korean_only.name not in shown
    assert "English profile available" in shown
    everyone = page(client, english(reverse("companies:index")))
    assert with_english.name in everyone and korean_only.name in everyone
    # The Korean page has the filter too.
    in_korean = page(client, korean(reverse("companies:index")) + "?english=on")
    assert with_english.name in in_korean and korean_only.name not in in_korean


@pytest.mark.parametrize("word", ["semiconductor", "Semiconductor test", "chip makers"])
def test_an_english_word_finds_companies_by_their_english_texts(client, translated, word):
    with_english, korean_only = translated
    for path in (korean(reverse("companies:index")), english(reverse("companies:index"))):
        html = page(client, f"{path}?q={word}")
        assert with_english.name in html, (path, word)
        assert korean_only.name not in html
    found = page(client, english(reverse("search")) + f"?q={word}")
    assert with_english.get_absolute_url().removeprefix("/en") in found


def test_the_manager_form_keeps_korean_and_english_apart_on_english_pages(client_for, translated):
    _with_english, company = translated
    manager = client_for(manager_of(company))
    url = english(reverse("companies:edit", args=[company.slug]))
    form = page(manager, url)
    assert "With English details, overseas buyers can find you" in form
    # The Korean field holds the Korean text, the English one is empty (not the Korean copied).
    assert re.search(r'<textarea name="products"[^>]*>\s*보안 관제 서비스</textarea>', form)
    assert re.search(r'<textarea name="products_en"[^>]*>\s*</textarea>', form)

    data = form_data(
        name=company.name,
        business_number=company.business_number,
        products="보안 관제 서비스",
        products_en="Security monitoring",
        keywords_en=" security ,, monitoring ",
        description_en="<p>We watch networks.</p><script>alert(1)</script>",
        road_address_en="27 Digital-ro 33-gil, Guro-gu, Seoul",
    )
    response = manager.post(url, data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.products_ko == "보안 관제 서비스"
    assert company.products_en == "Security monitoring"
    assert company.keywords_en == "security, monitoring"
    assert company.description_en == "<p>We watch networks.</p>"
    assert company.description_ko == "<p>안녕하세요</p>"
    assert company.road_address_en == "27 Digital-ro 33-gil, Guro-gu, Seoul"
    entry = company.history.filter(action=CompanyHistory.Action.EDITED).latest("pk")
    assert entry.changes["products_en"] == ["", "Security monitoring"]


def test_an_english_text_over_the_korean_limit_is_refused_and_nothing_is_written(
    client_for, translated
):
    _with_english, company = translated
    manager = client_for(manager_of(company))
    data = form_data(
        name=company.name, business_number=company.business_number, products_en="x" * 1001
    )
    response = manager.post(english(reverse("companies:edit", args=[company.slug])), data)
    assert response.status_code == 200
    assert "Ensure this value has at most 1000 characters" in response.content.decode()
    company.refresh_from_db()
    assert company.products_ko == "보안 관제 서비스" and not company.products_en


def _export(client):
    response = client.get(reverse("companies:export_csv"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _import(client, rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    upload = SimpleUploadedFile(
        "companies.csv", out.getvalue().encode("utf-8-sig"), content_type="text/csv"
    )
    response = client.post(
        reverse("admin:companies_company_import"),
        {"file": upload, "registered": "update"},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def _texts(company):
    company.refresh_from_db()
    return {
        f"{field}_{language}": getattr(company, f"{field}_{language}") or ""
        for field in ("products", "keywords", "description", "road_address")
        for language in ("ko", "en")
    }


def test_the_csv_carries_the_english_texts_there_and_back(staff_client, translated):
    with_english, korean_only = translated
    header, *rows = _export(staff_client)
    for column in ("주요 제품·서비스 (영문)", "키워드 (영문)", "소개 (영문)", "도로명 주소 (영문)"):
        assert column in header
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_name["가산반도체"]["주요 제품·서비스 (영문)"] == SOCKETS
    assert by_name["가산반도체"]["주요 제품·서비스"] == "반도체 검사 소켓, 프로브 카드"
    assert by_name["구로보안"]["주요 제품·서비스 (영문)"] == ""

    # Unchanged, the file changes nothing.
    before = {c.pk: _texts(c) for c in translated}
    assert "바뀐 내용이 없는 기업 2개" in _import(staff_client, [header, *rows])
    assert {c.pk: _texts(c) for c in translated} == before

    # English written in the spreadsheet for the Korean-only company lands in its English column.
    column = header.index("주요 제품·서비스 (영문)")
    for row in rows:
        if row[0] == "구로보안":
            row[column] = "Security monitoring centre"
    assert "고친 기업 1개" in _import(staff_client, [header, *rows])
    after = _texts(korean_only)
    assert after == {**before[korean_only.pk], "products_en": "Security monitoring centre"}
    assert _texts(with_english) == before[with_english.pk]
    # … and is found by its English words.
    assert korean_only.name in page(staff_client, reverse("companies:index") + "?q=monitoring")


def test_a_new_company_imported_with_english_texts(staff_client, translated):
    header, *rows = _export(staff_client)
    row = dict(zip(header, rows[0], strict=True))
    row.update(
        {
            "기업명": "새반도체",
            "사업자등록번호": "220-81-62517",
            "주요 제품·서비스": "웨이퍼 세정 장비",
            "주요 제품·서비스 (영문)": "Wafer cleaning equipment",
            "소개 (영문)": "<p>Clean wafers.</p><script>x</script>",
        }
    )
    page_ = _import(staff_client, [header, [row[column] for column in header]])
    assert "1개 기업을 가져왔습니다" in page_
    company = Company.objects.get(name="새반도체")
    assert company.products_ko == "웨이퍼 세정 장비"
    assert company.products_en == "Wafer cleaning equipment"
    assert company.description_en == "<p>Clean wafers.</p>"
    assert company.name in page(staff_client, reverse("companies:index") + "?q=wafer")


def test_staff_see_english_completeness_in_the_admin(staff_client, translated):
    with_english, korean_only = translated
    url = reverse("admin:companies_company_changelist")
    html = page(staff_client, url)
    assert re.search(r'<td class="field-english_completeness">3/4</td>', html)
    assert re.search(r'<td class="field-english_completeness">0/4</td>', html)
    only_english = page(staff_client, url + "?english=yes")
    assert with_english.name in only_english and korean_only.name not in only_english
    without = page(staff_client, url + "?english=no")
    assert korean_only.name in without and with_english.name not in without


def test_export_markets_are_named_in_english_from_the_locale_data(client, translated):
    with_english, korean_only = translated
    with_english.export_markets.set(ExportMarket.objects.filter(code__in=["VN", "JP"]))
    html = page(client, english(with_english.get_absolute_url()))
    assert re.search(r">Japan</a>, <a [^>]*>Vietnam</a>", html)
    assert "베트남" not in html
    listing = page(client, english(reverse("companies:index")) + "?market=VN")
    assert '<option value="VN" selected>Vietnam</option>' in listing
    assert with_english.name in listing and korean_only.name not in listing
    # The Korean page keeps the Korean names.
    assert "베트남" in page(client, korean(with_english.get_absolute_url()))
