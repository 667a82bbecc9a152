"""Whole-site guards: migrations, sitemap, every public URL, one <h1> per page."""

import re
import subprocess
import sys
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_no_pending_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"Models changed without a migration:\n{out.getvalue()} ({exit_})")


def test_sitemap_lists_public_pages_that_all_answer_with_one_h1(client):
    call_command("load_demo", verbosity=0)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in tree.findall("sm:url/sm:loc", namespace)]
    assert len(urls) >= 7
    failures = []
    for url in urls:
        path = re.sub(r"^https?://[^/]+", "", url)
        page = client.get(path)
        if page.status_code != 200:
            failures.append(f"{path}: {page.status_code}")
        elif page["Content-Type"].startswith("text/html"):
            h1_count = len(re.findall(r"<h1[\s>]", page.content.decode()))
            if h1_count != 1:
                failures.append(f"{path}: {h1_count} <h1>")
    assert not failures, failures


def test_robots_txt_points_at_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap:" in body and "/sitemap.xml" in body


# Libraries only a background job or a staff download needs: a web worker serving pages must not
# carry them (worker RSS, `make bench`). OR-Tools brings NumPy and pandas.
HEAVY_MODULES = ("ortools", "numpy", "pandas", "openpyxl")


def test_a_web_worker_does_not_load_the_solver_or_the_spreadsheet_library():
    script = (
        "import sys, django; django.setup();"
        "from gvalley.wsgi import application;"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "import django.contrib.admin; django.contrib.admin.autodiscover();"
        f"print(','.join(m for m in {HEAVY_MODULES!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout.strip()
    assert loaded == ""
