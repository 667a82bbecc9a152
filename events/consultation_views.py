"""The 수출상담회's timetables: a buyer's, a company manager's (their company's meetings), or staff's
whole grid; on the web and as an iCalendar file."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gvalley.roles import is_district_staff

from .calendars import timetable_calendar
from .models import Consultation, Meeting


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
        }


class TimetableIcsView(TimetableMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        body = timetable_calendar(self.consultation, self.meetings())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="consultation-{self.consultation.pk}.ics"'
        )
        return response
