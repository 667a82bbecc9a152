"""Pages of the events app: finding events, taking part, and running the door."""

import calendar
import datetime
from collections import defaultdict
from pathlib import PurePosixPath

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import AccessMixin, LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django_filters.views import FilterView

from companies.models import Company
from gvalley import csvfiles
from gvalley.cache import cache_page_for, never_cache_page, shared_by_slug, shared_data
from gvalley.ical import SEOUL
from gvalley.pagination import OneQueryPaginator
from gvalley.roles import is_district_staff
from gvalley.siteurl import SiteFeed, absolute_url
from gvalley.templatetags.portal import EN_WEEKDAYS, KO_WEEKDAYS
from gvalley.uploads import limit_uploads

from . import calls, listing, services, spaces, structured
from .calendars import build_calendar, build_space_calendar, google_calendar_url, space_feed_token
from .filters import EventFilter
from .forms import (
    SCREEN_FILE_MAX_BYTES,
    ApplicationForm,
    BookingRequestForm,
    CheckInForm,
    EntryForm,
    GuardianCodeForm,
    ScoreForm,
)
from .models import Booking, Call, Edition, Entry, EntryPage, Event, Registration, Score, Space

PAGE_SIZE = 20
# Columns the event page never reads: left in the database.
DETAIL_UNUSED_FIELDS = [
    "is_sample",
    "created_at",
    "updated_at",
    "updated_by",
    "last_bib",
    "search_vector",
    "edition__is_sample",
    "edition__theme",
    "edition__cohosts",
    "edition__description",
    "venue__is_sample",
]
# What events/_take_part.jinja shows of the visitor's registrations.
MY_REGISTRATION_FIELDS = ["status", "created_at", "checked_in_at", "company__name"]
# What the month calendar shows of an event, and the dates that place it.
CALENDAR_FIELDS = ["title_ko", "title_en", "slug", "status", "starts_at", "ends_at"]
# Months the calendars run beyond the first and the last event (and today), for planning ahead.
CALENDAR_MARGIN_MONTHS = 3
# Pages that say "upcoming" or "registration open" change with the clock, not only with edits.
CLOCK_PAGE_SECONDS = 300


