"""What a visitor sees on the directory's pages (templates/companies/*.jinja), read from the
HTML of real responses: cards, counts, empty states, statuses, forms, English pages."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import (
    Certification,
    ClaimRequest,
    Company,
    CompanyLogo,
    CompanyPhoto,
    Invitation,
    PendingChange,
)
from tests.addresses import english
from tests.companies.factories import (
    BuildingFactory,
    CompanyFactory,
    PendingCompanyFactory,
    manager_of,
    upload,
)
from tests.factories import UserFactory
from tests.markup import language_of

pytestmark = pytest.mark.django_db


def text(html):
    """Return the text a reader sees: no tags, entities decoded, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def cards(html):
    """Return the directory's cards as {name: card html}, in the order shown."""
    found = {}
    for card in re.findall(r'<article class="company-card">.*?</article>', html, re.S):
        name = re.search(r'class="company-name"><a href="[^"]+"[^>]*>([^<]+)</a>', card).group(1)
        found[unescape(name)] = card
    return found


@pytest.fixture
def tower_company():
    tower = BuildingFactory(name="대륭<포스트>타워 & 8차", complex="1")
    company = CompanyFactory(
        name="<한빛> & 보안",
        name_en='Hanbit "Security"',
        building=tower,
        complex="1",
        floor="12",
        unit="1203호",
        industry_id="62",
        products="보안 & 관제 <서비스>, " * 12,
    )
    for slug in ("venture", "innobiz", "iso27001"):
        company.certifications.add(Certification.objects.get(slug=slug))
    return company


# The list


def test_a_card_shows_what_a_visitor_needs_escaped(client, tower_company):
    card = cards(page(client, "/companies/"))["<한빛> & 보안"]
    assert f'href="{tower_company.get_absolute_url()}"' in card
    assert '<span class="name-en" lang="en">Hanbit &#34;Security&#34;</span>' in card
    assert "<한빛>" not in card and "<포스트>" not in card and "<서비스>" not in card
    shown = text(card)
    assert "컴퓨터 프로그래밍, 시스템 통합 및 관리업" in shown
    assert "1단지 (구로구)" in shown
    assert "대륭<포스트>타워 & 8차 12층 1203호" in shown
    # The products text is cut at 110 characters, the last one an ellipsis.
    products = unescape(re.search(r'<p class="company-products">(.*?)</p>', card).group(1))
    assert len(products) == 110 and products.endswith("…")
    assert products[:-1] == tower_company.products[:109]
    # Certifications in name order, as a labelled list.
    badges = re.search(r'<ul class="badges" aria-label="인증">(.*?)</ul>', card).group(1)
    assert re.findall(r'<li class="badge badge-ok">([^<]+)</li>', badges) == [
        "ISO/IEC 27001",
        "벤처기업",
        "이노비즈",
    ]
    # No logo: the name's first letter, hidden from screen readers with its box.
    assert re.search(r'<div class="company-logo" aria-hidden="true">\s*<span>&lt;</span>', card)


def test_a_bare_card_shows_only_what_it_has_and_a_logo_when_there_is_one(client):
    CompanyFactory(name="가벼운기업", industry_id=None, complex="", products="")
    with_logo = CompanyFactory(name="로고기업")
    logo = CompanyLogo(company=with_logo, image=upload())
    logo.save()
    Company.objects.filter(pk=with_logo.pk).update(logo=logo)
    shown = cards(page(client, "/companies/"))
    bare = shown["가벼운기업"]
    assert re.search(r'<p class="meta">\s*</p>', bare)
    assert "company-products" not in bare and "badges" not in bare and "name-en" not in bare
    assert re.search(r'<img src="[^"]+" srcset="[^"]+" sizes="64px" [^>]*alt=""', shown["로고기업"])


def test_the_result_count_pages_and_the_empty_states(client):
    CompanyFactory.create_batch(45, name="보안기업")
    html = page(client, "/companies/?page=2")
    assert "기업 45곳 · 3쪽 중 2쪽" in text(html)
    assert len(re.findall('<article class="company-card">', html)) == 20
    assert 'aria-current="page">2<' in html
    html = page(client, "/companies/?complex=3")
    assert "기업 0곳" in text(html)
    assert "조건에 맞는 기업이 없습니다." in text(html)
    assert "검색어는 두 글자 이상이면" not in html  # no search, no search hint
    html = page(client, "/companies/?q=없는말")
    assert "검색어는 두 글자 이상이면 단어 중간에서도 찾습니다." in text(html)
    assert "<title>‘없는말’ 검색 결과 · 기업 디렉터리 · G밸리 포털</title>" in html
    assert '<a href="/companies/">조건 지우기</a>' in html


