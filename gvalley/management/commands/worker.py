"""Run a background worker: queued mail, imports, reminders and the periodic jobs.

    python manage.py worker              # every queue, until stopped (SIGTERM finishes the job first)
    python manage.py worker --batch      # run what is due now, then exit

django-tasks-db's `db_worker`, with the portal's retries, its recovery of jobs whose worker died
and its schedule (gvalley.jobs). Start as many as the jobs need, on any machine.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from gvalley.jobs import Worker


class Command(db_worker.Command):
    help = "Run a background worker (mail, imports, reminders, periodic jobs)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *, verbosity, reload, batch, **options):
        self.configure_logging(verbosity)
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = Worker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
            housekeeping=not batch,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
