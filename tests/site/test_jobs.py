"""The task queue from outside: real worker processes on the test database, a real SMTP server.

Jobs are stored by django-tasks-db in the test database (the suite's other tests run them at once
with django-tasks' immediate backend). `manage.py worker` processes are started against it and
killed with SIGKILL; what they did is read from the mail folder they write and from the database.
"""

import datetime
import email
import email.header
import os
import signal
import subprocess
import time

import pytest
from aiosmtpd.controller import Controller
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from companies.generate import business_number
from companies.models import Company, ImportJob
from council.models import Meeting
from events.models import Registration
from gvalley import jobs
from gvalley.models import ScheduledRun
from tests.council.factories import MeetingFactory
from tests.events.factories import EventFactory
from tests.factories import CouncilMemberFactory, StaffFactory, UserFactory
from tests.servers import PYTHON, ROOT, free_port, wait_until

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
SIGNUP = {
    "email": "newcomer@example.com",
    "password1": "gvalley-Signup-2026!",
    "password2": "gvalley-Signup-2026!",
    "name": "새 회원",
    "age_confirmed": "on",
    "privacy_consent": "on",
}


@pytest.fixture
def queued(settings):
    """Jobs go to the database, as in development and production, and wait for a worker."""
    settings.TASKS = DATABASE_BACKEND
    settings.JOBS_RETRY_DELAY = 0.5
    return settings


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Workers:
    """`manage.py worker` processes on the test database, writing mail files to one folder."""

    def __init__(self, folder):
        self.mail = folder / "mail"
        self.processes = []
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "gvalley.settings.test",
            "GVALLEY_TEST_WORKER": "1",
            "EMAIL_FILE_PATH": str(self.mail),
            "JOBS_TICK": "0.2",
            "JOBS_RETRY_DELAY": "0.5",
            "SITE_URL": "http://portal.example",
        }
        self.env.pop("REDIS_URL", None)

    def start(self):
        log = self.mail.parent / f"worker{len(self.processes)}.log"
        with open(log, "wb") as output:
            process = subprocess.Popen(
                [PYTHON, "manage.py", "worker", "--interval", "0.1", "--no-startup-delay"],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        return process

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def messages(self):
        """Return (to, subject) of every message written so far."""
        found = []
        for path in sorted(self.mail.glob("*.log")) if self.mail.exists() else []:
            for raw in path.read_bytes().split(b"-" * 79):
                if raw.strip():
                    message = email.message_from_bytes(raw.strip())
                    subject = str(
                        email.header.make_header(email.header.decode_header(message["Subject"]))
                    )
                    found.append((message["To"], subject))
        return found


@pytest.fixture
def workers(tmp_path):
    started = Workers(tmp_path)
    yield started
    started.stop()


@pytest.mark.django_db(transaction=True)
def test_sign_up_mail_reaches_the_mail_folder_through_a_worker(client, queued, workers):
    client.post("/accounts/signup/", SIGNUP)
    assert DBTaskResult.objects.ready().count() == 1  # queued, not sent by the request
    workers.start()
    messages = wait_until(workers.messages, "the verification mail", timeout=60)
    assert [to for to, _subject in messages] == ["newcomer@example.com"]
    assert "이메일" in messages[0][1] or "메일" in messages[0][1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.mark.django_db(transaction=True)
def test_registering_while_smtp_is_down_is_fast_and_the_mail_goes_once_it_is_back(
    client, queued, resident
):
    port = free_port()  # nothing listens here yet
    queued.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    queued.EMAIL_HOST, queued.EMAIL_PORT, queued.EMAIL_USE_TLS = "127.0.0.1", port, False
    event = EventFactory()
    client.force_login(resident)
    client.get(event.get_absolute_url())  # warm up: templates, translations
    started = time.monotonic()
    response = client.post(reverse("events:register", args=[event.slug]))
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 0.3, f"registering took {elapsed:.3f} s"
    assert Registration.objects.filter(event=event, user=resident).exists()

    jobs.run_ready()  # the worker tries: the mail server refuses the connection
    job = DBTaskResult.objects.get()
    assert job.status == "READY" and job.run_after > timezone.now() - datetime.timedelta(seconds=1)
    assert "ConnectionRefusedError" in job.traceback

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        time.sleep(0.6)  # the pause before the next try
        jobs.run_ready()
        jobs.run_ready()
    finally:
        server.stop()
    assert [m.rcpt_tos for m in inbox.messages] == [[resident.email]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def company_rows(count, prefix=7):
    # No reference data (industry codes): a transactional test's database has none left.
    header = "기업명,사업자등록번호,단지,설립 연도,직원 수\n"
    rows = (f"대량기업{i},{business_number(prefix, i)},2,2010,10-49\n" for i in range(count))
    return (header + "".join(rows)).encode("utf-8-sig")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_half_done_and_the_next_finishes_it(
    client, queued, workers
):
    staff = StaffFactory(email="importer@example.com")
    client.force_login(staff)
    rows = 100_000
    upload = SimpleUploadedFile("big.csv", company_rows(rows))
    started = time.monotonic()
    response = client.post(reverse("admin:companies_company_import"), {"file": upload})
    assert time.monotonic() - started < 5  # checked and queued, not imported
    job = ImportJob.objects.get()
    assert response.headers["Location"] == job.get_absolute_url()
    assert job.status == ImportJob.Status.WAITING and job.rows_total == rows

    first = workers.start()
    # Killed while the rows are being written, inside the import's own transaction (still open
    # while the progress page is read).
    wait_until(
        lambda: ImportJob.objects.filter(
            pk=job.pk, stage=ImportJob.Stage.SAVING, rows_saved__gt=0, rows_saved__lt=rows
        ).exists(),
        "the import writing its rows",
        timeout=120,
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page and "<progress" in page
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert not Company.objects.filter(name__startswith="대량기업").exists()

    workers.start()
    wait_until(
        lambda: ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DONE).exists(),
        "the import finished by the second worker",
        timeout=180,
    )
    assert Company.objects.filter(name__startswith="대량기업").count() == rows
    time.sleep(1)
    mails = [m for m in workers.messages() if m[0] == staff.email]
    assert len(mails) == 1 and "가져오기가 끝났습니다" in mails[0][1]
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_each_reminder_and_run_each_periodic_job_once(queued, workers):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    event = EventFactory(starts_at=tomorrow, ends_at=tomorrow + datetime.timedelta(hours=2))
    people = [UserFactory() for _ in range(3)]
    for person in people:
        Registration.objects.create(event=event, user=person, status=Registration.Status.CONFIRMED)
    member = CouncilMemberFactory()
    MeetingFactory(starts_at=tomorrow)

    workers.start()
    workers.start()
    expected = {person.email for person in people} | {member.email}
    wait_until(
        lambda: {to for to, _subject in workers.messages()} >= expected,
        "the reminders",
        timeout=60,
    )
    time.sleep(2)  # ten more ticks of each worker's schedule
    reminders = workers.messages()
    assert sorted(to for to, _subject in reminders) == sorted(expected)
    for entry in jobs.SCHEDULE:
        assert ScheduledRun.objects.filter(name=entry.task).count() == 1
        assert DBTaskResult.objects.filter(task_path=entry.task).count() == 1
    assert Meeting.objects.filter(reminder_sent_at__isnull=False).count() == 1


def test_an_occurrence_is_the_latest_scheduled_time_up_to_now():
    daily = jobs.Periodic("x", datetime.time(9, 0))
    weekly = jobs.Periodic("x", datetime.time(8, 0), weekday=0)
    tz = timezone.get_current_timezone()
    wednesday_morning = datetime.datetime(2026, 3, 4, 8, 59, tzinfo=tz)
    assert daily.last_occurrence(wednesday_morning) == datetime.datetime(
        2026, 3, 3, 9, 0, tzinfo=tz
    )
    assert weekly.last_occurrence(wednesday_morning) == datetime.datetime(
        2026, 3, 2, 8, 0, tzinfo=tz
    )
    monday = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=tz)
    assert weekly.last_occurrence(monday) == datetime.datetime(2026, 2, 23, 8, 0, tzinfo=tz)


@pytest.mark.django_db
def test_a_job_that_keeps_failing_is_listed_with_its_error_and_staff_can_run_it_again(
    queued, client, staff_client, resident_client, council_client
):
    queued.JOBS_MAX_ATTEMPTS = 2
    queued.JOBS_RETRY_DELAY = 0
    queued.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    queued.EMAIL_HOST, queued.EMAIL_PORT, queued.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    from django.core.mail import send_mail

    send_mail("제목", "본문", None, ["someone@example.com"])
    jobs.run_ready()
    job = DBTaskResult.objects.get()
    assert job.status == "FAILED" and len(job.worker_ids) == 2

    url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    page = staff_client.get(url + "?status__exact=FAILED").content.decode()
    assert "ConnectionRefusedError" in page and "run_again" in page
    for other in (client, resident_client, council_client):
        assert other.get(url).status_code == 302  # to the admin's sign-in
        other.post(url, {"action": "run_again", "_selected_action": [str(job.pk)]})
        job.refresh_from_db()
        assert job.status == "FAILED"
    staff_client.post(url, {"action": "run_again", "_selected_action": [str(job.pk)]})
    job.refresh_from_db()
    assert job.status == "READY" and job.worker_ids == []


@pytest.mark.django_db
def test_healthz_reports_the_jobs_waiting(client, queued):
    from django.core.mail import send_mail

    assert client.get("/healthz").json()["queue"] == {"waiting": 0, "oldest_waiting_seconds": 0}
    send_mail("제목", "본문", None, ["someone@example.com"])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=90))
    queue = client.get("/healthz").json()["queue"]
    assert queue["waiting"] == 1 and 89 <= queue["oldest_waiting_seconds"] <= 120