def test_the_filter_form_labels_every_field_and_shows_errors_next_to_them(client):
    html = page(client, "/companies/?market=XX")
    form = re.search(r'<fieldset class="filters">.*?</fieldset>', html, re.S).group(0)
    for name in ("industry", "complex", "building", "employee_band", "certification", "market"):
        assert re.search(rf'<label for="id_{name}">[^<]+</label>\s*<select name="{name}"', form)
    market = re.search(r'<div class="field field-error">.*?</div>\s*</div>', form, re.S).group(0)
    assert 'for="id_market"' in market
    assert "올바르게 선택해 주세요." in text(market)
    assert 'name="q"' not in form  # the search box is above, with its own hidden label
    assert re.search(r'<label for="id_q" class="visually-hidden">검색어</label>', html)


def test_staff_get_the_csv_of_what_they_see(client, resident_client, staff_client):
    CompanyFactory()
    link = f'href="{reverse("companies:export_csv")}?complex=2">CSV로 내려받기</a>'
    assert link in page(staff_client, "/companies/?complex=2")
    for visitor in (client, resident_client):
        assert "CSV로 내려받기" not in page(visitor, "/companies/?complex=2")
    manage = f'<a href="{reverse("companies:mine")}">내 기업 관리</a>'
    assert manage in page(resident_client, "/companies/")
    assert manage not in page(client, "/companies/")


def test_the_list_in_english(client, tower_company):
    CompanyFactory(name="둘째기업")
    html = page(client, english("/companies/"))
    shown = text(html)
    assert "<title>Company directory · G Valley Portal</title>" in html
    assert "2 companies" in shown
    card = cards(html)["<한빛> & 보안"]
    assert 'aria-label="Certification"' in card
    assert "Complex 1 (Guro-gu)" in text(card)
    # The building has no English name: shown in Korean, marked; the unit is written in English.
    assert "12F Unit 1203" in text(card)
    assert "대륭<포스트>타워 & 8차 12F Unit 1203" in text(card)
    assert language_of(card, "대륭<포스트>타워 & 8차") == "ko"
    assert language_of(card, "12F Unit 1203") is None  # the page's own: English
    html = page(client, english("/companies/?complex=3&q=없는말"))
    assert "No companies match." in text(html)


# The company page


def test_the_company_page_shows_its_facts(client, tower_company):
    tower_company.founded_year = 2015
    tower_company.products = "첫 줄 <제품>\n둘째 줄"
    tower_company.keywords = "보안, 관제"
    tower_company.website = "https://hanbit.example/"
    tower_company.save()
    html = page(client, tower_company.get_absolute_url())
    shown = text(html)
    assert re.search(r"<h1>&lt;한빛&gt; &amp; 보안</h1>", html)
    assert "<p>첫 줄 &lt;제품&gt;<br>둘째 줄</p>" in html
    assert re.search(r'<ul class="badges" aria-label="키워드"><li class="badge">보안</li>', html)
    assert "설립 2015년" in shown
    assert f'<a href="{tower_company.building.get_absolute_url()}">' in html
    assert "대륭<포스트>타워 & 8차 12층 1203호" in shown
    assert '<a href="https://hanbit.example/" rel="noopener nofollow">' in html
    assert '<meta name="description" content="첫 줄 &lt;제품&gt;\n둘째 줄">' in html
    # Visitors are offered the claim link; nobody but managers gets the tools.
    assert "이 기업의 담당자인가요? 관리 권한 요청" in shown
    assert "manager-tools" not in html


