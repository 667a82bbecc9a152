"""The council's back office: meetings with agenda, attendance and minutes; the grievance queue."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gvalley.translated import KoreanRequiredAdmin

from . import services
from .forms import MinutesAdminForm
from .models import (
    AgendaComment,
    AgendaItem,
    Attendance,
    Document,
    Grievance,
    GrievanceEvent,
    Meeting,
    Membership,
    Minutes,
    Organisation,
)


class ChoicesOnceMixin:
    """Read each select's choices once per page, not once per inline row.

    A ModelChoiceField reads its queryset again for every form that draws it, so an inline with
    n rows asked the database n + 1 times for the same list (the empty form counts too). The
    choices are read here, when the inline's form class is built (once per request), and the
    rows share the list. Autocomplete and raw-id widgets draw no list and are left alone.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if (
            isinstance(field, forms.ModelChoiceField)
            and isinstance(field.widget, forms.Select)
            and not isinstance(field.widget, AutocompleteSelect)
        ):
            # iter(): list() would first ask the iterator's len(), a COUNT query of its own.
            field.choices = list(iter(field.choices))
        return field


# Each public Korean text with its English one beside it (council/translation.py): the English
# is optional, as long as the Korean, and the minutes are sanitised in both (MinutesAdminForm).


class MembershipInline(KoreanRequiredAdmin, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["seat", "office_title_ko", "office_title_en", "start_date", "end_date", "user"]
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "position", "is_sample"]
    list_editable = ["position"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["name_ko", "name_en", "short_name_ko", "short_name_en"]
    fields = [
        ("name_ko", "name_en"),
        ("short_name_ko", "short_name_en"),
        "kind",
        ("description_ko", "description_en"),
        "position",
        "is_sample",
    ]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    list_display = ["organisation", "seat", "office_title", "start_date", "end_date", "user"]
    list_filter = ["seat", "organisation"]
    list_select_related = ["organisation", "user"]
    search_fields = ["organisation__name_ko", "office_title_ko", "office_title_en", "user__email"]
    fields = [
        "organisation",
        "seat",
        ("office_title_ko", "office_title_en"),
        "start_date",
        "end_date",
        "user",
        "is_sample",
    ]
    autocomplete_fields = ["organisation", "user"]
    date_hierarchy = "start_date"


# The council has a handful of member organisations: a plain select (read once per page) serves
# the staff better than an autocomplete, which asked the database once per row for its label.
class AgendaItemInline(KoreanRequiredAdmin, ChoicesOnceMixin, admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = [
        "position",
        ("title_ko", "title_en"),
        "proposer",
        ("summary_ko", "summary_en"),
        ("background_ko", "background_en"),
        ("decision_ko", "decision_en"),
    ]
    ordering = ["position", "pk"]


class AttendanceInline(ChoicesOnceMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["organisation", "status"]

    def get_queryset(self, request):
        # Each row is titled with str(attendance), which names the organisation.
        return super().get_queryset(request).select_related("organisation")


class DocumentInline(KoreanRequiredAdmin, ChoicesOnceMixin, admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "agenda_item", "title_ko", "title_en", "file", "size"]
    readonly_fields = ["size"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MinutesInline(KoreanRequiredAdmin, admin.StackedInline):
    model = Minutes
    form = MinutesAdminForm
    fields = [("body_ko", "body_en"), "status", "published_at"]
    readonly_fields = ["status", "published_at"]
    extra = 0
    max_num = 1


@admin.register(Meeting)
class MeetingAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "number", "starts_at", "place", "status", "is_sample"]
    list_filter = ["kind", "status", "is_sample"]
    search_fields = ["place_ko", "place_en", "agenda_items__title_ko", "agenda_items__title_en"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at", "pk"]
    readonly_fields = ["status", "agenda_published_at", "updated_by", "updated_at"]
    fields = [
        ("kind", "number"),
        "starts_at",
        ("place_ko", "place_en"),
        ("status", "agenda_published_at"),
        ("updated_by", "updated_at"),
    ]
    inlines = [AgendaItemInline, AttendanceInline, DocumentInline, MinutesInline]
    actions = ["publish_agenda", "mark_held", "publish_minutes"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_vector()

    @admin.action(description=_("안건 공개 (위원에게 이메일 발송)"))
    def publish_agenda(self, request, queryset):
        published = 0
        for meeting in queryset.filter(status=Meeting.Status.SCHEDULED):
            try:
                services.publish_agenda(meeting, by=request.user)
                published += 1
            except ValidationError as error:
                self.message_user(request, f"{meeting}: {error.messages[0]}", messages.ERROR)
        self.message_user(
            request,
            ngettext(
                "회의 %(n)d건의 안건을 공개했습니다.",
                "회의 %(n)d건의 안건을 공개했습니다.",
                published,
            )
            % {"n": published},
        )

    @admin.action(description=_("개최 완료로 표시"))
    def mark_held(self, request, queryset):
        for meeting in queryset:
            services.mark_held(meeting, by=request.user)
        self.message_user(request, _("개최 완료로 표시했습니다."))

    @admin.action(description=_("회의록 공개"))
    def publish_minutes(self, request, queryset):
        done = 0
        for meeting in queryset:
            try:
                services.publish_minutes(meeting, by=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{meeting}: {error.messages[0]}", messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("회의록 %(n)d건을 공개했습니다.", "회의록 %(n)d건을 공개했습니다.", done)
                % {"n": done},
            )


@admin.register(AgendaItem)
class AgendaItemAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    list_display = ["title", "meeting", "position", "proposer"]
    list_select_related = ["meeting", "proposer"]
    list_filter = ["meeting__kind", "proposer"]
    search_fields = ["title_ko", "title_en", "summary_ko", "summary_en"]
    fields = [
        "meeting",
        "position",
        ("title_ko", "title_en"),
        "proposer",
        ("summary_ko", "summary_en"),
        ("background_ko", "background_en"),
        ("decision_ko", "decision_en"),
    ]
    autocomplete_fields = ["meeting", "proposer"]


@admin.register(AgendaComment)
class AgendaCommentAdmin(admin.ModelAdmin):
    list_display = ["item", "author", "created_at"]
    list_select_related = ["item", "author"]
    search_fields = ["body", "item__title"]
    autocomplete_fields = ["item", "author"]


class GrievanceEventInline(admin.TabularInline):
    model = GrievanceEvent
    extra = 0
    fields = ["occurred_at", "status", "note", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        # Each step shows who made it, and is titled with str(event), which names the grievance.
        return super().get_queryset(request).select_related("grievance", "changed_by")

    def has_add_permission(self, request, obj=None):
        return False


class GrievanceAdminForm(forms.ModelForm):
    new_status = forms.ChoiceField(
        label=_("상태 변경"),
        required=False,
        choices=[("", "—")] + list(Grievance.Status.choices),
        help_text=_("바꾸면 처리 경과에 한 줄이 남고 제출한 기업에 이메일이 한 통 갑니다."),
    )
    note = forms.CharField(
        label=_("변경 메모"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("불가 사유"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Grievance
        exclude = ["status", "rejection_reason", "resolved_on", "updated_by"]

    def clean(self):
        cleaned = super().clean()
        new_status = cleaned.get("new_status")
        if new_status and self.instance.pk:
            if new_status == self.instance.status:
                raise ValidationError({"new_status": _("이미 그 상태입니다.")})
            if new_status not in self.instance.allowed_next():
                raise ValidationError(
                    {"new_status": _("지금 상태에서 그 상태로 바꿀 수 없습니다.")}
                )
            if new_status == Grievance.Status.REJECTED and not cleaned.get("reason", "").strip():
                raise ValidationError({"reason": _("불가로 처리하려면 사유를 적어 주세요.")})
        return cleaned


@admin.register(Grievance)
class GrievanceAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    form = GrievanceAdminForm
    list_display = [
        "title",
        "status",
        "holder",
        "company",
        "source",
        "is_public",
        "received_on",
        "resolved_on",
    ]
    list_filter = ["status", "source", "holder", "is_public", "is_sample"]
    list_select_related = ["holder", "company"]
    search_fields = ["title_ko", "title_en", "description", "company__name"]
    autocomplete_fields = ["holder", "meetings", "agenda_items", "submitted_by"]
    raw_id_fields = ["company"]
    date_hierarchy = "received_on"
    ordering = ["-received_on", "-pk"]
    readonly_fields = ["status", "rejection_reason", "resolved_on", "updated_by", "updated_at"]
    inlines = [GrievanceEventInline]
    fieldsets = [
        (None, {"fields": [("title_ko", "title_en"), "description", "source", "received_on"]}),
        (_("기업"), {"fields": ["company", "company_name_public", "submitted_by", "is_public"]}),
        (
            _("처리"),
            {
                "fields": [
                    "holder",
                    ("status", "resolved_on"),
                    "rejection_reason",
                    "new_status",
                    "note",
                    "reason",
                ]
            },
        ),
        (_("관련 회의"), {"fields": ["meetings", "agenda_items"]}),
        (_("기록"), {"fields": ["updated_by", "updated_at", "is_sample"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change:
                GrievanceEvent.objects.create(
                    grievance=obj,
                    status=obj.status,
                    note=form.cleaned_data.get("note", ""),
                    changed_by=request.user,
                )
        new_status = form.cleaned_data.get("new_status")
        if change and new_status:
            try:
                services.change_grievance_status(
                    obj,
                    new_status,
                    note=form.cleaned_data.get("note", ""),
                    reason=form.cleaned_data.get("reason", ""),
                    by=request.user,
                )
            except ValidationError as error:
                # Someone else moved it meanwhile: keep their change, say so.
                self.message_user(request, error.messages[0], messages.ERROR)
            obj.refresh_from_db()
