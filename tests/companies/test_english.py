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
from django.test import Client
from django.urls import reverse
from django.utils import translation

from companies.models import (
    Certification,
    Company,
    CompanyHistory,
    ExportMarket,
    PendingChange,
)
from tests.addresses import english
from tests.companies.factories import BuildingFactory, CompanyFactory, manager_of
from tests.companies.test_services import form_data
from tests.markup import hangul_outside_korean, language_of, text_languages

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


# Reference data in English, and no Hangul left unmarked on the directory's English pages


@pytest.fixture
def directory_in_english(translated):
    """Companies in a building with an English name and in one without, with certifications
    (one staff added without an English name), markets, units and titles typed in Korean."""
    with_english, korean_only = translated
    tower = BuildingFactory(name="대륭포스트타워 8차", name_en="Daeryung Post Tower 8", complex="1")
    plant = BuildingFactory(name="가산 정밀공장동", complex="2")
    green = Certification.objects.create(name="녹색인증", slug="green")
    Company.objects.filter(pk=with_english.pk).update(
        building=tower, complex="1", floor="12", unit="1203호", representative_title="대표이사"
    )
    Company.objects.filter(pk=korean_only.pk).update(
        building=plant, complex="2", floor="3", unit="B동 301호", industry_id="26"
    )
    with_english.certifications.set(Certification.objects.filter(slug__in=["venture", "gs"]))
    korean_only.certifications.set([green, Certification.objects.get(slug="innobiz")])
    with_english.export_markets.set(ExportMarket.objects.filter(code__in=["VN", "JP"]))
    with_english.refresh_from_db()
    korean_only.refresh_from_db()
    return with_english, korean_only, tower, plant


def test_the_directory_in_english_shows_no_hangul_outside_korean_marked_elements(
    client, directory_in_english
):
    with_english, korean_only, tower, plant = directory_in_english
    paths = [
        "/companies/",
        "/companies/?industry=J&english=on&market=VN",
        "/companies/?industry=26",
        "/companies/?certification=green",
        "/companies/?certification=venture&sort=name",
        f"/companies/?building={tower.pk}",
        f"/companies/?building={plant.pk}",
        f"/companies/?complex=2&building={plant.pk}",
        f"/companies/?complex=1&building={plant.pk}",  # a building in another complex
        "/companies/?q=semiconductor",
        "/companies/?q=없는말",
        korean(with_english.get_absolute_url()),
        korean(korean_only.get_absolute_url()),
    ]
    for path in paths:
        html = page(client, english(path))
        assert hangul_outside_korean(html) == [], path
    # The Korean pages, by contrast, are Korean throughout (the check finds what it looks for).
    assert hangul_outside_korean(page(client, "/companies/"))


def test_reference_data_is_named_in_english(client, directory_in_english):
    with_english, korean_only, tower, plant = directory_in_english
    listing = page(client, english("/companies/"))
    # KSIC names as Statistics Korea publishes them, in the filter and on the cards.
    assert '<optgroup label="J Information and communication">' in listing
    assert (
        '<option value="62">62 Computer programming, consultancy and related activities</option>'
        in listing
    )
    assert '<option value="C">All of C Manufacturing</option>' in listing
    assert "컴퓨터 프로그래밍" not in listing
    # Buildings as their owners write them; one without an English name says it is Korean.
    assert f'<option value="{tower.pk}">Daeryung Post Tower 8</option>' in listing
    assert f'<option value="{plant.pk}" lang="ko">가산 정밀공장동</option>' in listing
    # Certifications by their official English names; one staff added in Korean only is marked.
    assert (
        '<option value="venture">Venture Business (Venture Company Certification)</option>'
        in listing
    )
    assert language_of(listing, "녹색인증") == "ko"

    company = page(client, english(with_english.get_absolute_url()))
    shown = " ".join(text for text, _language in text_languages(company))
    assert "Computer programming, consultancy and related activities" in shown
    assert "J Information and communication › 62 Computer programming" in shown
    assert "GS Certification" in shown and "Venture Business" in shown
    assert "Daeryung Post Tower 8 12F Unit 1203" in shown
    assert language_of(company, "대표이사") == "ko"

    other = page(client, english(korean_only.get_absolute_url()))
    assert language_of(other, "가산 정밀공장동") == "ko"
    assert language_of(other, "B동 301호") == "ko"
    assert "Manufacture of electronic components" in other
    assert "INNOBIZ" in other

    # The Korean pages keep the Korean names.
    korean_page = page(client, korean(with_english.get_absolute_url()))
    assert "컴퓨터 프로그래밍, 시스템 통합 및 관리업" in korean_page
    assert "대륭포스트타워 8차 12층 1203호" in " ".join(t for t, _l in text_languages(korean_page))
    assert "Daeryung Post Tower 8" not in korean_page


def test_the_stats_charts_name_industries_and_buildings_in_english(client, directory_in_english):
    from companies.figures import by_building, by_industry

    with translation.override("en"):
        assert ("J Information and communication", 1) in by_industry()
        assert ("Daeryung Post Tower 8", 1) in by_building()
    with translation.override("ko"):
        assert ("J 정보통신업", 1) in by_industry()


