"""Replace the database, uploaded media and council documents by those of a backup archive."""

from django.core.management.base import BaseCommand, CommandError

from gvalley import backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup`: the database in one transaction, "
        "then MEDIA_ROOT and PRIVATE_MEDIA_ROOT; the cache is emptied. Stop the app servers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar file written by `manage.py backup`.")
        parser.add_argument("--database", default="default", help="Database alias.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        archive = options["archive"]
        try:
            # Checked before asking: a missing, empty or foreign file is refused at once.
            manifest = backup.read_manifest(archive)
            if not options["yes"]:
                answer = input(
                    f"데이터베이스와 파일을 {manifest['created_at']}의 백업으로 바꿉니다. 계속할까요? "
                    f"/ Replace the database and files by the backup of {manifest['created_at']}? "
                    "(yes/no) "
                )
                if answer.strip().lower() != "yes":
                    self.stdout.write("취소했습니다 / Cancelled.")
                    return
            backup.restore(archive, using=options["database"], log=self._log)
        except backup.BackupError as error:
            raise CommandError(f"되돌리지 못했습니다 / Restore failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"되돌렸습니다 / Restored: {archive} ({manifest['created_at']})")
        )

    def _log(self, message):
        if self.verbosity > 0:
            self.stdout.write(message)
