"""The 수출상담회's writes: its slots, the schedule (through events/scheduling.py), publishing, and the
buyers' CSV import. Each runs in one transaction and locks the consultation row, so two runs queue up
and a failure leaves nothing half-written.
"""

import csv
import datetime
import functools
import time
from collections import Counter
from decimal import Decimal

from babel import Locale
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.models import IndustryDivision
from gvalley import csvfiles, jobs

from . import mails
from .models import (
    Absence,
    Buyer,
    BuyerInvitation,
    BuyerWish,
    CompanyWish,
    Consultation,
    Meeting,
    Participant,
    Registration,
    Slot,
)
from .scheduling import (
    Assignment,
    BuyerIn,
    CompanyIn,
    InterpreterIn,
    Problem,
    ScheduleError,
    solve,
)
from .tasks import generate_consultation_schedule

DEFAULT_TIME_LIMIT = 20.0
# Babel's territories include regions ("001"), groupings and private-use codes: keep real countries.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


class ConsultationError(Exception):
    """A write refused; the message is for the person who asked."""


def _lock(consultation):
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def schedule_message(error):
    """Return the reader's message (Korean, English through translations) for a ScheduleError."""
    figures = error.figures
    if error.kind == "over_full_tables":
        return (
            _(
                "최소 상담 수를 채우려면 상담 %(need)d건이 필요하지만 시간대×테이블 자리는 "
                "%(places)d개뿐입니다. 테이블이나 시간대를 늘리거나 최소 상담 수를 줄여 주세요."
            )
            % figures
        )
    if error.kind == "over_full_buyers":
        return (
            _(
                "최소 상담 수를 채우려면 상담 %(need)d건이 필요하지만 바이어들이 받을 수 있는 "
                "상담은 모두 %(places)d건입니다. 바이어당 최대 상담 수를 늘리거나 최소 상담 수를 "
                "줄여 주세요."
            )
            % figures
        )
    if error.kind == "no_interpreter":
        return _("통역 언어 '%(language)s'를 하는 통역사가 없습니다.") % figures
    if error.kind == "no_slots":
        return _("상담 시간대가 없습니다. 먼저 시간대를 만들어 주세요.")
    return _("배정을 찾지 못했습니다. 조건을 확인해 주세요.")


def slot_times(consultation):
    """Return the (start, end) of each slot the grid's hours and breaks allow, as aware datetimes."""
    zone = timezone.get_current_timezone()
    length = datetime.timedelta(minutes=consultation.slot_minutes)
    breaks = [
        (
            datetime.datetime.combine(consultation.date, b.starts_at, zone),
            datetime.datetime.combine(consultation.date, b.ends_at, zone),
        )
        for b in consultation.breaks.all()
    ]
    start = datetime.datetime.combine(consultation.date, consultation.starts_at, zone)
    end = datetime.datetime.combine(consultation.date, consultation.ends_at, zone)
    times = []
    while start + length <= end:
        clash = next((b for b in breaks if b[0] < start + length and start < b[1]), None)
        if clash is not None:
            start = clash[1]
            continue
        times.append((start, start + length))
        start += length
    return times


@transaction.atomic
def build_slots(consultation):
    """Make the consultation's slots from its grid; refused once meetings exist."""
    consultation = _lock(consultation)
    if consultation.meetings.exists():
        raise ConsultationError(
            _("이미 상담이 배정되어 시간대를 다시 만들 수 없습니다. 상담을 먼저 지워 주세요.")
        )
    consultation.slots.all().delete()
    return Slot.objects.bulk_create(
        Slot(consultation=consultation, starts_at=start, ends_at=end)
        for start, end in slot_times(consultation)
    )


@transaction.atomic
def add_selected_companies(consultation):
    """Make a Participant of every company selected for the consultation's event; return how many
    were added (those already there are kept as they are)."""
    consultation = _lock(consultation)
    selected = Registration.objects.filter(
        event=consultation.event, status=Registration.Status.SELECTED, company__isnull=False
    ).exclude(company__consultation_entries__consultation=consultation)
    added = Participant.objects.bulk_create(
        Participant(consultation=consultation, company_id=company_id)
        for company_id in selected.values_list("company", flat=True).distinct()
    )
    return len(added)


