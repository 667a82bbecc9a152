from allauth.account.decorators import secure_admin_login
from allauth.account.views import LoginView, SignupView
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django.views.static import serve

from . import api, views
from .sitemaps import SITEMAPS

admin.site.site_header = _("G밸리 포털 관리")
admin.site.site_title = _("G밸리 포털 관리")
admin.site.index_title = _("구청 담당자 업무")
# Staff sign in on the portal's sign-in page, under its rate limits and lock-out, so there is
# no second password form that a locked account could still pass (allauth's advice).
admin.site.login = secure_admin_login(admin.site.login)

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
# A database outage is answered with a 503 page and Retry-After, other errors with the 500 page.
handler500 = views.server_error

# Outside the language prefix: the same address in every language (gvalley.languages.UNPREFIXED).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Old links and bookmarks of the cookie switch: a redirect to the page in that language.
    path("lang/<str:code>/", views.set_language, name="set_language"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # The open-data API: one address for every language, both languages in each object.
    path("api/v1/", include(api.urlpatterns())),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

# Every page a person reads: Korean unprefixed, English under /en/ (README, "English").
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path(
        "privacy/",
        TemplateView.as_view(template_name="pages/privacy.jinja"),
        name="privacy",
    ),
    path("stats/", views.stats, name="stats"),
    path("stats/<slug:name>.svg", views.stats_chart, name="stats_chart"),
    path("stats/<slug:name>.csv", views.stats_csv, name="stats_csv"),
    path("stats/<slug:name>.json", views.stats_json, name="stats_json"),
    path("terms/", TemplateView.as_view(template_name="pages/terms.jinja"), name="terms"),
    path("accounts/profile/", views.profile, name="account_profile"),
    path("accounts/profile/export/", views.export_data, name="account_export"),
    path("accounts/profile/delete/", views.delete_account, name="account_delete"),
    # allauth's sign-in and sign-up pages in the portal's own (Jinja2) templates; allauth's
    # other pages keep its Django templates, inside the same shell (templates/base.html).
    path(
        "accounts/login/",
        LoginView.as_view(template_name="account/login.jinja"),
        name="account_login",
    ),
    path(
        "accounts/signup/",
        SignupView.as_view(template_name="account/signup.jinja"),
        name="account_signup",
    ),
    path("accounts/", include("allauth.urls")),
    path("companies/", include("companies.urls")),
    path("events/", include("events.urls")),
    path("council/", include("council.urls")),
    path("heritage/", include("heritage.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.BENCH_VIEWS:
    urlpatterns += [
        path("_bench/floor", views.floor, name="bench_floor"),
        path("_bench/template-floor", views.template_floor, name="bench_template_floor"),
    ]

MEDIA_MAX_AGE = 3600

if settings.SERVE_MEDIA:
    # Development and single-machine runs; production serves media from its storage or proxy.
    def serve_media(request, path):
        response = serve(request, path, document_root=settings.MEDIA_ROOT)  # read per request
        # Uploads are written under new names, never changed in place: a browser may keep one
        # an hour (short, so a file deleted for privacy does not linger in caches for long).
        patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
        return response

    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media)]
