"""Bulk import of companies from CSV (command `import_companies` and the admin upload page).

The file is in the directory's CSV format (companies/csvformat.py), so a staff export can be
edited in a spreadsheet and imported back. Every row is validated first; errors are reported by
row number (the header is row 1, as in a spreadsheet) with the reason. The valid rows are then
written in one transaction, so either all of them are imported or — on a database error — none.

A row whose 사업자등록번호 is already registered is refused, unless the import is asked to
update registered companies (`update_existing`): the company then takes the file's values for
every column the file has (an empty cell empties the field); columns the file lacks, its status
and its page address stay as they are. Each change is written to the company's history.
"""

import csv
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from gvalley import csvfiles
from gvalley.bulk import copy_rows, reserve_ids
from gvalley.cache import bump_content_version
from gvalley.richtext import clean_html

from . import csvformat
from .models import (
    ENGLISH_FIELDS,
    Building,
    Certification,
    Company,
    CompanyHistory,
    ExportMarket,
    IndustryDivision,
    normalise_business_number,
    validate_business_number,
)
from .search import company_tsvector
from .services import diff, snapshot, unique_slug

MAX_ROWS = 200_000
BATCH = 2000

REQUIRED = ("name", "business_number")
MAX_LENGTHS = {
    "name": 100,
    "name_en": 100,
    "representative_title": 40,
    "floor": 10,
    "unit": 20,
    "road_address": 200,
    "road_address_en": 200,
    "products": 1000,
    "products_en": 1000,
    "keywords": 200,
    "keywords_en": 200,
    "website": 200,
    "phone": 20,
    "email": 254,
    "description": 20000,
    "description_en": 20000,
}
# The Korean texts are written to their `_ko` columns, which pages read (companies/translation.py),
# and to the plain ones (NOT NULL, kept as modeltranslation keeps them).
KOREAN_COLUMNS = {name: f"{name}_ko" for name in ENGLISH_FIELDS}
PHONE_RE = re.compile(r"^0\d{1,2}-?\d{3,4}-?\d{4}$|^1\d{3}-?\d{4}$")
LIST_SPLIT = re.compile(r"[;|]")
# Plain web addresses (https://www.example.co.kr/about) that Django's URLValidator accepts, checked
# by one match: ASCII labels of at most 63 characters not starting or ending with "-", a TLD of
# letters, a path of unreserved characters. Anything else goes through URLValidator itself.
PLAIN_URL = re.compile(
    r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?:/[a-z0-9._~%/-]*)?",
    re.IGNORECASE | re.ASCII,
)
MANY = ("certifications", "export_markets")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # [(row number, message)]
    rows: int = 0

    @property
    def ok(self):
        return not self.errors


@dataclass
class ValidRow:
    number: int  # the row's number in the file
    values: dict  # field → value, for the columns the file has
    many: dict  # certifications / export_markets → [pk], for the columns the file has
    company_id: int | None = None  # the registered company the row updates


class ImportAborted(Exception):
    """The file as a whole cannot be read (encoding, header); nothing is imported."""


def decode(raw):
    """Return the text of an uploaded CSV: UTF-8 (with or without BOM), else Excel's CP949."""
    if b"\x00" in raw[:4096]:
        raise ImportAborted(_("CSV 텍스트 파일이 아닙니다. 엑셀에서 ‘CSV UTF-8’로 저장해 주세요."))
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportAborted(_("글자 인코딩을 읽을 수 없습니다. ‘CSV UTF-8’로 저장해 주세요."))