@transaction.atomic
def save_wishes(participant, ranks):
    """Replace a company's wishes with `ranks` ({buyer id: rank}); ranks must be 1, 2, 3 … each once."""
    buyers = set(participant.consultation.buyers.values_list("pk", flat=True))
    if not set(ranks) <= buyers:
        raise ConsultationError(_("이 수출상담회의 바이어가 아닙니다."))
    values = sorted(ranks.values())
    if values != list(range(1, len(values) + 1)):
        raise ConsultationError(
            _(
                "순위는 1부터 차례로 한 번씩만 매겨 주세요(예: 1, 2, 3). 원하지 않는 바이어는 비워 둡니다."
            )
        )
    participant.wishes.all().delete()
    CompanyWish.objects.bulk_create(
        CompanyWish(participant=participant, buyer_id=buyer_id, rank=rank)
        for buyer_id, rank in ranks.items()
    )


@transaction.atomic
def save_buyer_choices(buyer, present, ranks):
    """Record the slots a buyer is present (absent from the others) and its ranked wishes."""
    consultation = buyer.consultation
    slots = set(consultation.slots.values_list("pk", flat=True))
    present = {int(pk) for pk in present}
    if not present <= slots:
        raise ConsultationError(_("이 수출상담회의 시간대가 아닙니다."))
    if not present:
        raise ConsultationError(_("상담할 수 있는 시간대를 하나 이상 골라 주세요."))
    participants = set(consultation.participants.values_list("pk", flat=True))
    if not set(ranks) <= participants:
        raise ConsultationError(_("이 수출상담회의 참가 기업이 아닙니다."))
    values = sorted(ranks.values())
    if values != list(range(1, len(values) + 1)):
        raise ConsultationError(
            _(
                "순위는 1부터 차례로 한 번씩만 매겨 주세요(예: 1, 2, 3). 원하지 않는 기업은 비워 둡니다."
            )
        )
    buyer.absences.all().delete()
    Absence.objects.bulk_create(Absence(slot_id=pk, buyer=buyer) for pk in sorted(slots - present))
    buyer.wishes.all().delete()
    BuyerWish.objects.bulk_create(
        BuyerWish(buyer=buyer, participant_id=pk, rank=rank) for pk, rank in ranks.items()
    )


def problem_for(consultation, *, time_limit=DEFAULT_TIME_LIMIT):
    """Return the scheduling Problem of the consultation as the database holds it now."""
    slots = list(consultation.slots.values_list("pk", flat=True))
    absences = Absence.objects.filter(slot__consultation=consultation)
    absent_buyer, absent_company = {}, {}
    for slot_id, buyer_id, participant_id in absences.values_list("slot", "buyer", "participant"):
        if buyer_id:
            absent_buyer.setdefault(buyer_id, set()).add(slot_id)
        else:
            absent_company.setdefault(participant_id, set()).add(slot_id)
    buyers = [
        BuyerIn(
            id=buyer.pk,
            industries=frozenset(i.pk for i in buyer.industries.all()),
            keywords=tuple(buyer.keyword_list),
            interpreter_language=buyer.interpreter_language,
            absent=frozenset(absent_buyer.get(buyer.pk, ())),
        )
        for buyer in consultation.buyers.prefetch_related("industries")
    ]
    companies = [
        CompanyIn(
            id=participant.pk,
            industries=frozenset(
                [participant.company.industry_id] if participant.company.industry_id else []
            ),
            text=participant.products_en.lower(),
            absent=frozenset(absent_company.get(participant.pk, ())),
        )
        for participant in consultation.participants.select_related("company")
    ]
    interpreters = [
        InterpreterIn(id=i.pk, languages=frozenset(i.languages))
        for i in consultation.interpreters.all()
    ]
    fixed = [
        Assignment(m.buyer_id, m.participant_id, m.slot_id, m.table, m.interpreter_id)
        for m in consultation.meetings.filter(locked=True)
    ]
    return Problem(
        slots=slots,
        tables=consultation.tables,
        buyers=buyers,
        companies=companies,
        interpreters=interpreters,
        company_wishes={
            (w.participant_id, w.buyer_id): w.rank
            for w in CompanyWish.objects.filter(participant__consultation=consultation)
        },
        buyer_wishes={
            (w.buyer_id, w.participant_id): w.rank
            for w in BuyerWish.objects.filter(buyer__consultation=consultation)
        },
        min_meetings=consultation.min_meetings_per_company,
        max_meetings=consultation.max_meetings_per_buyer,
        fixed=fixed,
        time_limit=time_limit,
    )


