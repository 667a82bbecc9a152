"""Forms of the company directory: they own validation; server-set fields are left out."""

from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from gvalley.images import validate_image_file
from gvalley.richtext import clean_html
from gvalley.translated import as_written, pick
from gvalley.uploads import KeepableFileField, KeepableFileInput, KeepsUploads
from gvalley.widgets import FastSelect

from .directory import market_name
from .models import (
    ClaimRequest,
    Company,
    CompanyPhoto,
    IndustryDivision,
    normalise_business_number,
    validate_business_number,
)

IMPORT_MAX_BYTES = 20 * 1024 * 1024


def _keyword_list(value):
    words = [w.strip() for w in (value or "").split(",")]
    return ", ".join(w for w in words if w)


def validate_upload(file):
    """Run the portal's image rules, also refusing files whose header is cut off.

    gvalley.images.validate_image_file lets Pillow's OSError escape when a JPEG is truncated
    inside its header; that must be a message, not a server error.
    """
    try:
        validate_image_file(file)
    except (OSError, SyntaxError, ValueError) as error:
        raise forms.ValidationError(
            _("이미지 파일이 손상되었거나 일부가 잘렸습니다. 원본 파일을 다시 올려 주세요."),
            code="truncated",
        ) from error


class CompanyChoiceField(forms.ModelChoiceField):
    """A choice among companies (the ones a manager manages), each by its name as written: on
    another language's page a Korean name says lang="ko" (as_written, FastSelect)."""

    widget = FastSelect

    def label_from_instance(self, obj):
        return as_written(obj.name)


