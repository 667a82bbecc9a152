"""The staff's Excel file of a 수출상담회 (openpyxl): the whole grid, the list of meetings and the
outcome totals, one sheet each. Plain cell values, no formulas, so any spreadsheet opens it."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import consultations
from .models import Meeting

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _time(value):
    return f"{timezone.localtime(value):%H:%M}"


def slot_label(slot):
    return f"{_time(slot.starts_at)}–{_time(slot.ends_at)}"


def meeting_cell(meeting):
    """One table in one slot: buyer × company, and the interpreter on a second line."""
    text = f"{meeting.buyer.company_name} ({meeting.buyer.country}) × {meeting.participant.company.name}"
    if meeting.interpreter:
        text += "\n" + _("통역: %(name)s") % {"name": meeting.interpreter.name}
    return text


def _header(sheet, values):
    from openpyxl.styles import Font

    sheet.append(values)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"


def _grid_sheet(sheet, consultation, slots, meetings):
    sheet.title = _("시간대별 배치")
    _header(
        sheet,
        [pgettext("consultation", "시간대")]
        + [_("테이블 %(table)d") % {"table": t} for t in range(1, consultation.tables + 1)],
    )
    by_place = {(m.slot_id, m.table): m for m in meetings}
    for slot in slots:
        row = [slot_label(slot)]
        for table in range(1, consultation.tables + 1):
            meeting = by_place.get((slot.pk, table))
            row.append(meeting_cell(meeting) if meeting else "")
        sheet.append(row)


def _list_sheet(sheet, meetings):
    _header(
        sheet,
        [
            _("시작"),
            _("종료"),
            _("테이블 번호"),
            _("바이어"),
            _("국가"),
            _("참가 기업"),
            _("통역사"),
            _("상태"),
            _("공개"),
            _("고정"),
            _("상담 금액(USD)"),
            _("상담 결과"),
        ],
    )
    for m in meetings:
        sheet.append(
            [
                _time(m.slot.starts_at),
                _time(m.slot.ends_at),
                m.table,
                m.buyer.company_name,
                m.buyer.country,
                m.participant.company.name,
                m.interpreter.name if m.interpreter else "",
                m.get_status_display(),
                _("예") if m.published else _("아니요"),
                _("예") if m.locked else _("아니요"),
                m.amount_usd,
                m.get_outcome_display(),
            ]
        )


def _totals_sheet(sheet, consultation):
    _header(
        sheet,
        [_("구분"), _("코드"), _("이름"), _("상담 건수"), _("상담액(USD)"), _("계약 예상액(USD)")],
    )
    for by, label in (("country", _("바이어 국가별")), ("industry", _("기업 업종별"))):
        for row in consultations.outcome_totals(consultation, by):
            sheet.append([label, *row])


def grid_workbook(consultation):
    """Return the .xlsx bytes of the consultation's grid, meetings and outcome totals."""
    slots = list(consultation.slots.order_by("starts_at", "pk"))
    meetings = list(
        Meeting.objects.filter(consultation=consultation)
        .select_related("slot", "buyer", "participant__company", "interpreter")
        .order_by("slot__starts_at", "table", "pk")
    )
    # Imported when a file is made, not in every web worker that serves pages.
    from openpyxl import Workbook

    book = Workbook()
    _grid_sheet(book.active, consultation, slots, meetings)
    _list_sheet(book.create_sheet(_("상담 목록")), meetings)
    _totals_sheet(book.create_sheet(_("상담 실적")), consultation)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
