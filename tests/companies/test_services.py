"""The review flow: registration, approval emails, reviewed edits, claims, invitations."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from companies import services
from companies.models import ClaimRequest, Company, CompanyHistory, Invitation, PendingChange
from gvalley import roles
from tests.companies.factories import (
    CompanyFactory,
    PendingCompanyFactory,
    image_bytes,
    manager_of,
    upload,
    valid_number,
)

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "새빛보안",
        "business_number": valid_number(1),
        "industry": "62",
        "complex": "2",
        "employee_band": "b",
        "founded_year": "2015",
        "products": "보안 관제",
        "keywords": "보안, 관제",
        "description": "<p>안녕하세요</p><script>alert(1)</script>",
    }
    data.update(overrides)
    return data


def test_registration_makes_a_pending_company_and_a_manager(resident_client, resident):
    response = resident_client.post(
        reverse("companies:register"), {**form_data(), "logo_file": upload()}
    )
    company = Company.objects.get(name="새빛보안")
    assert response["Location"] == company.get_absolute_url()
    assert company.status == Company.Status.PENDING
    assert company.managers.get() == resident
    assert resident.groups.filter(name=roles.COMPANY_MANAGER).exists()
    assert company.logo and company.logo.width == 200
    assert "<script>" not in company.description
    assert company.history.get().action == CompanyHistory.Action.REGISTERED


def test_staff_approval_lists_the_company_and_emails_the_managers(
    staff, django_capture_on_commit_callbacks
):
    company = PendingCompanyFactory(name="승인대기보안")
    manager = manager_of(company)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.approve_company(company, staff)
    company.refresh_from_db()
    assert company.status == Company.Status.APPROVED and company.approved_at
    assert Company.objects.listed().filter(pk=company.pk).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    assert "승인" in mail.outbox[0].subject and company.get_absolute_url() in mail.outbox[0].body
    # Approving twice does nothing and sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert not services.approve_company(company, staff)
    assert len(mail.outbox) == 1


def test_rejection_carries_the_reason_to_the_managers(staff, django_capture_on_commit_callbacks):
    company = PendingCompanyFactory()
    manager_of(company)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_company(company, staff, "사업자등록번호를 확인할 수 없습니다.")
    company.refresh_from_db()
    assert company.status == Company.Status.REJECTED
    assert "사업자등록번호를 확인할 수 없습니다." in mail.outbox[0].body


def test_editing_a_rejected_company_sends_it_back_to_review(client_for):
    company = CompanyFactory(status=Company.Status.REJECTED, name="반려기업")
    manager = manager_of(company)
    response = client_for(manager).post(
        reverse("companies:edit", args=[company.slug]),
        form_data(name="고친기업", business_number=company.business_number),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING and company.name == "고친기업"


def test_rename_of_a_listed_company_waits_while_other_edits_go_live(client_for, client):
    company = CompanyFactory(name="옛이름보안", products="예전 제품")
    manager = manager_of(company)
    response = client_for(manager).post(
        reverse("companies:edit", args=[company.slug]),
        form_data(
            name="새이름보안",
            business_number=valid_number(2),
            products="새 제품",
            logo_file=upload(),
        ),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "옛이름보안"  # the approved name stays public
    assert company.business_number != valid_number(2)
    assert company.logo is None
    assert company.products == "새 제품"  # other edits are live at once
    change = PendingChange.objects.get(company=company)
    assert change.name == "새이름보안" and change.business_number == valid_number(2)
    assert change.logo is not None
    body = client.get("/companies/?q=옛이").content.decode()
    assert "옛이름보안" in body
    assert "새이름보안" not in client.get("/companies/?q=새이").content.decode()
    actions = set(company.history.values_list("action", flat=True))
    assert {"change_requested", "edited"} <= actions


def test_applying_a_change_publishes_it_and_emails(staff, django_capture_on_commit_callbacks):
    company = CompanyFactory(name="옛이름")
    manager_of(company)
    change = PendingChange.objects.create(
        company=company, name="새이름", business_number=valid_number(3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.apply_change(change, staff)
    company.refresh_from_db()
    assert company.name == "새이름" and company.business_number == valid_number(3)
    assert list(Company.objects.listed().search("새이")) == [company]
    entry = company.history.get(action=CompanyHistory.Action.CHANGE_APPLIED)
    assert entry.changes["name"] == ["옛이름", "새이름"]
    assert "반영" in mail.outbox[0].subject


def test_a_change_clashing_with_another_number_is_refused(staff):
    taken = CompanyFactory()
    company = CompanyFactory(name="옛이름")
    change = PendingChange.objects.create(company=company, business_number=taken.business_number)
    with pytest.raises(ValidationError):
        services.apply_change(change, staff)
    company.refresh_from_db()
    assert company.business_number != taken.business_number


def test_rejecting_a_change_keeps_the_public_version(staff, django_capture_on_commit_callbacks):
    company = CompanyFactory(name="옛이름")
    manager_of(company)
    change = PendingChange.objects.create(company=company, name="새이름")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_change(change, staff, "상호 변경 서류가 필요합니다.")
    company.refresh_from_db()
    assert company.name == "옛이름"
    assert "상호 변경 서류가 필요합니다." in mail.outbox[0].body


def test_hide_without_delete_and_show_again(staff):
    company = CompanyFactory()
    services.hide_company(company, staff, "폐업")
    assert not Company.objects.listed().filter(pk=company.pk).exists()
    assert Company.objects.filter(pk=company.pk).exists()
    services.unhide_company(company, staff)
    assert Company.objects.listed().filter(pk=company.pk).exists()


def test_claim_flow_staff_decide(
    resident, resident_client, staff, django_capture_on_commit_callbacks
):
    company = CompanyFactory()
    response = resident_client.post(
        reverse("companies:claim", args=[company.slug]),
        {
            "position": "경영지원팀장",
            "message": "회사 대표 메일 contact@example.com 으로 확인 가능합니다.",
        },
    )
    assert response.status_code == 302
    claim = ClaimRequest.objects.get()
    assert not company.memberships.filter(user=resident).exists()  # nothing automatic
    # A second request while the first waits gets a clear message.
    again = resident_client.post(
        reverse("companies:claim", args=[company.slug]),
        {"position": "팀장", "message": "다시 요청합니다. 확인 부탁드립니다."},
    )
    assert "이미 관리 권한을 요청했습니다" in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_claim(claim, staff)
    assert company.memberships.filter(user=resident).exists()
    assert resident.groups.filter(name=roles.COMPANY_MANAGER).exists()
    assert mail.outbox[-1].to == [resident.email]


def test_claim_needs_a_listed_company_and_a_real_message(resident_client):
    pending = PendingCompanyFactory()
    assert resident_client.get(reverse("companies:claim", args=[pending.slug])).status_code == 404
    company = CompanyFactory()
    response = resident_client.post(
        reverse("companies:claim", args=[company.slug]), {"position": "", "message": "짧음"}
    )
    body = response.content.decode()
    assert "10자 이상" in body and ClaimRequest.objects.count() == 0


def test_invitation_by_email_then_accepted_by_that_account(
    client_for, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    company = CompanyFactory()
    manager = manager_of(company)
    colleague = UserFactory(email="colleague@example.com")
    stranger = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            reverse("companies:managers", args=[company.slug]), {"email": "Colleague@Example.com"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert mail.outbox[0].to == ["colleague@example.com"]
    assert invitation.get_absolute_url() in mail.outbox[0].body
    url = invitation.get_absolute_url()
    assert client_for(stranger).post(url).status_code == 403
    assert client_for(colleague).post(url).status_code == 302
    assert company.memberships.filter(user=colleague).exists()
    assert colleague.groups.filter(name=roles.COMPANY_MANAGER).exists()
    # A used invitation cannot be used again.
    client_for(colleague).post(url)
    assert company.memberships.count() == 2


@pytest.mark.parametrize("email", ["", "not-an-email", "a" * 300 + "@example.com"])
def test_bad_invitation_emails_get_a_message(client_for, email):
    company = CompanyFactory()
    manager = manager_of(company)
    response = client_for(manager).post(
        reverse("companies:managers", args=[company.slug]), {"email": email}
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert Invitation.objects.count() == 0


def test_expired_invitation_is_refused(client_for):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import UserFactory

    company = CompanyFactory()
    user = UserFactory(email="late@example.com")
    invitation = Invitation.objects.create(company=company, email="late@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    with pytest.raises(ValidationError):
        services.accept_invitation(invitation.token, user)


def test_one_manager_removes_another_but_never_the_last(client_for):
    company = CompanyFactory()
    first = manager_of(company)
    second = manager_of(company)
    membership = company.memberships.get(user=second)
    response = client_for(first).post(
        reverse("companies:remove_manager", args=[company.slug, membership.pk])
    )
    assert response.status_code == 302
    assert list(company.managers.all()) == [first]
    last = company.memberships.get(user=first)
    with pytest.raises(ValidationError):
        services.remove_manager(company, first, last.pk)
    with pytest.raises(PermissionDenied):
        services.remove_manager(company, second, last.pk)


def test_photos_add_and_remove_with_a_limit(client_for):
    company = CompanyFactory()
    manager = manager_of(company)
    url = reverse("companies:photos", args=[company.slug])
    c = client_for(manager)
    for i in range(6):
        assert (
            c.post(
                url,
                {
                    "image": upload(f"p{i}.jpg", image_bytes("JPEG"), "image/jpeg"),
                    "caption": f"사무실 {i}",
                },
            ).status_code
            == 302
        )
    response = c.post(url, {"image": upload(), "caption": "하나 더"})
    assert "6장까지" in response.content.decode()
    photo = company.photos.first()
    c.post(reverse("companies:photo_delete", args=[company.slug, photo.pk]))
    assert company.photos.count() == 5
    assert photo.renditions == {} or all(int(w) < photo.width for w in photo.renditions)
