"""The list's cards and filter form are written in Python: the HTML the templates wrote."""

import re
import unicodedata

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.template.defaultfilters import truncatechars
from django.utils import translation
from django.utils.translation import gettext

from companies.cards import cards, render_card, truncate_chars
from companies.directory import directory_data
from companies.filters import CompanyFilter
from companies.models import Certification, Company, CompanyLogo
from companies.templatetags.company_directory import filter_fields
from tests.companies.factories import BuildingFactory, CompanyFactory, upload

# The card template the list included once per company before the cards were built in Python.
CARD_TEMPLATE = """{% load i18n portal %}
<article class="company-card">
  <div class="company-logo" aria-hidden="true">
    {% if company.logo %}{% responsive_img company.logo alt="" sizes="64px" max_width=320 %}{% else %}<span>{{ company.name|slice:":1" }}</span>{% endif %}
  </div>
  <div class="company-body">
    <h2 class="company-name"><a href="{{ company.get_absolute_url }}">{{ company.name }}</a>{% if company.name_en %} <span class="name-en" lang="en">{{ company.name_en }}</span>{% endif %}</h2>
    <p class="meta">
      {% if company.industry %}<span>{{ company.industry.name }}</span>{% endif %}
      {% if company.complex %}<span>{{ company.get_complex_display }}</span>{% endif %}
      {% if company.location %}<span>{{ company.location }}</span>{% endif %}
    </p>
    {% if company.products %}<p class="company-products">{{ company.products|truncatechars:110 }}</p>{% endif %}
    {% with certs=company.certifications.all %}
      {% if certs %}<ul class="badges" aria-label="{% translate '인증' %}">{% for cert in certs %}<li class="badge badge-ok">{{ cert.name }}</li>{% endfor %}</ul>{% endif %}
    {% endwith %}
  </div>
</article>
"""  # noqa: E501

# The loop over the filter form's fields that {% filter_fields %} replaces.
FIELDS_TEMPLATE = """{% for field in form %}
          {% if field.name != "q" %}
            <div class="field">
              <label for="{{ field.auto_id }}">{{ field.label }}</label>
              {{ field }}
              {% for error in field.errors %}<p class="error">{{ error }}</p>{% endfor %}
            </div>
          {% endif %}
        {% endfor %}"""

pytestmark = pytest.mark.django_db


def template_card(company):
    company = (
        Company.objects.select_related("industry", "building", "logo")
        .prefetch_related("certifications")
        .get(pk=company.pk)
    )
    return Template(CARD_TEMPLATE).render(Context({"company": company}))


def python_card(company):
    [card] = cards(Company.objects.filter(pk=company.pk).for_cards(), directory_data())
    return render_card(card, gettext("인증"))


def full_company():
    tower = BuildingFactory(name="대륭<포스트>타워 & 8차")
    company = CompanyFactory(
        name="<한빛> & 보안",
        slug="한빛-보안",
        name_en='Hanbit "Security"',
        building=tower,
        floor="12",
        unit="1203호",
        products="보안 & 관제 <서비스>, " * 12,
    )
    for slug in ("venture", "innobiz", "iso27001"):
        company.certifications.add(Certification.objects.get(slug=slug))
    logo = CompanyLogo(company=company, image=upload(content=None))
    logo.save()
    company.logo = logo
    company.save(update_fields=["logo"])
    return company


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_card_is_what_the_card_template_wrote(language):
    bare = CompanyFactory(name="가", industry_id=None, complex="", products="")
    nfd = CompanyFactory(
        name="e\u0301clair", products=unicodedata.normalize("NFD", "한글 제품 설명 " * 14)
    )
    exact = CompanyFactory(products="가" * 110, building=BuildingFactory(), unit="B1")
    longer = CompanyFactory(products="가" * 111, floor="3")
    with translation.override(language):
        for company in (full_company(), bare, nfd, exact, longer):
            assert python_card(company) == template_card(company), company.name


def test_card_shows_the_logo_and_the_certifications_in_name_order():
    html = python_card(full_company())
    assert '<img src="' in html and 'sizes="64px"' in html
    assert html.index("ISO/IEC 27001") < html.index("벤처기업") < html.index("이노비즈")
    assert "&lt;한빛&gt; &amp; 보안" in html


TEXTS = ["", "짧은 설명", "가" * 110, "가" * 111, "a" * 500, "e\u0301" * 50, "e\u0301" * 120]
TEXTS += [unicodedata.normalize("NFD", "한" * n) for n in (30, 100)] + ["x" * 109 + "e\u0301\u0301"]


@pytest.mark.parametrize("text", TEXTS, ids=[f"text{i}" for i in range(len(TEXTS))])
def test_truncate_chars_is_the_truncatechars_filter(text):
    assert truncate_chars(text, 110) == truncatechars(text, 110)


@pytest.mark.parametrize(
    "query", [None, "complex=2&sort=newest", "building=abc&industry=ZZ&market=XX&q=보안", "sort=x"]
)
def test_filter_fields_is_what_the_form_loop_wrote(query):
    data = QueryDict(query) if query is not None else None
    form = CompanyFilter(data, queryset=Company.objects.listed().for_cards()).form
    form.is_valid()
    expected = Template(FIELDS_TEMPLATE).render(Context({"form": form}))
    assert filter_fields(form) == expected


# The list template's loop over the cards that {% company_cards %} replaces.
CARDS_LOOP_TEMPLATE = """{% load company_directory %}{% for company in companies %}
          <li>{% company_card company badges_label %}</li>
        {% endfor %}"""


@pytest.mark.parametrize("language", ["ko", "en"])
def test_company_cards_is_what_the_card_loop_wrote(language):
    from companies.templatetags.company_directory import company_cards

    full_company()
    CompanyFactory(name="가", industry_id=None, complex="", products="")
    CompanyFactory(name="<b>나</b>", products="가" * 111, floor="3")
    with translation.override(language):
        rows = cards(Company.objects.listed().for_cards().order_by("name", "pk"), directory_data())
        label = gettext("인증")
        expected = Template(CARDS_LOOP_TEMPLATE).render(
            Context({"companies": rows, "badges_label": label})
        )
        assert company_cards(rows, label) == expected
        assert company_cards([], label) == ""


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

    from companies.filters import ReadySelect
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
                assert ready == _strip(slow), (name, value)


def test_ready_select_selects_the_first_option_with_the_value_and_escapes_everything():
    from django import forms

    from companies.filters import ReadyChoiceField, ReadyChoices, ReadySelect
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

    from companies.filters import ReadyChoiceField, ReadyChoices

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
