import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from tests.site.crawl import Crawler, signed_in_client, start_urls


@pytest.fixture(autouse=True)
def _korean_first():
    """Start each test in Korean: a request in English leaves its language active in the thread."""
    translation.activate("ko")
    yield
    translation.activate("ko")


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    """Return a maker of the settings that keep the demo's files (images, council documents)."""
    folder = tmp_path_factory.mktemp("demo-files")
    return lambda: override_settings(
        MEDIA_ROOT=folder / "media", PRIVATE_MEDIA_ROOT=folder / "private"
    )


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, demo_media):
    """Load the demo content once for a module; roll it back when the module is done."""
    with django_db_blocker.unblock(), demo_media():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def crawled_site(demo_site):
    """Return what a module's crawls read: the demo content (a module may override this)."""
    return demo_site


@pytest.fixture(scope="module")
def crawls(crawled_site, demo_media):
    """Return the crawl of a role in a language, crawling it on first use (once per module)."""
    done = {}

    def crawl(role, language):
        if (role, language) not in done:
            with demo_media():
                client = signed_in_client(role)
                crawler = Crawler(client, role, language)
                done[role, language] = crawler.run(start_urls(role, language))
        return done[role, language]

    return crawl
