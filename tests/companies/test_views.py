"""Pages: permission tables, visibility everywhere, filters, sort, CSV, JSON-LD, query budgets."""

import json
import re
from html import unescape

import pytest
from django.db.models import F
from django.urls import reverse

from companies.models import Building, Certification, Company, ExportMarket, PendingChange
from tests.companies.factories import (
    BuildingFactory,
    CompanyFactory,
    PendingCompanyFactory,
    manager_of,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "council", "manager_other", "manager_own", "staff"]


@pytest.fixture
def clients(client, resident_client, council_client, staff_client, client_for):
    company = CompanyFactory(name="우리보안")
    other = CompanyFactory(name="남의보안")
    own_manager = manager_of(company)
    other_manager = manager_of(other)
    return company, {
        "anonymous": client,
        "resident": resident_client,
        "council": council_client,
        "manager_other": client_for(other_manager),
        "manager_own": client_for(own_manager),
        "staff": staff_client,
    }


MANAGER_PAGES = ["edit", "photos", "managers"]


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_manager_pages_permission_table(clients, name):
    company, by_role = clients
    url = reverse(f"companies:{name}", kwargs={"slug": company.slug})
    expected = {
        "anonymous": 302,
        "resident": 403,
        "council": 403,
        "manager_other": 403,
        "manager_own": 200,
        "staff": 403,  # staff work in the admin
    }
    for role in ROLES:
        response = by_role[role].get(url)
        assert response.status_code == expected[role], role
        if role == "anonymous":
            assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_a_manager_of_company_b_cannot_post_changes_to_company_a(clients, name):
    company, by_role = clients
    url = reverse(f"companies:{name}", kwargs={"slug": company.slug})
    response = by_role["manager_other"].post(url, {"name": "빼앗긴 이름", "email": "x@example.com"})
    assert response.status_code == 403
    company.refresh_from_db()
    assert company.name == "우리보안"
    assert company.invitations.count() == 0


def test_remove_manager_and_photo_delete_refuse_other_managers(clients):
    company, by_role = clients
    membership = company.memberships.get()
    for url in (
        reverse("companies:remove_manager", args=[company.slug, membership.pk]),
        reverse("companies:photo_delete", args=[company.slug, 1]),
    ):
        assert by_role["manager_other"].post(url).status_code == 403
        assert by_role["anonymous"].post(url).status_code == 302
    assert company.memberships.count() == 1


@pytest.mark.parametrize("name", ["register", "mine"])
def test_signed_in_pages_send_anonymous_visitors_to_sign_in(client, resident_client, name):
    url = reverse(f"companies:{name}")
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    assert resident_client.get(url).status_code == 200


def test_csv_export_is_for_staff_only(clients):
    _company, by_role = clients
    url = reverse("companies:export_csv")
    for role in ROLES:
        response = by_role[role].get(url)
        expected = 200 if role == "staff" else (302 if role == "anonymous" else 403)
        assert response.status_code == expected, role


def test_csv_export_is_the_filtered_list_with_bom_and_never_cached(staff_client):
    CompanyFactory(name="가산보안", complex="2", business_number="2208162517")
    CompanyFactory(name="구로데이터", complex="1")
    PendingCompanyFactory(name="대기보안", complex="2")
    response = staff_client.get(reverse("companies:export_csv") + "?complex=2")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "가산보안" in text and "220-81-62517" in text
    assert "구로데이터" not in text and "대기보안" not in text


def test_pending_and_hidden_companies_are_invisible_to_the_public_everywhere(
    client, resident_client, client_for
):
    pending = PendingCompanyFactory(name="대기중보안")
    hidden = CompanyFactory(name="숨김보안", status=Company.Status.HIDDEN)
    rejected = CompanyFactory(name="반려보안", status=Company.Status.REJECTED)
    listed = CompanyFactory(name="공개보안")
    for c in (client, resident_client):
        for company in (pending, hidden, rejected):
            assert c.get(company.get_absolute_url()).status_code == 404
        for path in ("/companies/", "/companies/?q=보안", "/", "/sitemap.xml"):
            body = c.get(path).content.decode()
            assert listed.name in body or listed.slug in body, path
            for company in (pending, hidden, rejected):
                assert company.name not in body and company.slug not in body, path
    # Its own manager still sees the pending company, with its status.
    page = client_for(manager_of(pending)).get(pending.get_absolute_url())
    assert page.status_code == 200
    assert "검토 대기" in page.content.decode()