def test_the_company_page_describes_itself_to_search_engines(client, tower_company):
    html = page(client, tower_company.get_absolute_url())
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["name"] == "<한빛> & 보안" and data["alternateName"] == 'Hanbit "Security"'
    assert "<한빛>" not in block.group(1)
    long = CompanyFactory(products="가" * 200)
    description = re.search(
        r'<meta name="description" content="([^"]*)">', page(client, long.get_absolute_url())
    )
    assert description.group(1) == "가" * 149 + "…"
    # Only a listed company is described; its manager still sees a pending one.
    pending = PendingCompanyFactory(name="대기기업")
    html = page(client_for_manager(pending), english(pending.get_absolute_url()))
    assert "application/ld+json" not in html


def client_for_manager(company):
    from django.test import Client

    client = Client()
    client.force_login(manager_of(company))
    return client


@pytest.mark.parametrize(
    ("status", "notice"),
    [
        ("pending", "구청 담당자가 검토하고 있습니다."),
        ("rejected", "등록이 반려되었습니다."),
        ("hidden", "디렉터리에서 숨겨진 기업입니다."),
    ],
)
def test_a_manager_sees_why_their_company_is_not_listed(status, notice):
    company = CompanyFactory(status=status, status_reason="서류 <미비>")
    html = page(client_for_manager(company), company.get_absolute_url())
    box = text(
        re.search(r'<div class="notice notice-warn" role="status">.*?</div>', html, re.S).group(0)
    )
    assert notice in box and "사유: 서류 <미비>" in box
    assert company.get_status_display() in box
    assert "관리 권한 요청" not in text(html)  # not for a company that is not listed
    tools = re.search(r'<nav class="manager-tools" aria-label="담당자 메뉴">.*?</nav>', html, re.S)
    assert text(tools.group(0)) == "정보 수정 사진 관리 담당자 관리"


def test_the_company_page_in_english(client, tower_company):
    logo = CompanyLogo(company=tower_company, image=upload())
    logo.save()
    Company.objects.filter(pk=tower_company.pk).update(logo=logo, founded_year=2015)
    html = page(client, english(tower_company.get_absolute_url()))
    assert 'alt="&lt;한빛&gt; &amp; 보안 logo"' in html
    assert "12F Unit 1203" in text(html)
    assert "Company directory" in text(html.split("<main", 1)[1])


# The home page and the account page


def test_the_home_page_lists_the_newest_companies_and_counts_them(client):
    assert "아직 등록된 기업이 없습니다." in text(page(client, "/"))
    tower = BuildingFactory(name="코오롱타워")
    CompanyFactory(name="먼저기업", approved_at=timezone.now() - timedelta(days=1))
    CompanyFactory(name="새기업", building=tower)
    html = page(client, "/")
    section = re.search(
        r'<section class="home-section" aria-labelledby="home-companies">.*?</section>', html, re.S
    ).group(0)
    names = re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", section)
    assert names == ["새기업", "먼저기업"]
    assert "컴퓨터 프로그래밍, 시스템 통합 및 관리업 · 코오롱타워" in text(section)
    assert "기업 2곳 모두 보기" in text(section)
    assert "See all 2 companies" in text(page(client, english("/")))


def test_the_account_page_lists_the_companies_a_manager_manages(client_for, resident_client):
    company = PendingCompanyFactory(name="내기업")
    html = page(client_for(manager_of(company)), reverse("account_profile"))
    section = re.search(r'<section aria-labelledby="account-companies">.*?</section>', html, re.S)
    assert "관리하는 기업 내기업 (검토 대기) 내 기업 관리" == text(section.group(0))
    assert "account-companies" not in page(resident_client, reverse("account_profile"))


# The manager's pages


def test_my_companies_shows_states_changes_and_claims(client_for, resident_client):
    assert "관리하는 기업이 없습니다." in text(page(resident_client, reverse("companies:mine")))
    mine = CompanyFactory(name="가기업")
    manager = manager_of(mine)
    rejected = PendingCompanyFactory(name="나기업", status="rejected", status_reason="서류 부족")
    rejected.memberships.create(user=manager)
    PendingChange.objects.create(company=mine, name="새이름", requested_by=manager)
    ClaimRequest.objects.create(
        company=CompanyFactory(name="다기업"),
        user=manager,
        position="대표",
        message="확인 바랍니다 부탁드려요",
    )
    html = page(client_for(manager), reverse("companies:mine"))
    cards_ = re.findall(r'<li class="card">.*?</li>', html, re.S)
    assert re.search(r'<span class="badge badge-ok">승인</span>', cards_[0])
    assert "검토 대기 중인 변경: 기업명 → 새이름" in text(cards_[0])
    assert "badge-danger" in cards_[1] and "사유: 서류 부족" in text(cards_[1])
    assert f'href="{reverse("companies:edit", args=[mine.slug])}">정보 수정</a>' in cards_[0]
    assert "관리 권한 요청" in text(html) and "다기업" in text(html)


