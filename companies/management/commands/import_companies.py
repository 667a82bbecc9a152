"""Import companies from a CSV file: every row validated, errors by row, valid rows imported.

    python manage.py import_companies companies.csv
    python manage.py import_companies companies.csv --pending   # import as 검토 대기
    python manage.py import_companies export.csv --update      # registered ones take the file's values

The format is the staff export's (companies/csvformat.py), Korean or English header: 기업명*,
사업자등록번호*, 영문 기업명, 대표자 직함, 업종 코드 (KSIC 중분류, e.g. 62), 단지 (1/2/3), 건물, 층,
호실, 도로명 주소, 설립 연도, 직원 수 (1-9, 10-49, 50-99, 100-299, 300+), 주요 제품·서비스, 키워드,
인증 (; separated), 수출 시장 (; separated ISO codes or names), 웹사이트, 대표 전화, 대표 이메일, 소개.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from companies.importing import ImportAborted, import_companies
from companies.models import Company


class Command(BaseCommand):
    help = "Import companies from a CSV file (valid rows imported, bad rows reported by row)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--pending", action="store_true", help="Import as pending review instead of listed."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Update registered companies (same business number) with the file's values.",
        )

    def handle(self, *args, file, pending, update, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        quiet = options["verbosity"] == 0

        def progress(iterable, desc, total=None):
            return tqdm(iterable, desc=desc, total=total, disable=quiet, unit="rows")

        status = Company.Status.PENDING if pending else Company.Status.APPROVED
        try:
            result = import_companies(
                file.read_bytes(), progress=progress, status=status, update_existing=update
            )
        except ImportAborted as error:
            raise CommandError(str(error)) from error
        for number, message in result.errors:
            self.stderr.write(f"{number}행: {message}")
        self.stdout.write(
            self.style.SUCCESS(f"{result.created}개 기업을 가져왔습니다.")
            + (
                f" {result.updated}개 기업을 고쳤고 {result.unchanged}개는 바뀐 내용이 없습니다."
                if update
                else ""
            )
            + (f" 오류 {len(result.errors)}행은 건너뛰었습니다." if result.errors else "")
        )
