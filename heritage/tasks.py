"""The museum's background jobs (gvalley.jobs)."""

from gvalley.jobs import task

from .services import purge_old_contacts


@task
def purge_visit_contacts(occurrence=None):
    """Daily: erase group-visit contact details a year after the visit."""
    return purge_old_contacts()