def _aware(day):
    """Return midnight of the day in Asia/Seoul."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=SEOUL)


class StaffRequiredMixin(AccessMixin):
    """District staff only: anonymous visitors sign in first, others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_district_staff(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class ClockPageMixin:
    """Keep anonymous copies of clock-dependent pages only a few minutes."""

    def dispatch(self, request, *args, **kwargs):
        return cache_page_for(CLOCK_PAGE_SECONDS)(super().dispatch)(request, *args, **kwargs)


class IndexView(ClockPageMixin, FilterView):
    """Upcoming events with filters."""

    template_name = "events/index.jinja"
    filterset_class = EventFilter
    paginate_by = PAGE_SIZE
    paginator_class = OneQueryPaginator
    context_object_name = "events"

    @cached_property
    def editions(self):
        """Return every G밸리 Week: the choices of the filter and the numbers on the cards.

        The same for every visitor, and changed only by a content save: shared data.
        """
        return shared_data("events:editions", lambda: list(Edition.objects.only("number", "year")))

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "editions": self.editions}

    def get_queryset(self):
        # The cards' edition numbers come from self.editions, not from a join.
        return Event.objects.public().upcoming().for_listing(edition_number=False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["today"] = today
        context["edition_numbers"] = {edition.pk: edition.number for edition in self.editions}
        # Reversed once each for the page's own subscribe section.
        context["feed_urls"] = {
            name: reverse(f"events:feed_{name}") for name in ("ics", "rss", "atom")
        }
        context["category_feeds"] = listing.category_feeds()
        # The site-wide feeds are in every page's head (includes/_feed_links.jinja); the
        # categories' calendars are advertised here, where the page lists them.
        context["page_feeds"] = [
            ("text/calendar", _("%(label)s iCalendar") % {"label": label}, address)
            for address, label in context["category_feeds"]
        ]
        context["cards"] = listing.event_cards(context["events"], context["edition_numbers"])
        return context


def month_weeks(year, month):
    """Return the weeks (Sunday first) of a month as lists of dates."""
    return calendar.Calendar(firstweekday=6).monthdatescalendar(year, month)


def week_start(day):
    """Return the Sunday that starts the week of a day (Korean calendars start on Sunday)."""
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def week_key(sunday):
    """Return the URL arguments of the week starting on a Sunday.

    A week is named by the ISO year and number of its Monday: /week/2024/36/ is Sunday
    1 September to Saturday 7 September 2024.
    """
    iso = (sunday + datetime.timedelta(days=1)).isocalendar()
    return {"year": iso.year, "week": iso.week}


def weekday_names():
    """Return the names of the days of the week, Sunday first, as the portal's dates write them."""
    names = EN_WEEKDAYS if translation.get_language() == "en" else KO_WEEKDAYS
    return [names[6], *names[:6]]


def _shift_month(day, months):
    """Return the first day of the month `months` after (or before) the month of `day`."""
    index = min(max(day.year * 12 + day.month - 1 + months, 12), 9999 * 12 + 11)
    return datetime.date(index // 12, index % 12 + 1, 1)


def calendar_bounds(today):
    """Return the first and last day the calendars show.

    The months from the first public event to the last (and always today's), plus
    CALENDAR_MARGIN_MONTHS on each side: beyond them a calendar page would be empty, so it is
    no page at all (404) and nothing links to it.
    """
    span = shared_data("events:date-span", lambda: Event.objects.public().date_span())
    first, last = span or (today, today)
    first, last = min(first, today), max(last, today)
    start = _shift_month(first, -CALENDAR_MARGIN_MONTHS)
    end = _shift_month(last, CALENDAR_MARGIN_MONTHS + 1) - datetime.timedelta(days=1)
    # A month's grid of weeks runs into the month before and after: stay clear of year 0 and
    # 10000, which Python's dates do not have, whatever date a typo gave an event.
    return max(start, datetime.date(1, 2, 1)), min(end, datetime.date(9999, 11, 30))


def events_by_day(events, first, last):
    """Map each date between first and last to the events taking place on it."""
    days = defaultdict(list)
    zone = timezone.get_current_timezone()
    for event in events:
        day = max(event.starts_at.astimezone(zone).date(), first)
        end = min(event.ends_at.astimezone(zone).date(), last)
        while day <= end:
            days[day].append(event)
            day += datetime.timedelta(days=1)
    return days


class MonthView(ClockPageMixin, TemplateView):
    """A month as an accessible table, with links to the previous and next months."""

    template_name = "events/calendar_month.jinja"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = self.kwargs.get("year", today.year)
        month = self.kwargs.get("month", today.month)
        if not (1 <= year and 1 <= month <= 12):
            raise Http404(_("달력에 없는 달입니다."))
        month_start = datetime.date(year, month, 1)
        start, end = calendar_bounds(today)
        if not start <= month_start <= end:
            raise Http404(_("달력에 없는 달입니다."))
        weeks = month_weeks(year, month)
        first, last = weeks[0][0], weeks[-1][-1]
        # The month's events are the same for every visitor until content changes; the clock's
        # part (today's cell) is worked out per request.
        events = shared_data(
            f"events:month:{year}-{month}",
            lambda: list(
                Event.objects.public()
                .between(_aware(first), _aware(last + datetime.timedelta(days=1)))
                .rewrite(False)
                .only(*CALENDAR_FIELDS)
                .order_by("starts_at", "pk")
            ),
        )
        by_day = events_by_day(events, first, last)
        previous = _shift_month(month_start, -1)
        following = _shift_month(month_start, 1)
        last_of_month = following - datetime.timedelta(days=1)
        zone = timezone.get_current_timezone()
        event_count = sum(
            1
            for e in events
            if e.starts_at.astimezone(zone).date() <= last_of_month
            and e.ends_at.astimezone(zone).date() >= month_start
        )
        context.update(
            month=month_start,
            today=today,
            weekdays=weekday_names(),
            weeks=listing.month_cells(weeks, events, by_day, month_start, today),
            previous=previous if previous >= start else None,
            following=following if following <= end else None,
            event_count=event_count,
            # An empty month is a page for people planning ahead, not one for search engines.
            noindex=not event_count,
        )
        return context


class WeekView(ClockPageMixin, TemplateView):
    """One week, Sunday to Saturday like the month calendar, day by day."""

    template_name = "events/calendar_week.jinja"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        if "year" in self.kwargs:
            try:
                monday = datetime.date.fromisocalendar(self.kwargs["year"], self.kwargs["week"], 1)
                sunday = monday - datetime.timedelta(days=1)
                saturday = sunday + datetime.timedelta(days=6)
            except (ValueError, OverflowError) as error:  # no such week, or past year 9999
                raise Http404(_("달력에 없는 주입니다.")) from error
        else:
            sunday = week_start(today)
            saturday = sunday + datetime.timedelta(days=6)
        start, end = calendar_bounds(today)
        if saturday < start or sunday > end:
            raise Http404(_("달력에 없는 주입니다."))
        events = list(
            Event.objects.public()
            .between(_aware(sunday), _aware(saturday + datetime.timedelta(days=1)))
            .select_related("venue")
            .order_by("starts_at", "pk")
        )
        by_day = events_by_day(events, sunday, saturday)
        days = [sunday + datetime.timedelta(days=i) for i in range(7)]
        previous = sunday - datetime.timedelta(days=7)
        following = sunday + datetime.timedelta(days=7)
        context.update(
            first_day=sunday,
            last_day=saturday,
            today=today,
            days=listing.days(days, by_day, today),
            previous=week_key(previous) if previous + datetime.timedelta(days=6) >= start else None,
            following=week_key(following) if following <= end else None,
            noindex=not events,
        )
        return context


class ArchiveIndexView(ClockPageMixin, TemplateView):
    template_name = "events/archive_index.jinja"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = list(
            Event.objects.public()
            .past()
            .annotate(year=ExtractYear("starts_at", tzinfo=SEOUL))
            .order_by()
            .values("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return context


class ArchiveYearView(ClockPageMixin, ListView):
    """The past events of one year; a year without any is no page (404)."""

    template_name = "events/archive_year.jinja"
    context_object_name = "events"
    paginate_by = PAGE_SIZE
    paginator_class = OneQueryPaginator

    def get_queryset(self):
        year = self.kwargs["year"]
        if not 1 <= year <= 9998:
            raise Http404(_("기록이 없는 해입니다."))
        start = datetime.datetime(year, 1, 1, tzinfo=SEOUL)
        end = datetime.datetime(year + 1, 1, 1, tzinfo=SEOUL)
        return (
            Event.objects.public()
            .past()
            .filter(starts_at__gte=start, starts_at__lt=end)
            .for_listing()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(year=self.kwargs["year"], **kwargs)
        if not context["paginator"].count:  # read with the page: no extra query
            raise Http404(_("기록이 없는 해입니다."))
        context["cards"] = listing.event_cards(context["events"])
        return context


class EditionListView(ListView):
    template_name = "events/edition_list.jinja"
    context_object_name = "editions"
    queryset = Edition.objects.all()


class EditionView(DetailView):
    """A G밸리 Week: its five days as a timetable, and what runs beyond them."""

    template_name = "events/edition_detail.jinja"
    context_object_name = "edition"

    def get_object(self, queryset=None):
        # The edition, its timetable and the other editions are the same for every visitor (the
        # page shows no clock): shared data until the content changes.
        number = self.kwargs["number"]
        self.page = shared_data(f"events:edition:{number}", lambda: self.read_page(number))
        return self.page["edition"]

    def read_page(self, number):
        edition = get_object_or_404(Edition, number=number)
        events = list(
            Event.objects.public()
            .filter(edition=edition)
            .select_related("venue")
            .order_by("starts_at", "pk")
        )
        days = edition.days()
        by_day = events_by_day(events, days[0], days[-1])
        return {
            "edition": edition,
            "timetable": listing.days(days, by_day),
            "beyond": [e for e in events if not any(e in by_day.get(day, []) for day in days)],
            "other_editions": list(Edition.objects.exclude(pk=edition.pk)),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for name in ("timetable", "beyond", "other_editions"):
            context[name] = self.page[name]
        return context


class EventDetailView(ClockPageMixin, DetailView):
    template_name = "events/event_detail.jinja"
    context_object_name = "event"

    def get_queryset(self):
        return (
            Event.objects.public()
            .select_related("venue", "edition", "poster")
            .defer(*DETAIL_UNUSED_FIELDS)
            .annotate(**calls.event_annotations())  # its calls and picked stories, same query
        )

    def get_object(self, queryset=None):
        """Return the event, shared by every visitor until the content changes.

        Its row, venue, edition, poster, calls and picked stories are the same for everyone
        (public events only); reading them costs the ORM's compiling and PostgreSQL's planning
        on every request, more than the rest of the view. Any save of content (an edit, a
        registration) gives a fresh copy on the next request. The visitor's own registrations
        are read for each request (get_context_data). The copy is shared: never changed here.
        """
        fetch = super().get_object
        return shared_by_slug(Event, self.kwargs["slug"], lambda slug: fetch(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        user = self.request.user
        state = event.registration_state()
        context["state"] = state
        zone = timezone.get_current_timezone()
        context["ends_same_day"] = (
            event.starts_at.astimezone(zone).date() == event.ends_at.astimezone(zone).date()
        )
        context["share_url"] = absolute_url(event.get_absolute_url())
        context["event_data"] = structured.event_data(event, state)
        context["google_url"] = google_calendar_url(event)
        context["event_calls"] = calls.call_links(event.call_rows)
        context["picked"] = calls.story_cards(event.picked_rows)
        if user.is_authenticated:
            # events/_take_part.jinja shows the visitor's registrations only while the event
            # takes registrations (not for information-only or cancelled events), and the
            # company application button only while registration is open.
            if state not in ("none", "cancelled"):
                context["my_registrations"] = list(
                    Registration.objects.visible_to(user)
                    .active()
                    .filter(event=event)
                    .select_related("company")
                    .only(*MY_REGISTRATION_FIELDS)
                    .with_waitlist_position()
                    # Meta.ordering starts with the event (a join): all rows share it here.
                    .order_by("created_at", "pk")
                )
            if state == "open" and event.registration_mode == Event.Mode.SELECTION:
                context["can_apply"] = Company.objects.listed().managed_by(user).exists()
            context["is_staff"] = is_district_staff(user)
        return context


class EventMixin:
    @cached_property
    def event(self):
        return get_object_or_404(
            Event.objects.public().select_related("venue"), slug=self.kwargs["slug"]
        )


class RegisterView(LoginRequiredMixin, EventMixin, View):
    """Take a seat (or a place on the waiting list) at a first-come event."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            registration = services.register(self.event, request.user)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            if registration.status == Registration.Status.WAITLISTED:
                # A success: the person is in the queue, as they asked.
                messages.success(
                    request,
                    _(
                        "정원이 차서 대기자로 신청했습니다(대기 %(position)s번째). "
                        "자리가 나면 참가가 확정되고 메일로 알려 드립니다."
                    )
                    % {"position": registration.waitlist_position()},
                )
            else:
                messages.success(request, _("참가 신청이 확정되었습니다. 입장권을 확인하세요."))
                return HttpResponseRedirect(registration.get_absolute_url())
        return HttpResponseRedirect(self.event.get_absolute_url())


class ApplyView(LoginRequiredMixin, EventMixin, FormView):
    """A company manager applies on behalf of a listed company."""

    template_name = "events/apply.jinja"
    form_class = ApplicationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.event.registration_mode != Event.Mode.SELECTION:
            raise Http404(_("기업 신청을 받지 않는 행사입니다."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.event
        kwargs["companies"] = Company.objects.listed().managed_by(self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["has_companies"] = context["form"].fields["company"].queryset.exists()
        context["state"] = self.event.registration_state()
        return context

    def form_valid(self, form):
        try:
            services.apply(
                self.event, self.request.user, form.cleaned_data["company"], form.answers()
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("신청을 접수했습니다. 선정 결과는 메일과 내 계정에서 알려 드립니다.")
        )
        return HttpResponseRedirect(reverse("account_profile") + "#my-events")


class CancelView(LoginRequiredMixin, TemplateView):
    """Give up a registration: GET says what will happen, POST (with CSRF) does it.

    From the event page, the ticket, the account page or a mail. Cancelling twice is harmless:
    the second time says it is cancelled already and changes nothing.
    """

    template_name = "events/cancel.jinja"

    @cached_property
    def registration(self):
        return get_object_or_404(
            Registration.objects.visible_to(self.request.user)
            .select_related("event__venue", "company")
            .with_waitlist_position(),
            pk=self.kwargs["pk"],
        )

    def next_url(self):
        """Return where to go afterwards: a `next` on this site, else the event page."""
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return self.registration.event.get_absolute_url()

    def get_context_data(self, **kwargs):
        registration = self.registration
        event = registration.event
        return super().get_context_data(
            registration=registration,
            event=event,
            next=self.next_url(),
            passes_seat_on=(
                registration.has_ticket
                and event.registration_mode == Event.Mode.FIRST_COME
                and Registration.objects.waiting().filter(event=event).exists()
            ),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request, *args, **kwargs):
        registration = self.registration
        try:
            services.cancel(registration, by=request.user)
        except services.AlreadyCancelled:
            messages.info(
                request,
                _("‘%(event)s’ 신청은 이미 취소되었습니다.") % {"event": registration.event.title},
            )
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("‘%(event)s’ 신청을 취소했습니다. 확인 메일을 보내 드렸습니다.")
                % {"event": registration.event.title},
            )
        return HttpResponseRedirect(self.next_url())


class TicketView(LoginRequiredMixin, DetailView):
    """The person's ticket: a QR code holding the signed ticket code, and the bib number."""

    template_name = "events/ticket.jinja"
    context_object_name = "registration"

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_queryset(self):
        queryset = Registration.objects.select_related(
            "event__venue", "company", "user"
        ).with_waitlist_position()
        if is_district_staff(self.request.user):
            return queryset
        return queryset.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.object
        user = self.request.user
        if registration.has_ticket:
            # The QR code holds the signed ticket number; people read out the short code.
            token = registration.signed_code()
            context["qr"] = segno.make(token, error="m").svg_data_uri(scale=6, border=2)
        # Staff see every ticket, but cancel only their own (CancelView's rule).
        context["own"] = not is_district_staff(user) or (
            Registration.objects.visible_to(user).filter(pk=registration.pk).exists()
        )
        return context


class CheckInView(StaffRequiredMixin, EventMixin, FormView):
    """The door: staff scan or paste a ticket code on a phone."""

    template_name = "events/check_in.jinja"
    form_class = CheckInForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["checked_in"] = self.event.registrations.filter(checked_in_at__isnull=False).count()
        return context

    def form_valid(self, form):
        try:
            registration, first_time = services.check_in(
                self.event, form.cleaned_data["code"], by=self.request.user
            )
        except services.RegistrationError as error:
            # A fresh, empty field for the next scan, with the refusal shown above it.
            return self.render_to_response(
                self.get_context_data(form=CheckInForm(), refusal=error.message)
            )
        return self.render_to_response(
            self.get_context_data(form=CheckInForm(), result=registration, first_time=first_time)
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class ParticipantsCsvView(StaffRequiredMixin, EventMixin, View):
    """Staff download the participants as CSV (gvalley.csvfiles: BOM, formulas neutralised)."""

    def get(self, request, *args, **kwargs):
        rows = (
            self.event.registrations.active()
            .select_related("user", "company")
            .order_by("created_at", "pk")
        )
        header = [
            _("번호"),
            _("상태"),
            _("이름"),
            _("이메일"),
            _("기업"),
            _("배번"),
            _("신청일"),
            _("입장 시각"),
            _("답변"),
        ]
        lines = (
            [
                number,
                r.get_status_display(),
                r.user.name if r.user else "",
                r.user.email if r.user else "",
                r.company.name if r.company else "",
                r.bib or "",
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if r.checked_in_at
                else "",
                " / ".join(f"{a['question']}: {a['answer']}" for a in r.answers),
            ]
            for number, r in enumerate(rows, start=1)
        )
        return csvfiles.response(f"participants-{self.event.pk}.csv", header, lines)


class EventIcsView(EventMixin, View):
    def get(self, request, *args, **kwargs):
        body = build_calendar([self.event], self.event.title)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="event-{self.event.pk}.ics"'
        return response


class CalendarFeedView(View):
    """A subscribable iCalendar feed: all public events, or one category."""

    def get(self, request, category=None):
        events = Event.objects.public().select_related("venue")
        name = _("G밸리 행사")
        if category:
            if category not in Event.Category.values:
                raise Http404(_("없는 분류입니다."))
            events = events.filter(category=category)
            name = f"{name} · {Event.Category(category).label}"
        # Subscribers get the last three months and everything to come.
        since = timezone.now() - datetime.timedelta(days=90)
        events = events.filter(ends_at__gte=since).order_by("starts_at", "pk")[:500]
        response = HttpResponse(
            build_calendar(events, name), content_type="text/calendar; charset=utf-8"
        )
        return response


class LatestEventsFeed(SiteFeed):
    """RSS of the newest published events."""

    title = gettext_lazy("G밸리 포털 새 행사")
    description = gettext_lazy("G밸리(서울디지털산업단지)에 새로 올라온 행사")
    link_name = "events:index"
    feed_url_name = "events:feed_rss"

    def items(self):
        return Event.objects.public().select_related("venue").order_by("-created_at", "-pk")[:30]

    def item_title(self, item):
        prefix = f"[{_('취소됨')}] " if item.is_cancelled else ""
        return prefix + item.title

    def item_description(self, item):
        """Plain text, escaped: readers show an RSS description and an Atom summary as HTML."""
        start = timezone.localtime(item.starts_at).strftime("%Y-%m-%d %H:%M")
        place = item.venue.name if item.venue else ""
        return escape(f"{start} · {place} — {item.summary}")

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_category_display()]


class LatestEventsAtomFeed(LatestEventsFeed):
    feed_type = Atom1Feed
    feed_url_name = "events:feed_atom"
    subtitle = LatestEventsFeed.description


# --- Spaces to rent ------------------------------------------------------------------------------

# The availability views run from this week to the end of the booking window (and a little
# more), never to the end of time: a crawler following "next week" stops, and no visitor needs
# more.
SPACE_WEEKS_AHEAD = 14
SPACE_WEEKS_BEHIND = 4


def space_week_bounds(today):
    """Return the first and last Monday a space's week view shows."""
    monday = today - datetime.timedelta(days=today.weekday())
    return (
        monday - datetime.timedelta(weeks=SPACE_WEEKS_BEHIND),
        monday + datetime.timedelta(weeks=SPACE_WEEKS_AHEAD),
    )


def iso_week(monday):
    iso = monday.isocalendar()
    return {"year": iso.year, "week": iso.week}


def requestable_companies(user):
    """Return the listed companies the user manages (who may ask for a space)."""
    return Company.objects.listed().managed_by(user).order_by("name", "pk")


class SpaceListView(ClockPageMixin, TemplateView):
    """The spaces to rent, with their capacity, fee and whether the hall is a lounge now."""

    template_name = "events/spaces/space_list.jinja"

    def get_context_data(self, **kwargs):
        spaces_ = list(spaces.active_spaces().values())
        now = timezone.now()
        lounge_ids = spaces.spaces_lounge_now(spaces_, now)
        rows = [
            {
                "space": space,
                "url": space.get_absolute_url(),
                "layouts": [str(layout) for layout in space.layouts.all()],
                "lounge_now": space.pk in lounge_ids,
            }
            for space in spaces_
        ]
        return super().get_context_data(rows=rows, **kwargs)


class SpaceMixin:
    @cached_property
    def space(self):
        """The space of the address, with its venue, layouts and photos (shared data)."""
        space = spaces.active_spaces().get(self.kwargs["slug"])
        if space is None:
            raise Http404(_("공개된 대관 공간이 아닙니다."))
        return space


class SpaceWeekView(ClockPageMixin, SpaceMixin, TemplateView):
    """A space's page: what it offers, and a week of hourly slots (free, requested, booked)."""

    template_name = "events/spaces/space_detail.jinja"

    def get_context_data(self, **kwargs):
        space = self.space
        now = timezone.now()
        today = timezone.localdate(now)
        first, last = space_week_bounds(today)
        if "year" in self.kwargs:
            try:
                monday = datetime.date.fromisocalendar(self.kwargs["year"], self.kwargs["week"], 1)
            except (ValueError, OverflowError) as error:
                raise Http404(_("달력에 없는 주입니다.")) from error
            if not first <= monday <= last:
                raise Http404(_("달력에 없는 주입니다."))
        else:
            monday = today - datetime.timedelta(days=today.weekday())
        user = self.request.user
        can_request = user.is_authenticated and requestable_companies(user).exists()
        days = spaces.days_view(space, monday, 7, now=now, can_request=can_request)
        previous = monday - datetime.timedelta(weeks=1)
        following = monday + datetime.timedelta(weeks=1)
        return super().get_context_data(
            space=space,
            layouts=list(space.layouts.all()),
            # (the full picture, the photo) for the shared gallery (includes/_gallery.jinja).
            photos=[(photo.image.url, photo) for photo in space.photos.all()],
            days=days,
            monday=monday,
            sunday=monday + datetime.timedelta(days=6),
            previous=iso_week(previous) if previous >= first else None,
            following=iso_week(following) if following <= last else None,
            month=timezone.localdate(now),
            lounge_now=spaces.lounge_open_now(space, now),
            can_request=can_request,
            request_url=reverse("events:space_request", kwargs={"slug": space.slug}),
            **kwargs,
        )


class SpaceMonthView(ClockPageMixin, SpaceMixin, TemplateView):
    """A month of a space: each day closed, free, or its requested and booked hours."""

    template_name = "events/spaces/space_month.jinja"

    def get_context_data(self, **kwargs):
        space = self.space
        today = timezone.localdate()
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not 1 <= month <= 12:
            raise Http404(_("달력에 없는 달입니다."))
        index = year * 12 + month - 1
        this = today.year * 12 + today.month - 1
        if not this - 1 <= index <= this + 3:
            raise Http404(_("달력에 없는 달입니다."))

        def key(i):
            return {"year": i // 12, "month": i % 12 + 1}

        return super().get_context_data(
            space=space,
            first_day=datetime.date(year, month, 1),
            days=spaces.month_days(space, year, month),
            previous=key(index - 1) if index - 1 >= this - 1 else None,
            following=key(index + 1) if index + 1 <= this + 3 else None,
            **kwargs,
        )


class CompanyManagerRequiredMixin(AccessMixin):
    """Managers of a listed company only: anonymous visitors sign in first, others get 403."""

    permission_denied_message = gettext_lazy("공개된 기업의 담당자만 대관을 신청할 수 있습니다.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not requestable_companies(request.user).exists():
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


@method_decorator(csrf_exempt, name="dispatch")
class SpaceRequestView(CompanyManagerRequiredMixin, SpaceMixin, FormView):
    """A company manager asks for a space; staff decide in the admin."""

    template_name = "events/spaces/request.jinja"
    form_class = BookingRequestForm

    @cached_property
    def space(self):
        """Read from the database, not the shared copy: the request is written against it."""
        return get_object_or_404(
            Space.objects.active().select_related("venue").prefetch_related("layouts"),
            slug=self.kwargs["slug"],
        )

    def dispatch(self, request, *args, **kwargs):
        # Before anything reads the body: a huge upload is refused, not read (gvalley.uploads).
        if request.method == "POST":
            limit_uploads(request, SCREEN_FILE_MAX_BYTES + 1024 * 1024)
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get_initial(self):
        initial = {"contact_email": self.request.user.email, "contact_name": self.request.user.name}
        query = self.request.GET
        for name in ("date", "start", "end"):
            if query.get(name):
                initial[name] = query[name][:10]
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            space=self.space,
            companies=requestable_companies(self.request.user),
            uploader=self.request.user,
            too_large=getattr(self.request, "upload_too_large", False),
        )
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(space=self.space, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            booking = services.request_booking(
                self.space,
                self.request.user,
                data["company"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                **form.details(),
            )
        except services.BookingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("대관 신청을 받았습니다. 구청 담당자가 검토한 뒤 메일로 알려 드립니다."),
        )
        return HttpResponseRedirect(booking.get_absolute_url())

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class BookingMixin(LoginRequiredMixin):
    """A booking the signed-in user may see: staff any, a manager their companies' (else 404)."""

    @cached_property
    def booking(self):
        return get_object_or_404(
            Booking.objects.visible_to(self.request.user).select_related(
                "space__venue", "company", "requested_by", "event"
            ),
            pk=self.kwargs["pk"],
        )


class BookingDetailView(BookingMixin, TemplateView):
    template_name = "events/spaces/booking_detail.jinja"

    def get_context_data(self, **kwargs):
        booking = self.booking
        return super().get_context_data(
            booking=booking,
            space=booking.space,
            can_cancel=booking.is_open
            and (booking.can_cancel() or is_district_staff(self.request.user)),
            deadline=booking.cancel_deadline(),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request, *args, **kwargs):
        """Cancel the request or booking (the page's button)."""
        try:
            services.cancel_booking(self.booking, request.user)
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("대관 신청을 취소했습니다. 확인 메일을 보내 드렸습니다."))
        return HttpResponseRedirect(self.booking.get_absolute_url())


class BookingScreenFileView(BookingMixin, View):
    """The booking's LED screen file, to the requester's company and staff only."""

    def get(self, request, *args, **kwargs):
        booking = self.booking
        if not booking.screen_file:
            raise Http404(_("올린 파일이 없습니다."))
        response = FileResponse(
            booking.screen_file.open("rb"),
            as_attachment=True,
            filename=f"screen-{booking.pk}{PurePosixPath(booking.screen_file.name).suffix}",
        )
        response["Cache-Control"] = "private, no-store"
        response["Content-Type"] = "application/octet-stream"
        return response


@method_decorator(never_cache_page, name="dispatch")
class SpaceStaffFeedView(View):
    """A space's bookings as iCalendar for the building's staff (secret-token URL, staff only)."""

    def get(self, request, slug, user_id, token):
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None or not constant_time_compare(token, space_feed_token(user, slug)):
            raise Http404
        if not is_district_staff(user):
            raise Http404
        space = get_object_or_404(Space, slug=slug)
        since = timezone.now() - datetime.timedelta(days=30)
        bookings = (
            Booking.objects.holding()
            .filter(space=space, ends_at__gte=since)
            .select_related("space", "company", "event")
            .order_by("starts_at", "pk")[:500]
        )
        response = HttpResponse(
            build_space_calendar(space, bookings), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'inline; filename="space-{space.slug}.ics"'
        response["Cache-Control"] = "private, no-store"
        return response


# --- Open calls ------------------------------------------------------------------------------


class CallMixin:
    """The call named in the address, of an event the public sees (else 404)."""

    @cached_property
    def call(self):
        return get_object_or_404(calls.public_calls(), slug=self.kwargs["slug"])


class PrivatePageMixin:
    """Pages with one person's data: never cached anywhere."""

    @method_decorator(never_cache_page)
    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class CallDetailView(ClockPageMixin, TemplateView):
    """A call: what it asks, its dates, the consents, the visitor's own entries.

    What every visitor sees alike (the call, its rubric, the picked stories, who judges it) is
    shared data, read once per content change; a signed-in visitor costs only the query of their
    own entries (and the judge role, for an assigned judge).
    """

    template_name = "events/calls/call_detail.jinja"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data, user = calls.call_page(self.kwargs["slug"]), self.request.user
        if data is None:
            raise Http404
        call = data.call
        context.update(
            call=call,
            is_open=call.is_open(),
            criteria=data.criteria,
            picked=data.picked,
            has_winners=call.results_published,
        )
        if user.is_authenticated:
            context["my_entries"] = list(
                Entry.objects.of_entrant(user)
                .filter(call=call)
                .only("pk", "title", "code", "status", "created_at")
                .order_by("-created_at", "pk")
            )
            # Only an assigned person can judge the call; the one rule decides for them.
            context["is_judge"] = (
                user.pk in data.judge_ids
                and Call.objects.judged_by(user).filter(pk=call.pk).exists()
            )
            context["is_staff"] = is_district_staff(user)
        return context


class EntryCreateView(PrivatePageMixin, LoginRequiredMixin, CallMixin, FormView):
    """Enter a call: a guardian for a pupil, or a worker with a story."""

    template_name = "events/calls/enter.jinja"
    form_class = EntryForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "call": self.call}

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, is_open=self.call.is_open(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            entry = services.create_entry(
                self.call, self.request.user, fields=data, pages=data.get("pages", [])
            )
        except services.EntryError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if entry.status == Entry.Status.DRAFT:
            messages.success(
                self.request,
                _("보호자 이메일로 확인 번호를 보냈습니다. 번호를 넣으면 접수가 끝납니다."),
            )
        else:
            messages.success(self.request, _("응모를 받았습니다. 고맙습니다."))
        return HttpResponseRedirect(entry.get_absolute_url())


class EntryMixin(PrivatePageMixin, LoginRequiredMixin):
    """The signed-in person's own entry (anyone else's: 404)."""

    @cached_property
    def entry(self):
        return get_object_or_404(
            Entry.objects.of_entrant(self.request.user).select_related("call__event"),
            pk=self.kwargs["pk"],
        )


class EntryDetailView(EntryMixin, TemplateView):
    template_name = "events/calls/entry_detail.jinja"

    def get_context_data(self, **kwargs):
        entry = self.entry
        return super().get_context_data(
            entry=entry,
            call=entry.call,
            pages=list(entry.pages.order_by("position", "pk")),
            code_form=kwargs.pop("code_form", None) or GuardianCodeForm(),
            **kwargs,
        )


class EntryActionView(EntryMixin, View):
    """Confirm with the guardian's code, send a new code, or withdraw (POST only)."""

    http_method_names = ["post"]
    action = None

    def post(self, request, *args, **kwargs):
        entry = self.entry
        try:
            if self.action == "verify":
                form = GuardianCodeForm(request.POST)
                if not form.is_valid():
                    return self._again(form)
                services.verify_guardian(entry, form.cleaned_data["code"])
                messages.success(request, _("보호자 확인이 끝나 응모작이 접수되었습니다."))
            elif self.action == "resend":
                services.resend_guardian_code(entry)
                messages.success(request, _("새 확인 번호를 보호자 이메일로 보냈습니다."))
            else:
                services.withdraw(entry)
                messages.success(request, _("응모를 철회했습니다. 작품과 개인정보를 지웠습니다."))
        except services.EntryError as error:
            if self.action == "verify":
                form.add_error(None, error.message)
                return self._again(form)
            messages.error(request, error.message)
        return HttpResponseRedirect(entry.get_absolute_url())

    def _again(self, form):
        view = EntryDetailView(request=self.request, kwargs=self.kwargs)
        context = view.get_context_data(code_form=form)
        response = view.response_class(
            request=self.request, template=[view.template_name], context=context, status=400
        )
        response["Cache-Control"] = "private, no-store"
        return response


class EntryPageFileView(View):
    """One picture of an entry (or a rendition of it), only to those who may see it.

    Before results a pupil's work is personal data: the guardian, the call's judges (the file
    carries no name: re-encoded without metadata, stored under a random name) and staff see it.
    A published winner's pictures are everyone's, and may be cached an hour; others never are.
    """

    def get(self, request, pk, width=None):
        page = get_object_or_404(
            EntryPage.objects.visible_to(request.user).with_public_flag(), pk=pk
        )
        name = page.file_name(width)
        if name is None:
            raise Http404(_("파일을 찾을 수 없습니다."))
        try:
            handle = page.image.storage.open(name, "rb")
        except FileNotFoundError as error:
            raise Http404(_("파일을 찾을 수 없습니다.")) from error
        response = FileResponse(handle, filename=PurePosixPath(name).name)
        response["Cache-Control"] = (
            "public, max-age=3600" if page.is_public else "private, no-store"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class EntryFileView(View):
    """An entry's attached PDF, to those who may see the entry's work (as its pictures)."""

    def get(self, request, pk):
        entry = get_object_or_404(
            Entry.objects.visible_to(request.user)
            .exclude(attachment="")
            .only("pk", "code", "attachment"),
            pk=pk,
        )
        try:
            handle = entry.attachment.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("파일을 찾을 수 없습니다.")) from error
        # Named by the entry's judging code, never by the uploaded name (it may carry a name).
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{entry.code}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class JudgeMixin(PrivatePageMixin, LoginRequiredMixin, CallMixin):
    """Pages of a judge assigned to the call (anyone else: 403)."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (
            Call.objects.judged_by(user).filter(pk=self.call.pk).exists()
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class JudgingView(JudgeMixin, TemplateView):
    """A judge's anonymised list of the call's entries."""

    template_name = "events/calls/judging.jinja"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            call=self.call, rows=calls.judge_rows(self.call, self.request.user), **kwargs
        )


class ScoreView(JudgeMixin, FormView):
    """A judge scores one anonymised entry on the rubric."""

    template_name = "events/calls/score.jinja"
    form_class = ScoreForm

    @cached_property
    def entry(self):
        return get_object_or_404(Entry.objects.for_judging(self.call), code=self.kwargs["code"])

    @cached_property
    def criteria(self):
        return list(self.call.criteria.all())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "criteria": self.criteria}

    def get_initial(self):
        mine = Score.objects.filter(entry=self.entry, judge=self.request.user)
        return {f"c{s.criterion_id}": s.points for s in mine}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            call=self.call,
            entry=self.entry,
            pages=list(self.entry.pages.order_by("position", "pk")),
            closed=self.call.judging_closed_at is not None,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.score_entry(self.entry, self.request.user, form.points())
        except services.EntryError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("점수를 저장했습니다."))
        return HttpResponseRedirect(reverse("events:judging", kwargs={"slug": self.call.slug}))


class ResultsView(PrivatePageMixin, LoginRequiredMixin, CallMixin, TemplateView):
    """Staff: the ranking (ties shown), close judging, give the awards, publish."""

    template_name = "events/calls/results.jinja"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_district_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            call=self.call,
            rows=calls.ranking(self.call),
            closed=self.call.judging_closed_at,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        call, action = self.call, request.POST.get("action")
        try:
            if action == "close":
                services.close_judging(call)
                messages.success(
                    request, _("심사를 마감했습니다. 이제 심사위원도 모든 점수를 봅니다.")
                )
            elif action == "awards":
                services.set_awards(call, _awards_from(request.POST))
                messages.success(request, _("수상작을 저장했습니다."))
            elif action == "publish":
                services.publish_results(call)
                messages.success(request, _("결과를 공개했습니다."))
            else:
                messages.error(request, _("알 수 없는 요청입니다."))
        except services.EntryError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(reverse("events:call_results", kwargs={"slug": call.slug}))


def _awards_from(data):
    """Return {entry id: (award, rank)} from the results form (award_<id>, rank_<id>)."""
    awards = {}
    for key, value in data.items():
        if not key.startswith("award_") or not value.strip():
            continue
        try:
            pk = int(key.removeprefix("award_"))
            rank = int(data.get(f"rank_{pk}", "") or 0)
        except ValueError as error:
            raise services.EntryError(_("수상 순서는 1 이상의 숫자로 넣어 주세요.")) from error
        if rank < 1 or rank > 100:
            raise services.EntryError(_("수상 순서는 1 이상의 숫자로 넣어 주세요."))
        awards[pk] = (value.strip()[:40], rank)
    return awards


class WinnersView(ClockPageMixin, TemplateView):
    """The winners' exhibition online: the awarded works (name and school only where consented).

    The same for every visitor until the content changes: shared data (calls.winners_page).
    """

    template_name = "events/calls/winners.jinja"

    def get(self, request, *args, **kwargs):
        slug = self.kwargs["slug"]
        self.page = shared_data(f"calls:winners:{slug}", lambda: calls.winners_page(slug))
        if self.page is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        call, winners = self.page
        return super().get_context_data(call=call, winners=winners, **kwargs)


class WinnerView(ClockPageMixin, CallMixin, TemplateView):
    """One winning work in the shared photo viewer: every page of it, then the next work."""

    template_name = "events/calls/winner.jinja"

    def get_context_data(self, **kwargs):
        view = (
            calls.winner_view(self.call, self.kwargs["code"])
            if self.call.results_published
            else None
        )
        if view is None:
            raise Http404
        return super().get_context_data(call=self.call, view=view, **kwargs)
