"""The staff's back office for the 수출상담회: the grid, buyers (and their CSV import), participating
companies, and the meetings, with actions to make the slots, generate, and publish."""

from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from . import consultations
from .models import (
    Absence,
    Buyer,
    BuyerInvitation,
    BuyerWish,
    CompanyWish,
    Consultation,
    ConsultationBreak,
    Interpreter,
    Meeting,
    Participant,
    Slot,
)

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class NoHiddenInitial:
    """A list field (ArrayField with a callable default) without its hidden "initial" twin: Django
    gives that hidden input the field's aria-describedby, which HTML does not allow."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, ArrayField) and field is not None:
            field.show_hidden_initial = False
        return field


class BreakInline(admin.TabularInline):
    model = ConsultationBreak
    extra = 0


class InterpreterInline(NoHiddenInitial, admin.TabularInline):
    model = Interpreter
    extra = 0


class BuyerImportForm(forms.Form):
    file = forms.FileField(
        label=_("바이어 CSV 파일"),
        help_text=_("UTF-8 CSV. 잘못된 행이 하나라도 있으면 아무것도 가져오지 않습니다."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("파일이 너무 큽니다(최대 2MB)."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("UTF-8 CSV가 아닙니다. 엑셀에서 ‘CSV UTF-8’로 저장해 주세요.")
            ) from error


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["event", "date", "tables", "generated_at", "published_at"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
    readonly_fields = ["last_run", "generated_at", "published_at"]
    inlines = [BreakInline, InterpreterInline]
    actions = ["add_selected", "build_slots", "generate", "publish"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/import-buyers/",
                self.admin_site.admin_view(self.import_buyers_view),
                name="events_consultation_import_buyers",
            ),
            *super().get_urls(),
        ]

    def _run(self, request, queryset, work, done):
        for consultation in queryset:
            try:
                work(consultation)
            except consultations.ConsultationError as error:
                self.message_user(request, f"{consultation}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{consultation}: {done}", messages.SUCCESS)

    @admin.action(description=_("선정 기업을 참가 기업으로 추가"), permissions=["change"])
    def add_selected(self, request, queryset):
        for consultation in queryset:
            count = consultations.add_selected_companies(consultation)
            self.message_user(
                request,
                _("%(consultation)s: 참가 기업 %(count)d곳을 추가했습니다.")
                % {"consultation": consultation, "count": count},
                messages.SUCCESS,
            )

    @admin.action(description=_("상담 시간대 만들기"), permissions=["change"])
    def build_slots(self, request, queryset):
        self._run(request, queryset, consultations.build_slots, _("시간대를 만들었습니다."))

    @admin.action(description=_("상담 자동 배정(고정한 상담은 유지)"), permissions=["change"])
    def generate(self, request, queryset):
        # The solver may take its whole time limit: a worker runs it (README, "Background jobs").
        self._run(
            request,
            queryset,
            consultations.queue_generation,
            _(
                "자동 배정을 시작했습니다. 끝나면 수출상담회의 ‘마지막 배정 결과’에 요약이 "
                "나타납니다."
            ),
        )

    @admin.action(description=_("배정 결과 공개"), permissions=["change"])
    def publish(self, request, queryset):
        self._run(request, queryset, consultations.publish, _("배정 결과를 공개했습니다."))

    def import_buyers_view(self, request, pk):
        """Upload the buyers' CSV: every row is checked first; one bad row and nothing is written."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        consultation = get_object_or_404(Consultation, pk=pk)
        form = BuyerImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                buyers = consultations.import_buyers(consultation, form.cleaned_data["file"])
            except consultations.ConsultationError as error:
                errors = str(error).splitlines()
            else:
                self.message_user(
                    request,
                    _("바이어 %(count)d곳을 가져왔습니다.") % {"count": len(buyers)},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:events_buyer_changelist"))
        return TemplateResponse(
            request,
            "events/consultation/admin_import_buyers.html",
            {
                **self.admin_site.each_context(request),
                "title": _("CSV로 바이어 가져오기"),
                "form": form,
                "errors": errors,
                "columns": ",".join(consultations.BUYER_COLUMNS),
                "consultation": consultation,
                "opts": self.model._meta,
            },
        )


@admin.register(Buyer)
class BuyerAdmin(NoHiddenInitial, admin.ModelAdmin):
    list_display = [
        "company_name",
        "country",
        "email",
        "account",
        "interpreter_language",
        "consultation",
    ]
    list_filter = ["consultation", "country"]
    search_fields = ["company_name", "contact_name", "email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["industries"]
    actions = ["send_invitation"]

    def get_queryset(self, request):
        open_invitations = BuyerInvitation.objects.filter(
            buyer=OuterRef("pk"), accepted_at__isnull=True
        ).order_by("-created_at")
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(invited_at=Subquery(open_invitations.values("created_at")[:1]))
        )

    @admin.display(description=_("계정"))
    def account(self, buyer):
        if buyer.user_id:
            return _("연결됨: %(email)s") % {"email": buyer.user.email}
        if buyer.invited_at:
            return _("초대함(%(day)s), 수락 전") % {"day": f"{buyer.invited_at:%Y-%m-%d}"}
        return "—"

    @admin.action(description=_("초대 메일 보내기"), permissions=["change"])
    def send_invitation(self, request, queryset):
        sent = 0
        for buyer in queryset:
            try:
                consultations.invite_buyer(buyer, request.user)
            except consultations.ConsultationError as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                _("바이어 %(count)d곳에 초대 메일을 보냈습니다.") % {"count": sent},
                messages.SUCCESS,
            )


