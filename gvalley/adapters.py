"""How the portal signs people up and in: allauth's adapter, and how django-axes reads an attempt."""

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from . import roles

# Where a sign-in names the account: allauth's form posts `login` and authenticates with
# `email`; Django's own forms authenticate with `username`; django-axes' backend files the name
# it is given under AXES_USERNAME_FORM_FIELD (the user model's USERNAME_FIELD, `email`).
ACCOUNT_KEYS = ("login", "email", "username")


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


class AccountAdapter(DefaultAccountAdapter):
    """allauth's defaults, with the portal's landing pages."""

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