class RowValidator:
    """Validate one row against reference data loaded once for the whole file."""

    def __init__(self, update_existing=False):
        self.update_existing = update_existing
        self.divisions = set(IndustryDivision.objects.values_list("code", flat=True))
        # A building or certification by its Korean or its English name (either may be typed).
        buildings = list(Building.objects.all())
        self.buildings = {b.name_en: b for b in buildings if b.name_en}
        self.buildings.update({b.name: b for b in buildings})  # a Korean name wins
        certifications = list(Certification.objects.all())
        self.certifications = {c.name_en.casefold(): c.pk for c in certifications if c.name_en}
        for cert in certifications:
            self.certifications[cert.name.casefold()] = cert.pk
            self.certifications[cert.slug] = cert.pk
        self.markets = {}
        for market in ExportMarket.objects.all():
            self.markets[market.code.casefold()] = market.pk
            self.markets[market.name.casefold()] = market.pk
        self.existing_numbers = dict(Company.objects.values_list("business_number", "pk"))
        self.seen_numbers = {}
        self.complexes = csvformat.complex_values()
        self.bands = csvformat.band_values()
        self.url = URLValidator(schemes=["http", "https"])
        self.email = EmailValidator()
        self.this_year = timezone.now().year

    def __call__(self, number, row):
        """Return a ValidRow, or the row's error messages (row: field → raw text)."""
        errors = []
        company_id = None
        v = dict.fromkeys(csvformat.IMPORTED_FIELDS, "")
        v.update({k: cell.strip() for k, cell in row.items()})
        for name in REQUIRED:
            if not v[name]:
                errors.append(_("%(field)s이(가) 비어 있습니다.") % {"field": _label(name)})
        for name, limit in MAX_LENGTHS.items():
            if len(v[name]) > limit:
                errors.append(
                    _("%(field)s은(는) %(limit)s자 이하여야 합니다. (%(length)s자)")
                    % {"field": _label(name), "limit": limit, "length": len(v[name])}
                )
                v[name] = v[name][:limit]
        v["name"] = " ".join(v["name"].split())
        if v["business_number"]:
            digits = normalise_business_number(v["business_number"])
            try:
                validate_business_number(digits)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                if digits in self.seen_numbers:
                    errors.append(
                        _("%(row)s행과 사업자등록번호가 같습니다.")
                        % {"row": self.seen_numbers[digits]}
                    )
                elif digits in self.existing_numbers and not self.update_existing:
                    errors.append(
                        _(
                            "이미 등록된 사업자등록번호입니다. 파일의 내용으로 그 기업을 "
                            "고치려면 ‘등록된 기업은 파일 내용으로 고치기’를 골라 주세요."
                        )
                    )
                else:
                    company_id = self.existing_numbers.get(digits)
                    self.seen_numbers[digits] = number
            v["business_number"] = digits
        if v["industry"] and v["industry"].zfill(2) not in self.divisions:
            errors.append(
                _("업종 코드 ‘%(code)s’는 한국표준산업분류 중분류가 아닙니다.")
                % {"code": v["industry"]}
            )
        v["industry"] = v["industry"].zfill(2) if v["industry"] else None
        complex_ = ""
        if v["complex"]:
            complex_ = self.complexes.get(v["complex"].casefold().replace(" ", ""))
            if complex_ is None:
                errors.append(_("단지는 1, 2, 3 중 하나여야 합니다."))
                complex_ = ""
        v["complex"] = complex_
        building = None
        if v["building"]:
            building = self.buildings.get(v["building"])
            if building is None:
                errors.append(_("건물 ‘%(name)s’이(가) 목록에 없습니다.") % {"name": v["building"]})
            elif complex_ and building.complex != complex_:
                errors.append(_("건물과 단지가 맞지 않습니다."))
            else:
                v["complex"] = v["complex"] or building.complex
        v["building"] = building.pk if building else None
        if v["founded_year"]:
            if not v["founded_year"].isdigit() or not (
                1900 <= int(v["founded_year"]) <= self.this_year
            ):
                errors.append(
                    _("설립 연도는 1900년부터 %(year)s년 사이의 숫자여야 합니다.")
                    % {"year": self.this_year}
                )
                v["founded_year"] = None
            else:
                v["founded_year"] = int(v["founded_year"])
        else:
            v["founded_year"] = None
        band = v["employee_band"]
        if band:
            band = self.bands.get(band.casefold().replace(" ", "").replace("명", ""))
            if band is None:
                errors.append(_("직원 수는 1-9, 10-49, 50-99, 100-299, 300+ 중 하나여야 합니다."))
        v["employee_band"] = band or ""
        if v["website"] and not PLAIN_URL.fullmatch(v["website"]):
            try:
                self.url(v["website"])
            except ValidationError:
                errors.append(_("웹사이트 주소가 올바르지 않습니다. (http:// 또는 https://)"))
        if v["email"]:
            try:
                self.email(v["email"])
            except ValidationError:
                errors.append(_("이메일 주소가 올바르지 않습니다."))
        if v["phone"] and not PHONE_RE.match(v["phone"]):
            errors.append(_("전화번호 형식이 아닙니다. 예: 02-1234-5678"))
        many = {"certifications": [], "export_markets": []}
        for column, lookup in (
            ("certifications", self.certifications),
            ("export_markets", self.markets),
        ):
            for item in filter(None, (x.strip() for x in LIST_SPLIT.split(v.pop(column)))):
                pk = lookup.get(item.casefold())
                if pk is None:
                    errors.append(
                        _("%(field)s ‘%(value)s’을(를) 알 수 없습니다.")
                        % {"field": _label(column), "value": item}
                    )
                elif pk not in many[column]:
                    many[column].append(pk)
        v["description"] = clean_html(v["description"])
        v["description_en"] = clean_html(v["description_en"])
        if errors:
            return errors
        if company_id is not None:
            # An update writes only the columns the file has.
            # (A building brings its complex along, as on the company's form.)
            v = {k: value for k, value in v.items() if k in row or (k == "complex" and building)}
            many = {k: pks for k, pks in many.items() if k in row}
        return ValidRow(number, v, many, company_id)


