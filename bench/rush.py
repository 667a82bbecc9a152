"""The registration-opening rush, run by `make bench` against the same gunicorn as the pages.

A popular first-come event (a marathon: 500 seats, a waiting list) opens registration. Each of
N signed-in users (2,000 accounts made for the run) arrives at their moment, loads the event
page as a browser does (it sets the CSRF cookie and carries the form's token), then presses
"참가 신청" (a POST). Arrivals are spread evenly over a window: 60 s (the target: p99 of the
POST ≤ 1 s, no error) and 5 s (a burst: no error, nothing lost, p99 reported). Each user has a
thread of its own, so a slow server makes users wait, never arrive later.

Afterwards the database is asked what happened: exactly `seats` confirmed, everyone else on the
waiting list, nobody twice, and the seats went to the first `seats` registrations in the order
the server took them (the waiting list follows that order by construction). The event, its
accounts, sessions, registrations and queued mails are deleted at the end.
"""

import http.client
import re
import threading
import time
from datetime import timedelta

RUSH_EMAIL = "bench-rush-{}@gvalley.example"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
P99_POST_MAX_S = 1.0


def _percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def make_users(count):
    """Create `count` bench accounts (or reuse them) and return their session cookies."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.cached_db import SessionStore

    User = get_user_model()
    emails = [RUSH_EMAIL.format(number) for number in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        [
            User(email=email, name=f"러시{number}", is_sample=True, password="!")
            for number, email in enumerate(emails)
            if email not in existing
        ]
    )
    cookies = []
    for user in User.objects.filter(email__in=emails).order_by("pk"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "gvalley.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return cookies


def make_event(name, seats):
    from django.utils import timezone

    from events.models import Event, Venue

    now = timezone.now()
    return Event.objects.create(
        title=f"(벤치) G밸리 마라톤 신청 러시 {name}",
        slug=f"bench-rush-{name}-{int(now.timestamp())}",
        category=Event.Category.SPORTS,
        audience=Event.Audience.ANYONE,
        venue=Venue.objects.first(),
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=3),
        organiser="금천구",
        summary="신청 러시 측정용",
        status=Event.Status.PUBLISHED,
        registration_mode=Event.Mode.FIRST_COME,
        capacity=seats,
        waitlist=True,
        registration_opens_at=now - timedelta(minutes=1),
        registration_closes_at=now + timedelta(days=1),
        is_sample=True,
    )


def _one_user(port, path, cookie, arrive_at, result):
    """Wait for this user's moment, load the page, register; note timings and statuses."""
    time.sleep(max(0.0, arrive_at - time.monotonic()))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        started = time.monotonic()
        connection.request("GET", path, headers={"Cookie": cookie})
        page = connection.getresponse()
        body = page.read().decode("utf-8", "replace")
        result["page_s"] = time.monotonic() - started
        result["page_status"] = page.status
        csrf = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
        token = TOKEN.search(body)
        if page.status != 200 or not csrf or not token:
            result["error"] = f"page {page.status}, no form" if page.status == 200 else "page"
            return
        form = f"csrfmiddlewaretoken={token.group(1)}"
        started = time.monotonic()
        connection.request(
            "POST",
            path + "register/",
            body=form,
            headers={
                "Cookie": f"{cookie}; csrftoken={csrf.group(1)}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port}{path}",
            },
        )
        answer = connection.getresponse()
        answer.read()
        result["post_s"] = time.monotonic() - started
        result["post_status"] = answer.status
        if answer.status != 302:
            result["error"] = f"register {answer.status}"
    except (OSError, http.client.HTTPException) as error:
        result["error"] = type(error).__name__
    finally:
        connection.close()


