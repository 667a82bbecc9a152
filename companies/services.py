"""Writes of the company directory that touch several rows or may race.

Every function runs in one transaction, locks the company row where two requests could race,
writes the change history and sends the emails that go with the change.
"""

import logging

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gvalley import roles
from gvalley.siteurl import absolute_url, site_url

from .models import (
    ENGLISH_FIELDS,
    ClaimRequest,
    Company,
    CompanyHistory,
    CompanyLogo,
    CompanyMembership,
    CompanyPhoto,
    Invitation,
    PendingChange,
)

logger = logging.getLogger(__name__)

# Paths under /companies/ that a company slug must never take.
RESERVED_SLUGS = {"register", "mine", "invitations", "export", "import", "new", "edit"}
# Fields written to the history when they change (what staff need to follow a profile).
TRACKED_FIELDS = [
    "name",
    "name_en",
    "business_number",
    "representative_title",
    "industry",
    "complex",
    "road_address",
    "building",
    "floor",
    "unit",
    "founded_year",
    "employee_band",
    "products",
    "keywords",
    "website",
    "phone",
    "email",
    "description",
    # The English texts (companies/translation.py); the unsuffixed ones above are the Korean.
    "road_address_en",
    "products_en",
    "keywords_en",
    "description_en",
]


def unique_slug(name, taken=None):
    """Return a free slug for a company name (Korean kept), adding -2, -3… when needed."""
    base = slugify(name, allow_unicode=True)[:100] or "company"
    if base in RESERVED_SLUGS:
        base = f"{base}-company"
    candidate, number = base, 1
    while (
        candidate in taken if taken is not None else Company.objects.filter(slug=candidate).exists()
    ):
        number += 1
        candidate = f"{base}-{number}"
    if taken is not None:
        taken.add(candidate)
    return candidate


def record(company, user, action, changes=None, note=""):
    return CompanyHistory.objects.create(
        company=company,
        user=user if user and user.is_authenticated else None,
        action=action,
        changes=changes or {},
        note=note,
    )


def _value(company, field):
    if field in ENGLISH_FIELDS:
        field = f"{field}_ko"  # not the active language's text (modeltranslation)
    value = getattr(company, f"{field}_id" if field in ("industry", "building") else field)
    return "" if value is None else str(value)


def snapshot(company):
    return {field: _value(company, field) for field in TRACKED_FIELDS}


def diff(before, after):
    return {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}


def give_manager_role(user):
    group, _created = Group.objects.get_or_create(name=roles.COMPANY_MANAGER)
    user.groups.add(group)
    roles.forget_roles(user)  # the new role and company count from here on in this request


def _send(subject_template, body_template, context, recipients):
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    subject = render_to_string(subject_template, context).strip().replace("\n", " ")
    body = render_to_string(body_template, context)
    send_mail(subject, body, None, recipients)


def notify_managers(company, template, **context):
    """Email every manager of the company (templates/companies/email/<template>_*.txt)."""
    emails = list(company.managers.values_list("email", flat=True))
    context.update(company=company, SITE_URL=site_url())

    def send():
        _send(
            f"companies/email/{template}_subject.txt",
            f"companies/email/{template}_body.txt",
            context,
            emails,
        )

    transaction.on_commit(send)


def _save_logo(company, upload):
    logo = CompanyLogo(company=company, image=upload)
    logo.save()
    return logo


@transaction.atomic
def register_company(form, user):
    """Create a company from a valid registration form; it waits for staff review."""
    company = form.save(commit=False)
    company.status = Company.Status.PENDING
    company.created_by = user
    company.slug = unique_slug(company.name)
    company.save()
    form.save_m2m()
    upload = form.cleaned_data.get("logo_file")
    if upload:
        company.logo = _save_logo(company, upload)
        company.save(update_fields=["logo"])
    CompanyMembership.objects.create(company=company, user=user)
    give_manager_role(user)
    record(company, user, CompanyHistory.Action.REGISTERED, snapshot(company))
    return company


@transaction.atomic
def update_company(company_pk, form, user):
    """Save a manager's edit: reviewed fields of a listed company wait, the rest go live.

    `form` is a bound, valid CompanyForm whose instance already carries the new values.
    Returns (company, pending_change or None).
    """
    current = Company.objects.select_for_update().get(pk=company_pk)
    before = snapshot(current)
    company = form.save(commit=False)
    upload = form.cleaned_data.get("logo_file")
    change = None
    if current.status in (Company.Status.APPROVED, Company.Status.HIDDEN):
        wanted = {
            "name": company.name if company.name != current.name else "",
            "business_number": company.business_number
            if company.business_number != current.business_number
            else "",
        }
        # The public keeps seeing the approved name and number until staff apply the change.
        company.name = current.name
        company.business_number = current.business_number
        if any(wanted.values()) or upload:
            change = PendingChange.objects.filter(
                company=current, status=PendingChange.Status.PENDING
            ).first() or PendingChange(company=current, requested_by=user)
            change.name = wanted["name"] or change.name
            change.business_number = wanted["business_number"] or change.business_number
            if upload:
                change.logo = _save_logo(current, upload)
            change.requested_by = user
            change.save()
            record(
                current,
                user,
                CompanyHistory.Action.CHANGE_REQUESTED,
                note=change.summary(),
            )
    elif upload:
        company.logo = _save_logo(current, upload)
    company.status = current.status
    company.approved_at = current.approved_at
    company.save()
    form.save_m2m()
    changes = diff(before, snapshot(company))
    if current.status == Company.Status.REJECTED:
        company.status = Company.Status.PENDING
        company.save(update_fields=["status"])
        record(company, user, CompanyHistory.Action.RESUBMITTED, changes)
    elif changes:
        record(company, user, CompanyHistory.Action.EDITED, changes)
    return company, change


