"""The 수출상담회's timetables: a buyer's, a company manager's (their company's meetings), or staff's
whole grid; on the web and as an iCalendar file."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.forms import modelformset_factory
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from gvalley import csvfiles
from gvalley.roles import is_district_staff
from gvalley.translated import pick

from . import consultation_review, consultation_workbook, consultations
from .calendars import timetable_calendar
from .consultation_forms import (
    BuyerProfileForm,
    LockForm,
    MoveForm,
    ParticipantProfileForm,
    RankForm,
    StatusForm,
    WishForm,
)
from .models import Buyer, BuyerInvitation, Consultation, Meeting, Participant
from .views import StaffRequiredMixin


def consultation_of_event(slug):
    """Return the consultation of the event at this address, or 404 if the event has none."""
    return get_object_or_404(Consultation.objects.select_related("event__venue"), event__slug=slug)


class PrivatePageMixin:
    """A page of one buyer, one company or the staff: kept by no browser or shared cache."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class TimetableMixin(PrivatePageMixin, LoginRequiredMixin):
    """The consultation of the URL's event, for someone who takes part in it (or staff)."""

    @cached_property
    def consultation(self):
        consultation = consultation_of_event(self.kwargs["slug"])
        user = self.request.user
        takes_part = (
            is_district_staff(user)
            or consultation.buyers.filter(user=user).exists()
            or consultation.participants.filter(company__memberships__user=user).exists()
        )
        if not takes_part:
            raise PermissionDenied(_("이 수출상담회의 참가자만 상담 일정을 볼 수 있습니다."))
        return consultation

    def meetings(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .filter(consultation=self.consultation)
            .select_related(
                "slot", "buyer", "participant__company", "interpreter", "consultation__event"
            )
            .order_by("slot__starts_at", "table", "pk")
        )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.consultation  # noqa: B018 - raises PermissionDenied for someone not taking part
        return super().dispatch(request, *args, **kwargs)


class TimetableView(TimetableMixin, TemplateView):
    template_name = "events/consultation/timetable.jinja"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "consultation": self.consultation,
            "event": self.consultation.event,
            "meetings": list(self.meetings()),
            "staff": is_district_staff(self.request.user),
            "buyer_view": not self.consultation.participants.filter(
                company__memberships__user=self.request.user
            ).exists(),
        }


class TimetableIcsView(TimetableMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        body = timetable_calendar(self.consultation, self.meetings())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="consultation-{self.consultation.pk}.ics"'
        )
        return response


class StaffConsultationMixin(PrivatePageMixin, StaffRequiredMixin):
    """District staff only; the consultation of the URL's event (404 if the event has none)."""

    @cached_property
    def consultation(self):
        return consultation_of_event(self.kwargs["slug"])

    def slot_meetings(self, slots):
        """Return [(slot, meetings of the slot by table)] for the given slots."""
        meetings = (
            self.consultation.meetings.filter(slot__in=slots)
            .select_related("buyer", "participant__company", "interpreter")
            .order_by("table", "pk")
        )
        by_slot = {slot.pk: [] for slot in slots}
        for meeting in meetings:
            by_slot[meeting.slot_id].append(meeting)
        return [(slot, by_slot[slot.pk]) for slot in slots]


class OutcomeTotalsView(StaffConsultationMixin, TemplateView):
    """Staff: meetings held and amounts by buyer country and company industry, and as CSV."""

    template_name = "events/consultation/totals.jinja"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            header = [
                _("구분"),
                _("코드"),
                _("이름"),
                _("상담 건수"),
                _("상담액(USD)"),
                _("계약 예상액(USD)"),
            ]
            rows = [
                [label, *row]
                for by, label in ((k, v) for k, v in self.groups())
                for row in consultations.outcome_totals(self.consultation, by)
            ]
            return csvfiles.response(
                f"consultation-{self.consultation.pk}-totals.csv", header, rows
            )
        return super().get(request, *args, **kwargs)

    def groups(self):
        return [("country", _("바이어 국가별")), ("industry", _("기업 업종별"))]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "consultation": self.consultation,
            "event": self.consultation.event,
            "tables": [
                (label, consultations.outcome_totals(self.consultation, by))
                for by, label in self.groups()
            ],
        }


