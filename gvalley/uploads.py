"""A file chosen in a form that comes back with an error elsewhere is kept, not lost.

A browser never fills an <input type="file"> again: when a form with a valid upload is shown
again because another field is wrong (a missing caption, a mistyped 사업자등록번호), the file
would be gone, and the visitor seldom notices before saving without it. Here the valid upload
is kept in the shared cache (Redis or the database, so every app server finds it) for
KEEP_SECONDS, and the form shown again says so next to the field and carries a signed token that
names it. Sending the form again without choosing a new file uses the kept one; choosing a new
file replaces it; a checkbox drops it.

The token is signed (django.core.signing) and names the person who uploaded and the field, so
nobody can take another person's kept file, nor forge a token. A kept file is validated again
when it is used. Only files that passed the field's own validation (size, type) are kept.

django-file-resubmit does the same with widgets and a cache, but keeps files in a per-machine
file cache under an unsigned key and has not been released since 2018; this module is the same
idea in a few lines, on the shared cache.

Use: a form mixes in KeepsUploads and declares KeepableFileField fields; the view passes
`uploader=request.user` to the form.
"""

import secrets

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

KEEP_SECONDS = 60 * 60
KEEP_MAX_BYTES = 10 * 1024 * 1024
SALT = "gvalley.uploads.kept"
KEPT_SUFFIX = "-kept"
DISCARD_SUFFIX = "-discard"


def _cache_key(key):
    return f"kept-upload:{key}"


class KeptFile:
    """A kept upload named by a token from a form (its details, if the token is sound)."""

    def __init__(self, token):
        self.token = token
        try:
            self.details = signing.loads(token, salt=SALT, max_age=KEEP_SECONDS)
        except (signing.BadSignature, ValueError, TypeError):
            self.details = None

    @property
    def name(self):
        return self.details["name"] if self.details else ""

    @property
    def size(self):
        return self.details["size"] if self.details else 0

    def restore(self, owner, field):
        """Return the kept file as an upload, for its owner and field only."""
        details = self.details
        stored = None
        if details and details["owner"] == owner and details["field"] == field:
            stored = cache.get(_cache_key(details["key"]))
        if stored is None:
            raise forms.ValidationError(
                _(
                    "보관하던 파일을 더 이상 쓸 수 없습니다(보관은 한 시간까지입니다). "
                    "파일을 다시 골라 주세요."
                ),
                code="kept_missing",
            )
        return SimpleUploadedFile(stored["name"], stored["content"], stored["content_type"])

    def forget(self):
        if self.details:
            cache.delete(_cache_key(self.details["key"]))


def keep(upload, owner, field):
    """Keep a valid upload for KEEP_SECONDS; return its KeptFile (None if it is too big)."""
    if upload.size is None or upload.size > KEEP_MAX_BYTES:
        return None
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    key = secrets.token_urlsafe(24)
    name = upload.name or "upload"
    cache.set(
        _cache_key(key),
        {"name": name, "content": content, "content_type": upload.content_type},
        KEEP_SECONDS,
    )
    details = {"key": key, "name": name, "size": len(content), "owner": owner, "field": field}
    return KeptFile(signing.dumps(details, salt=SALT))


class KeepableFileInput(forms.ClearableFileInput):
    """A file input that also carries a kept file's token, and says the file is kept."""

    def value_from_datadict(self, data, files, name):
        upload = files.get(name)
        if upload is not None:
            return upload
        token = data.get(name + KEPT_SUFFIX)
        if token and not data.get(name + DISCARD_SUFFIX):
            return KeptFile(token)
        return None

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and (
            name + KEPT_SUFFIX not in data
        )

    def render(self, name, value, attrs=None, renderer=None):
        kept = value if isinstance(value, KeptFile) and value.details else None
        if kept is None:
            return super().render(name, value, attrs, renderer)
        attrs = dict(attrs or {})
        field_id = attrs.get("id") or f"id_{name}"
        # Screen readers read the note with the input.
        described = f"{attrs.get('aria-describedby', '')} {field_id}_kept".strip()
        attrs["aria-describedby"] = described
        return render_to_string(
            "includes/_kept_file.html",
            {
                "file_input": super().render(name, None, attrs, renderer),
                "kept": kept,
                "token_name": name + KEPT_SUFFIX,
                "discard_name": name + DISCARD_SUFFIX,
                "id": field_id,
            },
        )


class KeepableFileField(forms.FileField):
    """A FileField whose valid upload outlives an error elsewhere in the form (KeepsUploads)."""

    widget = KeepableFileInput
    keep_for = ("", "")  # (uploader, field name), set by KeepsUploads for each form

    def bound_data(self, data, initial):
        # FileField shows the initial value only (a browser cannot be given a file back); a
        # kept file is shown as kept.
        return data if isinstance(data, KeptFile) else initial

    def clean(self, data, initial=None):
        if isinstance(data, KeptFile):
            data = data.restore(*self.keep_for)
        return super().clean(data, initial)


class KeepsUploads:
    """A form mixin: when the form has errors, its valid uploads are kept (module docstring).

    Takes `uploader` (the signed-in user) as a keyword argument.
    """

    def __init__(self, *args, uploader=None, **kwargs):
        super().__init__(*args, **kwargs)
        owner = str(uploader.pk) if uploader is not None and uploader.is_authenticated else ""
        for name, field in self.fields.items():
            if isinstance(field, KeepableFileField):
                field.keep_for = (owner, name)

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            if not isinstance(field, KeepableFileField):
                continue
            html_name = self.add_prefix(name)
            given = field.widget.value_from_datadict(self.data, self.files, html_name)
            upload = self.cleaned_data.get(name)
            if not self._errors:
                if isinstance(given, KeptFile):
                    given.forget()  # used now; the form's owner saves it
            elif name in self._errors:
                if isinstance(given, KeptFile):
                    self._show_kept(html_name, None)  # gone: not shown as kept any more
            elif isinstance(upload, UploadedFile) and not isinstance(given, KeptFile):
                kept = keep(upload, *field.keep_for)
                if kept is not None:
                    self._show_kept(html_name, kept)

    def _show_kept(self, html_name, kept):
        """Make the form shown again carry the kept file (or none) instead of the upload."""
        self.data = self.data.copy()
        self.data.pop(html_name + KEPT_SUFFIX, None)
        self.data.pop(html_name + DISCARD_SUFFIX, None)
        if kept is not None:
            self.data[html_name + KEPT_SUFFIX] = kept.token
        self.files = self.files.copy()
        self.files.pop(html_name, None)


class LimitedUploadHandler(FileUploadHandler):
    """Refuse a request body larger than `max_bytes` before reading it (see limit_uploads).

    Django spools big uploads to disk rather than memory, but would still read all of a 1 GB
    body. This handler stops the upload as soon as the declared length (or the bytes received)
    pass the limit, without reading the rest; the view finds `request.upload_too_large` set and
    answers with its form's message.
    """

    def __init__(self, request, max_bytes):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0

    def _refuse(self):
        self.request.upload_too_large = True
        raise StopUpload(connection_reset=True)

    def new_file(self, *args, **kwargs):
        if self.content_length and self.content_length > self.max_bytes:
            self._refuse()
        super().new_file(*args, **kwargs)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.content_length = content_length

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_uploads(request, max_bytes):
    """Put LimitedUploadHandler first; call before request.POST/FILES are read (csrf_exempt view)."""
    request.upload_too_large = False
    request.upload_handlers.insert(0, LimitedUploadHandler(request, max_bytes))