@transaction.atomic
def generate(consultation, *, time_limit=DEFAULT_TIME_LIMIT):
    """Schedule the consultation again around its locked meetings and store the summary.

    The unlocked meetings are replaced (and unpublished); on any error nothing changes.
    """
    consultation = _lock(consultation)
    started = time.perf_counter()
    problem = problem_for(consultation, time_limit=time_limit)
    try:
        result = solve(problem)
    except ScheduleError as error:
        raise ConsultationError(schedule_message(error)) from error
    consultation.meetings.filter(locked=False).delete()
    Meeting.objects.bulk_create(
        Meeting(
            consultation=consultation,
            slot_id=a.slot,
            table=a.table,
            buyer_id=a.buyer,
            participant_id=a.company,
            interpreter_id=a.interpreter,
        )
        for a in result.assignments
    )
    per_buyer = Counter(a.buyer for a in [*result.assignments, *problem.fixed])
    consultation.last_run = {
        "meetings": len(result.assignments) + len(problem.fixed),
        "locked": len(problem.fixed),
        "mutual_wishes": result.mutual_wishes,
        "mutual_met": result.mutual_met,
        "one_sided_wishes": result.one_sided_wishes,
        "one_sided_met": result.one_sided_met,
        "below_minimum": result.below_minimum,
        "at_maximum": sorted(
            buyer for buyer, count in per_buyer.items() if count >= problem.max_meetings
        ),
        "dropped": result.dropped,
        "solver": result.status,
        "seconds": round(time.perf_counter() - started, 1),
    }
    consultation.generated_at = timezone.now()
    consultation.published_at = None
    consultation.save(update_fields=["last_run", "generated_at", "published_at"])
    return result


def record_refusal(consultation, message):
    """Keep a refused run's reason where staff read the last run's summary."""
    Consultation.objects.filter(pk=consultation.pk).update(
        last_run={"error": message, "at": timezone.now().isoformat(timespec="seconds")}
    )


def generation_pending(consultation):
    """Whether a scheduling run of the consultation is queued or running."""
    return jobs.pending(generate_consultation_schedule, consultation.pk).exists()


@transaction.atomic
def queue_generation(consultation):
    """Queue a scheduling run (a background job) unless one is queued or running already."""
    consultation = _lock(consultation)
    if generation_pending(consultation):
        raise ConsultationError(
            _("자동 배정이 이미 대기 중이거나 진행 중입니다. 끝난 뒤 다시 시도해 주세요.")
        )
    generate_consultation_schedule.enqueue(consultation.pk)


@transaction.atomic
def set_locked(consultation, meeting_id, locked):
    """Lock (or unlock) one meeting of the consultation; return whether it changed.

    Waits for a run in progress (it holds the consultation's row), which may have replaced the
    meeting: then refused with a message."""
    consultation = _lock(consultation)
    meetings = consultation.meetings.filter(pk=meeting_id)
    if not meetings.exists():
        raise ConsultationError(
            _(
                "이 수출상담회에 그런 상담이 없습니다. 다시 배정되었을 수 있으니 "
                "페이지를 새로 고쳐 주세요."
            )
        )
    return bool(meetings.exclude(locked=locked).update(locked=locked))


@transaction.atomic
def lock_all(consultation):
    """Lock every meeting of the consultation; return how many were unlocked before."""
    consultation = _lock(consultation)
    return consultation.meetings.filter(locked=False).update(locked=True)


