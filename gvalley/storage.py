"""Private file storage: outside MEDIA_ROOT, never given a public URL.

The portal's one mechanism for files that only some people may see: council documents (drafts of
a meeting, served by `council.views.DocumentDownloadView`), LED screen files of space bookings and
the pictures of open-call entries (a pupil's drawing, served by `events.views.EntryPageFileView`
only to the guardian, the call's judges, staff, and everyone once it is a published winner). Each
is served by a view that checks who asks. The folder sits beside the public media folder (not
inside it), so the development media server cannot reach it either. Set PRIVATE_MEDIA_ROOT to
move it.

A file of a `PrivateFileField` answers `.url` with its row's `get_file_url()` when the model has
one, else its `get_absolute_url()` (the download view), so whatever asks a file for its URL — the
admin's file widget, a template — links to the permission check; the storage itself still
refuses to name a public URL.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class PrivateStorage(FileSystemStorage):
    """File system storage under PRIVATE_MEDIA_ROOT (default: MEDIA_ROOT's sibling "private")."""

    def __init__(self):
        super().__init__()

    @cached_property
    def base_location(self):
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        if configured:
            return str(configured)
        return str(Path(settings.MEDIA_ROOT).parent / "private")

    @cached_property
    def base_url(self):
        return None

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no public URL; use the view that serves them.")


private_storage = PrivateStorage()


class PrivateFieldFile(FieldFile):
    """A private file whose URL is its row's download view, which checks who asks."""

    @property
    def url(self):
        self._require_file()
        if self.instance.pk is None:
            # Not saved yet, so no view can serve it; None tells the file widget "no link".
            return None
        file_url = getattr(self.instance, "get_file_url", None)
        return file_url() if file_url else self.instance.get_absolute_url()


class PrivateFileField(models.FileField):
    """A file field whose files link to the model's download view, never to the storage."""

    attr_class = PrivateFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("storage", private_storage)
        super().__init__(*args, **kwargs)
