"""Private file storage for council documents: outside MEDIA_ROOT, never given a public URL.

Documents of a meeting may be drafts; they are served only by `council.views.DocumentDownloadView`
after a permission check. The folder sits beside the public media folder (not inside it), so the
development media server cannot reach it either. Set PRIVATE_MEDIA_ROOT to move it.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
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

    def url(self, name):
        raise ValueError("Council documents have no public URL; use the download view.")


private_storage = PrivateStorage()
