"""Tests: fast hashing, in-memory cache and mail, plain static storage."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Mail goes through the queue as everywhere, and the queue runs each job at once (in the
# test's process and transaction); the message lands in django.core.mail.outbox. (Django's
# test set-up puts the locmem backend in EMAIL_BACKEND; tests/conftest.py puts the queue back.)
EMAIL_BACKEND = "gvalley.mail.QueuedEmailBackend"
MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
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

# A worker process a test starts (tests/site/test_jobs.py) runs the jobs stored in the test
# database and writes the mail to files (EMAIL_FILE_PATH), as a worker does in development.
if env("GVALLEY_TEST_WORKER") == "1":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    MAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
