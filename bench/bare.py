"""The bare Django baseline of `make bench`: one view, no middleware, no database, no template.

Served by gunicorn exactly as the portal is (same workers, same worker class), it shows what
Django itself costs on this machine; every page's ratio to it says how much the portal adds.

    gunicorn bench.bare
"""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-only-" + "x" * 40,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402  (after settings.configure)
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", bare)]

application = get_wsgi_application()
