"""System checks (`manage.py check --deploy`) for settings an operator must get right."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Warn when SITE_URL, which every mailed link starts with, is not this site's https address."""
    parts = urlsplit(settings.SITE_URL)
    if (
        parts.scheme == "https"
        and parts.hostname
        and validate_host(parts.hostname, settings.ALLOWED_HOSTS)
    ):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: the links in sign-up confirmation and "
            "password-reset mails would not lead to this site.",
            hint="Set SITE_URL to the portal's public https address, a host of ALLOWED_HOSTS.",
            id="gvalley.W001",
        )
    ]