def test_list_filters_are_in_the_url_and_narrow_the_results(client):
    tower = BuildingFactory(name="대륭포스트타워 8차", complex="1")
    a = CompanyFactory(
        name="가보안", building=tower, complex="1", industry_id="62", employee_band="b"
    )
    a.certifications.add(Certification.objects.get(slug="venture"))
    a.export_markets.add(ExportMarket.objects.get(code="VN"))
    CompanyFactory(name="나바이오", complex="3", industry_id="21", employee_band="a")
    cases = {
        f"?building={tower.pk}": ["가보안"],
        "?industry=J": ["가보안"],
        "?industry=21": ["나바이오"],
        "?industry=C": ["나바이오"],
        "?complex=3": ["나바이오"],
        "?employee_band=b": ["가보안"],
        "?certification=venture": ["가보안"],
        "?market=VN": ["가보안"],
        "?q=보안&complex=1": ["가보안"],
        "?q=보안&complex=3": [],
        "?q=보안&certification=venture&market=VN": ["가보안"],
        "?q=보안&industry=J&employee_band=b": ["가보안"],
        f"?q=보안&building={tower.pk}&sort=newest": ["가보안"],
        "?q=바이오&industry=C": ["나바이오"],
        "?q=바이오&certification=venture": [],
        "?industry=J&certification=venture&market=VN": ["가보안"],
    }
    for query, names in cases.items():
        body = client.get("/companies/" + query).content.decode()
        found = re.findall(r'class="company-name"><a href="[^"]+">([^<]+)</a>', body)
        assert found == names, query
        assert f"기업 {len(names)}곳" in body, query


def test_sort_by_name_newest_and_relevance(client):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    CompanyFactory(name="다보안", approved_at=now - timedelta(days=3))
    CompanyFactory(name="가나", description="<p>보안</p>", approved_at=now)
    CompanyFactory(name="나보안", approved_at=now - timedelta(days=1))

    def names(query):
        body = client.get("/companies/" + query).content.decode()
        return re.findall(r'class="company-name"><a href="[^"]+">([^<]+)</a>', body)

    assert names("?sort=name") == ["가나", "나보안", "다보안"]
    assert names("?sort=newest") == ["가나", "나보안", "다보안"]
    assert names("?q=보안") == ["나보안", "다보안", "가나"]  # relevance: name matches first
    assert names("?q=보안&sort=name") == ["가나", "나보안", "다보안"]


def test_page_numbers_and_result_count(client):
    CompanyFactory.create_batch(45)
    body = client.get("/companies/?page=2").content.decode()
    assert "기업 45곳" in body
    assert 'aria-current="page">2<' in body
    assert "?page=3" in body
    assert client.get("/companies/?page=99").status_code == 404


def test_bad_filter_values_give_a_page_not_an_error(client):
    for query in ("?complex=9", "?building=abc", "?industry=ZZ", "?sort=drop", "?q=" + "a" * 150):
        assert client.get("/companies/" + query).status_code == 200, query


