"""The list's cards and filter form are written in Python: the HTML the templates wrote."""

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
