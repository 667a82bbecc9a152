"""Council pages: the council, meeting archive, meetings, documents, dashboard, grievances."""

import datetime
from itertools import groupby
from operator import itemgetter

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchRank
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, FilteredRelation, OuterRef, Prefetch
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, TemplateView

from companies.models import Company
from gvalley.cache import never_cache_page, shared_data
from gvalley.pagination import OneQueryPaginator
from gvalley.search import bigram_query
from gvalley.siteurl import absolute_url
from gvalley.translated import page_language, pick

from . import calendar, cards, services
from .forms import CommentForm, GrievanceForm, MailChoiceForm, MeetingSearchForm
from .models import (
    AgendaComment,
    AgendaItem,
    Attendance,
    DashboardVisit,
    Document,
    Grievance,
    GrievanceEvent,
    MailPreference,
    Meeting,
    Membership,
    Minutes,
    Organisation,
    is_council_insider,
    managed_company_ids,
)
from .stats import organisation_row, reference, shared_organisations, shared_reference


class InsiderMixin:
    """Add `insider` (council member or district staff) to the context."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["insider"] = is_council_insider(self.request.user)
        return context


class CouncilInsiderRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Only council members and district staff; others signed in get 403."""

    def test_func(self):
        return is_council_insider(self.request.user)


def organisations_on(day):
    """Return the organisations with the seats held on the given date, as plain data.

    [{"pk", "name", "name_en", "kind", "seats": [{"seat", "office_title", "office_title_en"}, …]},
    …] in the table's order (Organisation.Meta.ordering, by the Korean name), read in one query.
    Both languages' texts: the result is shared by the Korean and English pages.
    """
    seats = (
        Membership.objects.active_on(day)
        .rewrite(False)
        .order_by(
            *(
                f"organisation__{'name_ko' if field == 'name' else field}"
                for field in Organisation._meta.ordering
            ),
            "seat",
            "start_date",
            "pk",
        )
        .values_list(
            "organisation_id",
            "organisation__name_ko",
            "organisation__name_en",
            "organisation__kind",
            "seat",
            "office_title_ko",
            "office_title_en",
        )
    )
    organisations = []
    for pk, rows in groupby(seats, key=itemgetter(0)):
        rows = list(rows)
        organisations.append(
            {
                "pk": pk,
                "name": rows[0][1],
                "name_en": rows[0][2] or "",
                "kind": rows[0][3],
                "seats": [
                    {"seat": row[4], "office_title": row[5], "office_title_en": row[6]}
                    for row in rows
                ],
            }
        )
    return organisations


class IndexView(InsiderMixin, TemplateView):
    template_name = "council/index.jinja"

    def composition_date(self):
        value = self.request.GET.get("on", "")
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return timezone.localdate(), False
        if day < datetime.date(2013, 1, 1) or day.year > 2100:
            return timezone.localdate(), False
        return day, True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        day, chosen = self.composition_date()
        # What the page shows the same way to every visitor, today's make-up included: shared data.
        today = timezone.localdate()
        facts = shared_data(f"council:page:{today}", lambda: page_facts(today))
        if chosen:
            facts = {**facts, "make_up": organisations_on(day)}
        context.update(
            composition_date=day,
            composition_iso=day.isoformat(),  # what |date:'Y-m-d' gives, for the date field
            composition_chosen=chosen,
            organisations=cards.organisation_rows(facts["make_up"]),
            next_meeting=next_meeting(user),
            latest_minutes=facts["latest_minutes"],
            board=facts["board"],
            recent_grievances=cards.recent_grievance_cards(
                facts["recent_grievances"], facts["organisation_names"]
            ),
        )
        return context


def page_facts(day):
    """Return what the council page shows the same way to every visitor, as shared data.

    reference(), the make-up on `day`, the latest published minutes and the latest public
    grievances.
    """
    return {
        **reference(),
        "make_up": organisations_on(day),
        "latest_minutes": Minutes.objects.published()
        .select_related("meeting")
        .only("published_at", "meeting__kind", "meeting__number", "meeting__starts_at")
        .order_by("-published_at", "-pk")
        .first(),
        "recent_grievances": list(
            Grievance.objects.public()
            .only("title", "received_on", "status", "holder")
            .order_by("-received_on", "-pk")[:5]
        ),
    }