def _locked(company):
    return Company.objects.select_for_update().get(pk=company.pk)


@transaction.atomic
def approve_company(company, staff):
    """List a pending (or rejected) company; return False when it was not waiting."""
    company = _locked(company)
    if company.status not in (Company.Status.PENDING, Company.Status.REJECTED):
        return False
    company.status = Company.Status.APPROVED
    company.status_reason = ""
    company.approved_at = company.approved_at or timezone.now()
    company.save(update_fields=["status", "status_reason", "approved_at"])
    record(company, staff, CompanyHistory.Action.APPROVED)
    notify_managers(company, "approved")
    return True


@transaction.atomic
def reject_company(company, staff, reason):
    company = _locked(company)
    if company.status != Company.Status.PENDING:
        return False
    company.status = Company.Status.REJECTED
    company.status_reason = reason
    company.save(update_fields=["status", "status_reason"])
    record(company, staff, CompanyHistory.Action.REJECTED, note=reason)
    notify_managers(company, "rejected", reason=reason)
    return True


@transaction.atomic
def hide_company(company, staff, reason):
    """Take a company off the public directory without deleting it (closed, moved away)."""
    company = _locked(company)
    if company.status == Company.Status.HIDDEN:
        return False
    company.status = Company.Status.HIDDEN
    company.status_reason = reason
    company.save(update_fields=["status", "status_reason"])
    record(company, staff, CompanyHistory.Action.HIDDEN, note=reason)
    return True


@transaction.atomic
def unhide_company(company, staff):
    company = _locked(company)
    if company.status != Company.Status.HIDDEN:
        return False
    company.status = Company.Status.APPROVED
    company.status_reason = ""
    company.approved_at = company.approved_at or timezone.now()
    company.save(update_fields=["status", "status_reason", "approved_at"])
    record(company, staff, CompanyHistory.Action.UNHIDDEN)
    return True


@transaction.atomic
def apply_change(change, staff):
    """Apply a reviewed change to the public profile; raise ValidationError on a clash."""
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if change.status != PendingChange.Status.PENDING:
        return False
    company = _locked(change.company)
    before = snapshot(company)
    if change.name:
        company.name = change.name
    if change.business_number:
        if (
            Company.objects.filter(business_number=change.business_number)
            .exclude(pk=company.pk)
            .exists()
        ):
            raise ValidationError(
                _("%(company)s: 새 사업자등록번호는 이미 다른 기업이 쓰고 있습니다.")
                % {"company": company}
            )
        company.business_number = change.business_number
    if change.logo_id:
        company.logo_id = change.logo_id
    company.save()
    change.status = PendingChange.Status.APPLIED
    change.decided_by = staff
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    changes = diff(before, snapshot(company))
    if change.logo_id:
        changes["logo"] = ["", str(change.logo_id)]
    record(company, staff, CompanyHistory.Action.CHANGE_APPLIED, changes)
    notify_managers(company, "change_applied", change=change)
    return True


@transaction.atomic
def reject_change(change, staff, reason):
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if change.status != PendingChange.Status.PENDING:
        return False
    change.status = PendingChange.Status.REJECTED
    change.decided_by = staff
    change.decided_at = timezone.now()
    change.reason = reason
    change.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    record(change.company, staff, CompanyHistory.Action.CHANGE_REJECTED, note=reason)
    notify_managers(change.company, "change_rejected", change=change, reason=reason)
    return True


@transaction.atomic
def request_claim(company, user, position, message):
    """Ask to manage a listed company; staff decide. Return the claim."""
    if company.memberships.filter(user=user).exists():
        raise ValidationError(_("이미 이 기업의 담당자입니다."))
    if ClaimRequest.objects.filter(
        company=company, user=user, status=ClaimRequest.Status.PENDING
    ).exists():
        raise ValidationError(_("이미 관리 권한을 요청했습니다. 검토 결과를 메일로 알려 드립니다."))
    try:
        with transaction.atomic():
            claim = ClaimRequest.objects.create(
                company=company, user=user, position=position, message=message
            )
    except IntegrityError as error:
        raise ValidationError(
            _("이미 관리 권한을 요청했습니다. 검토 결과를 메일로 알려 드립니다.")
        ) from error
    record(company, user, CompanyHistory.Action.CLAIM_REQUESTED, note=position)
    return claim