@admin.register(BuyerInvitation)
class BuyerInvitationAdmin(admin.ModelAdmin):
    list_display = ["buyer", "email", "created_at", "accepted_at", "invited_by"]
    list_filter = ["buyer__consultation"]
    list_select_related = ["buyer", "invited_by"]
    search_fields = ["buyer__company_name", "email"]
    readonly_fields = [
        "buyer",
        "email",
        "token",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
    ]

    def has_add_permission(self, request):
        # Invitations are made by the buyers' "send invitation" action, which mails the link.
        return False


@admin.register(Participant)
class ParticipantAdmin(NoHiddenInitial, admin.ModelAdmin):
    list_display = ["company", "consultation", "export_experience", "has_catalogue"]
    list_filter = ["consultation", "export_experience"]
    list_select_related = ["company", "consultation__event"]
    search_fields = ["company__name"]
    autocomplete_fields = ["company"]

    @admin.display(description=_("카탈로그"), boolean=True)
    def has_catalogue(self, participant):
        return bool(participant.catalogue)


class MeetingAdminForm(forms.ModelForm):
    """A change of slot or table goes through the same checks as a move on the day."""

    class Meta:
        model = Meeting
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        meeting, slot, table = self.instance, cleaned.get("slot"), cleaned.get("table")
        moved = (
            meeting.pk
            and slot
            and table
            and (slot.pk, table)
            != (
                meeting.slot_id,
                meeting.table,
            )
        )
        if moved:
            try:
                consultations.check_move(meeting, slot, table)
            except consultations.ConsultationError as error:
                raise forms.ValidationError(str(error)) from error
        return cleaned


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    form = MeetingAdminForm
    list_display = ["slot", "table", "buyer", "participant", "interpreter", "locked", "status"]
    list_filter = ["consultation", "locked", "published", "status"]
    list_select_related = ["slot", "buyer", "participant__company", "interpreter"]
    list_editable = ["locked"]
    actions = ["mark_no_show", "mark_held"]
    search_fields = ["buyer__company_name", "participant__company__name"]
    raw_id_fields = ["slot", "buyer", "participant", "interpreter"]

    @admin.action(description=_("노쇼로 표시"), permissions=["change"])
    def mark_no_show(self, request, queryset):
        count = queryset.update(status=Meeting.Status.NO_SHOW)
        self.message_user(request, _("상담 %(count)d건을 노쇼로 표시했습니다.") % {"count": count})

    @admin.action(description=_("상담 완료로 표시"), permissions=["change"])
    def mark_held(self, request, queryset):
        count = queryset.update(status=Meeting.Status.HELD)
        self.message_user(
            request, _("상담 %(count)d건을 상담 완료로 표시했습니다.") % {"count": count}
        )

    def get_readonly_fields(self, request, obj=None):
        # Who meets whom is the scheduler's; staff move a meeting (slot, table) or lock it.
        return ["consultation", "buyer", "participant", "interpreter"] if obj else []

    def save_model(self, request, obj, form, change):
        if not (change and {"slot", "table"} & set(form.changed_data)):
            return super().save_model(request, obj, form, change)
        # The other fields are saved in place, then the move (checked again under the row lock);
        # the admin runs both in one transaction.
        slot, table = obj.slot, obj.table
        original = Meeting.objects.get(pk=obj.pk)
        obj.slot, obj.table = original.slot, original.table
        super().save_model(request, obj, form, change)
        consultations.move_meeting(obj, slot, table)
        obj.refresh_from_db()


for model in (Slot, Absence, CompanyWish, BuyerWish):
    admin.site.register(model)