def next_meeting(user):
    """Return the next meeting the user may see, or None.

    Meeting.objects.visible_to() tells only insiders from everyone else, so the next meeting is
    shared data of each audience. Only the clock moves on without a content change: once the
    shared meeting has begun, the database is asked (until the shared value is computed again).
    """
    audience = "insiders" if is_council_insider(user) else "public"

    def first_upcoming():
        return (
            Meeting.objects.visible_to(user)
            .upcoming()
            .only("kind", "number", "starts_at", "place", "status")
            .first()
        )

    meeting = shared_data(f"council:next-meeting:{audience}", first_upcoming)
    if meeting is not None and meeting.starts_at < timezone.now():
        return first_upcoming()
    return meeting


class MeetingArchiveView(InsiderMixin, ListView):
    template_name = "council/meeting_archive.jinja"
    context_object_name = "meetings"
    paginate_by = 20
    paginator_class = OneQueryPaginator

    def get_form(self):
        if not hasattr(self, "_form"):
            self._form = MeetingSearchForm(self.request.GET or None)
            self._form.is_valid()
        return self._form

    def get_queryset(self):
        form = self.get_form()
        data = getattr(form, "cleaned_data", {}) or {}
        titles = (
            AgendaItem.objects.rewrite(False)
            .filter(meeting=OuterRef("pk"))
            .order_by("position", "pk")
        )
        # The agenda titles in both languages, each an array in the items' order.
        meetings = (
            Meeting.objects.visible_to(self.request.user)
            .only("kind", "number", "starts_at", "place", "status")
            .annotate(
                agenda_titles_ko=ArraySubquery(titles.values("title_ko")),
                agenda_titles_en=ArraySubquery(titles.values("title_en")),
            )
        )
        self.year = data.get("year")
        if self.year:
            meetings = meetings.filter(starts_at__year=self.year)
        self.query = (data.get("q") or "").strip()
        if self.query:
            search = bigram_query(self.query)
            if search is None:
                return meetings.none()
            meetings = (
                meetings.filter(search_vector=search)
                .annotate(rank=SearchRank(F("search_vector"), search))
                .order_by("-rank", "-starts_at", "pk")
            )
        return meetings

    def year_counts(self):
        """Return {year: number of meetings} the visitor may see, newest year first.

        Meeting.objects.visible_to() tells only insiders from everyone else: one value each, as
        shared data. It gives the year links and, without a search, the archive's total.
        """
        user = self.request.user

        def counts():
            return dict(
                Meeting.objects.visible_to(user)
                .annotate(year=ExtractYear("starts_at"))
                .order_by("-year")
                .values_list("year")
                .annotate(meetings=Count("pk"))
            )

        audience = "insiders" if is_council_insider(user) else "public"
        return shared_data(f"council:meeting-year-counts:{audience}", counts)

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        if not self.query:
            # The year counts give the total: the page is read alone, without a window count.
            counts = self.year_counts()
            paginator.count = counts.get(self.year, 0) if self.year else sum(counts.values())
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = list(self.year_counts())
        context.update(
            form=self.get_form(),
            cards=cards.meeting_cards(context["meetings"]),
            year_links=cards.choice_links(
                self.request, "year", self.year, [(year, year) for year in years]
            ),
            year=self.year,
            query=self.query,
        )
        return context