@transaction.atomic
def approve_claim(claim, staff):
    claim = ClaimRequest.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimRequest.Status.PENDING:
        return False
    claim.status = ClaimRequest.Status.APPROVED
    claim.decided_by = staff
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_by", "decided_at"])
    CompanyMembership.objects.get_or_create(company=claim.company, user=claim.user)
    give_manager_role(claim.user)
    record(claim.company, staff, CompanyHistory.Action.CLAIM_APPROVED, note=claim.user.email)
    context = {"company": claim.company, "claim": claim}
    transaction.on_commit(
        lambda: _send(
            "companies/email/claim_approved_subject.txt",
            "companies/email/claim_approved_body.txt",
            context,
            [claim.user.email],
        )
    )
    return True


@transaction.atomic
def reject_claim(claim, staff, reason):
    claim = ClaimRequest.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimRequest.Status.PENDING:
        return False
    claim.status = ClaimRequest.Status.REJECTED
    claim.decided_by = staff
    claim.decided_at = timezone.now()
    claim.reason = reason
    claim.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    record(claim.company, staff, CompanyHistory.Action.CLAIM_REJECTED, note=reason)
    context = {"company": claim.company, "claim": claim, "reason": reason}
    transaction.on_commit(
        lambda: _send(
            "companies/email/claim_rejected_subject.txt",
            "companies/email/claim_rejected_body.txt",
            context,
            [claim.user.email],
        )
    )
    return True


@transaction.atomic
def invite_manager(company, inviter, email):
    """Invite a colleague by email (a fresh link when one was already sent)."""
    email = email.strip().lower()
    company = _locked(company)
    if company.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("이미 이 기업의 담당자인 이메일입니다."))
    invitation = Invitation.objects.filter(
        company=company, email=email, accepted_at__isnull=True
    ).first()
    if invitation:
        invitation.delete()
    invitation = Invitation.objects.create(company=company, email=email, invited_by=inviter)
    record(company, inviter, CompanyHistory.Action.INVITED, note=email)
    context = {
        "company": company,
        "inviter": inviter,
        "accept_url": absolute_url(invitation.get_absolute_url()),
        "valid_days": Invitation.VALID_DAYS,
    }
    transaction.on_commit(
        lambda: _send(
            "companies/email/invitation_subject.txt",
            "companies/email/invitation_body.txt",
            context,
            [email],
        )
    )
    return invitation


@transaction.atomic
def accept_invitation(token, user):
    """Make the signed-in user a manager; the invitation must be theirs, open and fresh."""
    invitation = (
        Invitation.objects.select_for_update().select_related("company").filter(token=token).first()
    )
    if invitation is None or invitation.accepted_at is not None:
        raise ValidationError(_("이미 사용했거나 없는 초대입니다."))
    if invitation.is_expired:
        raise ValidationError(
            _("초대 기한(%(days)s일)이 지났습니다. 담당자에게 다시 초대해 달라고 요청해 주세요.")
            % {"days": Invitation.VALID_DAYS}
        )
    if invitation.email.lower() != user.email.lower():
        raise PermissionDenied(
            _("이 초대는 %(email)s 계정으로만 수락할 수 있습니다.") % {"email": invitation.email}
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    CompanyMembership.objects.get_or_create(company=invitation.company, user=user)
    give_manager_role(user)
    record(invitation.company, user, CompanyHistory.Action.MANAGER_ADDED, note=user.email)
    return invitation.company


@transaction.atomic
def remove_manager(company, actor, membership_pk):
    """Remove a manager; never the last one (the company lock makes this hold under races)."""
    company = _locked(company)
    memberships = list(company.memberships.select_related("user"))
    if not any(m.user_id == actor.pk for m in memberships):
        raise PermissionDenied
    target = next((m for m in memberships if m.pk == membership_pk), None)
    if target is None:
        raise ValidationError(_("이미 삭제된 담당자입니다."))
    if len(memberships) <= 1:
        raise ValidationError(
            _("마지막 담당자는 삭제할 수 없습니다. 먼저 다른 담당자를 초대해 주세요.")
        )
    target.delete()
    record(company, actor, CompanyHistory.Action.MANAGER_REMOVED, note=target.user.email)
    return target


@transaction.atomic
def add_photo(company, user, form):
    company = _locked(company)
    if company.photos.count() >= CompanyPhoto.MAX_PER_COMPANY:
        raise ValidationError(
            _("사진은 %(count)s장까지 올릴 수 있습니다. 먼저 다른 사진을 지워 주세요.")
            % {"count": CompanyPhoto.MAX_PER_COMPANY}
        )
    photo = form.save(commit=False)
    photo.company = company
    photo.save()
    record(company, user, CompanyHistory.Action.PHOTO_ADDED, note=photo.caption)
    return photo


@transaction.atomic
def remove_photo(company, user, photo_pk):
    photo = company.photos.filter(pk=photo_pk).first()
    if photo is None:
        return False
    photo.delete()
    record(company, user, CompanyHistory.Action.PHOTO_REMOVED, note=photo.caption)
    return True
