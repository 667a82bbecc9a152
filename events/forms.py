"""Forms of the events app: a company's application, the door's check-in, space requests."""

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.forms import CompanyChoiceField
from gvalley.documents import validate_pdf
from gvalley.images import VIDEO_MAX_BYTES, validate_image_file, validate_image_or_video
from gvalley.uploads import KeepableFileField, KeepsUploads

from .spaces import aware, check_capacity, check_slot, conflict_message, conflicts

ANSWER_MAX = 2000


class ApplicationForm(forms.Form):
    """Apply on behalf of a listed company the user manages, answering the event's questions."""

    company = CompanyChoiceField(
        label=_("신청 기업"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("신청할 기업을 골라 주세요."),
            "invalid_choice": _("담당하는 공개 기업만 고를 수 있습니다."),
        },
    )

    def __init__(self, *args, event, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["company"].queryset = companies
        self.questions = list(event.questions.all())
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.label,
                help_text=question.help_text,
                required=question.required,
                max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": _("이 질문에 답해 주세요."),
                    "max_length": _("답변은 %(limit_value)d자 이하로 적어 주세요."),
                },
            )

    def answers(self):
        """Return the answers with the question wording of the moment they were given."""
        return [
            {"question": q.label, "answer": self.cleaned_data.get(f"q{q.pk}", "")}
            for q in self.questions
        ]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("입장권 코드"),
        max_length=200,
        help_text=_(
            "QR 코드를 스캔하거나, 입장권에 적힌 입장 코드 8자리(예: ABCD-EFGH)를 입력합니다. "
            "대소문자, 하이픈과 띄어쓰기는 가리지 않습니다."
        ),
        error_messages={
            "required": _("입장권 코드를 입력해 주세요."),
            "max_length": _("올바른 입장권 코드가 아닙니다. 위조되었거나 잘못 입력되었습니다."),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


# --- Space requests -----------------------------------------------------------------------------

SCREEN_FILE_MAX_BYTES = VIDEO_MAX_BYTES


class BookingRequestForm(KeepsUploads, forms.Form):
    """A company manager's request for a space (the rules are events.spaces.check_slot's)."""

    company = CompanyChoiceField(
        label=_("신청 기업"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("신청할 기업을 골라 주세요."),
            "invalid_choice": _("담당하는 공개 기업만 고를 수 있습니다."),
        },
    )
    date = forms.DateField(
        label=_("이용일"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("이용일을 적어 주세요."),
            "invalid": _("날짜를 YYYY-MM-DD로 적어 주세요."),
        },
    )
    start = forms.TimeField(
        label=_("시작 시각"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 1800}, format="%H:%M"),
        error_messages={
            "required": _("시작 시각을 적어 주세요."),
            "invalid": _("시각을 HH:MM으로 적어 주세요."),
        },
    )
    end = forms.TimeField(
        label=_("끝나는 시각"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 1800}, format="%H:%M"),
        error_messages={
            "required": _("끝나는 시각을 적어 주세요."),
            "invalid": _("시각을 HH:MM으로 적어 주세요."),
        },
    )
    purpose = forms.CharField(
        label=_("사용 목적"),
        max_length=200,
        help_text=_("예: 신제품 설명회, 직원 교육"),
        error_messages={"required": _("사용 목적을 적어 주세요.")},
    )
    attendees = forms.IntegerField(
        label=_("예상 인원"),
        min_value=1,
        max_value=10000,
        error_messages={
            "required": _("예상 인원을 적어 주세요."),
            "min_value": _("예상 인원은 1명 이상이어야 합니다."),
            "max_value": _("예상 인원이 너무 많습니다."),
            "invalid": _("예상 인원은 숫자로 적어 주세요."),
        },
    )
    layout = forms.ChoiceField(
        label=_("좌석 배치"),
        error_messages={
            "required": _("좌석 배치를 골라 주세요."),
            "invalid_choice": _("이 공간에 없는 좌석 배치입니다."),
        },
    )
    equipment = forms.MultipleChoiceField(
        label=_("필요 장비"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("이 공간에 없는 장비입니다.")},
    )
    contact_name = forms.CharField(
        label=_("담당자 이름"),
        max_length=100,
        error_messages={"required": _("담당자 이름을 적어 주세요.")},
    )
    contact_email = forms.EmailField(
        label=_("담당자 이메일"),
        error_messages={
            "required": _("담당자 이메일을 적어 주세요."),
            "invalid": _("이메일 주소를 확인해 주세요."),
        },
    )
    contact_phone = forms.CharField(label=_("담당자 전화"), max_length=30, required=False)
    # Last in the form: a body cut off at the size limit still carries every field above.
    screen_file = KeepableFileField(
        label=_("LED 화면 파일 (선택)"),
        required=False,
        validators=[validate_image_or_video],
        help_text=_("JPEG·PNG·WebP 이미지(5MB 이하) 또는 MP4·WebM 동영상(200MB 이하)"),
    )

    def __init__(self, *args, space, companies, now=None, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space
        self.now = now
        self.too_large = too_large
        self.fields["company"].queryset = companies
        self.fields["layout"].choices = [(item.kind, str(item)) for item in space.layouts.all()]
        self.fields["equipment"].choices = space.equipment_choices()

    def clean(self):
        cleaned = super().clean()
        if self.too_large:
            self.add_error(
                "screen_file",
                forms.ValidationError(
                    _("파일이 너무 큽니다. 200MB 이하의 파일만 올릴 수 있습니다."), code="too_large"
                ),
            )
        day, start, end = cleaned.get("date"), cleaned.get("start"), cleaned.get("end")
        if day and start and end:
            starts_at, ends_at = aware(day, start), aware(day, end)
            cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
            try:
                check_slot(self.space, starts_at, ends_at, now=self.now)
            except forms.ValidationError as error:
                self.add_error(None, error)
            else:
                overlapping = conflicts(self.space, starts_at, ends_at)
                if overlapping:
                    self.add_error(None, conflict_message(overlapping))
        if cleaned.get("layout") and cleaned.get("attendees"):
            try:
                check_capacity(self.space, cleaned["layout"], cleaned["attendees"])
            except forms.ValidationError as error:
                self.add_error("attendees", error)
        return cleaned

    def details(self):
        """Return the booking's fields for services.request_booking."""
        data = self.cleaned_data
        return {
            "purpose": data["purpose"],
            "attendees": data["attendees"],
            "layout": data["layout"],
            "equipment": data["equipment"],
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_phone": data["contact_phone"],
            "screen_file": data.get("screen_file") or "",
        }


class BookingDecisionForm(forms.Form):
    """Staff's decision on a pending request (the admin's review page)."""

    decision = forms.ChoiceField(
        label=_("결정"),
        choices=[("approve", _("승인")), ("reject", _("반려"))],
        widget=forms.RadioSelect,
    )
    conditions = forms.CharField(
        label=_("승인 조건"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("반려 사유"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("반려 사유를 적어 주세요."))
        return cleaned


class BookingRejectForm(forms.Form):
    """The reason staff give when rejecting several requests at once."""

    reason = forms.CharField(
        label=_("반려 사유"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("신청자에게 메일로 전해집니다."),
        error_messages={"required": _("반려 사유를 적어 주세요.")},
    )


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImagePagesField(forms.FileField):
    """Several images in one input, each checked by the shared image rules (gvalley.images)."""

    widget = MultipleImageInput

    def __init__(self, *args, max_pages=1, **kwargs):
        self.max_pages = max_pages
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        uploads = [item for item in (data or []) if item] if isinstance(data, list | tuple) else []
        if data and not isinstance(data, list | tuple):
            uploads = [data]
        if not uploads:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > self.max_pages:
            raise forms.ValidationError(
                _("이미지는 %(n)s쪽까지 올릴 수 있습니다. (올린 쪽수: %(given)s)"),
                code="too_many_pages",
                params={"n": self.max_pages, "given": len(uploads)},
            )
        cleaned = []
        for upload in uploads:
            cleaned.append(super().clean(upload, initial))
            validate_image_file(upload)
        return cleaned


class EntryForm(forms.Form):
    """An entry to a call: the fields the call asks for (a pupil's work or a worker's story)."""

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        fields = self.fields
        if call.is_contest:
            fields["title"] = forms.CharField(label=_("작품 제목"), max_length=100)
        if call.max_text_chars:
            fields["text"] = forms.CharField(
                label=_("나의 이야기") if not call.is_contest else _("작품 설명"),
                max_length=call.max_text_chars,
                required=not call.is_contest,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("%(n)s자 이내") % {"n": call.max_text_chars},
                error_messages={"required": _("이야기를 적어 주세요. 빈 사연은 보낼 수 없습니다.")},
            )
        if call.kind == call.Kind.STORIES:
            fields["nickname"] = forms.CharField(
                label=_("별명 (선택)"),
                max_length=40,
                required=False,
                help_text=_("선정되면 이 별명으로 소개합니다. 비우면 ‘익명’으로 씁니다."),
            )
        if call.max_pages:
            fields["pages"] = ImagePagesField(
                label=_("그림 또는 웹툰 이미지"),
                max_pages=call.max_pages,
                help_text=_(
                    "그림 1장 또는 웹툰 %(n)s쪽까지, 쪽 순서대로 고르세요. "
                    "JPEG·PNG·WebP, 한 장에 5MB 이하. 위치 정보 등 메타데이터는 지워집니다."
                )
                % {"n": call.max_pages},
                error_messages={"required": _("작품 이미지를 올려 주세요.")},
            )
        if call.allows_file:
            fields["attachment"] = forms.FileField(
                label=_("첨부 파일 (PDF, 선택)"),
                required=False,
                validators=[validate_pdf],
                # Django's own check of an empty upload runs before validate_pdf: same words.
                error_messages={"empty": _("빈 파일은 올릴 수 없습니다.")},
                help_text=_("PDF 파일 하나, 10MB 이하."),
            )
        if call.needs_guardian:
            fields["pupil_name"] = forms.CharField(label=_("학생 이름"), max_length=50)
            fields["pupil_school"] = forms.CharField(label=_("학교"), max_length=80)
            fields["pupil_grade"] = forms.TypedChoiceField(
                label=_("학년"),
                coerce=int,
                choices=[(n, _("%(n)s학년") % {"n": n}) for n in range(1, 7)],
            )
            fields["guardian_name"] = forms.CharField(label=_("보호자 이름"), max_length=50)
            fields["guardian_email"] = forms.EmailField(
                label=_("보호자 이메일"),
                help_text=_("이 주소로 확인 번호를 보냅니다. 번호를 넣어야 접수됩니다."),
            )
            fields["consent_collection"] = forms.BooleanField(
                label=_(
                    "(필수) 법정대리인으로서 학생과 보호자의 위 개인정보를 공모 운영을 위해 "
                    "수집·이용하는 데 동의합니다."
                ),
                error_messages={
                    "required": _("보호자의 개인정보 수집·이용 동의가 있어야 응모할 수 있습니다.")
                },
            )
            fields["consent_publish"] = forms.BooleanField(
                label=_("(선택) 수상하면 작품과 함께 학생의 이름과 학교를 공개하는 데 동의합니다."),
                required=False,
            )
        if call.kind == call.Kind.STORIES:
            fields["consent_perform"] = forms.BooleanField(
                label=_("(필수) 이 이야기를 공연에 쓰고 별명과 함께 누리집에 싣는 데 동의합니다."),
                error_messages={
                    "required": _("사연을 공연하고 게시하는 데 동의해야 보낼 수 있습니다.")
                },
            )


class GuardianCodeForm(forms.Form):
    code = forms.CharField(
        label=_("확인 번호 (6자리)"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": _("보호자 이메일로 받은 확인 번호를 넣어 주세요.")},
    )


class ScoreForm(forms.Form):
    """A judge's points on each criterion of the call's rubric."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (0–%(max)s점)")
                % {"name": criterion.name, "max": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
                error_messages={"required": _("모든 기준에 점수를 넣어 주세요.")},
            )

    def points(self):
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}
