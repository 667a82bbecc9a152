"""Bulk import: every row validated, bad rows reported by row, good rows imported in one go."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from companies.generate import business_number
from companies.importing import ImportAborted, import_companies
from companies.models import Company, CompanyHistory
from tests.companies.factories import BuildingFactory, CompanyFactory, valid_number

pytestmark = pytest.mark.django_db

HEADER = "기업명,사업자등록번호,업종 코드,단지,건물,설립 연도,직원 수,인증,수출 시장,웹사이트,대표 이메일,소개\n"


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig"):
    return (header + "".join(rows)).encode(encoding)


def test_good_rows_are_imported_and_bad_rows_reported_by_row_number():
    BuildingFactory(name="가산 누리테크타워", complex="2")
    CompanyFactory(business_number=valid_number(50))
    rows = [
        f"가산보안,{valid_number(1)},62,2,가산 누리테크타워,2015,10-49,벤처기업;이노비즈,VN;일본,https://a.example,a@example.com,<p>소개</p><script>x</script>\n",
        f",{valid_number(2)},62,2,,,,,,,,\n",  # row 3: no name
        "잘못번호,1234567890,62,2,,,,,,,,\n",  # row 4: check digit
        f"중복번호,{valid_number(50)},62,2,,,,,,,,\n",  # row 5: already registered
        f"파일안중복,{valid_number(1)},62,2,,,,,,,,\n",  # row 6: same as row 2
        f"업종틀림,{valid_number(3)},ZZ,2,,,,,,,,\n",  # row 7
        f"건물없음,{valid_number(4)},62,2,없는 빌딩,,,,,,,\n",  # row 8
        f"연도틀림,{valid_number(5)},62,2,,1800,,,,,,\n",  # row 9
        f"인증틀림,{valid_number(6)},62,2,,,,없는인증,,,,\n",  # row 10
        f"메일틀림,{valid_number(7)},62,2,,,,,,,not-mail,\n",  # row 11
        f"구로데이터,{valid_number(8)},63,1단지,,2001,300+,,,,,\n",  # row 12: fine
    ]
    result = import_companies(csv_bytes(rows))
    assert result.created == 2
    errors = dict(result.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "기업명" in errors[3]
    assert "검증 숫자" in errors[4]
    assert "이미 등록된" in errors[5]
    assert "2행과" in errors[6]
    assert "ZZ" in errors[7]
    assert "없는 빌딩" in errors[8]
    assert "설립 연도" in errors[9]
    assert "없는인증" in errors[10]
    assert "이메일" in errors[11]
    company = Company.objects.get(name="가산보안")
    assert company.status == Company.Status.APPROVED
    assert company.building.name == "가산 누리테크타워" and company.employee_band == "b"
    assert sorted(company.certifications.values_list("slug", flat=True)) == ["innobiz", "venture"]
    assert sorted(company.export_markets.values_list("code", flat=True)) == ["JP", "VN"]
    assert "<script>" not in company.description
    assert list(Company.objects.listed().search("보안")) == [company]
    assert Company.objects.get(name="구로데이터").complex == "1"
    assert CompanyHistory.objects.filter(action="imported").count() == 2


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "빈 파일"),
        (b"\x00\x01\x02binary", "CSV 텍스트 파일이 아닙니다"),
        ("이름,번호\n가,1\n".encode(), "머리글"),
    ],
)
def test_unreadable_files_import_nothing_with_a_message(raw, message):
    with pytest.raises(ImportAborted) as error:
        import_companies(raw)
    assert message in str(error.value)
    assert Company.objects.count() == 0


def test_excel_cp949_file_is_read():
    raw = csv_bytes([f"엑셀기업,{valid_number(1)},62,2,,,,,,,,\n"], encoding="cp949")
    assert import_companies(raw).created == 1


def test_a_database_clash_writes_nothing(monkeypatch):
    from companies import importing

    rows = [f"하나,{valid_number(1)},62,2,,,,,,,,\n", f"둘,{valid_number(2)},62,2,,,,,,,,\n"]
    original = importing.RowValidator.__init__

    def stale_numbers(self, *args):
        original(self, *args)
        # Someone registers the second number between validation and the write.
        CompanyFactory(business_number=valid_number(2))

    monkeypatch.setattr(importing.RowValidator, "__init__", stale_numbers)
    with pytest.raises(ImportAborted):
        import_companies(csv_bytes(rows))
    assert not Company.objects.filter(name__in=["하나", "둘"]).exists()


def test_command_reports_rows_and_imports(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_bytes(
        csv_bytes([f"명령기업,{valid_number(1)},62,2,,,,,,,,\n", "나쁜,1,62,2,,,,,,,,\n"])
    )
    call_command("import_companies", str(path), verbosity=0)
    out = capsys.readouterr()
    assert "1개 기업을 가져왔습니다" in out.out
    assert "3행:" in out.err
    with pytest.raises(CommandError):
        call_command("import_companies", str(tmp_path / "missing.csv"))


def test_fifteen_thousand_rows_are_imported_whole_and_searchable(tmp_path):
    # How long this takes is measured by `make bench`, not asserted here.
    rows = [
        f"대량기업{i},{business_number(6, i)},62,2,,2010,10-49,벤처기업,VN,,,<p>소개 {i}</p>\n"
        for i in range(15_000)
    ]
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes(rows))
    call_command("import_companies", str(path), verbosity=0)
    assert Company.objects.count() == 15_000
    assert Company.objects.filter(name="대량기업14999").exists()


def test_admin_upload_page(staff_client):
    url = reverse("admin:companies_company_import")
    assert staff_client.get(url).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "c.csv",
        csv_bytes([f"관리자기업,{valid_number(1)},62,2,,,,,,,,\n", "틀림,123,62,2,,,,,,,,\n"]),
    )
    response = staff_client.post(url, {"file": upload}, follow=True)
    body = response.content.decode()
    # The worker's job (run at once in tests) has finished: the job's page gives the report.
    assert response.redirect_chain[-1][0].startswith("/admin/companies/importjob/")
    assert "가져오기를 시작했습니다" in body
    assert "<td>3</td>" in body and "숫자 10자리" in body
    assert 'http-equiv="refresh"' not in body
    assert Company.objects.filter(name="관리자기업").exists()


def test_admin_upload_of_an_unreadable_file_says_why_and_queues_nothing(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from companies.models import ImportJob

    upload = SimpleUploadedFile("c.csv", "이름,전화\n가,1\n".encode())
    response = staff_client.post(reverse("admin:companies_company_import"), {"file": upload})
    assert response.status_code == 200
    assert "사업자등록번호 열이 있어야 합니다" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_import_jobs_are_staff_only(resident_client, council_client, company_manager_client):
    for client in (resident_client, council_client, company_manager_client):
        response = client.get(reverse("admin:companies_importjob_changelist"))
        assert response.status_code == 302  # to the admin's sign-in


def test_admin_upload_refuses_non_staff(resident_client):
    assert resident_client.get(reverse("admin:companies_company_import")).status_code == 302


def test_imported_companies_are_found_by_the_directorys_korean_search(client):
    rows = [
        f"누리보안솔루션,{valid_number(1)},62,2,,,,,,,,<p>클라우드 관제</p>\n",
        f"가산정밀,{valid_number(2)},29,2,,,,,,,,<p>금형 가공</p>\n",
        *(f"구로전자{i},{valid_number(i + 10)},26,3,,,,,,,,\n" for i in range(50)),
    ]
    assert import_companies(csv_bytes(rows)).created == 52
    url = reverse("companies:index")
    by_name = client.get(url, {"q": "보안"}).content.decode()
    assert "누리보안솔루션" in by_name and "가산정밀" not in by_name
    by_description = client.get(url, {"q": "클라우드"}).content.decode()
    assert "누리보안솔루션" in by_description and "구로전자" not in by_description
    by_part_of_a_name = client.get(url, {"q": "전자49"}).content.decode()
    assert "구로전자49" in by_part_of_a_name and "구로전자48" not in by_part_of_a_name
    company = Company.objects.get(name="누리보안솔루션")
    assert client.get(company.get_absolute_url()).status_code == 200


TRICKY_ROWS = [
    # Quotes, commas, line breaks, tabs, backslashes and a cell a spreadsheet would evaluate.
    '"큰따옴표 ""회사""",{n1},62,2,가산 누리테크타워,12,1203호,,1999,300+,"보안, 관제","a\\b, c\td",'
    "벤처기업;이노비즈,VN;JP,https://a.example/path?x=1,02-1234-5678,a@example.com,"
    '"<p>첫 줄</p>\n<p>둘째 \\N 줄 &amp; 끝</p>"\n',
    "'=SUM(A1),{n2},,,,,,,,,,,,,,,,\n",
    "\\N,{n3},63,1단지,,,,서울 금천구 가산디지털1로 1,2020,1-9,,,,,,,,plain text line\n",
]
FULL_HEADER = (
    "기업명,사업자등록번호,업종 코드,단지,건물,층,호실,도로명 주소,설립 연도,직원 수,주요 제품·서비스,"
    "키워드,인증,수출 시장,웹사이트,대표 전화,대표 이메일,소개\n"
)