def test_the_managers_page_marks_me_and_lists_waiting_invitations(client_for):
    company = CompanyFactory()
    me = manager_of(company, name="나담당")
    html = page(client_for(me), reverse("companies:managers", args=[company.slug]))
    assert '<span class="badge">나</span>' in html
    assert "담당 그만두기" not in html  # the last manager cannot leave
    colleague = manager_of(company, name="동료")
    Invitation.objects.create(company=company, email="new@example.com", invited_by=me)
    old = Invitation.objects.create(company=company, email="old@example.com", invited_by=me)
    Invitation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    html = page(client_for(me), reverse("companies:managers", args=[company.slug]))
    assert (
        "담당 그만두기" in html
        and f'빼기<span class="visually-hidden">: {colleague}</span>' in html
    )
    waiting = text(html.split("수락을 기다리는 초대", 1)[1].split("</ul>", 1)[0])
    assert "new@example.com" in waiting and "old@example.com" in waiting
    assert waiting.count("기한 지남") == 1


def test_the_photos_page_shows_each_photo_with_its_delete_button(client_for):
    company = CompanyFactory()
    client = client_for(manager_of(company))
    url = reverse("companies:photos", args=[company.slug])
    assert "아직 사진이 없습니다." in text(page(client, url))
    CompanyPhoto.objects.create(company=company, image=upload("p.png"), caption="사옥 <전경>")
    html = page(client, url)
    assert "<figcaption>사옥 &lt;전경&gt;</figcaption>" in html
    assert 'alt="사옥 &lt;전경&gt;"' in html
    assert '지우기<span class="visually-hidden">: 사옥 &lt;전경&gt;</span>' in html


def test_the_registration_form_groups_its_fields_and_reports_mistakes(resident_client):
    url = reverse("companies:register")
    html = page(resident_client, url)
    legends = re.findall(r"<legend>([^<]+)</legend>", html)
    assert legends[:3] == ["기본 정보", "위치", "하는 일"] and legends[-1] == "연락처와 로고"
    grid = re.search(
        r'<fieldset class="checkbox-grid">\s*<legend>[^<]+</legend>.*?</fieldset>', html, re.S
    )
    assert re.search(
        r'<li><input type="checkbox" name="certifications" value="\d+" id="(id_certifications_\d+)"[^>]*> <label for="\1">',
        grid.group(0),
    )
    assert 'name="csrfmiddlewaretoken"' in html
    html = resident_client.post(url, {"name": ""}).content.decode()
    assert (
        '<div class="form-errors" role="alert" tabindex="-1"><p>입력 내용을 확인해 주세요.</p></div>'
        in html
    )
    assert re.search(r'<div class="field field-error">\s*<label for="id_name">', html)


def test_the_claim_page_tells_a_manager_they_already_manage_it(client_for, resident_client):
    company = CompanyFactory(name="요청기업")
    url = reverse("companies:claim", args=[company.slug])
    assert "요청 보내기" in page(resident_client, url)
    html = page(client_for(manager_of(company)), url)
    assert "이미 이 기업의 담당자입니다." in text(html) and "요청 보내기" not in html


def test_the_invitation_page_says_what_state_the_invitation_is_in(client_for):
    company = CompanyFactory(name="초대기업")
    inviter = manager_of(company)
    invitee = UserFactory(email="invitee@example.com")
    invitation = Invitation.objects.create(
        company=company, email="invitee@example.com", invited_by=inviter
    )
    client = client_for(invitee)
    html = page(client, invitation.get_absolute_url())
    assert "초대기업의 담당자로 초대받았습니다. 초대받은 이메일: invitee@example.com" in text(html)
    assert "초대 수락" in html
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    assert "초대 기한이 지났습니다." in text(page(client, invitation.get_absolute_url()))
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    assert "이미 수락한 초대입니다." in text(page(client, invitation.get_absolute_url()))
