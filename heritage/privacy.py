"""This app's part of a user's personal data (see gvalley/privacy.py)."""

from .models import VisitRequest


def _requests(user):
    return (
        VisitRequest.objects.filter(requester=user)
        .select_related("slot")
        .order_by("-created_at", "pk")
    )


def export(user):
    """Return this app's personal data of the user, for the JSON download."""
    return {
        "heritage_visit_requests": [
            {
                "slot_starts_at": r.slot.starts_at,
                "slot_ends_at": r.slot.ends_at,
                "group_name": r.group_name,
                "group_kind": r.group_kind,
                "people": r.people,
                "contact_name": r.contact_name,
                "contact_email": r.contact_email,
                "contact_phone": r.contact_phone,
                "message": r.message,
                "status": r.status,
                "created_at": r.created_at,
            }
            for r in _requests(user)
        ]
    }


def account_section(user):
    """Return what the account page shows of this app for the user, or None."""
    requests = list(_requests(user)[:20])
    if not requests:
        return None
    return {"template": "heritage/_account_section.jinja", "visit_requests": requests}


def before_user_delete(user):
    """Remove the person's contact details from their visit requests.

    The request row itself stays (it holds places in a slot and is part of the museum's visit
    records), with the group name and size only; the account link is nulled by the foreign key.
    """
    VisitRequest.objects.filter(requester=user).update(
        contact_name="(삭제됨)",
        contact_email="deleted@invalid.example",
        contact_phone="",
        message="",
    )
