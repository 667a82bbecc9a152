"""How the portal signs people up and in: allauth's adapter, and how django-axes reads an attempt."""

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from axes import utils as axes_utils
from axes.helpers import get_cool_off
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import roles
from .siteurl import moved_to_site

# Where a sign-in names the account: allauth's form posts `login` and authenticates with
# `email`; Django's own forms authenticate with `username`; django-axes' backend files the name
# it is given under AXES_USERNAME_FORM_FIELD (the user model's USERNAME_FIELD, `email`).
ACCOUNT_KEYS = ("login", "email", "username")

# The links allauth puts in its mails (confirmation, password reset, sign-up, reset form).
MAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


def attempted_account(request, credentials=None):
    """Return the account a sign-in attempt names, lower-cased (AXES_USERNAME_CALLABLE).

    The same name whichever form or backend asks, so that what axes counts on one sign-in
    form holds on every other, and `A@x` and `a@x` are one account.
    """
    source = credentials if credentials is not None else getattr(request, "POST", {})
    for key in ACCOUNT_KEYS:
        value = source.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()[:255]  # axes keeps at most 255 characters
    return None


def client_address(request):
    """Return the client's address as allauth's rate limits see it (AXES_CLIENT_IP_CALLABLE).

    One reading of X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT, from PROXY_COUNT) for both
    libraries, so a lock-out and a rate limit always count the same client.
    """
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address
        return None


def unlock_after_password_reset(sender, request, user, **kwargs):
    """Lift the account's lock-outs once its owner sets a new password from the mailed link.

    The lock-out page offers the reset as the way back in (allauth's `password_reset` signal);
    the mailbox proves the owner, as it does for the reset itself.
    """
    account = attempted_account(request, {"email": user.email})
    if account:  # axes' reset with no name would lift every lock-out
        axes_utils.reset(username=account)


def locked_out(request, original_response=None, credentials=None):
    """Answer a locked-out sign-in with the portal's page (AXES_LOCKOUT_CALLABLE).

    The page names the cool-off as configured (AXES_COOLOFF_TIME), in minutes.
    """
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class AccountAdapter(DefaultAccountAdapter):
    """allauth's defaults, with the portal's mails, landing pages and confirmation sign-in."""

    def is_open_for_signup(self, request):
        return True

    def get_login_redirect_url(self, request):
        """Land where the role's work is, unless the sign-in asked for a page (`next`).

        Council members on their dashboard, district staff in the back office, everyone else
        on their account page.
        """
        user = request.user
        if roles.is_council_member(user):
            return reverse("council:dashboard")
        if roles.is_district_staff(user):
            return reverse("admin:index")
        return super().get_login_redirect_url(request)

    def format_email_subject(self, subject):
        """Prefix the subject with the portal's short name, in the mail's language."""
        return _("[G밸리] %(subject)s") % {"subject": subject}

    def send_mail(self, template_prefix, email, context):
        """Send allauth's mail with every link on SITE_URL, never on the host a request named."""
        context = {**context, "site_url": moved_to_site("/")}
        for key in MAIL_LINKS:
            if context.get(key):
                context[key] = moved_to_site(context[key])
        super().send_mail(template_prefix, email, context)

    def confirm_email(self, request, email_address):
        """Confirm the address; on a new account's first confirmation, also sign its owner in.

        allauth signs in on confirmation only in the browser that signed up, so a newcomer who
        opens the mail on their phone ended on the sign-in page. Owning the mailbox already
        gives the account (a password reset), and the key is single-use, expires and confirms
        only by POST, so signing in here gives no one more than they had. See README, "Sign-in".
        """
        confirmed = super().confirm_email(request, email_address)
        if confirmed and self._signs_in_on_confirmation(request, email_address):
            perform_login(
                request,
                email_address.user,
                email_verification=account_settings.EMAIL_VERIFICATION,
                email=email_address.email,
            )
        return confirmed

    def _signs_in_on_confirmation(self, request, email_address):
        user = email_address.user
        if not account_settings.LOGIN_ON_EMAIL_CONFIRMATION or request is None:
            return False
        if request.method != "POST" or request.user.is_authenticated:
            return False
        # Only an account's first step: never signed in, one address, no back-office rights.
        if not user.is_active or user.is_staff or user.is_superuser or user.last_login:
            return False
        if EmailAddress.objects.filter(user=user).exclude(pk=email_address.pk).exists():
            return False
        # The browser that signed up: allauth signs in itself (and keeps the page asked for).
        # (Imported here: gvalley's ready() imports this module, and allauth's stages module
        # cannot be imported that early without a circular import.)
        from allauth.account.stages import EmailVerificationStage, LoginStageController

        stage = LoginStageController.enter(request, EmailVerificationStage.key)
        return not (stage and stage.login.user and stage.login.user.pk == user.pk)
