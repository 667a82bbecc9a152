"""Bulk import: every row validated, bad rows reported by row, good rows imported in one go."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

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
