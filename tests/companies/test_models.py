"""The profile's rules: 사업자등록번호 check digit and masking, search behaviour, constraints."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from companies.models import (
    Company,
    IndustryDivision,
    IndustrySection,
    business_number_check_digit,
    mask_business_number,
    validate_business_number,
)
from companies.search import TieredResults
from tests.companies.factories import CompanyFactory, valid_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["220-81-62517", "2208162517", "1248100998"])
def test_real_format_business_numbers_pass_the_check_digit(number):
    validate_business_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("2208162518", "checksum"),
        ("1234567890", "checksum"),
        ("12345", "format"),
        ("12345678901", "format"),
        ("abcdefghij", "format"),
        ("", "format"),
        ("220-81-6251７", "format"),
    ],
)
def test_bad_business_numbers_are_refused_in_korean(number, code):
    with pytest.raises(ValidationError) as error:
        validate_business_number(number)
    assert error.value.code == code
    assert "사업자등록번호" in error.value.messages[0]


def test_check_digit_matches_the_national_tax_service_algorithm():
    assert business_number_check_digit("220816251") == 7
    assert business_number_check_digit("124810099") == 8


def test_public_sees_a_masked_number():
    assert mask_business_number("2208162517") == "220-81-*****"
    company = CompanyFactory(business_number="2208162517")
    assert company.masked_business_number == "220-81-*****"
    assert company.formatted_business_number == "220-81-62517"


def test_ksic_reference_data_is_loaded_by_migration():
    assert IndustrySection.objects.count() == 21
    assert IndustryDivision.objects.count() == 77
    assert IndustryDivision.objects.get(code="62").section_id == "J"


def test_database_refuses_a_business_number_that_is_not_ten_digits():
    with pytest.raises(IntegrityError):
        CompanyFactory(business_number="12-3")


def _search(query):
    """Return the matches in the directory's relevance order."""
    return TieredResults(Company.objects.listed().search(query), query)[0:100]


def test_two_syllables_find_a_name_from_inside_a_word():
    target = CompanyFactory(name="한빛보안솔루션")
    CompanyFactory(name="누리데이터")
    assert _search("보안") == [target]
    assert _search("안솔") == [target]
    assert _search("보안솔루션") == [target]
    assert _search("솔보") == []


def test_several_words_narrow_the_results():
    both = CompanyFactory(name="한빛보안", keywords="클라우드")
    CompanyFactory(name="다온보안")
    assert set(_search("보안")) == {both, Company.objects.get(name="다온보안")}
    assert _search("보안 클라우드") == [both]


def test_name_matches_rank_above_description_matches():
    in_description = CompanyFactory(name="가나다", description="<p>보안 전문 기업</p>")
    in_name = CompanyFactory(name="하하보안")
    in_keywords = CompanyFactory(name="마바사", keywords="보안")
    assert _search("보안") == [in_name, in_keywords, in_description]


@pytest.mark.parametrize("cap", [100, 6, 4, 2])
def test_tiers_page_in_relevance_then_name_order_up_to_the_cap(cap):
    """Pages cut across tiers; a tier the cap cuts short is paged by its own ordered query."""
    description = [CompanyFactory(name=f"라{i}", description="<p>보안</p>") for i in range(3)]
    keywords = [CompanyFactory(name=f"다{i}", keywords="보안") for i in (2, 0, 1)]
    names = [CompanyFactory(name=f"가{i}보안") for i in (1, 2, 0)]
    by_name = sorted(names, key=lambda c: c.name)
    expected = by_name + sorted(keywords, key=lambda c: c.name)
    expected += sorted(description, key=lambda c: c.name)
    results = TieredResults(Company.objects.listed(), "보안", cap=cap)
    assert results.count() == min(len(expected), cap)
    assert results.capped == (len(expected) > cap)
    shown = []
    for start in range(0, results.count(), 2):
        shown += results[start : start + 2]
    assert shown == expected[:cap]
    assert results[1:4] == expected[1 : min(4, cap)]


def _tiered_companies():
    """Companies matching 보안 in each tier, in relevance order (name, keywords, description)."""
    description = [CompanyFactory(name=f"라{i}", description="<p>보안</p>") for i in range(3)]
    keywords = [CompanyFactory(name=f"다{i}", keywords="보안") for i in (2, 0, 1)]
    names = [CompanyFactory(name=f"가{i}보안") for i in (1, 2, 0)]
    CompanyFactory(name="무관")
    return [
        *sorted(names, key=lambda c: c.name),
        *sorted(keywords, key=lambda c: c.name),
        *sorted(description, key=lambda c: c.name),
    ]


@pytest.mark.parametrize("cap", [100, 8, 6, 4, 3, 2, 1])
@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_a_window_reads_the_same_pages_as_the_tier_queries(cap, size):
    """With the page's window, one statement counts, finds the ids and reads the rows."""
    expected = _tiered_companies()
    for start in range(0, 12, size):
        for queryset in (Company.objects.listed(), Company.objects.listed().for_cards()):
            results = TieredResults(queryset, "보안", cap=cap, window=(start, start + size))
            assert results.count() == min(len(expected), cap)
            assert results.capped == (len(expected) > cap)
            stop = min(start + size, results.count())
            page = results[start:stop] if start < stop else []
            assert [c.pk for c in page] == [c.pk for c in expected[start:stop]], (start, cap)
            # Another slice than the window's is still right (its own queries).
            assert [c.pk for c in results[0:cap]] == [c.pk for c in expected[:cap]]


