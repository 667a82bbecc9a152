"""Every mail the portal sends goes through the task queue.

`QueuedEmailBackend` is settings.EMAIL_BACKEND: Django's send_mail, EmailMessage.send(),
allauth's verification and reset mails and every app's notifications reach it. It only writes
one `deliver` job per message, in the caller's transaction (so a write that rolls back sends
nothing), which takes a few milliseconds whatever the mail server is doing. A worker then hands
the message to settings.MAIL_DELIVERY_BACKEND (SMTP in production, files in .data/mail in
development); a failure is tried again with growing pauses (gvalley.jobs).

A job that succeeded is never run again, so a retried job does not mail twice. The message
carries a Message-ID fixed when it is queued: were a worker killed between the mail server's
acceptance and the job's success being recorded, the one copy sent again has the same id, which
mail systems treat as the same message.
"""

import base64
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .jobs import task


def _message_id(from_email):
    domain = parseaddr(from_email or settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return make_msgid(domain=domain or "gvalley.example")


def _attachment(item):
    filename, content, mimetype = item
    if not isinstance(content, (str, bytes)):
        raise TypeError("A queued mail's attachments are (filename, str or bytes, mimetype).")
    if isinstance(content, str):
        return {"filename": filename, "text": content, "mimetype": mimetype}
    encoded = base64.b64encode(content).decode("ascii")
    return {"filename": filename, "base64": encoded, "mimetype": mimetype}


def serialise(message):
    """Return a JSON-able dict that rebuilds the message (a stable Message-ID included)."""
    headers = dict(message.extra_headers)
    if not any(name.lower() == "message-id" for name in headers):
        headers["Message-ID"] = _message_id(message.from_email)
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "content_subtype": message.content_subtype,
        "alternatives": [list(a) for a in getattr(message, "alternatives", [])],
        "attachments": [_attachment(a) for a in message.attachments],
    }


def rebuild(data):
    """Return the EmailMessage a serialise() dict describes."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(a) for a in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    for item in data["attachments"]:
        if "base64" in item:
            content = base64.b64decode(item["base64"])
        else:
            content = item["text"]
        message.attach(item["filename"], content, item["mimetype"])
    return message


@task(priority=10)
def deliver(data):
    """Hand one queued message to the real mail backend; an error makes the job try again."""
    connection = get_connection(settings.MAIL_DELIVERY_BACKEND, fail_silently=False)
    return connection.send_messages([rebuild(data)])


class QueuedEmailBackend(BaseEmailBackend):
    """An email backend that queues each message as a `deliver` job."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            deliver.enqueue(serialise(message))
            count += 1
        return count
