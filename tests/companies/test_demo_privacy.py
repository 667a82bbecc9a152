"""Demo content, home section, sitemap, bench pages and the account's personal data."""

import pytest

from companies import bench, demo, privacy
from companies.home import home_section
from companies.models import Building, ClaimRequest, Company, CompanyHistory
from tests.companies.factories import CompanyFactory, PendingCompanyFactory, manager_of

pytestmark = pytest.mark.django_db


def _progress(iterable, desc, total=None):
    return iterable


def test_demo_load_is_idempotent_flagged_and_plausible():
    demo.load(scale=0, progress=_progress)
    counts = (Company.objects.count(), Building.objects.count())
    demo.load(scale=0, progress=_progress)
    assert (Company.objects.count(), Building.objects.count()) == counts
    assert 55 <= counts[0] <= 65
    assert not Company.objects.filter(is_sample=False).exists()
    tower = Building.objects.get(name="대륭포스트타워 8차")
    assert tower.is_sample is False and tower.companies.exists()
    assert Building.objects.filter(kind="knowledge").count() >= 5
    assert Company.objects.listed().count() >= 55
    assert Company.objects.filter(status="pending").exists()  # the review queue has work


def test_demo_scale_tops_up_only_what_is_missing():
    demo.load(scale=0.02, progress=_progress)  # 300 generated rows
    generated = Company.objects.filter(slug__startswith="gen-").count()
    assert generated == 300
    demo.load(scale=0.03, progress=_progress)
    assert Company.objects.filter(slug__startswith="gen-").count() == 450
    demo.load(scale=0.03, progress=_progress)
    assert Company.objects.filter(slug__startswith="gen-").count() == 450
    assert list(Company.objects.listed().search("보안")[:1])


def test_home_section_newest_first_listed_only(rf):
    from datetime import timedelta

    from django.utils import timezone

    old = CompanyFactory(approved_at=timezone.now() - timedelta(days=9))
    new = CompanyFactory()
    PendingCompanyFactory()
    section = home_section(rf.get("/"))
    assert section["items"][:2] == [new, old]
    assert section["count"] == 2


def test_bench_pages_resolve_and_answer(client):
    demo.load(scale=0, progress=_progress)
    for name, path in bench.bench_pages():
        assert client.get(path).status_code == 200, name


def test_privacy_export_account_section_and_delete(resident):
    company = CompanyFactory(name="내회사")
    from companies.models import CompanyMembership

    CompanyMembership.objects.create(company=company, user=resident)
    ClaimRequest.objects.create(
        company=CompanyFactory(), user=resident, position="팀장", message="확인 부탁드립니다."
    )
    CompanyHistory.objects.create(company=company, user=resident, action="edited")
    data = privacy.export(resident)
    assert data["companies_managed"][0]["company"] == "내회사"
    assert data["company_claims"][0]["position"] == "팀장"
    assert privacy.account_section(resident)["companies"] == [company]
    from gvalley.privacy import delete_user

    delete_user(resident)
    assert CompanyHistory.objects.get().user is None
    assert Company.objects.filter(pk=company.pk).exists()


def test_account_section_absent_for_non_managers(resident):
    assert privacy.account_section(resident) is None
    manager = manager_of(CompanyFactory())
    assert privacy.account_section(manager) is not None


def test_demo_has_a_rejected_company_whose_reason_only_its_manager_reads(client, client_for):
    from gvalley import demo as accounts

    accounts.load(scale=0, progress=_progress)
    demo.load(scale=0, progress=_progress)
    demo.load(scale=0, progress=_progress)  # still idempotent
    rejected = Company.objects.get(status=Company.Status.REJECTED)
    assert rejected.status_reason and rejected.is_sample
    assert CompanyHistory.objects.filter(company=rejected, action="rejected").exists()
    manager = accounts.demo_user("manager@gvalley.example")
    assert rejected.memberships.filter(user=manager).exists()
    reason = rejected.status_reason[:20]

    own = client_for(manager)
    mine = own.get("/companies/mine/").content.decode()
    assert rejected.name in mine and reason in mine and "반려" in mine
    page = own.get(rejected.get_absolute_url()).content.decode()
    assert reason in page and "등록이 반려되었습니다" in page

    resident = client_for(accounts.demo_user("resident@gvalley.example"))
    for visitor in (client, resident):
        assert visitor.get(rejected.get_absolute_url()).status_code == 404
        for path in ("/", "/companies/", "/sitemap.xml"):
            body = visitor.get(path).content.decode()
            assert rejected.name not in body and reason not in body, path
        found = visitor.get("/companies/", {"q": "메신저"}).content.decode()
        assert rejected.get_absolute_url() not in found and "기업 0곳" in found
