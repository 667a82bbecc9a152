"""The dated G밸리 statistics shown on the home page (../shared/gvalley-facts.md)."""

from django.utils.translation import gettext_lazy as _

# Each figure carries the date it describes; the page always shows that date beside it.
STATISTICS = [
    {
        "as_of": _("2024년 기준"),
        "companies": _("약 15,000개"),
        "workers": _("약 14만 명"),
        "production": _("연 약 14조 원"),
        "exports": _("연 약 33억 달러"),
    },
    {
        "as_of": _("2018년 7월 기준"),
        "companies": _("10,737개 (2·3단지 7,352개, 68.5%)"),
        "workers": _("145,264명 (2·3단지 약 101,867명, 70%)"),
        "production": _("연 11조 9,340억 원"),
        "exports": _("연 23억 2,400만 달러"),
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
