"""Forms of the events app: a company's application, and the door's check-in."""

from django import forms
from django.utils.translation import gettext_lazy as _

ANSWER_MAX = 2000


class ApplicationForm(forms.Form):
    """Apply on behalf of a listed company the user manages, answering the event's questions."""

    company = forms.ModelChoiceField(
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
