"""The directory's filter selects (companies/widgets.py) write Django's own Select markup."""

import re

import pytest
from django.http import QueryDict
from django.utils import translation

from companies.directory import directory_data
from companies.filters import CompanyFilter
from companies.models import Company
from tests.companies.factories import BuildingFactory

pytestmark = pytest.mark.django_db


def _strip(html):
    """Django's select templates put indentation between the tags; FastSelect does not."""
    return re.sub(r">\s+<", "><", html.strip())


SELECT_QUERIES = [
    None,
    "complex=2&sort=newest",
    "industry=C&building=abc&market=XX&certification=nope&employee_band=z",
    "industry=62&building=TOWER&market=VN&certification=venture&sort=name",
    "sort=x&complex=",
]


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("query", SELECT_QUERIES)
def test_ready_selects_write_what_fast_select_and_django_select_write(language, query):
    """The filter form's <select>s come from markup written once per choices and language."""
    from django import forms

    from companies.widgets import ReadySelect
    from gvalley.widgets import FastSelect

    tower = BuildingFactory(name='<타워> & "8차"')
    data = QueryDict(query) if query is not None else None
    if data is not None and "TOWER" in query:
        data = QueryDict(query.replace("TOWER", str(tower.pk)))
    with translation.override(language):
        for _ in range(2):  # the second form uses the markup the first one wrote
            form = CompanyFilter(data, queryset=Company.objects.listed().for_cards()).form
            form.is_valid()
            for name, field in form.fields.items():
                if not isinstance(field.widget, ReadySelect):
                    continue
                bound = form[name]
                attrs = {"id": bound.auto_id}
                value = bound.value()
                choices = list(field.widget.choices)
                ready = field.widget.render(name, value, attrs)
                if name == "building":
                    # Its groups also say their complex and whether they are open (the
                    # directory's building list follows the chosen complex).
                    ready = re.sub(r' data-complex="\d"( hidden disabled)?', "", ready)
                fast = FastSelect(choices=choices).render(name, value, attrs)
                slow = forms.Select(choices=choices).render(name, value, attrs)
                assert ready == fast, (name, value)
                if name == "building" and language == "en":
                    # A building without an English name is written in Korean, and says so
                    # (an attribute Django's Select does not write).
                    assert re.search(rf'value="{tower.pk}"( selected)? lang="ko">', ready)
                    ready = ready.replace(' lang="ko"', "")
                assert ready == _strip(slow), (name, value)


def test_ready_select_selects_the_first_option_with_the_value_and_escapes_everything():
    from django import forms

    from companies.filters import ReadyChoiceField
    from companies.widgets import ReadyChoices, ReadySelect
    from gvalley.widgets import FastSelect

    choices = ReadyChoices(
        [
            ("1", "하나 <1>"),
            ("그룹 & <b>", [("2", '둘 "2"'), (3, "셋"), ("1", "다시 하나")]),
            (None, "없음"),
            ("", "빈 값"),
        ]
    )
    field = ReadyChoiceField(
        choices=choices, empty_label="전체 & 모두", required=False, widget=ReadySelect
    )
    for value in [None, "", "1", "2", 3, "3", "<script>", ["1", "2"]]:
        attrs = {"id": "id_x", "class": "wide"}
        ready = field.widget.render("x", value, attrs)
        listed = list(field.choices)
        assert ready == FastSelect(choices=listed).render("x", value, attrs), value
        assert ready == _strip(forms.Select(choices=listed).render("x", value, attrs)), value


def test_ready_choice_field_accepts_exactly_what_choice_field_accepts():
    from django import forms
    from django.core.exceptions import ValidationError

    from companies.filters import ReadyChoiceField
    from companies.widgets import ReadyChoices

    plain = [("a", "가"), ("그룹", [("b", "나"), (7, "칠")]), ("", "빈 값")]
    ready = ReadyChoiceField(choices=ReadyChoices(plain), required=False)
    django_field = forms.ChoiceField(choices=[("", "전체"), *plain], required=False)
    for value in ["a", "b", "7", 7, "그룹", "c", "", "A", " a", "null"]:
        outcomes = []
        for field in (ready, django_field):
            try:
                outcomes.append(field.clean(value))
            except ValidationError as error:
                outcomes.append(error.messages)
        assert outcomes[0] == outcomes[1], value


def test_reference_choices_are_prepared_once_per_list_and_language():
    from companies.filters import ready_choices

    data = directory_data()
    buildings = data["choices"]["building"]
    with translation.override("ko"):
        first = ready_choices("building", buildings)
        assert ready_choices("building", buildings) is first
        assert ready_choices("building", list(buildings)) is not first  # new reference data
    with translation.override("en"):
        assert ready_choices("building", buildings) is not first
