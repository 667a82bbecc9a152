"""The staff back office: review queue first, approve/reject/hide with reasons, history."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from companies.models import ClaimRequest, Company, CompanyHistory, PendingChange
from tests.companies.factories import CompanyFactory, PendingCompanyFactory, manager_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:companies_company_changelist")


def test_review_queue_comes_first(staff_client):
    CompanyFactory(name="이미승인")
    PendingCompanyFactory(name="대기중")
    body = staff_client.get(CHANGELIST).content.decode()
    assert body.index("대기중") < body.index("이미승인")


def test_approve_action_lists_and_emails(staff_client, django_capture_on_commit_callbacks):
    company = PendingCompanyFactory()
    manager_of(company)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(CHANGELIST, {"action": "approve", ACTION_CHECKBOX_NAME: [company.pk]})
    company.refresh_from_db()
    assert company.status == Company.Status.APPROVED
    assert len(mail.outbox) == 1


def test_reject_action_asks_for_a_reason_first(staff_client, django_capture_on_commit_callbacks):
    company = PendingCompanyFactory()
    manager_of(company)
    page = staff_client.post(CHANGELIST, {"action": "reject", ACTION_CHECKBOX_NAME: [company.pk]})
    assert page.status_code == 200 and "사유" in page.content.decode()
    empty = staff_client.post(
        CHANGELIST,
        {
            "action": "reject",
            ACTION_CHECKBOX_NAME: [company.pk],
            "apply_reason": "1",
            "reason": " ",
        },
    )
    assert "사유를 입력해 주세요" in empty.content.decode()
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            CHANGELIST,
            {
                "action": "reject",
                ACTION_CHECKBOX_NAME: [company.pk],
                "apply_reason": "1",
                "reason": "G밸리 밖의 주소입니다.",
            },
        )
    company.refresh_from_db()
    assert company.status == Company.Status.REJECTED
    assert company.status_reason == "G밸리 밖의 주소입니다."
    assert "G밸리 밖의 주소입니다." in mail.outbox[0].body


def test_hide_action_keeps_the_row(staff_client):
    company = CompanyFactory()
    staff_client.post(
        CHANGELIST,
        {
            "action": "hide",
            ACTION_CHECKBOX_NAME: [company.pk],
            "apply_reason": "1",
            "reason": "이전",
        },
    )
    company.refresh_from_db()
    assert company.status == Company.Status.HIDDEN


def test_pending_change_and_claim_actions(staff_client):
    company = CompanyFactory(name="옛이름")
    change = PendingChange.objects.create(company=company, name="새이름")
    staff_client.post(
        reverse("admin:companies_pendingchange_changelist"),
        {"action": "apply", ACTION_CHECKBOX_NAME: [change.pk]},
    )
    company.refresh_from_db()
    assert company.name == "새이름"
    claimant = UserFactory()
    claim = ClaimRequest.objects.create(
        company=company, user=claimant, position="팀장", message="확인 부탁드립니다 메일 있음"
    )
    staff_client.post(
        reverse("admin:companies_claimrequest_changelist"),
        {"action": "approve", ACTION_CHECKBOX_NAME: [claim.pk]},
    )
    assert company.memberships.filter(user=claimant).exists()


def test_staff_edit_is_stamped_in_the_history_staff_can_read(staff_client, staff):
    company = CompanyFactory(name="고칠기업", industry_id="62", complex="2")
    url = reverse("admin:companies_company_change", args=[company.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "name": "고친기업",
            "website": "gochin.example",
            "slug": company.slug,
            "business_number": company.business_number,
            "status": "approved",
            "industry": "62",
            "complex": "2",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "pending_changes-TOTAL_FORMS": "0",
            "pending_changes-INITIAL_FORMS": "0",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = CompanyHistory.objects.get(company=company, action="staff_edited")
    assert entry.user == staff and entry.changes["name"] == ["고칠기업", "고친기업"]
    company.refresh_from_db()
    assert company.website == "https://gochin.example"
    assert "고친기업" in staff_client.get(url).content.decode()


def test_history_shows_a_hostile_value_as_text(staff_client):
    company = CompanyFactory(name="이력기업")
    CompanyHistory.objects.create(
        company=company,
        action="staff_edited",
        changes={"name": ["이력기업", "<script>alert(1)</script>"]},
    )
    page = staff_client.get(reverse("admin:companies_company_change", args=[company.pk]))
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "name: &#x27;이력기업&#x27; → &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;" in html


@pytest.mark.parametrize(
    "name",
    ["company", "pendingchange", "claimrequest", "companyhistory", "building", "invitation"],
)
def test_admin_lists_open_for_staff_and_not_for_others(staff_client, resident_client, name):
    url = reverse(f"admin:companies_{name}_changelist")
    assert staff_client.get(url).status_code == 200
    assert resident_client.get(url).status_code == 302