def test_a_window_of_named_rows_is_one_query_with_the_rows_values_list_gives(
    django_assert_num_queries,
):
    expected = _tiered_companies()
    cards = Company.objects.listed().for_cards()
    for start, stop, cap in [(0, 2, 100), (2, 6, 100), (6, 9, 100), (0, 20, 4), (2, 4, 3)]:
        results = TieredResults(cards, "보안", cap=cap, window=(start, stop))
        with django_assert_num_queries(1):
            count = results.count()
            page = results[start : min(stop, count)]
        wanted = [c.pk for c in expected[start : min(stop, cap)]]
        assert [row.pk for row in page] == wanted
        by_pk = {row.pk: row for row in cards.filter(pk__in=wanted)}
        assert page == [by_pk[pk] for pk in wanted]  # the same named rows, field by field
        assert all(type(row)._fields == type(by_pk[row.pk])._fields for row in page)


def test_a_window_past_the_results_or_without_matches_is_empty(django_assert_num_queries):
    _tiered_companies()
    cards = Company.objects.listed().for_cards()
    results = TieredResults(cards, "보안", window=(20, 40))
    with django_assert_num_queries(1):
        assert results.count() == 9
    nothing = TieredResults(cards, "없는말", window=(0, 20))
    with django_assert_num_queries(1):
        assert nothing.count() == 0
        assert nothing[0:0] == []


def test_counted_results_give_the_paginators_count_and_rows(django_assert_num_queries):
    from companies.search import CountedResults

    companies = [CompanyFactory(name=f"기업{i:02}", complex="2") for i in range(7)]
    CompanyFactory(name="다른단지", complex="1")
    cards = Company.objects.listed().for_cards().filter(complex="2").order_by("name", "pk")
    for start, stop in [(0, 3), (3, 6), (6, 9)]:
        results = CountedResults(cards, (start, stop))
        with django_assert_num_queries(1):
            assert results.count() == 7
            page = results[start : min(stop, 7)]
        assert page == list(cards[start:stop])  # the same named rows, field by field
        assert all(type(row)._fields == type(cards[0])._fields for row in page)
        assert [row.pk for row in page] == [c.pk for c in companies[start:stop]]
    # A page past the end counts on its own; without a window, Django's two queries.
    past = CountedResults(cards, (20, 30))
    with django_assert_num_queries(2):
        assert past.count() == 7
    plain = CountedResults(cards)
    assert plain.count() == 7 and plain[0:2] == list(cards[0:2])


def test_visible_to_follows_the_rule_for_every_role(django_user_model):
    from companies.models import CompanyMembership
    from gvalley import roles
    from tests.factories import UserFactory

    listed = CompanyFactory(name="공개")
    own = CompanyFactory(name="우리", status=Company.Status.PENDING)
    other = CompanyFactory(name="남의", status=Company.Status.HIDDEN)
    rejected = CompanyFactory(name="반려", status=Company.Status.REJECTED)
    manager = UserFactory(roles=[roles.COMPANY_MANAGER])
    CompanyMembership.objects.create(company=own, user=manager)
    CompanyMembership.objects.create(company=listed, user=manager)
    other_manager = UserFactory(roles=[roles.COMPANY_MANAGER])
    CompanyMembership.objects.create(company=rejected, user=other_manager)
    staff = UserFactory(roles=[roles.DISTRICT_STAFF], is_staff=True)
    from django.contrib.auth.models import AnonymousUser

    expected = {
        "anonymous": (AnonymousUser(), {listed}),
        "resident": (UserFactory(), {listed}),
        "manager": (manager, {listed, own}),
        "other manager": (other_manager, {listed, rejected}),
        "staff": (staff, {listed, own, other, rejected}),
    }
    for role, (user, visible) in expected.items():
        assert set(Company.objects.visible_to(user)) == visible, role


def test_latin_names_match_whatever_their_case():
    company = CompanyFactory(name="LG밸리", name_en="LG Valley")
    assert _search("lg") == [company]
    assert _search("VALLEY") == [company]


def test_search_vector_follows_every_save():
    company = CompanyFactory(name="옛이름")
    company.name = "새이름테크"
    company.save()
    assert _search("테크") == [company]
    assert _search("옛이") == []


def test_pending_and_hidden_companies_never_appear_in_search():
    CompanyFactory(name="숨김보안", status=Company.Status.HIDDEN)
    CompanyFactory(name="대기보안", status=Company.Status.PENDING)
    listed = CompanyFactory(name="공개보안")
    assert _search("보안") == [listed]


def test_valid_number_helper_makes_valid_numbers():
    validate_business_number(valid_number(5))