def outcome(event, users, seats):
    """What the database says happened: counts, duplicates and the order of the seats."""
    from django.db.models import Count

    from events.models import Registration

    rows = list(
        Registration.objects.filter(event=event)
        .order_by("created_at", "pk")
        .values("user_id", "status")
    )
    statuses = [row["status"] for row in rows]
    confirmed = statuses.count(Registration.Status.CONFIRMED)
    waitlisted = statuses.count(Registration.Status.WAITLISTED)
    duplicates = (
        Registration.objects.filter(event=event)
        .values("user_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    # The first `seats` registrations the server took hold the seats, the rest wait in order.
    in_order = (
        statuses
        == [Registration.Status.CONFIRMED] * confirmed
        + [Registration.Status.WAITLISTED] * waitlisted
    )
    event.refresh_from_db()
    return {
        "registrations": len(rows),
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "duplicates": duplicates,
        "seats_in_arrival_order": in_order,
        "event_confirmed_count": event.confirmed_count,
        "as_expected": (
            len(rows) == users
            and confirmed == seats == event.confirmed_count
            and waitlisted == users - seats
            and duplicates == 0
            and in_order
        ),
    }


def run_rush(port, cookies, seats, window_s, name):
    """Send len(cookies) users over window_s seconds; return figures and the outcome."""
    event = make_event(name, seats)
    path = event.get_absolute_url()
    results = [{} for _cookie in cookies]
    start = time.monotonic() + 0.5
    step = window_s / len(cookies)
    threads = [
        threading.Thread(
            target=_one_user, args=(port, path, cookie, start + index * step, results[index])
        )
        for index, cookie in enumerate(cookies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    posts = [result["post_s"] for result in results if "post_s" in result]
    pages = [result["page_s"] for result in results if "page_s" in result]
    errors = [result["error"] for result in results if "error" in result]
    figures = {
        "users": len(cookies),
        "seats": seats,
        "window_s": window_s,
        "elapsed_s": round(elapsed, 1),
        "users_per_s": round(len(posts) / elapsed, 1),
        "page_p50_ms": round(_percentile(pages, 0.5) * 1000, 1) if pages else None,
        "page_p99_ms": round(_percentile(pages, 0.99) * 1000, 1) if pages else None,
        "post_p50_ms": round(_percentile(posts, 0.5) * 1000, 1) if posts else None,
        "post_p99_ms": round(_percentile(posts, 0.99) * 1000, 1) if posts else None,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        **outcome(event, len(cookies), seats),
    }
    _clean_event(event)
    return figures


def _clean_event(event):
    from events.models import Registration

    Registration.objects.filter(event=event).delete()
    event.delete()


def clean_up(cookies, since):
    """Delete the rush's accounts, their sessions and the confirmation mails it queued."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    keys = [cookie.split("=", 1)[1] for cookie in cookies]
    Session.objects.filter(session_key__in=keys).delete()
    DBTaskResult.objects.filter(
        enqueued_at__gte=since, args_kwargs__icontains="bench-rush-"
    ).delete()
    get_user_model().objects.filter(email__startswith="bench-rush-").delete()


def print_rush(figures):
    post_p99 = figures["post_p99_ms"]
    ok = figures["errors"] == 0 and figures["as_expected"]
    target = ""
    if figures["window_s"] >= 60:
        ok = ok and post_p99 is not None and post_p99 <= P99_POST_MAX_S * 1000
        target = f"target: p99 of the POST ≤ {P99_POST_MAX_S * 1000:.0f} ms, 0 errors, "
    else:
        target = "target: 0 errors, "
    target += f"exactly {figures['seats']} confirmed, the rest waiting in arrival order"
    print(
        f"registration rush: {figures['users']:,} users over {figures['window_s']} s, "
        f"{figures['seats']} seats — {figures['users_per_s']} users/s, "
        f"page p50/p99 {figures['page_p50_ms']}/{figures['page_p99_ms']} ms, "
        f"register p50/p99 {figures['post_p50_ms']}/{post_p99} ms, {figures['errors']} errors "
        f"{figures['error_kinds'] or ''}; {figures['confirmed']} confirmed, "
        f"{figures['waitlisted']} waiting, {figures['duplicates']} twice, seats in arrival order: "
        f"{figures['seats_in_arrival_order']}  ({target}) {'ok' if ok else 'MISS'}"
    )
    return ok
