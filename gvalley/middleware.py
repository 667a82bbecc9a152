"""Middleware of the whole site."""

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import cc_delim_re

NUL = "\x00"


class RejectNulBytesMiddleware:
    """Refuse a NUL byte in the address (404) or in a query value (400) before any view runs.

    No page of the portal has a NUL in its address or in any of its parameters, and PostgreSQL
    text cannot hold one: psycopg2 refuses such a query with a ValueError, so a NUL reaching any
    lookup (a slug in the path, a filter value, the admin's filters) was a server error. Here it
    gets the portal's "page not found" or "bad request" page, in the visitor's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if NUL in request.path_info:
            raise Http404("NUL byte in the path")
        for key, values in request.GET.lists():
            if NUL in key or any(NUL in value for value in values):
                raise BadRequest("NUL byte in the query string")
        return None


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, without `Vary: Accept-Language`.

    Django adds that header to every page whose address has no language prefix, for sites where
    the browser's language picks the page's. Here the address alone decides (Korean unprefixed,
    English under /en/; `prefix_default_language=False` makes Django activate Korean for an
    unprefixed path whatever the browser asks), so no response changes with the header, and
    caches (the nginx micro-cache, browsers, any CDN) need not keep a copy per browser language.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [
                field
                for field in cc_delim_re.split(response["Vary"])
                if field and field.lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


# The site's two policies as header values, built once per process (see CSPMiddleware).
_policies = {}

# What a view's django-csp decorators put on its response; any of them means a policy of its own.
_RESPONSE_POLICY = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies.clear()


def site_policies():
    """Return the site's Content-Security-Policy and report-only header values (empty: none),
    and the address prefixes either policy excludes."""
    if not _policies:
        _policies["enforced"] = build_policy()
        _policies["report-only"] = build_policy(report_only=True)
        _policies["excluded"] = tuple(
            prefix
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
            for prefix in (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES", ())
        )
    return _policies["enforced"], _policies["report-only"], _policies["excluded"]


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware, writing the site's policy built once per process.

    django-csp builds the header on every response, twice (the policy and the report-only one),
    copying the settings each time: about 70 µs, a tenth of a cached page's whole cost. A
    response that needs nothing else — no nonce handed to its page, no policy of its own from a
    view's decorator, no header yet, an address not excluded — gets the same two strings every
    time, so they are built once; any other response goes through django-csp unchanged.
    """

    def process_response(self, request, response):
        enforced, report_only, excluded = site_policies()
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _RESPONSE_POLICY)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or (excluded and request.path_info.startswith(excluded))
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages, as django-csp leaves them
        if enforced:
            response[HEADER] = enforced
        if report_only:
            response[HEADER_REPORT_ONLY] = report_only
        # As django-csp: a nonce asked for after the header is written is an error, not a
        # nonce the header does not allow.
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
