"""Settings shared by every environment. Machine-specific values come from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None, required=False):
    """Return an environment variable, failing clearly when a required one is missing."""
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required (see README.md, 'Environment')."
        )
    return value


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# Answer a request on another allowed host with a 301 to SITE_URL's host (gvalley.siteurl);
# on in production.
CANONICAL_HOST_REDIRECT = env("CANONICAL_HOST_REDIRECT", "0") == "1"
# Trusted reverse proxies in front of the app servers. Behind them, the client's address is the
# PROXY_COUNT-th address from the right of X-Forwarded-For (each proxy appends the one it saw);
# rate limits and lock-outs count that address, not the proxy's.
PROXY_COUNT = int(env("PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = PROXY_COUNT

INSTALLED_APPS = [
    "gvalley",
    # Before the admin, as its documentation asks (it patches the admin's forms).
    "modeltranslation",
    "gvalley.adminsite.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "gvalley.apps.AxesConfig",  # django-axes, named in the admin's language
    "csp",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from static/ (no CDN)
    "corsheaders",
    "django_tasks",
    "gvalley.apps.TasksDbConfig",  # django-tasks-db, named in the admin's language
    "companies",
    "events",
    "council",
    "heritage",
    # Last, as its documentation asks: deletes the files of the models marked @cleanup.select.
    "django_cleanup.apps.CleanupSelectedConfig",
]

MIDDLEWARE = [
    # First: one redirect straight to SITE_URL, before the HTTPS redirect would make it two.
    "gvalley.siteurl.CanonicalHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may answer (the page cache, CommonMiddleware): CORS headers on the
    # open-data API's reads only (gvalley.api.cors_for_api_reads).
    "corsheaders.middleware.CorsMiddleware",
    "gvalley.middleware.CSPMiddleware",  # django-csp's, with the policy built once per process
    "gvalley.cache.AnonymousPageCacheMiddleware",
    "gvalley.sessions.SessionMiddleware",  # Django's, reading the session with the content version
    "gvalley.middleware.LocaleMiddleware",  # Django's, without Vary: Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    "gvalley.middleware.RejectNulBytesMiddleware",
]

ROOT_URLCONF = "gvalley.urls"
WSGI_APPLICATION = "gvalley.wsgi.application"

# The portal's pages are Jinja2 (`templates/**/*.jinja`, gvalley/jinja2.py); the admin, allauth's
# own pages and the plain-text mails stay on Django templates (`.html`, `.txt`). Each engine
# reads only its own files, and both get the same context processors.
CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.i18n",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "csp.context_processors.nonce",
    "gvalley.context_processors.site",
]
TEMPLATES = [
    {
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "gvalley.jinja2.environment",
            "context_processors": CONTEXT_PROCESSORS,
        },
    },
    {
        "NAME": "django",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": CONTEXT_PROCESSORS},
    },
]

# Database: always PostgreSQL. The Makefile hands DATABASE_URL on (embedded PostgreSQL 18 when
# none is given); settings never start a server themselves.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", required=True), conn_max_age=int(env("DB_CONN_MAX_AGE", "60"))
    )
}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…).")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that does not answer is reported (503 page, /healthz) after this many seconds, not
# after the operating system's TCP timeout of minutes.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", int(env("DB_CONNECT_TIMEOUT", "5"))
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, sessions and rate limits live in shared stores so that app servers stay stateless:
# Redis when REDIS_URL is set, otherwise the database. While Redis cannot be reached, the cache
# answers as a miss (pages are drawn, sessions read from the database, rate limits are off) and
# each process leaves it alone for a few seconds after a failure (gvalley.rediscache).
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "gvalley.rediscache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gvalley",
            # Timeouts of half a second to connect and one to answer (gvalley.rediscache).
            "OPTIONS": {"RETRY_SECONDS": float(env("REDIS_RETRY_SECONDS", "5"))},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "gvalley.dbcache.PostgresCache",
            "LOCATION": "gvalley_cache",
            "KEY_PREFIX": "gvalley",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
# Sessions are kept in the database and read through the cache: one cache read per signed-in
# request instead of an ORM query; a session the cache has dropped is read from the database.
SESSION_ENGINE = "gvalley.sessions"
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
# The release's name in cache keys (gvalley.cache.code_release); by default a hash of the code.
RELEASE = env("RELEASE", "")

AUTH_USER_MODEL = "gvalley.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's and allauth's, loading the user's roles with the user (gvalley/backends.py).
    "gvalley.backends.ModelBackend",
    "gvalley.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_profile"
LOGOUT_REDIRECT_URL = "home"
SITE_ID = 1

# django-allauth: email is the login; verification is mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_FORMS = {
    "login": "gvalley.forms.LoginForm",
    "signup": "gvalley.forms.SignupForm",
    "reset_password_from_key": "gvalley.forms.ResetPasswordKeyForm",
    "change_password": "gvalley.forms.ChangePasswordForm",
    "set_password": "gvalley.forms.SetPasswordForm",
}
ACCOUNT_ADAPTER = "gvalley.adapters.AccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_RATE_LIMITS = {
    "signup": "5/h/ip",
    "login": "30/m/ip",
    # Ten wrong passwords from one address lock the account there (django-axes, below, with its
    # lock-out page), so these limits sit above that: one address trying many accounts, and one
    # account tried from many addresses (which axes, keyed on account and address, lets through).
    "login_failed": "30/m/ip,20/15m/key",
    "confirm_email": "3/3m/key",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
}
# Kakao and Naver sign-in are switched on by configuration: add "allauth.socialaccount" and
# "allauth.socialaccount.providers.kakao" / ".naver" to INSTALLED_APPS with SOCIALACCOUNT_PROVIDERS.
if env("SOCIAL_PROVIDERS"):
    INSTALLED_APPS += ["allauth.socialaccount"] + [
        f"allauth.socialaccount.providers.{name}" for name in env_list("SOCIAL_PROVIDERS")
    ]

# django-axes: repeated wrong passwords lock one account at one client address, never every
# account behind an address (an office NAT). The account is read the same way from every form
# (allauth passes `email`, Django's admin `username`), and the client address the same way as
# allauth's rate limits read it (PROXY_COUNT, above).
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "gvalley.adapters.attempted_account"
AXES_CLIENT_IP_CALLABLE = "gvalley.adapters.client_address"
AXES_LOCKOUT_TEMPLATE = "403_lockout.jinja"
CSRF_FAILURE_VIEW = "gvalley.views.csrf_failure"
AXES_LOCKOUT_CALLABLE = "gvalley.adapters.locked_out"  # the template, told the cool-off
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("한국어")), ("en", _("English"))]
# Content fields in both languages (django-modeltranslation, each app's translation.py):
# `products_ko`/`products_en` beside `products`; an empty English value falls back to Korean.
MODELTRANSLATION_DEFAULT_LANGUAGE = "ko"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ko",)
# Company(products=…) fills products_ko, whatever language is active (imports, the demo loader).
MODELTRANSLATION_AUTO_POPULATE = "default"
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / ".data" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# Files that must never have a public URL (council documents of non-public meetings): served only
# through views that check permission. With several app servers, shared storage no web server serves.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / ".data" / "private")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
# `manage.py backup` (make backup) writes its archives here unless given --output.
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / ".data" / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads larger than this are refused before they reach a form (forms check their own limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Every mail goes through the task queue (gvalley.mail): the request only writes a job, and a
# worker hands the message to MAIL_DELIVERY_BACKEND (files in .data/mail in development, SMTP in
# production), with retries.
EMAIL_BACKEND = "gvalley.mail.QueuedEmailBackend"
MAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = Path(env("EMAIL_FILE_PATH", str(BASE_DIR / ".data" / "mail")))
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "G밸리 포털 <noreply@gvalley.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it; forms carry the token
LANGUAGE_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Personal data of event participants is anonymised this many days after an event.
PARTICIPANT_DATA_RETENTION_DAYS = int(env("PARTICIPANT_DATA_RETENTION_DAYS", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Background jobs (gvalley.jobs): django-tasks' database backend, run by `manage.py worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A failed job is tried again up to JOBS_MAX_ATTEMPTS times in all, after JOBS_RETRY_DELAY
# seconds, then twice that, and so on (at most an hour between two tries).
JOBS_MAX_ATTEMPTS = int(env("JOBS_MAX_ATTEMPTS", "8"))
JOBS_RETRY_DELAY = float(env("JOBS_RETRY_DELAY", "30"))
# Seconds between a worker's look at the schedule and at jobs of workers that died.
JOBS_TICK = float(env("JOBS_TICK", "15"))

# Benchmark-only views (/_bench/floor, /_bench/template-floor); `make bench` switches them on.
BENCH_VIEWS = env("BENCH_VIEWS", "0") == "1"
# Serve uploaded media from Django (development, `make serve` on one machine).
SERVE_MEDIA = env("SERVE_MEDIA", "1") == "1"

# The open-data API (gvalley/api.py, README "Open-data API"): read-only, anonymous, JSON.
API_RATE_LIMIT = env("API_RATE_LIMIT", "120/min")  # per client address (or signed-in user)
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 100
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Session only: a signed-in visitor is counted by account; nobody writes through the API.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Filters, pagination and the rate limit are set on gvalley.api.ReadOnlyViewSet.
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gvalley.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "G밸리 포털 공개 API (G Valley portal open-data API)",
    "DESCRIPTION": (
        "G밸리 포털의 기업 디렉터리, 행사, 발전협의회 회의·회의록·고충 민원, 금천 순이의 집 이야기를 "
        "읽기 전용 JSON으로 제공합니다. Read-only JSON of the portal's company directory, events, "
        "council meetings, minutes and grievances, and heritage stories. Licence: see each "
        "response's `license` and the terms page (제7조)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No call to the public validator (an outside address the CSP forbids).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    # Anonymous reads: no sign-in scheme documented (no "Authorize" button on the docs page).
    "AUTHENTICATION_WHITELIST": [],
    "DISABLE_ERRORS_AND_WARNINGS": False,
}
# django-cors-headers: enabled by gvalley.api.cors_for_api_reads (GET/HEAD under /api/ only),
# never by path alone; any origin may read, no credentials.
CORS_URLS_REGEX = r"(?!)"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Retry-After"]
