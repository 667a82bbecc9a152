"""Background jobs: django-tasks' database backend, with retries, recovery and a schedule.

Jobs are django-tasks tasks (`@task`, `some_task.enqueue(...)`), stored by django-tasks-db in
PostgreSQL through Django's own connection, and run by `manage.py worker` (any number of them, on
any machine that reaches the database). What the backend leaves to its user is here:

- **Retries.** A job that raises is run again after JOBS_RETRY_DELAY seconds, then twice that
  and so on (at most an hour), JOBS_MAX_ATTEMPTS tries in all; then it stays failed, with its
  error, in the admin (where staff can run it again). Jobs are written so that running one twice
  does what running it once does.
- **Workers that die.** Each worker holds a PostgreSQL advisory lock named after it for as long
  as its process lives, on a connection of its own. PostgreSQL drops the lock the moment the
  process dies (kill -9, out of memory, a lost machine), so any worker that finds a running job
  whose worker's lock is free puts the job back in the queue. A job's own writes are in its
  transaction, which PostgreSQL rolled back with the dead connection.
- **A schedule.** SCHEDULE lists the periodic jobs. Every worker looks at it every JOBS_TICK
  seconds; an occurrence is queued by whichever worker first inserts its row in ScheduledRun,
  whose unique constraint makes that one worker, however many run.
"""

import datetime
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connections, transaction
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task  # noqa: F401  (the decorator every app's jobs use)
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

MAX_PAUSE = 3600
LOCK_KEY_SQL = "hashtextextended('gvalley-worker:' || %s, 0)"


@dataclass(frozen=True)
class Periodic:
    """A job run at a local time of day, every day or on one weekday (0 = Monday)."""

    task: str  # dotted path of the task; it is given the occurrence (ISO 8601) as argument
    at: datetime.time
    weekday: int | None = None

    def last_occurrence(self, now):
        """Return the latest occurrence at or before `now` (an aware datetime)."""
        local = timezone.localtime(now)
        when = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        if self.weekday is not None:
            when -= datetime.timedelta(days=(local.weekday() - self.weekday) % 7)
        while when > local:
            when -= datetime.timedelta(days=1 if self.weekday is None else 7)
        return when


SCHEDULE = [
    Periodic("events.tasks.anonymise_participants", datetime.time(3, 0)),
    Periodic("heritage.tasks.purge_visit_contacts", datetime.time(3, 30)),
    Periodic("events.tasks.purge_booking_contacts", datetime.time(3, 45)),
    Periodic("events.tasks.purge_call_entries", datetime.time(3, 50)),
    Periodic("events.tasks.send_event_reminders", datetime.time(9, 0)),
    Periodic("council.tasks.send_meeting_reminders", datetime.time(9, 0)),
    Periodic("council.tasks.send_weekly_digest", datetime.time(8, 0), weekday=0),
]


def schedule_due(now=None, schedule=None):
    """Queue each periodic job's latest occurrence unless some worker queued it already.

    Return the names of the jobs this call queued.
    """
    from .models import ScheduledRun

    now = now or timezone.now()
    queued = []
    for entry in SCHEDULE if schedule is None else schedule:
        occurrence = entry.last_occurrence(now)
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=entry.task, occurrence=occurrence)
                import_string(entry.task).enqueue(occurrence.isoformat())
        except IntegrityError:
            continue  # another worker has it
        queued.append(entry.task)
    return queued


def pause_before(attempt):
    """Seconds to wait before the next try, after `attempt` tries."""
    return min(settings.JOBS_RETRY_DELAY * 2 ** (attempt - 1), MAX_PAUSE)


def _lock_held(cursor, worker_id):
    """Whether some session holds the worker's lock (its process is alive)."""
    cursor.execute(f"SELECT pg_try_advisory_lock({LOCK_KEY_SQL})", [worker_id])
    if cursor.fetchone()[0]:
        cursor.execute(f"SELECT pg_advisory_unlock({LOCK_KEY_SQL})", [worker_id])
        return False
    return True