class MeetingDetailView(InsiderMixin, DetailView):
    template_name = "council/meeting_detail.jinja"
    context_object_name = "meeting"

    def get_queryset(self):
        user = self.request.user
        minutes = FilteredRelation(
            "minutes", condition=Minutes.objects.visibility(user, "minutes__")
        )
        return (
            Meeting.objects.visible_to(user)
            .defer("search_vector")
            .annotate(visible_minutes=minutes)
            .select_related("visible_minutes")
        )

    def get_object(self, queryset=None):
        """Return the meeting with what its page shows.

        Members and staff read it afresh (drafts, comments). Everyone else sees the same public
        page: kept as shared data until content changes, a 404 never kept.
        """
        if is_council_insider(self.request.user):
            meeting = super().get_object(queryset)
            self.page = self.read_page(meeting)
            return meeting
        self.page = shared_data(
            f"council:meeting:{self.kwargs['pk']}:public",
            lambda: self.read_page(super(MeetingDetailView, self).get_object(queryset)),
        )
        return self.page["meeting"]

    def read_page(self, meeting):
        """Return the meeting's agenda items, documents, attendance and minutes, as the
        visitor may see them."""
        user = self.request.user
        insider = is_council_insider(user)
        # The organisations' names and order come from the shared reference data, so neither the
        # agenda items (their proposers) nor the attendance join the organisations.
        organisations = shared_organisations()
        language = page_language()
        # Plain queries rather than prefetches: each list belongs to this one meeting, so it needs
        # neither the meeting's ordering (a join) nor a query per kind of document.
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
        by_pk = {item.pk: item for item in items}
        for item in items:
            item.document_links = []
            item.proposer_name = None
            if item.proposer_id:
                item.proposer_name = organisation_row(item.proposer_id, organisations).shown_name(
                    language
                )
        link = cards.document_linker()
        minutes_documents, meeting_documents = [], []
        documents = Document.objects.of_meeting(meeting, user).order_by("kind", "title", "pk")
        for document in documents:
            if document.kind == Document.Kind.MINUTES:
                minutes_documents.append(link(document))
            elif document.agenda_item_id is None:
                meeting_documents.append(link(document))
            elif document.agenda_item_id in by_pk:  # Document.clean(): an item of this meeting
                by_pk[document.agenda_item_id].document_links.append(link(document))
        if insider:
            for item in items:
                item.visible_comments = []
            comments = (
                AgendaComment.objects.filter(item__in=list(by_pk))
                .select_related("author")
                .order_by("created_at", "pk")
            )
            for comment in comments:
                by_pk[comment.item_id].visible_comments.append(comment)
        # (status, organisation's name) pairs in the organisations' position, then as recorded.
        attendance = []
        for pk, status, organisation_id in (
            Attendance.objects.filter(meeting=meeting)
            .order_by()
            .values_list("pk", "status", "organisation_id")
        ):
            organisation = organisation_row(organisation_id, organisations)
            attendance.append(
                (organisation.position, pk, status, organisation.shown_name(language))
            )
        return {
            "meeting": meeting,
            "items": items,
            "meeting_documents": meeting_documents,
            "minutes_documents": minutes_documents,
            "attendance": cards.attendance_rows(
                (status, name) for _p, _pk, status, name in sorted(attendance)
            ),
            # None when the meeting has no minutes the user may read.
            "minutes": getattr(meeting, "visible_minutes", None),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(  # self.page["meeting"] is self.object, already in the context
            self.page,
            can_comment=context["insider"] and self.object.status in self.COMMENTABLE,
        )
        return context

    COMMENTABLE = (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)


class CommentCreateView(CouncilInsiderRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, item_pk):
        meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
        item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
        if meeting.status not in MeetingDetailView.COMMENTABLE:
            messages.error(request, _("회의가 끝난 안건에는 의견을 남길 수 없습니다."))
            return redirect(item.get_absolute_url())
        form = CommentForm(request.POST)
        if form.is_valid():
            comment = form.save(commit=False)
            comment.item = item
            comment.author = request.user
            comment.save()
            messages.success(request, _("의견을 남겼습니다."))
        else:
            messages.error(request, " ".join(form.errors.get("body", [_("의견을 확인해 주세요.")])))
        return redirect(item.get_absolute_url())


@method_decorator(never_cache_page, name="dispatch")
class DocumentDownloadView(View):
    """Serve a document as an attachment, only to those who may see it."""

    def get(self, request, pk):
        document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("파일을 찾을 수 없습니다.")) from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name or f"document.{document.extension}",
            content_type=document.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class DashboardView(CouncilInsiderRequiredMixin, TemplateView):
    template_name = "council/dashboard.jinja"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        now = timezone.now()
        visit = DashboardVisit.objects.filter(user=user).first()
        since = visit.seen_at if visit else now - datetime.timedelta(days=30)
        next_meeting = (
            Meeting.objects.visible_to(user)
            .upcoming()
            .prefetch_related(
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.select_related("proposer").prefetch_related(
                        "documents"
                    ),
                    to_attr="items",
                ),
                Prefetch(
                    "documents",
                    queryset=Document.objects.filter(
                        kind=Document.Kind.AGENDA, agenda_item__isnull=True
                    ),
                    to_attr="meeting_documents",
                ),
            )
            .first()
        )
        organisations = Organisation.objects.filter(
            memberships__in=Membership.objects.active_on().filter(user=user)
        ).distinct()
        held = Grievance.objects.visible_to(user).open().select_related("holder")
        held = held.filter(holder__in=organisations.values("pk"))
        next_meeting_documents = []
        if next_meeting:
            link = cards.document_linker()
            next_meeting_documents = [link(document) for document in next_meeting.meeting_documents]
            for item in next_meeting.items:
                item.document_links = [link(document) for document in item.documents.all()]
        context.update(
            since=since,
            next_meeting_documents=next_meeting_documents,
            first_visit=visit is None,
            next_meeting=next_meeting,
            my_organisations=list(organisations),
            held_grievances=held.order_by("received_on", "pk")[:20],
            changed_meetings=Meeting.objects.visible_to(user)
            .filter(updated_at__gt=since)
            .order_by("-updated_at", "pk")[:10],
            changed_grievances=GrievanceEvent.objects.filter(
                occurred_at__gt=since, grievance__in=Grievance.objects.visible_to(user)
            )
            .select_related("grievance")
            .order_by("-occurred_at", "pk")[:10],
            new_comments=AgendaComment.objects.filter(created_at__gt=since)
            .exclude(author=user)
            .select_related("item__meeting", "author")
            .order_by("-created_at", "pk")[:10],
            calendar_url=absolute_url(calendar.feed_path(user)),
            mail_form=MailChoiceForm(
                initial={
                    "delivery": "weekly"
                    if MailPreference.objects.filter(user=user, weekly_digest=True).exists()
                    else "each"
                }
            ),
        )
        # A plain UPDATE: this bookkeeping must not invalidate the public page cache.
        if visit:
            DashboardVisit.objects.filter(pk=visit.pk).update(seen_at=now)
        else:
            DashboardVisit.objects.bulk_create(
                [DashboardVisit(user=user, seen_at=now)], ignore_conflicts=True
            )
        return context