def test_staff_edit_english_reference_names_side_by_side(staff_client, directory_in_english):
    _with_english, _korean_only, _tower, plant = directory_in_english
    for url in (
        reverse("admin:companies_building_change", args=[plant.pk]),
        reverse(
            "admin:companies_certification_change", args=[Certification.objects.get(slug="gs").pk]
        ),
        reverse("admin:companies_industrydivision_change", args=["62"]),
        reverse("admin:companies_industrysection_change", args=["J"]),
    ):
        html = page(staff_client, url)
        # Both names in one row of the form.
        assert re.search(r'class="form-row[^"]*field-name field-name_en', html), url
    response = staff_client.post(
        reverse("admin:companies_building_change", args=[plant.pk]),
        {
            "name": plant.name,
            "name_en": "Gasan Precision Factory",
            "slug": plant.slug,
            "kind": plant.kind,
            "complex": plant.complex,
            "road_address": plant.road_address,
        },
    )
    assert response.status_code == 302
    plant.refresh_from_db()
    assert plant.name_en == "Gasan Precision Factory"
    listing = page(Client(), english("/companies/"))
    assert f'<option value="{plant.pk}">Gasan Precision Factory</option>' in listing


def test_the_csv_names_the_industry_in_the_files_language_and_reads_english_names(
    staff_client, directory_in_english
):
    with_english, korean_only, tower, _plant = directory_in_english
    header, *rows = _export(staff_client)
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_name["가산반도체"]["업종명"] == "컴퓨터 프로그래밍, 시스템 통합 및 관리업"
    response = staff_client.get(english(reverse("companies:export_csv")))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    english_rows = list(csv.reader(io.StringIO(body)))
    column = english_rows[0].index("Industry name")
    assert any(
        row[column] == "Computer programming, consultancy and related activities"
        for row in english_rows[1:]
    )
    # A spreadsheet that names the building and a certification in English is understood.
    korean_header = header
    row = dict(by_name["구로보안"])
    row["건물"] = "Daeryung Post Tower 8"
    row["단지"] = "1"
    row["인증"] = "GS Certification; INNOBIZ"
    _import(staff_client, [korean_header, [row[c] for c in korean_header]])
    korean_only.refresh_from_db()
    assert korean_only.building_id == tower.pk
    assert sorted(c.slug for c in korean_only.certifications.all()) == ["gs", "innobiz"]


def test_a_good_share_of_demo_companies_have_an_english_profile(client):
    from companies import demo

    demo.load(scale=0, progress=None)
    everyone = Company.objects.listed().count()
    html = page(client, english("/companies/") + "?english=on")
    count = int(re.search(r"(\d+) compan", " ".join(t for t, _l in text_languages(html))).group(1))
    assert everyone >= 50 and count >= everyone / 2, (count, everyone)
    assert hangul_outside_korean(html) == []


def test_the_manager_form_names_reference_data_in_the_pages_language(client_for, translated):
    _with_english, company = translated
    manager = client_for(manager_of(company))
    url = reverse("companies:edit", args=[company.slug])
    form = page(manager, english(url))
    assert '<optgroup label="J Information and communication">' in form
    assert ">62 Computer programming, consultancy and related activities</option>" in form
    assert "Venture Business (Venture Company Certification)" in form
    assert re.search(r"Vietnam\s*</label>", form)
    assert "컴퓨터 프로그래밍" not in form and "벤처기업" not in form
    korean_form = page(manager, korean(url))
    assert ">62 컴퓨터 프로그래밍, 시스템 통합 및 관리업</option>" in korean_form
    assert "벤처기업" in korean_form and "베트남" in korean_form


def test_the_managers_english_pages_mark_the_korean_they_show(client_for):
    """Names, a staff member's reason and the Korean fields a manager reads on English pages are
    marked lang="ko"; a change waiting for review is worded in English."""
    building = BuildingFactory(name="가산 정밀공장동", name_en="")
    company = CompanyFactory(
        name="새빛메신저", building=building, products="사내 메신저", status="rejected"
    )
    Company.objects.filter(pk=company.pk).update(status_reason="상호가 다릅니다.")
    manager = manager_of(company, name="김담당")
    PendingChange.objects.create(
        company=company, name="새빛톡", business_number="2208162517", requested_by=manager
    )
    client = client_for(manager)
    for name in ("mine", "edit", "photos", "managers"):
        args = [] if name == "mine" else [company.slug]
        html = page(client, english(reverse(f"companies:{name}", args=args)))
        assert hangul_outside_korean(html) == [], name
    mine = page(client, english(reverse("companies:mine")))
    assert (
        'Change pending review: Company name → <span lang="ko">새빛톡</span>, '
        "Business registration number → 220-81-62517"
    ) in mine
    edit = page(client, english(reverse("companies:edit", args=[company.slug])))
    assert re.search(
        r'<textarea name="products"[^>]*lang="ko"[^>]*>\s*사내 메신저</textarea>', edit
    )
    assert f'<option value="{building.pk}" selected lang="ko">가산 정밀공장동</option>' in edit
    korean_mine = page(client, korean(reverse("companies:mine")))
    assert "검토 대기 중인 변경: 기업명 → 새빛톡, 사업자등록번호 → 220-81-62517" in korean_mine