def _stored():
    """Return what the database holds of the imported companies, ids and times aside."""
    skip = {"id", "created_at", "updated_at", "approved_at", "created_by_id"}
    fields = [f.attname for f in Company._meta.concrete_fields if f.attname not in skip]
    companies = []
    for company in Company.objects.order_by("business_number"):
        values = {name: getattr(company, name) for name in fields}
        values["approved"] = company.approved_at is not None
        values["created_by"] = company.created_by_id
        values["certifications"] = sorted(company.certifications.values_list("slug", flat=True))
        values["export_markets"] = sorted(company.export_markets.values_list("code", flat=True))
        values["history"] = list(
            company.history.values_list("user_id", "action", "changes", "note")
        )
        companies.append(values)
    # The vector as PostgreSQL holds it, and whether it is NULL.
    for values in companies:
        values["search_vector"] = (
            Company.objects.filter(business_number=values["business_number"])
            .values_list("search_vector", flat=True)
            .get()
        )
    return companies


def _save_through_the_orm(raw, user, status):
    """Write the file's rows with Company.save(), as the import did before it used COPY."""
    from companies import importing
    from companies.services import unique_slug

    validate = importing.RowValidator()
    taken = set(Company.objects.values_list("slug", flat=True))
    for number, cells, _problem in importing.read_rows(importing.decode(raw)):
        row = validate(number, cells)
        values = row.values
        company = Company(
            **{k: v for k, v in values.items() if k not in ("industry", "building")},
            industry_id=values["industry"],
            building_id=values["building"],
            status=status,
            approved_at=timezone.now() if status == Company.Status.APPROVED else None,
            created_by=user,
        )
        company.slug = unique_slug(company.name, taken)
        company.save()
        company.certifications.set(row.many["certifications"])
        company.export_markets.set(row.many["export_markets"])
        CompanyHistory.objects.create(
            company=company, user=user, action="imported", note=f"CSV {number}행"
        )