@transaction.atomic
def publish(consultation):
    """Make every meeting of the consultation visible to its buyer and company, and mail them.

    Refused while a scheduling run is queued (its result would replace what is published) and
    when everything is published already (the mails went out then)."""
    consultation = _lock(consultation)
    if not consultation.meetings.exists():
        raise ConsultationError(_("공개할 상담이 없습니다. 먼저 배정해 주세요."))
    if generation_pending(consultation):
        raise ConsultationError(
            _("자동 배정이 진행 중이라 공개할 수 없습니다. 배정이 끝난 뒤 공개해 주세요.")
        )
    if consultation.published_at and not consultation.meetings.filter(published=False).exists():
        raise ConsultationError(_("이미 공개했습니다. 상담 일정 메일도 그때 보냈습니다."))
    consultation.meetings.update(published=True)
    consultation.published_at = timezone.now()
    consultation.save(update_fields=["published_at"])
    # Mailed once the publication is committed (queued as jobs by the mail backend).
    transaction.on_commit(
        functools.partial(mails.send_consultation_timetables, consultation.pk), robust=True
    )
    return consultation


def check_move(meeting, slot, table):
    """Return the interpreter the meeting would have in (slot, table), or raise ConsultationError."""
    consultation = meeting.consultation
    if slot.consultation_id != consultation.pk:
        raise ConsultationError(_("이 수출상담회의 시간대가 아닙니다."))
    if not 1 <= table <= consultation.tables:
        raise ConsultationError(
            _("테이블 번호는 1부터 %(tables)d까지입니다.") % {"tables": consultation.tables}
        )
    others = consultation.meetings.filter(slot=slot).exclude(pk=meeting.pk)
    if others.filter(table=table).exists():
        raise ConsultationError(
            _("그 시간대의 %(table)d번 테이블에는 이미 상담이 있습니다.") % {"table": table}
        )
    if others.filter(buyer=meeting.buyer_id).exists():
        raise ConsultationError(_("바이어가 그 시간대에 다른 상담이 있습니다."))
    if others.filter(participant=meeting.participant_id).exists():
        raise ConsultationError(_("기업이 그 시간대에 다른 상담이 있습니다."))
    away = Absence.objects.filter(slot=slot)
    if away.filter(buyer=meeting.buyer_id).exists():
        raise ConsultationError(_("바이어가 그 시간대에 자리에 없습니다."))
    if away.filter(participant=meeting.participant_id).exists():
        raise ConsultationError(_("기업이 그 시간대에 자리에 없습니다."))
    language = meeting.buyer.interpreter_language
    if not language:
        return None
    busy = set(others.exclude(interpreter=None).values_list("interpreter", flat=True))
    free = [
        i
        for i in consultation.interpreters.order_by("pk")
        if language in i.languages and i.pk not in busy
    ]
    if not free:
        raise ConsultationError(
            _("그 시간대에는 '%(language)s' 통역사가 모두 다른 상담에 있습니다.")
            % {"language": language}
        )
    return meeting.interpreter if meeting.interpreter in free else free[0]


@transaction.atomic
def move_meeting(meeting, slot, table):
    """Move a meeting to another slot and table (on the day), keeping every rule; it is then locked.

    Refused with a message, and nothing changed, when the table is taken, the buyer or the company
    is busy or away then, or no interpreter of the buyer's language is free.
    """
    _lock(meeting.consultation)
    meeting = Meeting.objects.select_related("consultation", "buyer", "interpreter").get(
        pk=meeting.pk
    )
    interpreter = check_move(meeting, slot, table)
    meeting.slot, meeting.table, meeting.interpreter, meeting.locked = (
        slot,
        table,
        interpreter,
        True,
    )
    meeting.save(update_fields=["slot", "table", "interpreter", "locked"])
    return meeting


# After the event: the totals Korean export agencies report ------------------------------------

TOTALS_GROUPS = {"country": "buyer__country", "industry": "participant__company__industry"}


def outcome_totals(consultation, by):
    """Return rows (key, label, meetings held, USD consulted, USD likely to be contracted) per
    buyer country or company industry, and the total row last; no-shows do not count."""
    field = TOTALS_GROUPS[by]
    held = consultation.meetings.filter(status=Meeting.Status.HELD)
    likely = Q(outcome=Meeting.Outcome.CONTRACT_LIKELY)
    figures = {
        "meetings": Count("pk"),
        "amount": Coalesce(Sum("amount_usd"), Decimal(0)),
        "likely": Coalesce(Sum("amount_usd", filter=likely), Decimal(0)),
    }
    rows = held.values(field).annotate(**figures).order_by(field)
    if by == "country":
        names = country_names(translation.get_language())
        labels = {row[field]: names.get(row[field], row[field]) for row in rows}
    else:
        labels = dict(
            IndustryDivision.objects.filter(pk__in=[row[field] for row in rows]).values_list(
                "code", "name"
            )
        )
    result = [
        (
            row[field],
            labels.get(row[field]) or _("미분류"),
            row["meetings"],
            row["amount"],
            row["likely"],
        )
        for row in rows
    ]
    total = held.aggregate(**figures)
    result.append(("", _("합계"), total["meetings"], total["amount"], total["likely"]))
    return result


