from django import forms
from django.utils.translation import gettext_lazy as _

from companies.forms import CompanyChoiceField
from gvalley.richtext import clean_html
from gvalley.widgets import FastTextInput

from .models import AgendaComment, Grievance, Minutes


class MeetingSearchForm(forms.Form):
    q = forms.CharField(
        label=_("안건·회의록 검색"),
        required=False,
        max_length=100,
        widget=FastTextInput(attrs={"type": "search", "placeholder": _("예: 주차, 교통")}),
    )
    year = forms.IntegerField(label=_("연도"), required=False, min_value=2013, max_value=2100)


class CommentForm(forms.ModelForm):
    class Meta:
        model = AgendaComment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}
        labels = {"body": _("이 안건에 대한 의견")}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("의견을 적어 주세요."))
        return body


class GrievanceForm(forms.ModelForm):
    """A company manager's grievance: the company is chosen among those they manage."""

    company = CompanyChoiceField(label=_("기업"), queryset=None, empty_label=None)

    class Meta:
        model = Grievance
        fields = ["company", "title", "description", "company_name_public", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8, "maxlength": 5000})}
        labels = {
            "is_public": _("처리 경과를 공개 게시판에 올리는 데 동의합니다"),
            "company_name_public": _("공개 게시판에 기업명을 밝히는 데 동의합니다"),
        }
        help_texts = {
            "description": _("겪고 있는 어려움과 바라는 개선을 구체적으로 적어 주세요."),
            "is_public": _("동의하지 않으면 협의회와 담당 기관만 봅니다."),
        }

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 4:
            raise forms.ValidationError(_("제목을 4자 이상 적어 주세요."))
        return title

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if len(description) < 10:
            raise forms.ValidationError(_("내용을 10자 이상 적어 주세요."))
        return description


class MinutesAdminForm(forms.ModelForm):
    class Meta:
        model = Minutes
        fields = ["body_ko", "body_en", "status"]

    # Both languages sanitised alike (Minutes.save() cleans them again).
    def clean_body_ko(self):
        return clean_html(self.cleaned_data.get("body_ko") or "")

    def clean_body_en(self):
        return clean_html(self.cleaned_data.get("body_en") or "")


class MailChoiceForm(forms.Form):
    """A member's choice: each agenda and minutes mail as it comes, or one digest a week."""

    delivery = forms.ChoiceField(
        label=_("안건·회의록 공개 메일"),
        choices=[
            ("each", _("공개될 때마다 받기")),
            ("weekly", _("월요일 아침에 한 주 치를 모아 받기")),
        ],
        widget=forms.RadioSelect,
    )
