"""Site-wide forms: sign-in, sign-up with the consent Korean privacy law (PIPA) asks for, new passwords."""

from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2026-11"


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form; the box keeps the session after the browser closes, which
    allauth's Korean catalogue calls "아이디 저장" (remember the ID)."""

    remember = forms.BooleanField(label=_("로그인 상태 유지"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page is there to type the address: start in its field. After a failed attempt
        # the error summary takes the focus instead (static/js/site.js).
        if not self.is_bound:
            self.fields["login"].widget.attrs["autofocus"] = True


class NewPasswordRulesOnce:
    """List a new password's rules under its field until one fails; then only the errors.

    Django's validators word each error as the rule it broke, so with the list still there
    a user read every failed rule twice.
    """

    def full_clean(self):
        super().full_clean()
        field = self.fields.get("password1")
        errors = self.errors.as_data().get("password1", []) if self.errors else []
        if field and any(error.code != "required" for error in errors):
            field.help_text = self["password1"].help_text = ""  # the bound field keeps a copy


class SignupForm(NewPasswordRulesOnce, AllauthSignupForm):
    """Sign-up asking required and optional consent separately, never pre-ticked."""

    name = forms.CharField(
        label=_("이름 (선택)"),
        max_length=50,
        required=False,
        help_text=_("화면에 표시할 이름입니다. 비워 두어도 됩니다."),
    )
    age_confirmed = forms.BooleanField(
        label=_("[필수] 만 14세 이상입니다."),
        required=True,
        error_messages={"required": _("만 14세 이상만 가입할 수 있습니다.")},
    )
    privacy_consent = forms.BooleanField(
        label=_("[필수] 개인정보 수집·이용에 동의합니다."),
        required=True,
        error_messages={"required": _("필수 개인정보 수집·이용에 동의해야 가입할 수 있습니다.")},
    )
    marketing_consent = forms.BooleanField(
        label=_("[선택] 행사·교육 소식을 이메일로 받겠습니다."),
        required=False,
        help_text=_("동의하지 않아도 가입과 모든 서비스 이용에 제한이 없습니다."),
    )

    field_order = [
        "email",
        "password1",
        "password2",
        "name",
        "age_confirmed",
        "privacy_consent",
        "marketing_consent",
    ]

    def clean_email(self):
        # The account table holds at most 254 characters (RFC 5321); say so before saving.
        if len(self.cleaned_data.get("email", "")) > 254:
            raise forms.ValidationError(_("이메일 주소가 너무 깁니다. 254자 이내로 입력해 주세요."))
        return super().clean_email()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if any(ch in name for ch in "<>{}"):
            raise forms.ValidationError(_("이름에 < > { } 기호는 쓸 수 없습니다."))
        return name

    def save(self, request):
        user = super().save(request)
        now = timezone.now()
        user.name = self.cleaned_data.get("name", "")
        user.privacy_consent_at = now
        user.marketing_consent_at = now if self.cleaned_data.get("marketing_consent") else None
        user.consent_version = CONSENT_VERSION
        user.save(
            update_fields=["name", "privacy_consent_at", "marketing_consent_at", "consent_version"]
        )
        return user


class ResetPasswordKeyForm(NewPasswordRulesOnce, AllauthResetPasswordKeyForm):
    """allauth's new-password form of the reset link."""


class ChangePasswordForm(NewPasswordRulesOnce, AllauthChangePasswordForm):
    """allauth's change-password form."""


class SetPasswordForm(NewPasswordRulesOnce, AllauthSetPasswordForm):
    """allauth's set-password form (accounts without a usable password)."""


class DeleteAccountForm(forms.Form):
    """Ask for the password before deleting an account for good."""

    password = forms.CharField(label=_("비밀번호 확인"), widget=forms.PasswordInput, max_length=200)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("비밀번호가 맞지 않습니다."))
        return password