class MailChoiceView(CouncilInsiderRequiredMixin, View):
    """Save the member's choice of agenda and minutes mail (the dashboard's form)."""

    http_method_names = ["post"]

    def post(self, request):
        form = MailChoiceForm(request.POST)
        if form.is_valid():
            weekly = form.cleaned_data["delivery"] == "weekly"
            services.set_weekly_digest(request.user, weekly)
            if weekly:
                messages.success(request, _("안건·회의록 소식을 월요일 아침에 모아 보내 드립니다."))
            else:
                messages.success(request, _("안건·회의록이 공개될 때마다 메일을 보내 드립니다."))
        else:
            messages.error(request, _("메일 받는 방법을 골라 주세요."))
        return redirect(reverse("council:dashboard") + "#dash-mail")


class GrievanceListView(InsiderMixin, ListView):
    template_name = "council/grievance_list.jinja"
    context_object_name = "grievances"
    paginate_by = 20
    # What the cards show (cards.grievance_cards), read as plain rows.
    CARD_FIELDS = (
        "pk",
        "title_ko",
        "title_en",
        "received_on",
        "source",
        "status",
        "is_public",
        "company_name_public",
        "company__name",
        "company__name_en",
        "holder_id",
    )

    def get_queryset(self):
        grievances = Grievance.objects.visible_to(self.request.user)
        self.status = self.request.GET.get("status", "")
        if self.status in Grievance.Status.values:
            grievances = grievances.filter(status=self.status)
        else:
            self.status = ""
        return grievances.order_by("-received_on", "-pk")

    def paginate_queryset(self, queryset, page_size):
        """Count the grievances without joining their companies, then read the page as rows."""
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = rows.rewrite(False).values_list(*self.CARD_FIELDS, named=True)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facts = shared_reference()
        context.update(
            status=self.status,
            status_links=cards.choice_links(
                self.request, "status", self.status, Grievance.Status.choices
            ),
            cards=cards.grievance_cards(
                context["grievances"], context["insider"], facts["organisation_names"]
            ),
            board=facts["board"],
            can_submit=bool(managed_company_ids(self.request.user)),
        )
        return context


