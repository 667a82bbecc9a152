"""The directory's background jobs (gvalley.jobs): the CSV import."""

import time

from django.conf import settings
from django.core.mail import send_mail
from django.db import connections, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from gvalley.jobs import task
from gvalley.siteurl import absolute_url

from .importing import BATCH, ImportAborted, import_companies
from .models import ImportJob

PROGRESS_EVERY = 0.5  # seconds between two progress writes


class Progress:
    """Report an import's progress on a connection of its own, committed at once.

    The import itself is one transaction (all rows or none), which no one else sees until it
    ends; the progress page reads these separate writes meanwhile.
    """

    def __init__(self, job):
        self.job_id = job.pk
        self.total = job.rows_total
        self.connection = connections.create_connection("default")
        self.last = 0.0

    def write(self, *, force=False, **values):
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        columns = ", ".join(f"{name} = %s" for name in values)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE companies_importjob SET {columns} WHERE id = %s",
                [*values.values(), self.job_id],
            )

    def __call__(self, iterable, desc, total=None):
        """import_companies' progress hook: count the rows checked, then the batches saved."""
        stage = ImportJob.Stage.CHECKING if total is None else ImportJob.Stage.SAVING
        for done, item in enumerate(iterable, start=1):
            yield item
            if stage == ImportJob.Stage.CHECKING:
                self.write(stage=stage, rows_done=done)
            else:
                self.write(
                    stage=stage, rows_done=self.total, rows_saved=min(done * BATCH, self.total)
                )

    def close(self):
        self.connection.close()


@task(priority=-10)
def run_import(job_id):
    """Import a staff member's CSV: all valid rows in one transaction, then mail them the result.

    The job's row, its companies and the mail are committed together, so a worker killed on the
    way leaves nothing half-done and the job, run again, starts from the beginning.
    """
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return None
    progress = Progress(job)
    try:
        progress.write(
            force=True,
            status=ImportJob.Status.RUNNING,
            stage=ImportJob.Stage.CHECKING,
            rows_done=0,
            rows_saved=0,
        )
        with transaction.atomic():
            try:
                result = import_companies(
                    bytes(job.content),
                    user=job.created_by,
                    update_existing=job.update_existing,
                    progress=progress,
                )
            except ImportAborted as error:
                job.status = ImportJob.Status.FAILED
                job.message = str(error)
            else:
                job.status = ImportJob.Status.DONE
                job.rows_done = job.rows_total
                job.rows_saved = result.created + result.updated + result.unchanged
                job.created, job.updated = result.created, result.updated
                job.unchanged = result.unchanged
                job.errors = [[number, str(message)] for number, message in result.errors]
            job.content = b""
            job.finished_at = timezone.now()
            job.save()
            _mail_result(job)
    finally:
        progress.close()
    return job.status


def _mail_result(job):
    if job.created_by is None or not job.created_by.email:
        return
    context = {"job": job, "url": absolute_url(job.get_absolute_url())}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("companies/email/import_finished_subject.txt", context)
        body = render_to_string("companies/email/import_finished_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [job.created_by.email])