OutcomeFormSet = modelformset_factory(
    Meeting, fields=["status", "amount_usd", "outcome"], extra=0, edit_only=True
)


class OutcomeEditView(TimetableMixin, TemplateView):
    """A company manager (or staff) records each meeting's outcome after the event."""

    template_name = "events/consultation/outcomes.jinja"

    def get_formset(self):
        user = self.request.user
        meetings = self.meetings()
        if not is_district_staff(user):
            meetings = meetings.filter(participant__company__memberships__user=user)
        return OutcomeFormSet(self.request.POST or None, queryset=meetings)

    def get_context_data(self, **kwargs):
        formset = kwargs.get("formset") or self.get_formset()
        return {
            **super().get_context_data(**kwargs),
            "consultation": self.consultation,
            "event": self.consultation.event,
            "formset": formset,
            "rows": list(
                zip(formset.forms, [form.instance for form in formset.forms], strict=True)
            ),
        }

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset), status=400)
        formset.save()
        messages.success(request, _("상담 결과를 저장했습니다."))
        return redirect(request.path)


class ProfileView(LoginRequiredMixin, TemplateView):
    """A participating company's manager: the English profile and the buyers it wants to meet."""

    template_name = "events/consultation/profile.jinja"

    @cached_property
    def participant(self):
        participant = (
            Participant.objects.filter(
                consultation__event__slug=self.kwargs["slug"],
                company__memberships__user=self.request.user,
            )
            .select_related("consultation__event", "company")
            .order_by("pk")
            .first()
        )
        if participant is None:
            raise PermissionDenied(_("이 수출상담회의 참가 기업 담당자만 쓸 수 있습니다."))
        return participant

    def forms(self):
        data = self.request.POST if self.request.method == "POST" else None
        buyers = self.participant.consultation.buyers.order_by("company_name", "pk")
        wishes = dict(self.participant.wishes.values_list("buyer", "rank"))
        return (
            ParticipantProfileForm(
                data,
                self.request.FILES if data is not None else None,
                instance=self.participant,
                prefix="profile",
            ),
            WishForm(data, buyers=buyers, wishes=wishes, prefix="wish"),
        )

    def get_context_data(self, **kwargs):
        profile, wishes = kwargs.get("forms") or self.forms()
        return {
            **super().get_context_data(**kwargs),
            "participant": self.participant,
            "event": self.participant.consultation.event,
            "profile_form": profile,
            "wish_form": wishes,
        }

    def post(self, request, *args, **kwargs):
        profile, wishes = self.forms()
        if profile.is_valid() and wishes.is_valid():
            try:
                with transaction.atomic():
                    profile.save()
                    consultations.save_wishes(self.participant, wishes.ranks())
            except consultations.ConsultationError as error:
                wishes.add_error(None, str(error))
            else:
                messages.success(request, _("상담 프로필과 희망 바이어를 저장했습니다."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(forms=(profile, wishes)), status=400)


class BuyerProfileView(LoginRequiredMixin, TemplateView):
    """A buyer's account: its profile in English, the slots it is present, the companies it wants."""

    template_name = "events/consultation/buyer_profile.jinja"

    @cached_property
    def buyer(self):
        buyer = (
            Buyer.objects.filter(
                consultation__event__slug=self.kwargs["slug"], user=self.request.user
            )
            .select_related("consultation__event")
            .first()
        )
        if buyer is None:
            raise PermissionDenied(_("이 수출상담회의 바이어 계정만 쓸 수 있습니다."))
        return buyer

    def forms(self):
        data = self.request.POST if self.request.method == "POST" else None
        consultation = self.buyer.consultation
        slots = list(consultation.slots.order_by("starts_at"))
        absent = set(self.buyer.absences.values_list("slot", flat=True))
        participants = consultation.participants.select_related("company").order_by(
            "company__name", "pk"
        )
        wishes = dict(self.buyer.wishes.values_list("participant", "rank"))
        return (
            BuyerProfileForm(
                data,
                instance=self.buyer,
                prefix="profile",
                slots=slots,
                present=[slot.pk for slot in slots if slot.pk not in absent],
            ),
            RankForm(data, participants=participants, wishes=wishes, prefix="rank"),
        )

    def get_context_data(self, **kwargs):
        profile, ranks = kwargs.get("forms") or self.forms()
        return {
            **super().get_context_data(**kwargs),
            "buyer": self.buyer,
            "event": self.buyer.consultation.event,
            "profile_form": profile,
            "rank_form": ranks,
        }

    def post(self, request, *args, **kwargs):
        profile, ranks = self.forms()
        if profile.is_valid() and ranks.is_valid():
            try:
                with transaction.atomic():
                    profile.save()
                    consultations.save_buyer_choices(
                        self.buyer, profile.cleaned_data["present"], ranks.ranks()
                    )
            except consultations.ConsultationError as error:
                ranks.add_error(None, str(error))
            else:
                messages.success(request, _("바이어 프로필을 저장했습니다."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(forms=(profile, ranks)), status=400)


# Buyers: the invitation by mail, and the profiles of the companies they meet -----------------


class BuyerInvitationView(PrivatePageMixin, LoginRequiredMixin, TemplateView):
    """Follow the invitation's link signed in (or signed up), then accept: the account becomes the
    buyer's, and the buyer goes on to its English profile."""

    template_name = "events/consultation/buyer_invitation.jinja"

    @cached_property
    def invitation(self):
        return get_object_or_404(
            BuyerInvitation.objects.select_related("buyer__consultation__event"),
            token=self.kwargs["token"],
            buyer__consultation__event__slug=self.kwargs["slug"],
        )

    def profile_url(self):
        return reverse("events:consultation_buyer", kwargs={"slug": self.kwargs["slug"]})

    def get(self, request, *args, **kwargs):
        invitation = self.invitation
        if invitation.accepted_at and invitation.buyer.user_id == request.user.pk:
            return redirect(self.profile_url())  # their own link, followed again
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        problem = kwargs.pop("problem", None)
        if problem is None:
            problem = consultations.invitation_problem(self.invitation, self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "invitation": self.invitation,
            "buyer": self.invitation.buyer,
            "event": self.invitation.buyer.consultation.event,
            "problem": problem,
        }

    def post(self, request, *args, **kwargs):
        try:
            buyer = consultations.accept_buyer_invitation(self.invitation.token, request.user)
        except consultations.ConsultationError as error:
            return self.render_to_response(self.get_context_data(problem=str(error)), status=400)
        messages.success(
            request,
            _("이제 이 계정이 %(buyer)s의 바이어 계정입니다. 프로필을 채워 주세요.")
            % {"buyer": buyer.company_name},
        )
        return redirect(self.profile_url())


class CompanyProfileMixin(PrivatePageMixin, LoginRequiredMixin):
    """A participating company of the URL's consultation, for those who may read its profile:
    a buyer with a published meeting with it, its managers, staff (anyone else: 404)."""

    @cached_property
    def participant(self):
        return get_object_or_404(
            Participant.objects.visible_to(self.request.user).select_related(
                "company__industry", "consultation__event"
            ),
            consultation__event__slug=self.kwargs["slug"],
            pk=self.kwargs["pk"],
        )


class ParticipantDetailView(CompanyProfileMixin, TemplateView):
    """A company's consultation profile, as a buyer reads it (in English on /en/)."""

    template_name = "events/consultation/company.jinja"

    def get_context_data(self, **kwargs):
        participant = self.participant
        company = participant.company
        industry = company.industry
        names = consultations.country_names(get_language())
        return {
            **super().get_context_data(**kwargs),
            "participant": participant,
            "company": company,
            "event": participant.consultation.event,
            "name": pick(company.name, company.name_en),
            "industry": industry and pick(industry.name, industry.name_en),
            "countries": [names.get(code, code) for code in participant.target_countries],
        }


class CatalogueView(CompanyProfileMixin, View):
    """The company's catalogue (PDF), to those who may read its profile; never a public URL."""

    def get(self, request, *args, **kwargs):
        participant = self.participant
        if not participant.catalogue:
            raise Http404(_("이 기업은 카탈로그를 올리지 않았습니다."))
        try:
            handle = participant.catalogue.open("rb")
        except FileNotFoundError as error:
            raise Http404(_("파일을 찾을 수 없습니다.")) from error
        name = slugify(participant.company.name_en) or f"company-{participant.pk}"
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{name}-catalogue.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


# Staff: the Excel file, the table sheet per slot, and the on-the-day page --------------------


class GridWorkbookView(StaffConsultationMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            consultation_workbook.grid_workbook(self.consultation),
            content_type=consultation_workbook.XLSX_TYPE,
        )
        response["Content-Disposition"] = (
            f'attachment; filename="consultation-{self.consultation.pk}-grid.xlsx"'
        )
        return response


class TableSheetView(StaffConsultationMixin, TemplateView):
    """The printable sheet: per slot, each table's buyer, company and interpreter."""

    template_name = "events/consultation/sheet.jinja"

    def get_context_data(self, **kwargs):
        slots = list(self.consultation.slots.order_by("starts_at", "pk"))
        return {
            **super().get_context_data(**kwargs),
            "consultation": self.consultation,
            "event": self.consultation.event,
            "sheet": self.slot_meetings(slots),
        }


class DayView(StaffConsultationMixin, TemplateView):
    """On the day: one slot's meetings, marked held or no-show, or moved to a free slot and table."""

    template_name = "events/consultation/day.jinja"

    def get(self, request, *args, **kwargs):
        slots = list(self.consultation.slots.order_by("starts_at", "pk"))
        chosen = request.GET.get("slot")
        if chosen is None:
            slot = slots[0] if slots else None
        else:
            if not chosen.isdigit():
                # The page of the first slot, saying what was wrong with the address.
                messages.error(request, _("시간대 번호가 올바르지 않습니다."))
                return self.render_day(slots, slots[0] if slots else None, status=400)
            slot = next((s for s in slots if s.pk == int(chosen)), None)
            if slot is None:
                raise Http404(_("이 수출상담회에 그런 시간대가 없습니다."))
        return self.render_day(slots, slot)

    def render_day(self, slots, slot, status=200):
        context = self.get_context_data(
            slots=slots,
            slot=slot,
            meetings=self.slot_meetings([slot])[0][1] if slot else [],
            statuses=[Meeting.Status.HELD, Meeting.Status.NO_SHOW, Meeting.Status.SCHEDULED],
        )
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "consultation": self.consultation,
            "event": self.consultation.event,
        }


class DayMeetingView(DayView):
    """POST only: set a meeting's status, or move it, then back to its slot with a message.

    Malformed values give the day page again with the errors and status 400; the service's
    refusals (an occupied table, a busy party …) come back as a message after a redirect."""

    http_method_names = ["post"]
    action = None

    def post(self, request, *args, **kwargs):
        meeting = get_object_or_404(
            self.consultation.meetings.select_related("slot", "buyer", "participant__company"),
            pk=kwargs["meeting"],
        )
        form = (
            StatusForm(request.POST)
            if self.action == "status"
            else MoveForm(request.POST, consultation=self.consultation)
        )
        if not form.is_valid():
            if self.action == "status":
                messages.error(request, _("상태 값이 올바르지 않습니다."))
            else:
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
            slots = list(self.consultation.slots.order_by("starts_at", "pk"))
            return self.render_day(slots, meeting.slot, status=400)
        if self.action == "status":
            self.set_status(request, meeting, form.cleaned_data["status"])
        else:
            meeting = self.move(request, meeting, form.cleaned_data)
        day = reverse("events:consultation_day", kwargs={"slug": self.consultation.event.slug})
        return redirect(f"{day}?slot={meeting.slot_id}")

    def set_status(self, request, meeting, status):
        meeting.status = status
        meeting.save(update_fields=["status"])
        messages.success(
            request,
            _("%(meeting)s: %(status)s(으)로 표시했습니다.")
            % {"meeting": meeting_name(meeting), "status": meeting.get_status_display()},
        )

    def move(self, request, meeting, data):
        try:
            moved = consultations.move_meeting(meeting, data["slot"], data["table"])
        except consultations.ConsultationError as error:
            messages.error(request, str(error))
            return meeting
        messages.success(
            request,
            _("%(meeting)s: %(slot)s %(table)d번 테이블로 옮겼습니다.")
            % {
                "meeting": meeting_name(moved),
                "slot": consultation_workbook.slot_label(moved.slot),
                "table": moved.table,
            },
        )
        return moved


def meeting_name(meeting):
    return f"{meeting.buyer.company_name} × {meeting.participant.company.name}"


# Staff: review a generated schedule, lock meetings, run again for the rest, publish -----------


class ReviewView(StaffConsultationMixin, TemplateView):
    """The whole grid with the last run's report; the forms post to ReviewActionView."""

    template_name = "events/consultation/review.jinja"

    def get_context_data(self, **kwargs):
        consultation = self.consultation
        meetings = consultation.meetings
        return {
            **super().get_context_data(**kwargs),
            "consultation": consultation,
            "event": consultation.event,
            "tables": range(1, consultation.tables + 1),
            "rows": consultation_review.grid(consultation),
            "report": consultation_review.report(consultation),
            "run": consultation_review.run_state(consultation),
            "counts": meetings.aggregate(
                meetings=Count("pk"),
                locked=Count("pk", filter=Q(locked=True)),
                unpublished=Count("pk", filter=Q(published=False)),
            ),
        }


class ReviewActionView(ReviewView):
    """POST only: lock or unlock a meeting, lock them all, queue a run, or publish; then back to
    the review page with a message. A malformed or foreign meeting gives the page again with the
    error and status 400, nothing written."""

    http_method_names = ["post"]
    action = None

    def post(self, request, *args, **kwargs):
        if self.action == "lock":
            form = LockForm(request.POST, consultation=self.consultation)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return self.render_to_response(self.get_context_data(), status=400)
            try:
                self.lock(request, form.cleaned_data["meeting"], form.cleaned_data["locked"])
            except consultations.ConsultationError as error:
                messages.error(request, str(error))
        else:
            try:
                getattr(self, self.action)(request)
            except consultations.ConsultationError as error:
                messages.error(request, str(error))
        return redirect("events:consultation_review", slug=self.consultation.event.slug)

    def lock(self, request, meeting, locked):
        changed = consultations.set_locked(self.consultation, meeting.pk, locked)
        name = meeting_name(meeting)
        if not changed:
            messages.info(
                request,
                (
                    _("%(meeting)s: 이미 고정되어 있습니다.")
                    if locked
                    else _("%(meeting)s: 이미 고정이 풀려 있습니다.")
                )
                % {"meeting": name},
            )
        elif locked:
            messages.success(request, _("%(meeting)s: 고정했습니다.") % {"meeting": name})
        else:
            messages.success(request, _("%(meeting)s: 고정을 풀었습니다.") % {"meeting": name})

    def lock_all(self, request):
        count = consultations.lock_all(self.consultation)
        messages.success(request, _("상담 %(count)d건을 더 고정했습니다.") % {"count": count})

    def generate(self, request):
        consultations.queue_generation(self.consultation)
        messages.success(
            request,
            _("자동 배정을 시작했습니다. 고정한 상담은 그대로 두고 나머지를 다시 배정합니다."),
        )

    def publish(self, request):
        consultations.publish(self.consultation)
        messages.success(
            request,
            _(
                "배정 결과를 공개했습니다. 바이어와 참가 기업 담당자에게 상담 일정을 메일로 보냅니다."
            ),
        )