class GrievanceDetailView(InsiderMixin, DetailView):
    template_name = "council/grievance_detail.jinja"
    context_object_name = "grievance"

    def get_queryset(self):
        return (
            Grievance.objects.visible_to(self.request.user)
            .select_related("company", "holder")
            .prefetch_related(
                Prefetch("events", queryset=GrievanceEvent.objects.order_by("occurred_at", "pk")),
                Prefetch("meetings", queryset=Meeting.objects.visible_to(self.request.user)),
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.filter(
                        meeting__in=Meeting.objects.visible_to(self.request.user)
                    ).select_related("meeting"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grievance = self.object
        user = self.request.user
        own = user.is_authenticated and (
            grievance.submitted_by_id == user.pk
            or Grievance.objects.of_manager(user).filter(pk=grievance.pk).exists()
        )
        context["own"] = own
        language = page_language()
        company = grievance.company
        name = pick(company.name, company.name_en, language) if grievance.company_id else None
        if context["insider"] or own:
            context["company_name"] = name
        else:
            context["company_name"] = Grievance.name_shown_publicly(
                name, grievance.company_name_public
            )
        # The title is kept in both languages; the description, reasons and notes only in
        # Korean: on an English page they are the Korean original, marked.
        events = list(grievance.events.all())
        for event in events:
            event.note_text = pick(event.note, "", language)
        context.update(
            title=pick(grievance.title_ko, grievance.title_en, language),
            description=pick(grievance.description, "", language),
            rejection_reason=pick(grievance.rejection_reason, "", language),
            events=events,
        )
        return context


class GrievanceCreateView(LoginRequiredMixin, CreateView):
    template_name = "council/grievance_form.jinja"
    form_class = GrievanceForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.companies = Company.objects.managed_by(request.user).order_by("name", "pk")
            if not self.companies.exists():
                raise PermissionDenied(_("기업 담당자만 애로사항을 접수할 수 있습니다."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["companies"] = self.companies
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        self.object = services.submit_grievance(
            company=data["company"],
            user=self.request.user,
            title=data["title"],
            description=data["description"],
            company_name_public=data["company_name_public"],
            is_public=data["is_public"],
        )
        messages.success(
            self.request,
            _("애로사항을 접수했습니다. 처리 상태가 바뀔 때마다 이메일로 알려 드립니다."),
        )
        return redirect(self.object.get_absolute_url())


@method_decorator(never_cache_page, name="dispatch")
class CalendarFeedView(View):
    """Upcoming meetings as iCalendar, for a member's calendar app (secret-token URL)."""

    def get(self, request, user_id, token):
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None or not constant_time_compare(token, calendar.token_for(user)):
            raise Http404
        if not is_council_insider(user):
            raise Http404
        meetings = Meeting.objects.visible_to(user).filter(
            starts_at__gte=timezone.now() - datetime.timedelta(days=30)
        )
        response = HttpResponse(
            calendar.render(meetings.order_by("starts_at", "pk")[:200]),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'inline; filename="gvalley-council.ics"'
        response["Cache-Control"] = "private, no-store"
        return response