class CompanyForm(KeepsUploads, forms.ModelForm):
    """Registration and edit of a company profile by its managers.

    A valid logo is kept when another field is wrong (gvalley/uploads.py).
    """

    logo_file = KeepableFileField(
        label=_("로고"),
        required=False,
        validators=[validate_upload],
        help_text=_("JPEG, PNG, WebP · 5MB 이하. 등록된 기업의 로고 변경은 검토 후 반영됩니다."),
        widget=KeepableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    business_number = forms.CharField(
        label=_("사업자등록번호"),
        max_length=12,
        help_text=_("숫자 10자리 (하이픈은 있어도 없어도 됩니다). 공개 화면에는 일부를 가립니다."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    website = forms.URLField(
        label=_("웹사이트"), required=False, max_length=200, assume_scheme="https"
    )
    industry = forms.ModelChoiceField(
        IndustryDivision.objects.all(), label=_("업종 (한국표준산업분류)"), required=False
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "name_en",
            "business_number",
            "representative_title",
            "industry",
            "complex",
            "building",
            "floor",
            "unit",
            "road_address",
            "road_address_en",
            "founded_year",
            "employee_band",
            "products",
            "products_en",
            "keywords",
            "keywords_en",
            "certifications",
            "export_markets",
            "website",
            "phone",
            "email",
            "description",
            "description_en",
        ]
        widgets = {
            # Its options name a building without English in Korean, marked (FastSelect).
            "building": FastSelect,
            "certifications": forms.CheckboxSelectMultiple,
            "export_markets": forms.CheckboxSelectMultiple,
            # Each text field says its language, whatever the page's: the Korean ones lang="ko"
            # (on an English page the Korean text typed in them is read in Korean).
            "name": forms.TextInput(attrs={"lang": "ko"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "representative_title": forms.TextInput(attrs={"lang": "ko"}),
            "unit": forms.TextInput(attrs={"lang": "ko"}),
            "road_address": forms.TextInput(attrs={"lang": "ko"}),
            "products": forms.Textarea(attrs={"rows": 3, "lang": "ko"}),
            "products_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "keywords": forms.TextInput(attrs={"lang": "ko"}),
            "keywords_en": forms.TextInput(attrs={"lang": "en"}),
            "road_address_en": forms.TextInput(attrs={"lang": "en"}),
            "description": forms.Textarea(attrs={"rows": 8, "lang": "ko"}),
            "description_en": forms.Textarea(attrs={"rows": 8, "lang": "en"}),
        }
        # The English texts are optional, each beside its Korean one (companies/translation.py).
        labels = {
            "road_address_en": _("도로명 주소 (영문)"),
            "products_en": _("주요 제품·서비스 (영문)"),
            "keywords_en": _("키워드 (영문)"),
            "description_en": _("소개 (영문)"),
        }
        help_texts = {
            "description": _(
                "문단은 빈 줄로 나눕니다. <strong>, <em>, 목록, 링크 같은 간단한 서식을 쓸 수 있습니다."
            ),
            "name": _("등록된 기업의 기업명 변경은 검토 후 반영됩니다."),
            "road_address_en": _("로마자 표기. 예: 27 Digital-ro 33-gil, Guro-gu, Seoul"),
            "keywords_en": _("쉼표로 구분합니다. 예: security, cloud"),
        }

    def __init__(self, *args, **kwargs):
        # The unsuffixed fields (products, …) are the Korean texts, whatever the page's language:
        # modeltranslation reads and writes them in the active language.
        language = translation.get_language() or settings.LANGUAGE_CODE
        with translation.override(settings.LANGUAGE_CODE):
            self._init(*args, **kwargs)
        self._name_choices(language)

    def _post_clean(self):
        with translation.override(settings.LANGUAGE_CODE):
            super()._post_clean()

    def _init(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = self.fields["building"].queryset.order_by("name", "pk")
        self.fields["building"].empty_label = _("목록에 없음")
        self.fields["founded_year"].widget.attrs.update(min=1900, max=timezone.now().year)
        if self.instance.pk:
            self.initial["business_number"] = self.instance.business_number

    def _name_choices(self, language):
        """Name the industries, buildings, certifications and markets in the page's language
        (the English names of companies/reference.py, directory.market_name)."""

        def named(row):
            return pick(row.name, row.name_en, language)

        # Divisions grouped under their KSIC sections (validation still uses the queryset).
        groups = {}
        for division in IndustryDivision.objects.select_related("section"):
            section = f"{division.section.code} {named(division.section)}"
            groups.setdefault(section, []).append(
                (division.pk, f"{division.code} {named(division)}")
            )
        self.fields["industry"].choices = [("", _("선택하세요")), *groups.items()]
        self.fields["building"].label_from_instance = named
        self.fields["certifications"].label_from_instance = named
        self.fields["export_markets"].label_from_instance = lambda market: market_name(
            market.code, market.name, language
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("기업명을 입력해 주세요."))
        return name

    def clean_business_number(self):
        value = normalise_business_number(self.cleaned_data["business_number"])
        validate_business_number(value)
        return value

    def clean_founded_year(self):
        year = self.cleaned_data.get("founded_year")
        if year and year > timezone.now().year:
            raise forms.ValidationError(_("설립 연도는 올해보다 늦을 수 없습니다."))
        return year

    def clean_description(self):
        return clean_html(self.cleaned_data.get("description", ""))

    def clean_description_en(self):
        return clean_html(self.cleaned_data.get("description_en") or "")

    def clean_keywords(self):
        return _keyword_list(self.cleaned_data.get("keywords"))

    def clean_keywords_en(self):
        return _keyword_list(self.cleaned_data.get("keywords_en"))

    def clean(self):
        cleaned = super().clean()
        building = cleaned.get("building")
        complex_ = cleaned.get("complex")
        if building and complex_ and building.complex != complex_:
            self.add_error(
                "complex",
                _("%(building)s은(는) %(complex)s에 있습니다. 단지를 확인해 주세요.")
                % {"building": building, "complex": building.get_complex_display()},
            )
        elif building and not complex_:
            cleaned["complex"] = building.complex
        return cleaned


class PhotoForm(KeepsUploads, forms.ModelForm):
    """A photo of the company; a valid photo is kept when its caption is missing."""

    image = KeepableFileField(
        label=_("사진"),
        validators=[validate_upload],
        help_text=_(
            "JPEG, PNG, WebP · 5MB 이하 · 2,500만 화소 이하. 위치 정보 등 메타데이터는 지워집니다."
        ),
        widget=KeepableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = CompanyPhoto
        fields = ["image", "caption"]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("초대할 동료의 이메일"),
        max_length=254,
        help_text=_("받은 메일의 링크로 이 이메일의 계정에 로그인하면 담당자가 됩니다."),
    )


class ClaimForm(forms.ModelForm):
    class Meta:
        model = ClaimRequest
        fields = ["position", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(_("확인에 필요한 내용을 10자 이상 적어 주세요."))
        return message


class ReasonForm(forms.Form):
    """The reason staff give when they reject or hide (sent to the managers)."""

    reason = forms.CharField(
        label=_("사유"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("담당자에게 메일로 전달됩니다."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("사유를 입력해 주세요."))
        return reason


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV 파일"),
        help_text=_("UTF-8(또는 엑셀의 CP949) CSV, 20MB 이하. 첫 줄은 머리글입니다."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    registered = forms.ChoiceField(
        label=_("이미 등록된 사업자등록번호의 행"),
        choices=[
            ("skip", _("오류로 알리고 건너뛰기")),
            ("update", _("등록된 기업을 파일 내용으로 고치기 (내보낸 파일을 고쳐 올릴 때)")),
        ],
        initial="skip",
        required=False,  # not chosen: skip, the safe way
        widget=forms.RadioSelect,
        help_text=_(
            "고치기를 고르면 파일에 있는 열은 파일대로 바뀝니다(빈 칸은 지웁니다). "
            "파일에 없는 열과 상태, 주소용 이름은 그대로 둡니다."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("빈 파일입니다."))
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("CSV 파일은 20MB 이하만 올릴 수 있습니다."))
        return upload
