"""Forms: a group's visit request, and the staff form that opens many slots in one step."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gvalley.hours import Weekday

from .models import VisitRequest

PHONE_RE = re.compile(r"^0\d{1,2}-?\d{3,4}-?\d{4}$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_GROUP = 200
TIME_RANGE_RE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-~–]\s*(\d{1,2}):(\d{2})$")


def _no_control_characters(value):
    if value and CONTROL_RE.search(value):
        raise ValidationError(_("보이지 않는 제어 문자는 쓸 수 없습니다."), code="control")


class VisitRequestForm(forms.ModelForm):
    people = forms.IntegerField(
        label=_("인원(명)"),
        min_value=1,
        max_value=MAX_GROUP,
        help_text=_("인솔자를 포함한 전체 인원입니다. 한 단체는 200명까지 신청할 수 있습니다."),
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_GROUP, "inputmode": "numeric"}),
        error_messages={
            "required": _("인원을 적어 주세요."),
            "invalid": _("인원은 숫자로 적어 주세요."),
            "min_value": _("인원은 1명 이상이어야 합니다."),
            "max_value": _("한 단체는 %(limit_value)s명까지 신청할 수 있습니다."),
        },
    )
    consent = forms.BooleanField(
        label=_("개인정보 수집·이용에 동의합니다 (필수)"),
        help_text=_(
            "담당자 이름·이메일·연락처를 단체 관람 확인과 연락에만 쓰며, "
            "관람일로부터 1년 뒤 지웁니다."
        ),
        error_messages={"required": _("개인정보 수집·이용에 동의해야 신청할 수 있습니다.")},
    )

    class Meta:
        model = VisitRequest
        fields = [
            "group_name",
            "group_kind",
            "people",
            "contact_name",
            "contact_email",
            "contact_phone",
            "message",
        ]
        widgets = {
            "contact_phone": forms.TextInput(
                attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "02-1234-5678"}
            ),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        }
        help_texts = {
            "group_name": _("예: ○○초등학교 4학년, ○○㈜ 신입사원"),
            "contact_phone": _("숫자와 하이픈만: 02-1234-5678, 010-1234-5678"),
            "message": _("해설 요청, 휠체어 이용 등 (1,000자 이내)"),
        }
        error_messages = {
            "group_name": {
                "required": _("단체 이름을 적어 주세요."),
                "max_length": _("단체 이름은 %(limit_value)d자 이내로 적어 주세요."),
            },
            "group_kind": {
                "required": _("단체 종류를 골라 주세요."),
                "invalid_choice": _("목록에 있는 단체 종류를 골라 주세요."),
            },
            "contact_name": {
                "required": _("담당자 이름을 적어 주세요."),
                "max_length": _("담당자 이름은 %(limit_value)d자 이내로 적어 주세요."),
            },
            "contact_email": {
                "required": _("담당자 이메일을 적어 주세요."),
                "invalid": _("이메일 주소 형식이 올바르지 않습니다. 예: name@example.com"),
            },
            "contact_phone": {
                "required": _("담당자 연락처를 적어 주세요."),
                "max_length": _("연락처가 너무 깁니다."),
            },
            "message": {"max_length": _("요청 사항은 %(limit_value)d자 이내로 적어 주세요.")},
        }

    def _clean_text(self, name, required_message):
        value = (self.cleaned_data.get(name) or "").strip()
        _no_control_characters(value)
        if not value and required_message:
            raise ValidationError(required_message, code="required")
        return value

    def clean_group_name(self):
        return self._clean_text("group_name", _("단체 이름을 적어 주세요."))

    def clean_contact_name(self):
        return self._clean_text("contact_name", _("담당자 이름을 적어 주세요."))

    def clean_message(self):
        return self._clean_text("message", None)

    def clean_contact_phone(self):
        value = re.sub(r"\s", "", self.cleaned_data.get("contact_phone") or "")
        if not PHONE_RE.match(value):
            raise ValidationError(
                _("연락처 형식이 올바르지 않습니다. 예: 02-1234-5678, 010-1234-5678"), code="phone"
            )
        return value


class OpenSlotsForm(forms.Form):
    """Staff: open group-visit slots for every chosen weekday and time in a date range."""

    MAX_DAYS = 366

    start_date = forms.DateField(
        label=_("시작 날짜"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("끝 날짜"), widget=forms.DateInput(attrs={"type": "date"}))
    weekdays = forms.TypedMultipleChoiceField(
        label=_("요일"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[1, 2, 3, 4, 5],
        error_messages={"required": _("요일을 하나 이상 고르세요.")},
    )
    times = forms.CharField(
        label=_("시간대"),
        initial="10:00-11:30\n14:00-15:30",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("한 줄에 하나씩 '시작-끝' 형식으로 적습니다. 예: 10:00-11:30"),
    )
    capacity = forms.IntegerField(
        label=_("정원(명)"),
        min_value=1,
        max_value=500,
        initial=40,
        error_messages={
            "min_value": _("정원은 1명 이상이어야 합니다."),
            "max_value": _("정원은 500명 이하로 적어 주세요."),
        },
    )
    skip_closed = forms.BooleanField(label=_("휴관일은 건너뛰기"), required=False, initial=True)

    def clean_times(self):
        ranges = []
        for line in self.cleaned_data["times"].splitlines():
            line = line.strip()
            if not line:
                continue
            match = TIME_RANGE_RE.match(line)
            try:
                if not match:
                    raise ValueError
                h1, m1, h2, m2 = (int(x) for x in match.groups())
                starts, ends = datetime.time(h1, m1), datetime.time(h2, m2)
            except ValueError:
                raise ValidationError(
                    _("'%(line)s'은(는) 올바른 시간대가 아닙니다. 예: 10:00-11:30"),
                    params={"line": line[:40]},
                    code="time",
                ) from None
            if ends <= starts:
                raise ValidationError(
                    _("'%(line)s': 끝 시각이 시작 시각보다 늦어야 합니다."),
                    params={"line": line[:40]},
                    code="order",
                )
            ranges.append((starts, ends))
        if not ranges:
            raise ValidationError(_("시간대를 하나 이상 적어 주세요."), code="required")
        if len(ranges) > 12:
            raise ValidationError(_("하루에 시간대는 12개까지 열 수 있습니다."), code="too_many")
        return ranges

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end:
            if end < start:
                self.add_error("end_date", _("끝 날짜가 시작 날짜보다 빠릅니다."))
            elif (end - start).days >= self.MAX_DAYS:
                self.add_error("end_date", _("한 번에 1년(366일)까지만 열 수 있습니다."))
        return cleaned
