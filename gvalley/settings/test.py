"""Tests: fast hashing, in-memory cache and mail, plain static storage."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".data" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / ".data" / "test-private"
ACCOUNT_RATE_LIMITS = False

# Parallel test runs on one server (e.g. several developers' sessions) each name their own
# test database: TEST_DB_NAME=test_gvalley_companies.
if env("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DB_NAME")}  # noqa: F405
