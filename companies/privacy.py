"""This app's part of a user's personal data (see gvalley/privacy.py)."""

from django.urls import reverse

from .models import ClaimRequest, Company, CompanyHistory, Invitation


def export(user):
    """Return this app's personal data of the user, for the JSON download."""
    return {
        "companies_managed": [
            {"company": m.company.name, "since": m.created_at}
            for m in user.company_memberships.select_related("company")
        ],
        "company_claims": [
            {
                "company": c.company.name,
                "position": c.position,
                "message": c.message,
                "status": c.status,
                "requested_at": c.created_at,
            }
            for c in ClaimRequest.objects.filter(user=user).select_related("company")
        ],
        "company_invitations_received": [
            {"company": i.company.name, "sent_at": i.created_at, "accepted_at": i.accepted_at}
            for i in Invitation.objects.filter(email__iexact=user.email).select_related("company")
        ],
    }


def account_section(user):
    """Return what the account page shows of this app for the user, or None."""
    companies = list(Company.objects.managed_by(user).order_by("name", "pk"))
    if not companies:
        return None
    return {
        "template": "companies/_account_section.jinja",
        "companies": companies,
        "manage_url": reverse("companies:mine"),
    }


def before_user_delete(user):
    """Anonymise or remove what foreign keys alone would not, before the user is deleted."""
    # Invitations sent to the person's address name them; history keeps the change, not the person.
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
    CompanyHistory.objects.filter(user=user).update(user=None)
