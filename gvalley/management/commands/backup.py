"""Back up the database, uploaded media and council documents into one archive."""

from django.core.management.base import BaseCommand, CommandError

from gvalley import backup


class Command(BaseCommand):
    help = (
        "Write one archive of the database (pg_dump of the server's version), MEDIA_ROOT and "
        "PRIVATE_MEDIA_ROOT to BACKUP_DIR (or --output). A failed or empty dump leaves no file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Archive to write (default: BACKUP_DIR/gvalley-….tar)."
        )
        parser.add_argument("--database", default="default", help="Database alias.")
        parser.add_argument(
            "--lock-wait-timeout",
            type=float,
            default=300,
            help="Seconds pg_dump waits for a table another session locks (a migration) before failing.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        try:
            path = backup.backup(
                options["output"],
                using=options["database"],
                lock_wait_timeout=options["lock_wait_timeout"],
                log=self._log,
            )
        except backup.BackupError as error:
            raise CommandError(f"백업하지 못했습니다 / Backup failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"백업했습니다 / Backed up: {path}"))

    def _log(self, message):
        if self.verbosity > 0:
            self.stdout.write(message)
