"""The directory's CSV format: what staff export, and what the import reads back.

Staff export companies (the directory's filtered list, or rows chosen in the admin), edit the
file in a spreadsheet and import it again. One list of columns serves both ways, and every value
is written the way the import reads it:

- 단지 1, 2 or 3; 직원 수 1-9, 10-49, 50-99, 100-299 or 300+; 업종 코드 a KSIC division (62);
  인증 by name and 수출 시장 by code, separated by "; "; 사업자등록번호 as 220-81-62517.
- 업종명, 상태 and 상세 주소 are there to be read; the import ignores them. 업종명 is in the header's
  language (the official English KSIC name in an English file).
- 건물 and 인증 are written by their Korean names; the import also knows their English names.
- 도로명 주소, 주요 제품·서비스, 키워드 and 소개 are the Korean texts; each has an English column
  beside it ("(영문)"), left empty where there is no English.
- The header is in the page's language (Korean labels, or English ones); the import knows both,
  the field names (business_number) and a few older spellings.

The cells go through gvalley.csvfiles: formulas are neutralised on the way out and the
apostrophe is taken off again on the way in, so a round trip gives back the text exported.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gvalley import csvfiles
from gvalley.siteurl import absolute_url
from gvalley.translated import pick

from .models import Complex, EmployeeBand

# (column, header). The import writes the columns named after a Company field; it leaves out
# the three marked READ_ONLY.
COLUMNS = [
    ("name", _("기업명")),
    ("name_en", _("영문 기업명")),
    ("business_number", _("사업자등록번호")),
    ("representative_title", _("대표자 직함")),
    ("industry", _("업종 코드")),
    ("industry_name", _("업종명")),
    ("complex", _("단지")),
    ("building", _("건물")),
    ("floor", _("층")),
    ("unit", _("호실")),
    ("road_address", _("도로명 주소")),
    ("road_address_en", _("도로명 주소 (영문)")),
    ("founded_year", _("설립 연도")),
    ("employee_band", _("직원 수")),
    ("products", _("주요 제품·서비스")),
    ("products_en", _("주요 제품·서비스 (영문)")),
    ("keywords", _("키워드")),
    ("keywords_en", _("키워드 (영문)")),
    ("certifications", _("인증")),
    ("export_markets", _("수출 시장")),
    ("website", _("웹사이트")),
    ("phone", _("대표 전화")),
    ("email", _("대표 이메일")),
    ("description", _("소개")),
    ("description_en", _("소개 (영문)")),
    ("status", _("상태")),
    ("url", _("상세 주소")),
]
READ_ONLY = {"industry_name", "status", "url"}
IMPORTED_FIELDS = [column for column, _header in COLUMNS if column not in READ_ONLY]
# Headers of files made by hand or by older exports.
OLDER_HEADERS = {
    "영문명": "name_en",
    "업종코드": "industry",
    "도로명주소": "road_address",
    "설립연도": "founded_year",
    "직원수": "employee_band",
    "주요 제품": "products",
    "수출시장": "export_markets",
    "전화": "phone",
    "이메일": "email",
}
HEADER_LANGUAGES = ("ko", "en")

# 직원 수 as written in the file, for each EmployeeBand value.
BAND_CODES = {
    EmployeeBand.B1: "1-9",
    EmployeeBand.B10: "10-49",
    EmployeeBand.B50: "50-99",
    EmployeeBand.B100: "100-299",
    EmployeeBand.B300: "300+",
}
LIST_SEPARATOR = "; "


def header_fields():
    """Return {header as typed, casefolded: field} for every header the import understands."""
    known = {column: column for column in IMPORTED_FIELDS}
    for language in HEADER_LANGUAGES:
        with translation.override(language):
            for column, header in COLUMNS:
                # A column to read is ignored, even where its header reads like a field name.
                known[str(header).casefold()] = None if column in READ_ONLY else column
    known.update(OLDER_HEADERS)
    return known


def complex_values():
    """Return {way of writing a complex, casefolded: its code}: 2, 2단지, each label."""
    known = {}
    for value, label in Complex.choices:
        known[value] = value
        known[f"{value}단지"] = value
        for language in HEADER_LANGUAGES:
            with translation.override(language):
                known[str(label).casefold().replace(" ", "")] = value
    return known


def band_values():
    """Return {way of writing a band, without spaces and 명, casefolded: its value}."""
    known = {}
    for value, label in EmployeeBand.choices:
        code = BAND_CODES[value]
        known[code] = value
        known[code.replace("-", "–")] = value
        for language in HEADER_LANGUAGES:
            with translation.override(language):
                known[str(label).casefold().replace(" ", "").replace("명", "")] = value
    known["300-"] = EmployeeBand.B300
    return known


def export_queryset(queryset):
    """Return the companies with what a row needs read in a few queries."""
    return queryset.select_related("industry", "building").prefetch_related(
        "certifications", "export_markets"
    )


def export_row(company):
    """Return {column: value} of a company (absolute_url(path) gives the page's address)."""
    return {
        "name": company.name,
        "name_en": company.name_en,
        "business_number": company.formatted_business_number,
        "representative_title": company.representative_title,
        "industry": company.industry_id or "",
        # In the header's language: the official English KSIC name in an English file.
        "industry_name": pick(company.industry.name, company.industry.name_en)
        if company.industry_id
        else "",
        "complex": company.complex,
        "building": company.building.name if company.building_id else "",
        "floor": company.floor,
        "unit": company.unit,
        # The Korean texts and the English ones (companies/translation.py), never the active
        # language's (modeltranslation's unsuffixed attributes).
        "road_address": company.road_address_ko or "",
        "road_address_en": company.road_address_en or "",
        "founded_year": company.founded_year,
        "employee_band": BAND_CODES.get(company.employee_band, ""),
        "products": company.products_ko or "",
        "products_en": company.products_en or "",
        "keywords": company.keywords_ko or "",
        "keywords_en": company.keywords_en or "",
        "certifications": LIST_SEPARATOR.join(c.name for c in company.certifications.all()),
        "export_markets": LIST_SEPARATOR.join(m.code for m in company.export_markets.all()),
        "website": company.website,
        "phone": company.phone,
        "email": company.email,
        "description": company.description_ko or "",
        "description_en": company.description_en or "",
        "status": company.get_status_display(),
        "url": absolute_url(company.get_absolute_url()),
    }


def export_rows(companies):
    """Yield the header, then the cells of each company in the order of COLUMNS."""
    yield [header for _column, header in COLUMNS]
    for company in companies:
        row = export_row(company)
        yield [row[column] for column, _header in COLUMNS]


def export_response(queryset, filename):
    """Return the companies as a CSV download, streamed (see gvalley.csvfiles)."""
    rows = export_rows(export_queryset(queryset).iterator(chunk_size=2000))
    header = next(rows)
    return csvfiles.response(filename, header, rows, stream=True)
