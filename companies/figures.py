"""What /stats/ shows of the company directory: listed companies counted in the database.

Each function is one chart's table, read with one query over the listed companies only.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gvalley.translated import pick

from .models import Building, Company, Complex, EmployeeBand

# KSIC section J (정보통신업): software, IT services, data and telecoms, where the AI companies are
# classed too. The share of "IT·AI" on /stats/ is the share of listed companies in this section.
IT_AI_SECTIONS = ("J",)
TOP_BUILDINGS = 10


def by_industry():
    """Return [(KSIC section, companies)], largest first; named in the page's language."""
    rows = (
        Company.objects.listed()
        .values("industry__section_id", "industry__section__name", "industry__section__name_en")
        .annotate(companies=Count("pk"))
        .order_by("-companies", "industry__section_id")
    )
    return [
        (
            f"{row['industry__section_id']} "
            + pick(row["industry__section__name"], row["industry__section__name_en"])
            if row["industry__section_id"]
            else _("업종 미입력"),
            row["companies"],
        )
        for row in rows
    ]


def by_complex():
    """Return [(complex, companies)] in the complexes' order."""
    rows = (
        Company.objects.listed()
        .values("complex")
        .annotate(companies=Count("pk"))
        .order_by("complex")
    )
    labels = dict(Complex.choices)
    return [
        (str(labels[row["complex"]]) if row["complex"] else _("단지 미입력"), row["companies"])
        for row in rows
    ]


def by_building():
    """Return [(지식산업센터, companies)] of the buildings with the most listed companies."""
    rows = (
        Company.objects.listed()
        .filter(building__kind=Building.Kind.KNOWLEDGE_CENTRE)
        .values("building_id", "building__name", "building__name_en")
        .annotate(companies=Count("pk"))
        .order_by("-companies", "building__name")[:TOP_BUILDINGS]
    )
    return [
        (str(pick(row["building__name"], row["building__name_en"])), row["companies"])
        for row in rows
    ]


def it_ai_share():
    """Return [(group, companies, percent)]: IT·AI (KSIC J) and the others."""
    figures = Company.objects.listed().aggregate(
        total=Count("pk"), it=Count("pk", filter=Q(industry__section_id__in=IT_AI_SECTIONS))
    )
    total, it = figures["total"], figures["it"]

    def percent(part):
        return round(100 * part / total, 1) if total else 0.0

    return [
        (_("IT·AI (KSIC J 정보통신업)"), it, percent(it)),
        (_("그 밖의 업종"), total - it, percent(total - it)),
    ]


def by_size():
    """Return [(employees, companies)] from the smallest band to the largest."""
    rows = (
        Company.objects.listed()
        .values("employee_band")
        .annotate(companies=Count("pk"))
        .order_by("employee_band")
    )
    labels = dict(EmployeeBand.choices)
    # An unset band ("") sorts first: shown last, after the real bands.
    result = [
        (str(labels[row["employee_band"]]), row["companies"])
        for row in rows
        if row["employee_band"]
    ]
    result += [(_("직원 수 미입력"), row["companies"]) for row in rows if not row["employee_band"]]
    return result


COMPANIES = gettext_lazy("기업 수")
CHARTS = [
    {
        "name": "companies-by-industry",
        "title": gettext_lazy("업종별 등록 기업 (KSIC 대분류)"),
        "columns": (gettext_lazy("업종"), COMPANIES),
        "rows": by_industry,
        "kind": "hbar",
    },
    {
        "name": "companies-by-complex",
        "title": gettext_lazy("단지별 등록 기업"),
        "columns": (gettext_lazy("단지"), COMPANIES),
        "rows": by_complex,
        "kind": "bar",
    },
    {
        "name": "companies-by-building",
        "title": gettext_lazy("등록 기업이 많은 지식산업센터 (상위 10곳)"),
        "columns": (gettext_lazy("건물"), COMPANIES),
        "rows": by_building,
        "kind": "hbar",
    },
    {
        "name": "companies-it-ai",
        "title": gettext_lazy("IT·AI 기업의 비율"),
        "columns": (gettext_lazy("구분"), COMPANIES, gettext_lazy("비율(%)")),
        "rows": it_ai_share,
        "kind": "pie",
    },
    {
        "name": "companies-by-size",
        "title": gettext_lazy("규모(직원 수)별 등록 기업"),
        "columns": (gettext_lazy("직원 수"), COMPANIES),
        "rows": by_size,
        "kind": "bar",
    },
]