def _queries(django_assert_max_num_queries, client, path, budget):
    with django_assert_max_num_queries(budget):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", ["/companies/", "/companies/?q=보안", "/companies/?complex=2&sort=newest"]
)
def test_list_query_budget_is_constant_whatever_the_page_size(
    client, django_assert_num_queries, path
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for extra in (1, 30):
        CompanyFactory.create_batch(extra, name="보안기업", complex="2")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 12


def test_detail_query_budget_is_constant(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tower = BuildingFactory()
    company = CompanyFactory(building=tower, complex=tower.complex)
    counts = []
    for extra in (1, 20):
        CompanyFactory.create_batch(extra, building=tower, complex=tower.complex)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(company.get_absolute_url()).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 10


def test_detail_masks_the_number_and_links_maps_and_neighbours(client):
    tower = Building.objects.create(
        name="대륭포스트타워 8차", slug="daeryung-8", complex="1", road_address=""
    )
    company = CompanyFactory(
        name="한빛보안솔루션",
        business_number="2208162517",
        building=tower,
        complex="1",
        road_address="서울 구로구 디지털로 1",
    )
    neighbour = CompanyFactory(name="이웃데이터", building=tower, complex="1")
    PendingCompanyFactory(name="대기이웃", building=tower, complex="1")
    body = client.get(company.get_absolute_url()).content.decode()
    assert "220-81-*****" in body and "62517" not in body
    assert "https://map.kakao.com/link/search/%EC%84%9C%EC%9A%B8" in body
    assert "https://map.naver.com/p/search/%EC%84%9C%EC%9A%B8" in body
    assert neighbour.name in body and "대기이웃" not in body
    assert len(re.findall(r"<h1[\s>]", body)) == 1


def test_json_ld_is_escaped_data(client):
    company = CompanyFactory(name="</script><script>alert(1)</script>", products="A & B")
    body = client.get(company.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert block, "no JSON-LD block"
    data = json.loads(block.group(1))
    assert data["@type"] == "Organization"
    assert data["name"] == company.name
    assert "<script>alert" not in body


def test_manager_sees_full_number_and_pending_change_notice(client_for):
    company = CompanyFactory(business_number="2208162517")
    manager = manager_of(company)
    PendingChange.objects.create(company=company, name="새이름", requested_by=manager)
    body = client_for(manager).get(company.get_absolute_url()).content.decode()
    assert "220-81-62517" in body
    assert "검토 대기 중인 변경" in body and "새이름" in body


def test_home_section_shows_newest_listed_companies(client):
    CompanyFactory(name="최신보안")
    PendingCompanyFactory(name="대기기업")
    body = client.get("/").content.decode()
    assert "최신보안" in body and "대기기업" not in body


def test_anonymous_list_is_cached_and_invalidated_by_a_change(client):
    company = CompanyFactory(name="첫이름")
    assert "첫이름" in client.get("/companies/").content.decode()
    assert client.get("/companies/")["X-Page-Cache"] == "hit"
    company.name = "둘째이름"
    company.save()
    assert "둘째이름" in client.get("/companies/").content.decode()


def test_a_very_common_word_shows_the_first_results_and_says_there_are_more(client, monkeypatch):
    from companies import search

    monkeypatch.setattr(search, "CAP", 4)
    for i in range(3):
        CompanyFactory(name=f"가{i}보안")
    for i in range(3):
        CompanyFactory(name=f"나{i}", keywords="보안")
    body = client.get("/companies/?q=보안").content.decode()
    assert "기업 4곳 이상" in body
    assert "관련도가 높은 4곳까지" in body
    names = re.findall(r'class="company-name"><a href="[^"]+">([^<]+)</a>', body)
    assert names == ["가0보안", "가1보안", "가2보안", "나0"]
    body = client.get("/companies/?q=보안&sort=name").content.decode()
    assert "기업 4곳 이상" in body


def test_filter_choices_and_the_directory_count_follow_every_content_change(client):
    """They come from shared reference data (companies/directory.py): a save shows at once."""
    CompanyFactory.create_batch(2)
    body = client.get("/companies/").content.decode()
    assert "기업 2곳" in body
    tower = BuildingFactory(name="새로지은타워")
    company = CompanyFactory(name="입주보안", building=tower)
    body = client.get("/companies/").content.decode()
    assert f'<option value="{tower.pk}">새로지은타워</option>' in body
    assert "기업 3곳" in body
    found = client.get(f"/companies/?building={tower.pk}").content.decode()
    assert re.findall(r'class="company-name"><a href="[^"]+">([^<]+)</a>', found) == ["입주보안"]
    assert "새로지은타워" in found  # the card's location line
    company.status = Company.Status.HIDDEN
    company.save()
    assert "기업 2곳" in client.get("/companies/").content.decode()
    assert "기업 2곳 모두 보기" in client.get("/").content.decode()
    tower.name = "이름바꾼타워"
    tower.save()
    assert "이름바꾼타워</option>" in client.get("/companies/").content.decode()


def test_bad_reference_filter_values_keep_their_message(client):
    body = client.get("/companies/?building=abc&market=XX&certification=nope").content.decode()
    assert body.count("올바르게 선택해 주세요. 선택하신 것이 선택가능항목에 없습니다.") == 3
    assert "기업 0곳" in body


def test_list_query_budget_is_constant_whatever_the_number_of_logos(client, resident_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from companies.models import CompanyLogo
    from tests.companies.factories import upload

    def add_logo(company):
        logo = CompanyLogo(company=company, image=upload())
        logo.save()
        company.logo = logo
        company.save(update_fields=["logo"])

    counts = []
    for extra in (1, 6):
        for company in CompanyFactory.create_batch(extra, name="로고기업"):
            add_logo(company)
        resident_client.get("/companies/")
        with CaptureQueriesContext(connection) as ctx:
            body = resident_client.get("/companies/").content.decode()
        counts.append(len(ctx.captured_queries))
        assert body.count('sizes="64px"') == Company.objects.exclude(logo=None).count()
    assert counts[0] == counts[1] <= 8


def test_detail_lists_certifications_markets_photos_and_neighbours_from_reference_data(
    client, client_for
):
    from companies.models import CompanyPhoto
    from tests.companies.factories import upload

    tower = BuildingFactory(name="코오롱타워", complex="2")
    company = CompanyFactory(name="본사기업", building=tower, floor="5", industry_id="62")
    for slug in ("venture", "innobiz"):
        company.certifications.add(Certification.objects.get(slug=slug))
    for code in ("VN", "CN"):
        company.export_markets.add(ExportMarket.objects.get(code=code))
    CompanyPhoto.objects.create(company=company, image=upload("p.png"), caption="사옥 전경")
    CompanyFactory(name="이웃바이오", building=tower, industry_id="21")
    body = client.get(company.get_absolute_url()).content.decode()
    assert body.index("벤처기업") < body.index("이노비즈")  # the model's order (name)
    assert 'href="/companies/?certification=venture"' in body
    markets = '<a href="/companies/?market=VN">베트남</a>, <a href="/companies/?market=CN">중국</a>'
    assert markets in body  # the model's order (name)
    assert f'href="/companies/?building={tower.pk}">코오롱타워</a> 5층' in body
    assert "J 정보통신업 › 62 컴퓨터 프로그래밍, 시스템 통합 및 관리업" in body
    assert 'href="/companies/?industry=62">컴퓨터 프로그래밍' in body
    assert "사옥 전경" in body and "<img" in body
    assert re.search(r'이웃바이오</a> <span class="meta">의료용 물질 및 의약품 제조업</span>', body)
    # Managers get their tools (is_manager comes with the company row).
    manager_page = client_for(manager_of(company)).get(company.get_absolute_url())
    assert "정보 수정" in manager_page.content.decode()
    assert "정보 수정" not in body


@pytest.mark.parametrize("status", ["approved", "pending", "rejected", "hidden"])
def test_detail_permission_table(clients, status):
    """The company page follows Company.objects.visible_to for every role (one query shape each)."""
    company, by_role = clients
    Company.objects.filter(pk=company.pk).update(status=status)
    listed = status == "approved"
    expected = {
        "anonymous": listed,
        "resident": listed,
        "council": listed,
        "manager_other": listed,
        "manager_own": True,
        "staff": True,
    }
    for role in ROLES:
        response = by_role[role].get(company.get_absolute_url())
        assert response.status_code == (200 if expected[role] else 404), role
        if response.status_code == 200:
            body = response.content.decode()
            assert "우리보안" in body
            # Only its own manager gets the tools and the full number.
            assert ("정보 수정" in body) == (role == "manager_own"), role
    assert by_role["staff"].get("/companies/없는-기업/").status_code == 404


def test_detail_reads_the_company_its_photos_and_neighbours_in_one_query(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from companies.models import CompanyPhoto
    from tests.companies.factories import upload

    tower = BuildingFactory()
    company = CompanyFactory(building=tower, complex=tower.complex)
    manager = manager_of(company)
    later = CompanyPhoto.objects.create(company=company, image=upload("b.png"), caption="둘째")
    first = CompanyPhoto.objects.create(company=company, image=upload("a.png"), caption="첫째")
    CompanyPhoto.objects.filter(pk=first.pk).update(
        uploaded_at=later.uploaded_at.replace(year=2020)
    )
    others = [CompanyFactory(name=f"이웃{i:02}", building=tower) for i in range(10)]
    for c in (client_for(manager), client_for(UserFactory())):
        c.get(company.get_absolute_url())
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(company.get_absolute_url())
        # One query reads the company, its photos and its neighbours (a manager's page also
        # looks for a pending change).
        reads = [
            q["sql"]
            for q in ctx.captured_queries
            # (the last FROM: the user's own query reads their companies in a subquery)
            if "companies_" in q["sql"].split(" FROM ")[-1]
            and "companies_pendingchange" not in q["sql"]
        ]
        assert len(reads) == 1, reads
        assert "companies_companyphoto" in reads[0]
        html = unescape(response.content.decode())
        captions = re.findall(r"<figcaption>([^<]*)</figcaption>", html)
        assert captions == ["첫째", "둘째"]
        neighbours = re.search(r'<ul class="neighbour-list">(.*?)</ul>', html, re.S).group(1)
        shown = re.findall(r'<a href="[^"]+">([^<]+)</a>', neighbours)
        assert shown == [o.name for o in others[:8]]
    # The photo built from the row is the stored one: its image, sizes and renditions.
    stored = CompanyPhoto.objects.get(pk=first.pk)
    figure = re.search(r"<figure>\s*(<img [^>]*>)\s*<figcaption>첫째<", html).group(1)
    assert f'src="{stored.rendition_url(640)}"' in figure
    assert f'srcset="{stored.srcset()}"' in figure
    assert f'width="{min(stored.width, 640)}"' in figure


def test_prepared_query_puts_the_values_where_the_stand_ins_were():
    from companies.prepared import STAND_IN_INT, STAND_IN_TEXT, PreparedQuery

    first = CompanyFactory(name="첫째", slug="first")
    second = CompanyFactory(name="둘째", slug="second")
    query = PreparedQuery(
        lambda pk, slug: Company.objects.filter(pk=pk) | Company.objects.filter(slug=slug),
        pk=STAND_IN_INT,
        slug=STAND_IN_TEXT,
    )
    assert {c.pk for c in query.raw(pk=first.pk, slug="second")} == {first.pk, second.pk}
    assert [c.pk for c in query.raw(pk=0, slug="first")] == [first.pk]
    with pytest.raises(TypeError):
        query.raw(pk=first.pk)
    unused = PreparedQuery(lambda slug: Company.objects.all(), slug=STAND_IN_TEXT)
    with pytest.raises(ValueError):
        unused.compile()
    inside = PreparedQuery(
        lambda name: Company.objects.filter(name__contains=name), name=STAND_IN_TEXT
    )
    with pytest.raises(ValueError):
        inside.compile()


def test_filtered_and_searched_pages_past_the_end_are_not_found(client):
    CompanyFactory.create_batch(3, name="보안기업", complex="2")
    huge = "99999999999999999999"
    for query in ("complex=2", "q=보안", "q=보안&sort=name", "sort=newest"):
        for page in ("2", "0", "-1", huge, "x"):
            assert client.get(f"/companies/?{query}&page={page}").status_code == 404, page
    assert client.get("/companies/?complex=1").status_code == 200
    assert "기업 0곳" in client.get("/companies/?complex=1").content.decode()


def test_search_and_filtered_pages_show_the_right_slice(client):
    names = [f"가{i:02}보안" for i in range(25)]
    for name in names:
        CompanyFactory(name=name, complex="2")
    CompanyFactory(name="나보안", keywords="", description="<p>보안</p>", complex="1")
    found = r'class="company-name"><a href="[^"]+">([^<]+)</a>'
    page_2 = client.get("/companies/?q=보안&page=2").content.decode()
    assert re.findall(found, page_2) == [*names[20:], "나보안"]
    assert "기업 26곳" in page_2
    page_2 = client.get("/companies/?complex=2&page=2").content.decode()
    assert re.findall(found, page_2) == names[20:]
    assert "기업 25곳" in page_2
    last = client.get("/companies/?complex=2&page=last").content.decode()
    assert re.findall(found, last) == names[20:]
    last = client.get("/companies/?q=보안&page=last").content.decode()
    assert re.findall(found, last) == [*names[20:], "나보안"]


def test_the_whole_directory_reads_the_querysets_pages(client):
    from datetime import timedelta

    from django.utils import timezone

    from companies.views import CompanyListView, WholeDirectory

    now = timezone.now()
    for i in range(25):
        CompanyFactory(name=f"기업{(i * 7) % 25:02}", approved_at=now - timedelta(days=i))
    cards = CompanyListView.queryset
    orders = {
        "name": cards.order_by("name", "pk"),
        "newest": cards.order_by(F("approved_at").desc(nulls_last=True), "-pk"),
    }
    for order, queryset in orders.items():
        pages = WholeDirectory(queryset, 25)
        assert len(pages) == 25
        for start in (0, 20):
            assert pages[start : start + 20] == list(queryset[start : start + 20]), order
    found = r'class="company-name"><a href="[^"]+">([^<]+)</a>'
    newest = re.findall(found, client.get("/companies/?sort=newest&page=2").content.decode())
    assert newest == [c.name for c in orders["newest"][20:]]
    by_name = re.findall(found, client.get("/companies/?page=2").content.decode())
    assert by_name == [c.name for c in orders["name"][20:]]
