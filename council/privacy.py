"""This app's part of a user's personal data (see gvalley/privacy.py)."""

from django.db.models import Prefetch

from gvalley import roles

from .models import AgendaComment, Grievance, GrievanceEvent, Membership, managed_company_ids


def export(user):
    """Return this app's personal data of the user, for the JSON download."""
    return {
        "council": {
            "memberships": [
                {
                    "organisation": m.organisation.name,
                    "seat": m.get_seat_display(),
                    "office_title": m.office_title,
                    "start_date": m.start_date,
                    "end_date": m.end_date,
                }
                for m in Membership.objects.filter(user=user).select_related("organisation")
            ],
            "agenda_comments": list(
                AgendaComment.objects.filter(author=user).values(
                    "item__title", "body", "created_at"
                )
            ),
            "grievances": list(
                Grievance.objects.filter(submitted_by=user).values(
                    "title", "description", "status", "received_on", "company__name"
                )
            ),
        }
    }


def account_section(user):
    """Return the grievances the user follows with their dated steps, or None."""
    grievances = list(
        Grievance.objects.of_manager(user)
        .select_related("company")
        .prefetch_related(
            Prefetch("events", queryset=GrievanceEvent.objects.order_by("occurred_at", "pk"))
        )
        .order_by("-received_on", "-pk")[:20]
    )
    can_submit = bool(managed_company_ids(user))
    is_member = roles.is_council_member(user)
    if not (grievances or can_submit or is_member):
        return None
    return {
        "template": "council/_account_section.jinja",
        "grievances": grievances,
        "can_submit": can_submit,
        "is_member": is_member,
    }


def before_user_delete(user):
    """Comments and grievances stay as council records; the FKs are nulled by SET_NULL."""