def recover_abandoned():
    """Put back in the queue the running jobs whose worker has died; return how many.

    Must not run on the connection that holds this process's own worker lock (a session can
    take its own lock again, and would think itself dead).
    """
    recovered = 0
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        with connections["default"].cursor() as cursor:
            for job in running:
                owner = job.worker_ids[-1] if job.worker_ids else None
                if owner and _lock_held(cursor, owner):
                    continue
                if len(job.worker_ids) >= settings.JOBS_MAX_ATTEMPTS:
                    job.status = "FAILED"
                    job.finished_at = timezone.now()
                    job.exception_class_path = "gvalley.jobs.WorkerDied"
                    job.traceback = f"The worker running this job stopped ({owner})."
                    job.save()
                else:
                    job.status = "READY"
                    job.run_after = timezone.now()
                    job.save(update_fields=["status", "run_after"])
                logger.warning("Job %s of a stopped worker (%s) put back.", job.id, owner)
                recovered += 1
    return recovered


def retry(job):
    """Queue a failed job again now, with a fresh count of tries (the admin's action)."""
    job.status = "READY"
    job.run_after = get_date_max()
    job.worker_ids = []
    job.finished_at = None
    job.save(update_fields=["status", "run_after", "worker_ids", "finished_at"])


class Worker(db_worker.Worker):
    """django-tasks-db's worker, with retries and, unless housekeeping is off, its lock and
    the schedule."""

    def __init__(self, *, housekeeping=True, **kwargs):
        super().__init__(**kwargs)
        self.housekeeping = housekeeping
        self._lock_connection = None

    def run(self):
        if self.housekeeping:
            self._hold_lock()
            thread = threading.Thread(target=self._housekeep, name="jobs-housekeeping")
            thread.daemon = True
            thread.start()
        super().run()

    def _hold_lock(self):
        """Take this worker's lock, on a connection used for nothing else."""
        self._lock_connection = connections.create_connection("default")
        with self._lock_connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_lock({LOCK_KEY_SQL})", [self.worker_id])

    def _housekeep(self):
        while self.running:
            try:
                close_old_connections()
                recover_abandoned()
                schedule_due()
            except Exception:  # the database away: try again next tick
                logger.exception(
                    "Job housekeeping failed; trying again in %s s.", settings.JOBS_TICK
                )
            time.sleep(settings.JOBS_TICK)

    def run_task(self, db_task_result):
        """Run the job; on an error, queue it again after a pause unless its tries are spent."""
        try:
            super().run_task(db_task_result)
        finally:
            db_task_result.refresh_from_db(fields=["status", "worker_ids", "traceback"])
        if db_task_result.status != "FAILED":
            return
        attempts = len(db_task_result.worker_ids)
        if attempts >= settings.JOBS_MAX_ATTEMPTS:
            return
        pause = pause_before(attempts)
        db_task_result.status = "READY"
        db_task_result.finished_at = None
        db_task_result.run_after = timezone.now() + datetime.timedelta(seconds=pause)
        db_task_result.save(update_fields=["status", "finished_at", "run_after"])
        logger.warning(
            "Job %s failed (try %s of %s); trying again in %s s.",
            db_task_result.id,
            attempts,
            settings.JOBS_MAX_ATTEMPTS,
            pause,
        )


def run_ready():
    """Run every job that is ready now, in this process and its transaction, then return.

    The worker's own loop, without its connection handling (a test's open transaction stays).
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"inline-{time.monotonic_ns()}",
        excluded_queue_names=[],
        housekeeping=False,
    )
    while True:
        with transaction.atomic():
            job = DBTaskResult.objects.ready().get_locked()
            if job is None:
                return
            job.claim(worker.worker_id)
        worker.run_task(job)


def queue_state():
    """Return the jobs due now and how long the one due longest has waited, in seconds."""
    due_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    state = DBTaskResult.objects.ready().aggregate(waiting=Count("pk"), since=Min(due_since))
    age = 0
    if state["since"]:
        age = max(0, round((timezone.now() - state["since"]).total_seconds()))
    return {"waiting": state["waiting"], "oldest_waiting_seconds": age}


def stored(job, *args):
    """Return the stored runs of the task `job` with these arguments, whatever their state.

    Empty when the backend keeps no rows (the tests' immediate backend runs a job at once).
    """
    return DBTaskResult.objects.filter(task_path=job.module_path, args_kwargs__args=list(args))


def pending(job, *args):
    """Return the stored runs of the task `job` with these arguments, queued or running."""
    return stored(job, *args).filter(status__in=["READY", "RUNNING"])
