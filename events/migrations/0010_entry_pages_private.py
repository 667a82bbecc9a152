# Entry pictures move from the public media folder to the private storage (gvalley.storage):
# a pupil's drawing is served only through events:entry_page_file, which checks who asks.

import gvalley.images
import gvalley.storage
from django.core.files.storage import default_storage
from django.db import migrations


def _names(page):
    return [page.image.name] + [r["name"] for r in (page.renditions or {}).values()]


def _move(source, target, names):
    for name in names:
        if not name or not source.exists(name):
            continue
        if not target.exists(name):
            with source.open(name, "rb") as handle:
                saved = target.save(name, handle)
            if saved != name:  # the storage never renames a free name; stop rather than lose it
                raise RuntimeError(f"{name} was stored as {saved}")
        source.delete(name)


def to_private(apps, schema_editor):
    EntryPage = apps.get_model("events", "EntryPage")
    for page in EntryPage.objects.only("image", "renditions").iterator():
        _move(default_storage, gvalley.storage.private_storage, _names(page))


def to_public(apps, schema_editor):
    EntryPage = apps.get_model("events", "EntryPage")
    for page in EntryPage.objects.only("image", "renditions").iterator():
        _move(gvalley.storage.private_storage, default_storage, _names(page))


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0009_space_photo_captions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="entrypage",
            name="image",
            field=gvalley.storage.PrivateFileField(
                help_text="JPEG, PNG, WebP · 5MB 이하 · 2,500만 화소 이하. 위치 정보 등 메타데이터는 지워집니다.",
                max_length=255,
                storage=gvalley.storage.PrivateStorage(),
                upload_to=gvalley.images.image_upload_to,
                validators=[gvalley.images.validate_image_file],
                verbose_name="이미지 파일",
            ),
        ),
        migrations.RunPython(to_private, to_public, elidable=True),
    ]
