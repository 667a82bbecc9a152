from django.conf import settings

from . import roles


def site(request):
    """Expose the roles of the signed-in user and the site URL to every template."""
    user = getattr(request, "user", None)
    return {
        "SITE_URL": settings.SITE_URL,
        # Callables: templates evaluate them only where a page asks, so most pages run no query.
        "is_district_staff": lambda: bool(user and roles.is_district_staff(user)),
        "is_council_member": lambda: bool(user and roles.is_council_member(user)),
    }