# The buyers' CSV import ------------------------------------------------------------------------

BUYER_COLUMNS = [
    "company_name",
    "country",
    "contact_name",
    "email",
    "industries",
    "keywords",
    "languages",
    "interpreter_language",
]


def country_names(language):
    """Return {ISO code: country name} in the language (Babel's names)."""
    return Locale.parse(language or "ko", sep="-").territories


def country_codes():
    """Return the ISO 3166 alpha-2 codes Babel knows as countries."""
    return {
        code
        for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }


def _split(value, separator=";"):
    return [part.strip() for part in value.split(separator) if part.strip()]


def _read_buyer_rows(consultation, text):
    """Return (rows, errors): the rows as dicts ready to save, or the errors by line."""
    errors = []
    try:
        rows = list(csvfiles.reader(text.lstrip(csvfiles.BOM)))
    except csv.Error as error:
        return [], [_("CSV 파일을 읽을 수 없습니다: %(error)s") % {"error": error}]
    if not rows or [cell.strip() for cell in rows[0]] != BUYER_COLUMNS:
        return [], [
            _("첫 줄은 다음 열 이름이어야 합니다: %(columns)s")
            % {"columns": ",".join(BUYER_COLUMNS)}
        ]
    countries = country_codes()
    divisions = set(IndustryDivision.objects.values_list("code", flat=True))
    existing = {
        (name.lower(), country)
        for name, country in consultation.buyers.values_list("company_name", "country")
    }
    seen = {}
    parsed = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(BUYER_COLUMNS):
            errors.append(
                _("%(line)d행: 열이 %(found)d개입니다. %(expected)d개여야 합니다.")
                % {"line": line, "found": len(cells), "expected": len(BUYER_COLUMNS)}
            )
            continue
        row = dict(zip(BUYER_COLUMNS, (cell.strip() for cell in cells), strict=True))
        row["country"] = row["country"].upper()
        if not row["company_name"]:
            errors.append(_("%(line)d행: 바이어 회사명이 비어 있습니다.") % {"line": line})
            continue
        if len(row["company_name"]) > 150:
            errors.append(_("%(line)d행: 바이어 회사명이 150자를 넘습니다.") % {"line": line})
            continue
        if row["country"] not in countries:
            errors.append(
                _("%(line)d행: 알 수 없는 국가 코드 '%(country)s' (ISO 3166 두 글자, 예: VN)")
                % {"line": line, "country": row["country"]}
            )
            continue
        key = (row["company_name"].lower(), row["country"])
        if key in existing:
            errors.append(
                _("%(line)d행: '%(name)s' 바이어가 이미 등록되어 있습니다.")
                % {"line": line, "name": row["company_name"]}
            )
            continue
        if key in seen:
            errors.append(
                _("%(line)d행: '%(name)s' 바이어가 %(first)d행과 겹칩니다.")
                % {"line": line, "name": row["company_name"], "first": seen[key]}
            )
            continue
        seen[key] = line
        industries = _split(row["industries"])
        unknown = [code for code in industries if code not in divisions]
        if unknown:
            errors.append(
                _("%(line)d행: 알 수 없는 업종 코드 %(codes)s (KSIC 중분류 두 자리)")
                % {"line": line, "codes": ", ".join(unknown)}
            )
            continue
        if row["email"] and ("@" not in row["email"] or len(row["email"]) > 254):
            errors.append(_("%(line)d행: 이메일 주소가 올바르지 않습니다.") % {"line": line})
            continue
        row["industries"] = industries
        row["languages"] = [code.lower() for code in _split(row["languages"])]
        row["interpreter_language"] = row["interpreter_language"].lower()
        if any(len(code) > 8 for code in [*row["languages"], row["interpreter_language"]]):
            errors.append(_("%(line)d행: 언어 코드가 너무 깁니다. 예: vi, ja") % {"line": line})
            continue
        parsed.append(row)
    return parsed, errors


