"""Forms of the 수출상담회: a participating company's profile and its ranked wishes."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from companies.directory import directory_data, industry_name
from gvalley.translated import page_language

from .consultations import country_codes, country_names
from .models import Buyer, Meeting, Participant


class ParticipantProfileForm(forms.ModelForm):
    """What buyers read about a company (in English) and where it wants to export."""

    class Meta:
        model = Participant
        fields = ["products_en", "export_experience", "target_countries", "catalogue"]
        widgets = {"catalogue": forms.ClearableFileInput(attrs={"accept": ".pdf"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own check of an empty upload runs before validate_pdf: same words.
        self.fields["catalogue"].error_messages["empty"] = _("빈 파일은 올릴 수 없습니다.")
        # A callable default (list) would add a hidden "initial" input; nothing here needs it.
        self.fields["target_countries"].show_hidden_initial = False

    def clean_target_countries(self):
        codes = [code.strip().upper() for code in self.cleaned_data["target_countries"]]
        unknown = [code for code in codes if code not in country_codes()]
        if unknown:
            raise forms.ValidationError(
                _("알 수 없는 국가 코드: %(codes)s (ISO 3166 두 글자, 예: VN, JP)")
                % {"codes": ", ".join(unknown)}
            )
        return codes


class WishForm(forms.Form):
    """One optional rank per buyer: 1 for the buyer the company most wants to meet."""

    def __init__(self, *args, buyers, wishes, **kwargs):
        super().__init__(*args, **kwargs)
        self.buyers = list(buyers)
        for buyer in self.buyers:
            label = f"{buyer.company_name} ({buyer.country})"
            if buyer.keywords:
                label += f" · {buyer.keywords}"
            self.fields[f"buyer_{buyer.pk}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=len(self.buyers),
                initial=wishes.get(buyer.pk),
            )

    def ranks(self):
        """Return {buyer id: rank} of the ranks given."""
        return {
            buyer.pk: self.cleaned_data[f"buyer_{buyer.pk}"]
            for buyer in self.buyers
            if self.cleaned_data.get(f"buyer_{buyer.pk}")
        }


class BuyerProfileForm(forms.ModelForm):
    """A buyer's own profile (in English): what it looks for and which language it needs."""

    class Meta:
        model = Buyer
        fields = [
            "company_name",
            "country",
            "contact_name",
            "email",
            "industries",
            "keywords",
            "languages",
            "interpreter_language",
        ]
        widgets = {"industries": forms.CheckboxSelectMultiple}

    country = forms.ChoiceField(label=_("국가"))

    def __init__(self, *args, slots, present, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].show_hidden_initial = False
        # Country names in the page's language (Babel), sorted by name, the code kept as value.
        names = country_names(get_language())
        # KSIC divisions by their official English names on the English page (the buyer's own),
        # named as the directory names them.
        directory = directory_data()
        self.fields["industries"].label_from_instance = lambda division: (
            f"{division.code} {industry_name(directory, division.code)}"
        )
        self.fields["country"].choices = sorted(
            ((code, f"{names.get(code, code)} ({code})") for code in country_codes()),
            key=lambda choice: choice[1],
        )
        self.fields["present"] = forms.MultipleChoiceField(
            label=_("상담할 수 있는 시간대"),
            choices=[(str(slot.pk), str(slot)) for slot in slots],
            initial=[str(pk) for pk in present],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def clean_company_name(self):
        return self.cleaned_data["company_name"].strip()

    def clean(self):
        cleaned = super().clean()
        name, country = cleaned.get("company_name"), cleaned.get("country")
        # The form has no `consultation` field, so Django skips the unique constraint that
        # names it: checked here, with the constraint's own message.
        if name and country:
            taken = (
                Buyer.objects.filter(
                    consultation=self.instance.consultation_id,
                    company_name__iexact=name,
                    country=country,
                )
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if taken:
                self.add_error("company_name", _("같은 국가의 같은 이름 바이어가 이미 있습니다."))
        return cleaned

    def clean_languages(self):
        return [code.strip().lower() for code in self.cleaned_data["languages"] if code.strip()]

    def clean_interpreter_language(self):
        return self.cleaned_data["interpreter_language"].strip().lower()


class RankForm(forms.Form):
    """One optional rank per participating company (buyers' wishes are optional)."""

    def __init__(self, *args, participants, wishes, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        english = page_language() != settings.LANGUAGE_CODE
        for participant in self.participants:
            company = participant.company
            # The English name first on the English page, the Korean one beside it as on the
            # timetable (the name on the company's door).
            label = (
                f"{company.name_en} ({company.name})"
                if english and company.name_en
                else company.name
            )
            if participant.products_en:
                label += f" · {participant.products_en[:80]}"
            self.fields[f"company_{participant.pk}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=max(len(self.participants), 1),
                initial=wishes.get(participant.pk),
            )

    def ranks(self):
        return {
            participant.pk: self.cleaned_data[f"company_{participant.pk}"]
            for participant in self.participants
            if self.cleaned_data.get(f"company_{participant.pk}")
        }


class StatusForm(forms.Form):
    """On the day: a meeting held, a no-show, or back to scheduled."""

    status = forms.ChoiceField(label=_("상태"), choices=Meeting.Status.choices)


class MoveForm(forms.Form):
    """On the day: the slot and table a meeting moves to (the service checks they are free)."""

    slot = forms.ModelChoiceField(
        label=pgettext_lazy("consultation", "시간대"),
        queryset=None,
        error_messages={"invalid_choice": _("이 수출상담회의 시간대가 아닙니다.")},
    )
    table = forms.IntegerField(label=_("테이블 번호"), min_value=1)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = consultation.slots.order_by("starts_at", "pk")
        self.fields["table"].max_value = consultation.tables
        self.fields["table"].widget.attrs["max"] = consultation.tables
        self.fields["table"].validators.append(MaxValueValidator(consultation.tables))


class LockForm(forms.Form):
    """The review page: lock (or unlock) one meeting of the consultation."""

    meeting = forms.ModelChoiceField(
        label=_("상담"),
        queryset=None,
        error_messages={
            "required": _("고정할 상담을 고르지 않았습니다."),
            "invalid_choice": _(
                "이 수출상담회에 그런 상담이 없습니다. 다시 배정되었을 수 있으니 "
                "페이지를 새로 고쳐 주세요."
            ),
        },
    )
    locked = forms.TypedChoiceField(
        label=_("고정"),
        choices=[("1", _("고정")), ("0", _("고정 해제"))],
        coerce=lambda value: value == "1",
        error_messages={
            "required": _("고정할지 풀지 정해 주세요."),
            "invalid_choice": _("고정 값이 올바르지 않습니다."),
        },
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = consultation.meetings.select_related(
            "buyer", "participant__company"
        )
