"""Council writes that touch several rows or send mail: each one atomic, with row locks."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gvalley import roles
from gvalley.siteurl import absolute_url

from .models import Grievance, GrievanceEvent, MailPreference, Meeting, Membership, Minutes


def council_members():
    """Return the active accounts of everyone who sits on the council now."""
    User = get_user_model()
    linked = Membership.objects.active_on().filter(user__isnull=False).values("user")
    return User.objects.filter(is_active=True).filter(
        Q(pk__in=linked) | Q(groups__name=roles.COUNCIL_MEMBER)
    )


def council_recipients(digest=None):
    """Return the e-mail addresses of everyone who sits on the council now.

    digest=False: only those who take each agenda and minutes mail as it comes; True: only those
    who chose the weekly digest instead.
    """
    users = council_members()
    weekly = Q(council_mail__weekly_digest=True)
    if digest is True:
        users = users.filter(weekly)
    elif digest is False:
        users = users.exclude(weekly)
    return sorted(set(users.values_list("email", flat=True)))


def set_weekly_digest(user, weekly_digest):
    """Record whether the member takes agenda and minutes news weekly instead of at once."""
    MailPreference.objects.update_or_create(user=user, defaults={"weekly_digest": weekly_digest})


def _mail_each(recipients, subject_template, body_template, context):
    """Queue one message per address (no member sees another's address)."""
    subject = " ".join(render_to_string(subject_template, context).split())
    body = render_to_string(body_template, context)
    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients
    ]
    get_connection().send_messages(messages)
    return len(messages)


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
        for email in council_recipients(digest=False)
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
    context = {"meeting": meeting, "url": absolute_url(meeting.get_absolute_url())}
    recipients = council_recipients(digest=False)
    # Queued with the publication: no mail if it rolls back.
    _mail_each(
        recipients,
        "council/email/minutes_published_subject.txt",
        "council/email/minutes_published.txt",
        context,
    )
    return minutes


def send_meeting_reminders(*, now=None):
    """Remind the council of each meeting that starts by tomorrow's end, once per meeting."""
    now = now or timezone.now()
    tomorrow_ends = timezone.localtime(now).replace(
        hour=0, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=2)
    sent = 0
    with transaction.atomic():
        meetings = list(
            Meeting.objects.select_for_update(skip_locked=True).filter(
                status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED],
                starts_at__gt=now,
                starts_at__lt=tomorrow_ends,
                reminder_sent_at__isnull=True,
            )
        )
        recipients = council_recipients() if meetings else []
        for meeting in meetings:
            meeting.reminder_sent_at = now
            meeting.save(update_fields=["reminder_sent_at"])
            context = {"meeting": meeting, "url": absolute_url(meeting.get_absolute_url())}
            sent += _mail_each(
                recipients,
                "council/email/meeting_reminder_subject.txt",
                "council/email/meeting_reminder.txt",
                context,
            )
    return sent


def send_weekly_digest(until):
    """Mail the members who chose the digest what was published in the week before `until`."""
    since = until - datetime.timedelta(days=7)
    agendas = list(
        Meeting.objects.filter(agenda_published_at__gte=since, agenda_published_at__lt=until)
        .exclude(status=Meeting.Status.SCHEDULED)
        .order_by("starts_at", "pk")
    )
    minutes = list(
        Minutes.objects.filter(
            status=Minutes.Status.PUBLISHED, published_at__gte=since, published_at__lt=until
        )
        .select_related("meeting")
        .order_by("published_at", "pk")
    )
    if not agendas and not minutes:
        return 0
    context = {
        "agendas": [(m, absolute_url(m.get_absolute_url())) for m in agendas],
        "minutes": [(m.meeting, absolute_url(m.meeting.get_absolute_url())) for m in minutes],
        "since": since,
        "until": until,
        "dashboard_url": absolute_url(reverse("council:dashboard")),
    }
    with transaction.atomic():
        return _mail_each(
            council_recipients(digest=True),
            "council/email/weekly_digest_subject.txt",
            "council/email/weekly_digest.txt",
            context,
        )


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
        # The Korean column, whichever language the page was in: what a company writes is the
        # original (council/translation.py); staff may add an English title in the admin.
        title_ko=title,
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
