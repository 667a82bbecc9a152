"""Middleware of the whole site."""

from django.core.exceptions import BadRequest
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
