"""Council writes that touch several rows or send mail: each one atomic, with row locks."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gvalley import roles
from gvalley.siteurl import absolute_url

from .models import Grievance, GrievanceEvent, Meeting, Membership, Minutes


def council_recipients():
    """Return the e-mail addresses of everyone who sits on the council now."""
    User = get_user_model()
    linked = Membership.objects.active_on().filter(user__isnull=False).values("user")
    users = User.objects.filter(is_active=True).filter(
        Q(pk__in=linked) | Q(groups__name=roles.COUNCIL_MEMBER)
    )
    return sorted(set(users.values_list("email", flat=True)))


@transaction.atomic
def publish_agenda(meeting, *, by=None):
    """Publish a meeting's agenda and e-mail every council member once.

    Returns the number of e-mails sent (0 when the agenda was already public).
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        return 0
    if not meeting.agenda_items.exists():
        raise ValidationError(_("안건이 하나도 없는 회의는 안건을 공개할 수 없습니다."))
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.updated_by = by
    meeting.save(update_fields=["status", "agenda_published_at", "updated_by", "updated_at"])
    meeting.refresh_search_vector()
    items = list(meeting.agenda_items.select_related("proposer"))
    context = {"meeting": meeting, "items": items, "url": absolute_url(meeting.get_absolute_url())}
    subject = render_to_string("council/email/agenda_published_subject.txt", context).strip()
    body = render_to_string("council/email/agenda_published.txt", context)
    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        for email in council_recipients()
    ]
    # Send after commit: no mail about an agenda whose publication rolled back.
    transaction.on_commit(lambda: get_connection().send_messages(messages))
    return len(messages)


@transaction.atomic
def mark_held(meeting, *, by=None):
    """Record that a meeting took place."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        meeting.status = Meeting.Status.HELD
        meeting.updated_by = by
        meeting.save(update_fields=["status", "updated_by", "updated_at"])
    return meeting


@transaction.atomic
def publish_minutes(meeting, *, by=None):
    """Publish the meeting's minutes: they become public and searchable."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None or not minutes.body.strip():
        raise ValidationError(_("작성된 회의록이 없어 공개할 수 없습니다."))
    if minutes.status == Minutes.Status.PUBLISHED:
        return minutes
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.save()
    meeting.status = Meeting.Status.MINUTES_PUBLISHED
    if not meeting.agenda_published_at:
        meeting.agenda_published_at = minutes.published_at
    meeting.updated_by = by
    meeting.save(update_fields=["status", "agenda_published_at", "updated_by", "updated_at"])
    meeting.refresh_search_vector()
    return minutes


def _grievance_recipients(grievance):
    """Return who follows the grievance: its submitter, else its company's managers."""
    if grievance.submitted_by_id:
        user = grievance.submitted_by
        return [user.email] if user.is_active else []
    if grievance.company_id:
        return sorted(
            set(
                grievance.company.memberships.filter(user__is_active=True).values_list(
                    "user__email", flat=True
                )
            )
        )
    return []


def _notify_grievance(grievance, event):
    recipients = _grievance_recipients(grievance)
    if not recipients:
        return
    context = {
        "grievance": grievance,
        "event": event,
        "url": absolute_url(grievance.get_absolute_url()),
    }
    subject = render_to_string("council/email/grievance_status_subject.txt", context).strip()
    body = render_to_string("council/email/grievance_status.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    transaction.on_commit(message.send)


@transaction.atomic
def submit_grievance(*, company, user, title, description, company_name_public, is_public):
    """Record a company's grievance submitted online, with its first timeline step."""
    grievance = Grievance.objects.create(
        title=title,
        description=description,
        source=Grievance.Source.ONLINE,
        company=company,
        company_name_public=company_name_public,
        is_public=is_public,
        submitted_by=user,
        status=Grievance.Status.RECEIVED,
        received_on=timezone.localdate(),
    )
    event = GrievanceEvent.objects.create(
        grievance=grievance,
        status=Grievance.Status.RECEIVED,
        note=_("온라인으로 접수되었습니다."),
        changed_by=user,
    )
    _notify_grievance(grievance, event)
    return grievance


@transaction.atomic
def change_grievance_status(grievance, status, *, note="", reason="", holder=None, by=None):
    """Move a grievance to a new status: one timeline row and one e-mail to its submitter."""
    grievance = Grievance.objects.select_for_update().get(pk=grievance.pk)
    if status == grievance.status:
        raise ValidationError(_("이미 그 상태입니다."))
    if status not in grievance.allowed_next():
        raise ValidationError(
            _("'%(current)s'에서 '%(next)s'(으)로 바꿀 수 없습니다.")
            % {
                "current": grievance.get_status_display(),
                "next": Grievance.Status(status).label,
            }
        )
    if status == Grievance.Status.REJECTED and not (reason or "").strip():
        raise ValidationError(_("불가로 처리하려면 사유를 적어 주세요."))
    now = timezone.now()
    grievance.status = status
    if status == Grievance.Status.REJECTED:
        grievance.rejection_reason = reason.strip()
    if status == Grievance.Status.DONE:
        grievance.resolved_on = max(timezone.localdate(now), grievance.received_on)
    elif status != Grievance.Status.REJECTED:
        grievance.resolved_on = None
    if holder is not None:
        grievance.holder = holder
    grievance.updated_by = by
    grievance.save()
    event = GrievanceEvent.objects.create(
        grievance=grievance,
        status=status,
        note=note.strip() or (reason.strip() if status == Grievance.Status.REJECTED else ""),
        occurred_at=now,
        changed_by=by,
    )
    _notify_grievance(grievance, event)
    return grievance
