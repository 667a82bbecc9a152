"""The 수출상담회's timetables: a buyer's, a company manager's (their company's meetings), or staff's
whole grid; on the web and as an iCalendar file."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import modelformset_factory
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gvalley import csvfiles
from gvalley.roles import is_district_staff

from . import consultations
from .calendars import timetable_calendar
from .consultation_forms import BuyerProfileForm, ParticipantProfileForm, RankForm, WishForm
from .models import Buyer, Consultation, Meeting, Participant
from .views import StaffRequiredMixin


class TimetableMixin(LoginRequiredMixin):
    """The consultation of the URL's event, for someone who takes part in it (or staff)."""

    @cached_property
    def consultation(self):
        consultation = get_object_or_404(
            Consultation.objects.select_related("event__venue"), event__slug=self.kwargs["slug"]
        )
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
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


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


class OutcomeTotalsView(StaffRequiredMixin, TemplateView):
    """Staff: meetings held and amounts by buyer country and company industry, and as CSV."""

    template_name = "events/consultation/totals.jinja"

    @cached_property
    def consultation(self):
        return get_object_or_404(
            Consultation.objects.select_related("event"), event__slug=self.kwargs["slug"]
        )

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
            ParticipantProfileForm(data, instance=self.participant, prefix="profile"),
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
