from . import roles
from .siteurl import site_url


def site(request):
    """Expose the roles of the signed-in user and the site URL to every template."""
    user = getattr(request, "user", None)
    return {
        "SITE_URL": site_url(),
        # Callables: templates evaluate them only where a page asks, so most pages run no query.
        "is_district_staff": lambda: bool(user and roles.is_district_staff(user)),
        "is_council_member": lambda: bool(user and roles.is_council_member(user)),
    }