@pytest.mark.parametrize("status", [Company.Status.APPROVED, Company.Status.PENDING])
def test_the_import_stores_what_the_orm_would(status):
    from django.db import transaction

    from tests.factories import StaffFactory

    BuildingFactory(name="가산 누리테크타워", complex="2")
    staff = StaffFactory() if status == Company.Status.APPROVED else None
    raw = csv_bytes(
        [
            row.format(n1=valid_number(1), n2=valid_number(2), n3=valid_number(3))
            for row in TRICKY_ROWS
        ],
        header=FULL_HEADER,
    )
    with transaction.atomic():
        result = import_companies(raw, user=staff, status=status)
        imported = _stored()
        transaction.set_rollback(True)
    assert result.created == 3 and not result.errors
    _save_through_the_orm(raw, staff, status)
    assert imported == _stored()
    first = imported[0]
    assert first["name"] == '큰따옴표 "회사"' and first["keywords"] == "a\\b, c\td"
    assert "\\N 줄 &amp; 끝" in first["description"]
    assert [values["name"] for values in imported[1:]] == ["=SUM(A1)", "\\N"]
    assert imported[1]["industry_id"] is None and imported[1]["founded_year"] is None


WEBSITES = [
    "https://www.example.co.kr",
    "HTTP://EXAMPLE.COM/About-Us/index.html",
    "https://a.example/path?x=1",
    "https://예시.한국/소개",
    "https://-bad.example",
    "https://bad-.example",
    "https://a..example",
    "https://example.c",
    "https://exa_mple.com",
    f"https://{'a' * 64}.example",
    "https://example.com/with space",
    "ftp://example.com",
    "https://localhost",
    "https://[::1]/",
    "https://192.168.0.1:8080/x",
]


def test_websites_are_refused_exactly_where_djangos_url_validator_refuses_them():
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    validator = URLValidator(schemes=["http", "https"])
    rows = [f"웹{i},{valid_number(i)},,,,,,,,,,{url}\n" for i, url in enumerate(WEBSITES)]
    header = "기업명,사업자등록번호,업종 코드,단지,건물,설립 연도,직원 수,인증,수출 시장,대표 이메일,소개,웹사이트\n"
    refused = {number - 2 for number, _message in import_companies(csv_bytes(rows, header)).errors}
    expected = set()
    for index, url in enumerate(WEBSITES):
        try:
            validator(url)
        except ValidationError:
            expected.add(index)
    assert refused == expected and 4 <= len(expected) < len(WEBSITES)
