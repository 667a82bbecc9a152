import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gvalley.settings.prod")

django_application = get_wsgi_application()

from gvalley.cache import CachedPageFront  # noqa: E402  (after Django is set up)

# Cached pages for anonymous visitors are answered in front of Django's handler (gvalley.cache).
application = CachedPageFront(django_application)

# Everything loaded so far (Django, the apps, URL patterns, translations) lives as long as the
# process: freeze it out of the garbage collector's view, and collect less often, so that a full
# collection does not stall a request for tens of milliseconds every few hundred requests.
gc.freeze()
gc.set_threshold(5000, 10, 10)