def _label(name):
    labels = {
        "name": _("기업명"),
        "business_number": _("사업자등록번호"),
        "name_en": _("영문 기업명"),
        "representative_title": _("대표자 직함"),
        "floor": _("층"),
        "unit": _("호실"),
        "road_address": _("도로명 주소"),
        "products": _("주요 제품"),
        "keywords": _("키워드"),
        "website": _("웹사이트"),
        "phone": _("대표 전화"),
        "email": _("대표 이메일"),
        "description": _("소개"),
        "road_address_en": _("도로명 주소 (영문)"),
        "products_en": _("주요 제품·서비스 (영문)"),
        "keywords_en": _("키워드 (영문)"),
        "description_en": _("소개 (영문)"),
        "certifications": _("인증"),
        "export_markets": _("수출 시장"),
    }
    return labels.get(name, name)


def read_rows(text):
    """Yield (row number, {field: value}, problem) from CSV text.

    A row has every column of the header (a short row's missing cells are empty). Raise
    ImportAborted on a bad header.
    """
    reader = csvfiles.reader(text)
    try:
        header = next(reader)
    except StopIteration as error:
        raise ImportAborted(_("빈 파일입니다.")) from error
    except csv.Error as error:
        raise ImportAborted(_("CSV 형식이 아닙니다: %(error)s") % {"error": error}) from error
    known = csvformat.header_fields()
    fields = [known.get(h.strip().lstrip("\ufeff").casefold()) for h in header]
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise ImportAborted(
            _("첫 줄(머리글)에 %(columns)s 열이 있어야 합니다.")
            % {"columns": ", ".join(str(_label(m)) for m in missing)}
        )
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield number, None, _("CSV 형식 오류: %(error)s") % {"error": error}
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(fields):
            yield number, None, _("열이 머리글보다 많습니다. (%(n)s개)") % {"n": len(cells)}
            continue
        cells += [""] * (len(fields) - len(cells))
        yield number, {f: c for f, c in zip(fields, cells, strict=True) if f}, None


def count_rows(raw):
    """Check the file as a whole (encoding, header) and return its number of data rows.

    Raise ImportAborted as import_companies would, so a bad file is refused on upload.
    """
    rows = 0
    for _row in read_rows(decode(raw)):
        rows += 1
        if rows > MAX_ROWS:
            raise ImportAborted(_("한 번에 %(n)s행까지 가져올 수 있습니다.") % {"n": MAX_ROWS})
    return rows


def import_companies(
    raw, user=None, progress=None, status=Company.Status.APPROVED, update_existing=False
):
    """Validate every row of the CSV bytes and import the valid ones in one transaction.

    New companies get `status`; with update_existing, rows of registered 사업자등록번호
    update those companies (see the module docstring).
    """
    text = decode(raw)
    result = ImportResult()
    validate = RowValidator(update_existing)
    valid = []
    rows = read_rows(text)
    if progress:
        rows = progress(rows, desc="검증")
    for number, row, problem in rows:
        result.rows += 1
        if result.rows > MAX_ROWS:
            raise ImportAborted(_("한 번에 %(n)s행까지 가져올 수 있습니다.") % {"n": MAX_ROWS})
        if problem:
            result.errors.append((number, problem))
            continue
        checked = validate(number, row)
        if isinstance(checked, ValidRow):
            valid.append(checked)
        else:
            result.errors.append((number, " ".join(str(e) for e in checked)))
    if valid:
        try:
            with transaction.atomic():
                new = [row for row in valid if row.company_id is None]
                if new:
                    result.created = _create(new, user, status, progress)
                registered = [row for row in valid if row.company_id is not None]
                if registered:
                    result.updated = _update(registered, user)
                    result.unchanged = len(registered) - result.updated
                transaction.on_commit(bump_content_version)
        except IntegrityError as error:
            # A company registered at the same moment took a number: nothing was written.
            raise ImportAborted(
                _(
                    "저장 중 다른 변경과 충돌해 아무것도 가져오지 않았습니다. 다시 시도해 주세요. (%(error)s)"
                )
                % {"error": str(error).splitlines()[0]}
            ) from error
    return result


