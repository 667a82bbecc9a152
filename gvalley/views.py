"""Site-wide views: home, health check, static pages, language switch, the account page."""

import json
import sys
import uuid

from csp.decorators import csp
from django import db
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_http_methods

from companies.home import home_section as companies_section
from council.home import home_section as council_section
from events.home import home_section as events_section
from gvalley import jobs
from heritage.home import home_section as heritage_section

from . import api, charts, csvfiles, languages, privacy, roles, sitesearch
from .cache import never_cache_page, shared_data
from .forms import DeleteAccountForm
from .stats import HIGHLIGHTS, SECTIONS, STATISTICS, table, tables


def home(request):
    """Show what G밸리 is, its dated figures, and the newest of every part of the portal."""
    context = {
        "statistics": STATISTICS,
        "highlights": HIGHLIGHTS,
        **shared_data("home:sections", lambda: home_sections(request)),
    }
    return render(request, "home.jinja", context)


def stats(request):
    """Show G밸리 in numbers: the dated official figures and the charts of the portal's data."""
    data = tables()
    sections = [
        {
            "title": section["title"],
            "tables": [
                {
                    **data[name],
                    "width": charts.WIDTH,
                    "height": charts.height(name, data[name]["rows"]),
                }
                for name in (chart["name"] for chart in section["charts"])
            ],
        }
        for section in SECTIONS
    ]
    context = {"statistics": STATISTICS, "highlights": HIGHLIGHTS, "sections": sections}
    return render(request, "pages/stats.jinja", context)


# An SVG chart is shown as an image: it needs its own inline styles and nothing else.
@csp({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"]})
def stats_chart(request, name):
    """Return one chart as an SVG image."""
    if table(name) is None:
        raise Http404
    return HttpResponse(charts.svg(name), content_type="image/svg+xml; charset=utf-8")


def stats_csv(request, name):
    """Return one chart's data as CSV (the portal's CSV format)."""
    data = table(name)
    if data is None:
        raise Http404
    return csvfiles.response(f"gvalley-{name}.csv", data["columns"], data["rows"])


def stats_json(request, name):
    """Return one chart's data as JSON: title, column headings and rows."""
    data = table(name)
    if data is None:
        raise Http404
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def home_sections(request):
    """Return what the home page shows of each app: the same for every visitor.

    The home page keeps it as shared data (cleared by any content change, kept no longer than an
    anonymous page), so a signed-in visitor's home page renders without the apps' queries.
    """
    return {
        "events_section": events_section(request),
        "companies_section": companies_section(request),
        "council_section": council_section(request),
        "heritage_section": heritage_section(request),
    }


# Words to try, shown on the empty search page (each one finds something in the demo content).
SEARCH_EXAMPLES = ("마라톤", "보안", "벌집", "순이", "주차")


def search(request):
    """Search the whole portal: results of every section the visitor may see, grouped."""
    typed = sitesearch.clean_query(request.GET.get("q", ""))
    section = sitesearch.source(request.GET.get("section", ""))
    context = {
        "query": typed[: sitesearch.MAX_QUERY_LENGTH],
        "section": section,
        "sections": [],
        "problem": None,
        "examples": SEARCH_EXAMPLES,
        "sources": sitesearch.sources(),
    }
    if typed:
        problem = sitesearch.problem_with(typed)
        if problem:
            context["problem"] = sitesearch.PROBLEMS[problem] % {
                "limit": sitesearch.MAX_QUERY_LENGTH
            }
        else:
            context["sections"] = sitesearch.search(typed, request.user, section and section.key)
    return render(request, "search/search.jinja", context)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except (db.Error, connection.Database.Error):
        return False


def _cache_answers():
    """Write a value of this check's own and read it back (the cache hides its errors as misses)."""
    key, token = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, token, 30)
        answered = cache.get(key) == token
        cache.delete(key)
    except Exception:  # a backend that raises (the database cache while the database is down)
        return False
    return answered


@never_cache
def healthz(request):
    """Report each dependency; 503 only when the database does not answer.

    Every app server shares the one cache, so a cache outage is reported ("degraded") but does not
    take the servers out of the load balancer: pages are still served without it.
    """
    database, shared_cache = _database_answers(), _cache_answers()
    state = {True: "ok", False: "unavailable"}
    status = "ok" if database and shared_cache else "degraded" if database else "error"
    body = {"status": status, "database": state[database], "cache": state[shared_cache]}
    if database:
        # Jobs due now and the wait of the oldest: a growing age means too few workers (or none).
        body["queue"] = jobs.queue_state()
    return JsonResponse(body, status=200 if database else 503)


# Seconds a visitor (or a crawler) is asked to wait when the database does not answer.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """Answer a database outage with 503 and Retry-After, anything else with the 500 page.

    Django calls this inside its handling of the exception, so the exception is the one being
    handled. Both pages are drawn without a request context: no context processor, session or
    user, nothing that would ask the database again.
    """
    error = sys.exc_info()[1]
    unreachable = (
        db.OperationalError,
        db.InterfaceError,
        connection.Database.OperationalError,  # raised outside Django's wrapper, if ever
        connection.Database.InterfaceError,
    )
    if isinstance(error, unreachable):
        response = HttpResponse(loader.render_to_string("503.jinja"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.jinja"))


@never_cache_page
def floor(request):
    """Benchmark floor: a trivial response through the full middleware stack."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache_page
def template_floor(request):
    """Benchmark template floor: the portal pages' shell (base.jinja) with no data."""
    return render(request, "bench/template_floor.jinja")


@require_GET
def set_language(request, code):
    """Send an old language-switch link (`/lang/en/?next=…`) to the page at that language's address.

    Each language has its own address now (gvalley/languages.py); the cookie this link once set
    decides nothing any more, so a browser's old one is removed.
    """
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if code in dict(settings.LANGUAGES):
        next_url = languages.url_in(next_url, code)
    response = HttpResponseRedirect(next_url)
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME, samesite=settings.LANGUAGE_COOKIE_SAMESITE
        )
    return response


@login_required
def profile(request):
    """The account page: who you are, your roles, your data, and the parts of the portal you use."""
    return render(
        request,
        "account/profile.jinja",
        {
            "roles": roles.role_labels(request.user),
            "sections": privacy.account_sections(request.user),
        },
    )


@login_required
@never_cache
def export_data(request):
    """Download everything the portal holds about the signed-in user, as JSON."""
    data = privacy.export(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="gvalley-my-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Delete the signed-in user's account and personal data after a password check."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        privacy.delete_user(user)
        messages.success(
            request, _("계정과 개인정보를 삭제했습니다. 그동안 이용해 주셔서 감사합니다.")
        )
        return redirect("home")
    return render(request, "account/delete.jinja", {"form": form})


def page_not_found(request, exception):
    if request.path_info.startswith("/api/"):
        return api.error_response(404)  # the open-data API answers in JSON
    return render(request, "404.jinja", status=404)


def permission_denied(request, exception):
    return render(request, "403.jinja", status=403)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (settings.CSRF_FAILURE_VIEW): say how to go on."""
    return render(request, "403_csrf.jinja", status=403)


@requires_csrf_token
def bad_request(request, exception):
    """Answer a malformed request with the portal's page, in the visitor's language.

    Django's own handler renders its 400 page without the request (no language, no header links).
    The open-data API answers in its JSON shape (e.g. a NUL byte refused by the middleware).
    """
    if request.path_info.startswith("/api/"):
        return api.error_response(400, {"query": [api.bilingual(api.NUL_MESSAGE)]})
    return render(request, "400.jinja", status=400)
