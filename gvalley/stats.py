"""G밸리 in numbers: the dated official figures, and the live figures of the portal's own data.

The official figures (home page and /stats/) each carry the date they describe and their source.
The live figures are the apps' charts (`<app>/figures.py`, as the home page's sections are the
apps' `home.py`): each chart is a table read with one query, kept as shared data until any content
changes (gvalley.cache.shared_data), and drawn, downloaded as CSV and as JSON from that table.
"""

from django.utils.translation import gettext_lazy as _

from companies import figures as companies_figures
from council import figures as council_figures
from events import figures as events_figures
from heritage import figures as heritage_figures

from .cache import shared_data

# Each figure carries the date it describes; the page always shows that date beside it.
STATISTICS = [
    {
        "as_of": _("2024년 기준"),
        "companies": _("약 15,000개"),
        "workers": _("약 14만 명"),
        "production": _("연 약 14조 원"),
        "exports": _("연 약 33억 달러"),
        "source": _("서울시·한국산업단지공단 발표를 인용한 언론 보도"),
    },
    {
        "as_of": _("2018년 7월 기준"),
        "companies": _("10,737개 (2·3단지 7,352개, 68.5%)"),
        "workers": _("145,264명 (2·3단지 약 101,867명, 70%)"),
        "production": _("연 11조 9,340억 원"),
        "exports": _("연 23억 2,400만 달러"),
        "source": _("금천구 G밸리 발전 계획 (한국산업단지공단 서울지역본부 집계)"),
    },
]

HIGHLIGHTS = [
    {
        "figure": _("2,754개"),
        "label": _("IT·AI 기업 — 서울의 71%, 전국의 35% (2025년 보도 기준)"),
    },
    {
        "figure": _("91개"),
        "label": _("2·3단지의 지식산업센터 — 완공 73, 공사 중 11, 미착공 7 (2018년 7월 기준)"),
    },
    {
        "figure": _("약 77%"),
        "label": _("금천구(2·3단지)에 있는 단지 면적의 비율"),
    },
]


# The live charts, section by section, in the order /stats/ shows them.
SECTIONS = [
    {"title": _("기업 디렉터리"), "charts": companies_figures.CHARTS},
    {"title": _("행사와 참가"), "charts": events_figures.CHARTS},
    {"title": _("발전협의회"), "charts": council_figures.CHARTS},
    {"title": _("금천 순이의 집"), "charts": heritage_figures.CHARTS},
]
CHARTS = {chart["name"]: chart for section in SECTIONS for chart in section["charts"]}


def _tables():
    """Return {name: table} of every chart: its title, column headings and rows (one query each)."""
    return {
        name: {
            "name": name,
            "title": str(chart["title"]),
            "columns": [str(column) for column in chart["columns"]],
            "rows": [list(row) for row in chart["rows"]()],
        }
        for name, chart in CHARTS.items()
    }


def tables():
    """Return every chart's table, kept until any content changes (per language)."""
    return shared_data("stats:tables", _tables)


def table(name):
    """Return one chart's table, or None for a name that is no chart."""
    if name not in CHARTS:
        return None
    return tables()[name]