def _create(rows, user, status, progress=None):
    """Write new companies, their certifications, export markets and history with COPY."""
    now = timezone.now()
    taken = set(Company.objects.values_list("slug", flat=True))
    ids = reserve_ids(Company, len(rows))
    names = [name for name in rows[0].values if name not in ("industry", "building")]
    korean = [name for name in names if name in KOREAN_COLUMNS]
    columns = [
        "id",
        *names,
        *[KOREAN_COLUMNS[name] for name in korean],
        "industry_id",
        "building_id",
        "slug",
        "search_vector",
    ]
    user_id = user.pk if user else None
    fixed = {
        "status": status,
        "approved_at": now if status == Company.Status.APPROVED else None,
        "created_by_id": user_id,
        "created_at": now,
        "updated_at": now,
    }

    def company_rows():
        batches = range(0, len(rows), BATCH)
        if progress:
            batches = progress(batches, desc="저장", total=len(batches))
        for start in batches:
            for pk, row in zip(
                ids[start : start + BATCH], rows[start : start + BATCH], strict=True
            ):
                values = row.values
                yield (
                    pk,
                    *[values[name] for name in names],
                    *[values[name] for name in korean],
                    values["industry"],
                    values["building"],
                    unique_slug(values["name"], taken),
                    company_tsvector(
                        f"{values['name']} {values['name_en']}",
                        " ".join(
                            values[name]
                            for name in ("keywords", "products", "keywords_en", "products_en")
                        ),
                        strip_tags(f"{values['description']} {values['description_en']}"),
                    ),
                )

    copy_rows(Company, columns, company_rows(), fixed)
    _add_many(zip(ids, (row.many for row in rows), strict=True))
    note = _("CSV %(row)s행")
    copy_rows(
        CompanyHistory,
        ["company_id", "note"],
        ((pk, note % {"row": row.number}) for pk, row in zip(ids, rows, strict=True)),
        {"user_id": user_id, "action": CompanyHistory.Action.IMPORTED.value, "created_at": now},
    )
    clean_search_index()
    return len(rows)


def _add_many(entries):
    """Add certifications and export markets: entries are (company pk, {column: [pk]})."""
    certs, markets = [], []
    for company_id, many in entries:
        certs += [(company_id, pk) for pk in many.get("certifications", ())]
        markets += [(company_id, pk) for pk in many.get("export_markets", ())]
    copy_rows(Company.certifications.through, ["company_id", "certification_id"], certs)
    copy_rows(Company.export_markets.through, ["company_id", "exportmarket_id"], markets)


def _update(rows, user):
    """Write the rows over the registered companies they name; return how many changed.

    The companies are locked, so a manager's edit saved meanwhile lands either before this
    (and is overwritten, as the history shows) or after it.
    """
    now = timezone.now()
    companies = (
        Company.objects.select_for_update()
        .prefetch_related("certifications", "export_markets")
        .in_bulk([row.company_id for row in rows])
    )
    names = {
        "certifications": dict(Certification.objects.values_list("pk", "name")),
        "export_markets": dict(ExportMarket.objects.values_list("pk", "code")),
    }
    fields = set()
    changed, histories, replaced = [], [], []
    for row in rows:
        company = companies[row.company_id]
        before = snapshot(company)
        for name, value in row.values.items():
            if name in ("description", "description_en") and value == clean_html(
                getattr(company, KOREAN_COLUMNS.get(name, name)) or ""
            ):
                continue  # the same text, sanitised as the import sanitises it
            if name in ("industry", "building"):
                name = f"{name}_id"
            setattr(company, KOREAN_COLUMNS.get(name, name), value)
        changes = diff(before, snapshot(company))
        for name, pks in row.many.items():
            held = [item.pk for item in getattr(company, name).all()]
            if set(held) != set(pks):
                changes[name] = [
                    csvformat.LIST_SEPARATOR.join(names[name][pk] for pk in held),
                    csvformat.LIST_SEPARATOR.join(names[name][pk] for pk in pks),
                ]
                replaced.append((company.pk, name, pks))
        if not changes:
            continue
        fields.update(KOREAN_COLUMNS.get(name, name) for name in row.values)
        company.updated_at = now
        company.search_vector = company.build_search_vector()
        changed.append(company)
        histories.append(
            CompanyHistory(
                company=company,
                user=user,
                action=CompanyHistory.Action.STAFF_EDITED,
                changes=changes,
                note=_("CSV %(row)s행") % {"row": row.number},
                created_at=now,
            )
        )
    if changed:
        Company.objects.bulk_update(
            changed, [*sorted(fields), "updated_at", "search_vector"], batch_size=BATCH
        )
    for name in MANY:
        stale = [company_id for company_id, column, _pks in replaced if column == name]
        if stale:
            getattr(Company, name).through.objects.filter(company_id__in=stale).delete()
    _add_many((company_id, {column: pks}) for company_id, column, pks in replaced)
    CompanyHistory.objects.bulk_create(histories, batch_size=BATCH)
    return len(changed)


def clean_search_index():
    """Move new entries out of the GIN pending list so searches stay index-fast."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('company_search_gin'::regclass)")
    except DatabaseError:  # needs table ownership; autovacuum does it later otherwise
        pass