@transaction.atomic
def import_buyers(consultation, text):
    """Add the buyers of a CSV text; on any bad row, raise ConsultationError listing all of them."""
    consultation = _lock(consultation)
    rows, errors = _read_buyer_rows(consultation, text)
    if errors:
        raise ConsultationError("\n".join(errors))
    if not rows:
        raise ConsultationError(_("가져올 바이어가 없습니다."))
    buyers = Buyer.objects.bulk_create(
        Buyer(
            consultation=consultation,
            **{key: value for key, value in row.items() if key != "industries"},
        )
        for row in rows
    )
    Through = Buyer.industries.through
    Through.objects.bulk_create(
        Through(buyer_id=buyer.pk, industrydivision_id=code)
        for buyer, row in zip(buyers, rows, strict=True)
        for code in row["industries"]
    )
    return buyers


# Buyers invited by mail ----------------------------------------------------------------------


@transaction.atomic
def invite_buyer(buyer, inviter):
    """Mail the buyer a link to link an account and fill its profile (a fresh link replaces an
    open one). Refused for a buyer without an email or already linked to an account."""
    buyer = Buyer.objects.select_for_update().select_related("consultation__event").get(pk=buyer.pk)
    if buyer.user_id is not None:
        raise ConsultationError(
            _("%(buyer)s: 이미 계정이 연결된 바이어입니다.") % {"buyer": buyer.company_name}
        )
    email = buyer.email.strip().lower()
    if not email:
        raise ConsultationError(
            _("%(buyer)s: 이메일이 없는 바이어는 초대할 수 없습니다.")
            % {"buyer": buyer.company_name}
        )
    BuyerInvitation.objects.filter(buyer=buyer, accepted_at__isnull=True).delete()
    invitation = BuyerInvitation.objects.create(buyer=buyer, email=email, invited_by=inviter)
    transaction.on_commit(
        functools.partial(mails.send_buyer_invitation, invitation.pk), robust=True
    )
    return invitation


def invitation_problem(invitation, user):
    """Return why this user cannot accept the invitation (a message), or None if they can."""
    if invitation.accepted_at is not None:
        return _("이미 사용한 초대입니다. 계정으로 로그인하면 바이어 프로필을 볼 수 있습니다.")
    if invitation.is_expired:
        return _(
            "초대 기한(%(days)s일)이 지났습니다. 주최 측에 다시 초대해 달라고 요청해 주세요."
        ) % {"days": BuyerInvitation.VALID_DAYS}
    buyer = invitation.buyer
    if buyer.user_id is not None and buyer.user_id != user.pk:
        return _("이 바이어는 이미 다른 계정에 연결되어 있습니다.")
    other = Buyer.objects.filter(user=user).exclude(pk=buyer.pk).first()
    if other is not None:
        return _(
            "이 계정은 이미 다른 바이어(%(buyer)s)의 계정입니다. 다른 계정으로 로그인해 주세요."
        ) % {"buyer": other.company_name}
    return None


@transaction.atomic
def accept_buyer_invitation(token, user):
    """Link the signed-in user to the invited buyer; return the buyer, or raise
    ConsultationError (and write nothing) when the invitation cannot be used by this user."""
    invitation = (
        BuyerInvitation.objects.select_for_update()
        .select_related("buyer__consultation__event")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise ConsultationError(_("없는 초대입니다. 메일의 링크를 그대로 열어 주세요."))
    # The buyer row too: two accounts following the same buyer's links queue up here.
    buyer = Buyer.objects.select_for_update().get(pk=invitation.buyer_id)
    invitation.buyer = buyer
    problem = invitation_problem(invitation, user)
    if problem:
        raise ConsultationError(problem)
    buyer.user = user
    try:
        with transaction.atomic():
            buyer.save(update_fields=["user"])
    except IntegrityError as error:
        # The same account accepted another buyer's invitation at the same moment.
        raise ConsultationError(
            _("이 계정은 이미 다른 바이어의 계정입니다. 다른 계정으로 로그인해 주세요.")
        ) from error
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return buyer
