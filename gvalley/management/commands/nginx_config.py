"""Print the portal's nginx configuration (gvalley/deploy/nginx.conf) with this deployment's paths."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def render(upstream, listen="80", server_name="_", cache_dir="/var/cache/nginx/gvalley"):
    """Return the configuration text; the placeholders are @NAME@, never nginx's own $vars."""
    values = {
        "@UPSTREAM@": upstream,
        "@LISTEN@": str(listen),
        "@SERVER_NAME@": server_name,
        "@CACHE_DIR@": str(cache_dir),
        "@STATIC_ROOT@": str(settings.STATIC_ROOT).rstrip("/"),
        "@MEDIA_ROOT@": str(settings.MEDIA_ROOT).rstrip("/"),
    }
    text = TEMPLATE.read_text()
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


class Command(BaseCommand):
    help = "nginx 설정을 출력합니다 / Print the nginx configuration of this deployment."

    def add_arguments(self, parser):
        parser.add_argument("--upstream", default="127.0.0.1:8000", help="gunicorn's address")
        parser.add_argument("--listen", default="80")
        parser.add_argument("--server-name", default="_")
        parser.add_argument("--cache-dir", default="/var/cache/nginx/gvalley")

    def handle(self, *args, **options):
        self.stdout.write(
            render(
                options["upstream"],
                options["listen"],
                options["server_name"],
                options["cache_dir"],
            ),
            ending="",
        )
