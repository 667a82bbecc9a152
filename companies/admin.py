"""The staff back office for the directory: review queue first, actions with reasons, import."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import csvformat, services
from .forms import ImportForm, ReasonForm
from .importing import ImportAborted, count_rows
from .models import (
    ENGLISH_FIELDS,
    Building,
    Certification,
    ClaimRequest,
    Company,
    CompanyHistory,
    CompanyLogo,
    CompanyMembership,
    CompanyPhoto,
    ExportMarket,
    ImportJob,
    IndustryDivision,
    IndustrySection,
    Invitation,
    PendingChange,
)
from .tasks import run_import


def reason_action(modeladmin, request, queryset, *, action, title, service, done):
    """Ask staff for a reason on an intermediate page, then run the service for each row."""
    form = ReasonForm(request.POST if "apply_reason" in request.POST else None)
    if form.is_bound and form.is_valid():
        count = 0
        for obj in queryset:
            if service(obj, request.user, form.cleaned_data["reason"]):
                count += 1
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
        return None
    return TemplateResponse(
        request,
        "companies/admin/reason.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "queryset": queryset,
            "action": action,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


class MembershipInline(admin.TabularInline):
    model = CompanyMembership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


class PhotoInline(admin.TabularInline):
    model = CompanyPhoto
    extra = 0
    fields = ["image", "caption"]


class PendingChangeInline(admin.TabularInline):
    model = PendingChange
    extra = 0
    can_delete = False
    fields = ["status", "name", "business_number", "logo", "requested_by", "requested_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class HistoryInline(admin.TabularInline):
    model = CompanyHistory
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "user", "changes_display", "note"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("변경 이력 (최근 순)")

    @admin.display(description=gettext_lazy("바뀐 값"))
    def changes_display(self, obj):
        if not obj.changes:
            return "—"
        # Every value escaped: the changes hold what managers typed.
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} → {}",
            ((key, repr(old), repr(new)) for key, (old, new) in obj.changes.items()),
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EnglishProfileFilter(admin.SimpleListFilter):
    """Companies with or without an English profile (the directory's "English profile" filter)."""

    title = gettext_lazy("영문 프로필")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("있음")), ("no", gettext_lazy("없음"))]

    def queryset(self, request, queryset):
        english = Company.objects.with_english_profile().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=english)
        if self.value() == "no":
            return queryset.exclude(pk__in=english)
        return queryset


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    # A website typed without its scheme ("gvalley.example") is saved as https://, as on the
    # company's own edit form.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "status_badge",
        "industry",
        "complex",
        "building",
        "created_at",
        "approved_at",
        "english_completeness",
        "is_sample",
    ]
    list_filter = [
        "status",
        EnglishProfileFilter,
        "complex",
        "employee_band",
        "industry__section",
        "certifications",
        "building",
        "is_sample",
    ]
    search_fields = ["name", "name_en", "business_number", "keywords", "=slug"]
    list_select_related = ["industry", "building"]
    autocomplete_fields = ["industry", "building", "certifications", "export_markets", "logo"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at", "approved_at", "created_by"]
    inlines = [MembershipInline, PhotoInline, PendingChangeInline, HistoryInline]
    actions = ["approve", "reject", "hide", "unhide", "export_csv"]
    date_hierarchy = "created_at"
    list_per_page = 50
    show_full_result_count = False
    change_list_template = "companies/admin/company_change_list.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name", "name_en"),
                    "slug",
                    "business_number",
                    "status",
                    "status_reason",
                ]
            },
        ),
        (
            gettext_lazy("프로필"),
            {
                "fields": [
                    "representative_title",
                    "industry",
                    "complex",
                    "building",
                    "floor",
                    "unit",
                    # Each Korean text with its English one beside it (companies/translation.py).
                    ("road_address_ko", "road_address_en"),
                    "founded_year",
                    "employee_band",
                    ("products_ko", "products_en"),
                    ("keywords_ko", "keywords_en"),
                    "certifications",
                    "export_markets",
                    "website",
                    "phone",
                    "email",
                    "logo",
                    ("description_ko", "description_en"),
                ]
            },
        ),
        (
            gettext_lazy("기록"),
            {"fields": ["created_by", "created_at", "updated_at", "approved_at", "is_sample"]},
        ),
    ]

    def get_ordering(self, request):
        # The review queue first, then the newest registrations.
        return [
            Case(
                When(status=Company.Status.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ).asc(),
            "-created_at",
            "-pk",
        ]

    @admin.display(description=gettext_lazy("영문 정보"))
    def english_completeness(self, obj):
        """How many of the English texts are filled in: 2/4."""
        filled = sum(bool(getattr(obj, f"{name}_en", "")) for name in ENGLISH_FIELDS)
        return f"{filled}/{len(ENGLISH_FIELDS)}"

    @admin.display(description=gettext_lazy("상태"), ordering="status")
    def status_badge(self, obj):
        colours = {"pending": "#b35c00", "approved": "#1e7a3c", "rejected": "#b3261e"}
        return format_html(
            '<strong style="color:{}">{}</strong>',
            colours.get(obj.status, "#555"),
            obj.get_status_display(),
        )

    def save_model(self, request, obj, form, change):
        before = services.snapshot(Company.objects.get(pk=obj.pk)) if change else None
        if not change:
            obj.created_by = request.user
        if obj.status == Company.Status.APPROVED and obj.approved_at is None:
            obj.approved_at = timezone.now()
        super().save_model(request, obj, form, change)
        if change:
            changes = services.diff(before, services.snapshot(obj))
            if changes or form.changed_data:
                services.record(
                    obj,
                    request.user,
                    CompanyHistory.Action.STAFF_EDITED,
                    changes,
                    note=", ".join(form.changed_data),
                )
        else:
            services.record(obj, request.user, CompanyHistory.Action.REGISTERED)

    @admin.action(description=gettext_lazy("선택한 기업 승인 (공개)"))
    def approve(self, request, queryset):
        count = sum(services.approve_company(c, request.user) for c in queryset)
        self.message_user(
            request,
            _("%(count)s개 기업을 승인했습니다. 담당자에게 메일을 보냈습니다.") % {"count": count},
        )

    @admin.action(description=gettext_lazy("선택한 기업 반려 (사유 입력)"))
    def reject(self, request, queryset):
        return reason_action(
            self,
            request,
            queryset,
            action="reject",
            title=_("기업 등록 반려"),
            service=services.reject_company,
            done=_("%(count)s개 기업을 반려했습니다. 담당자에게 사유를 메일로 보냈습니다."),
        )

    @admin.action(description=gettext_lazy("선택한 기업 숨기기 (폐업·이전 등, 사유 입력)"))
    def hide(self, request, queryset):
        return reason_action(
            self,
            request,
            queryset,
            action="hide",
            title=_("기업 숨기기"),
            service=services.hide_company,
            done=_("%(count)s개 기업을 디렉터리에서 숨겼습니다. (삭제하지 않았습니다)"),
        )

    @admin.action(description=gettext_lazy("선택한 숨긴 기업 다시 공개"))
    def unhide(self, request, queryset):
        count = sum(services.unhide_company(c, request.user) for c in queryset)
        self.message_user(request, _("%(count)s개 기업을 다시 공개했습니다.") % {"count": count})

    @admin.action(
        description=gettext_lazy("선택한 기업 CSV로 내보내기 (고쳐서 다시 가져올 수 있음)")
    )
    def export_csv(self, request, queryset):
        stamp = timezone.localdate().isoformat()
        return csvformat.export_response(
            queryset.order_by("name", "pk"), f"gvalley-companies-{stamp}.csv"
        )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="companies_company_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a CSV: a worker imports it; the job's page shows progress and the report."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            raw = upload.read()
            try:
                rows = count_rows(raw)
            except ImportAborted as error:
                form.add_error("file", str(error))
            else:
                with transaction.atomic():
                    job = ImportJob.objects.create(
                        file_name=upload.name[:255],
                        content=raw,
                        update_existing=form.cleaned_data["registered"] == "update",
                        rows_total=rows,
                        created_by=request.user,
                    )
                    run_import.enqueue(job.pk)
                self.message_user(
                    request,
                    _(
                        "가져오기를 시작했습니다. 이 페이지를 떠나도 계속되며, 끝나면 "
                        "메일로 알려 드립니다."
                    ),
                    messages.SUCCESS,
                )
                return redirect(job.get_absolute_url())
        return TemplateResponse(
            request,
            "companies/admin/import.html",
            {
                **self.admin_site.each_context(request),
                "title": _("CSV로 기업 가져오기"),
                "form": form,
                "opts": self.model._meta,
                "jobs_url": reverse("admin:companies_importjob_changelist"),
            },
        )


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Each CSV import: its progress while a worker runs it, then its report, row by row."""

    list_display = [
        "file_name",
        "status",
        "progress",
        "created",
        "error_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    search_fields = ["file_name"]
    fields = [
        "file_name",
        "status",
        "progress",
        "update_existing",
        "created",
        "updated",
        "unchanged",
        "error_count",
        "message",
        "created_by",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("진행"))
    def progress(self, job):
        if job.status == ImportJob.Status.WAITING:
            return _("작업자를 기다리는 중 (%(total)s행)") % {"total": job.rows_total}
        if job.status == ImportJob.Status.RUNNING and job.stage == ImportJob.Stage.SAVING:
            return _("저장 중: %(saved)s / %(total)s행") % {
                "saved": job.rows_saved,
                "total": job.rows_total,
            }
        return _("%(done)s / %(total)s행 검사 (%(percent)s%%)") % {
            "done": job.rows_done,
            "total": job.rows_total,
            "percent": job.percent,
        }

    @admin.display(description=gettext_lazy("오류 행"))
    def error_count(self, job):
        return len(job.errors)

    def summary(self, job):
        return _(
            "%(created)s개 기업을 가져왔습니다. 고친 기업 %(updated)s개, "
            "바뀐 내용이 없는 기업 %(unchanged)s개. 오류 %(errors)s행은 건너뛰었습니다."
        ) % {
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "errors": len(job.errors),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "job": job,
            "errors_shown": job.errors[:500] if job else [],
            "refresh": job is not None and not job.finished,
            "summary": self.summary(job) if job and job.status == ImportJob.Status.DONE else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ["company", "summary", "status", "requested_by", "requested_at", "logo_preview"]
    list_filter = ["status"]
    search_fields = ["company__name", "name", "business_number"]
    list_select_related = ["company", "requested_by", "logo"]
    readonly_fields = [
        "company",
        "name",
        "business_number",
        "logo",
        "logo_preview",
        "requested_by",
        "requested_at",
        "status",
        "decided_by",
        "decided_at",
        "reason",
    ]
    actions = ["apply", "reject"]

    @admin.display(description=gettext_lazy("새 로고"))
    def logo_preview(self, obj):
        if not obj.logo_id:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="max-height:48px">', obj.logo.rendition_url(320)
        )

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("선택한 변경 승인 (공개 정보에 반영)"))
    def apply(self, request, queryset):
        count = 0
        for change in queryset:
            try:
                count += services.apply_change(change, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        self.message_user(request, _("%(count)s건을 반영했습니다.") % {"count": count})

    @admin.action(description=gettext_lazy("선택한 변경 반려 (사유 입력)"))
    def reject(self, request, queryset):
        return reason_action(
            self,
            request,
            queryset,
            action="reject",
            title=_("변경 반려"),
            service=services.reject_change,
            done=_("%(count)s건을 반려했습니다."),
        )


@admin.register(ClaimRequest)
class ClaimRequestAdmin(admin.ModelAdmin):
    list_display = ["company", "user", "position", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["company__name", "user__email", "position"]
    list_select_related = ["company", "user"]
    readonly_fields = [
        "company",
        "user",
        "position",
        "message",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("선택한 요청 승인 (담당자로 추가)"))
    def approve(self, request, queryset):
        count = sum(services.approve_claim(c, request.user) for c in queryset)
        self.message_user(request, _("%(count)s건을 승인했습니다.") % {"count": count})

    @admin.action(description=gettext_lazy("선택한 요청 반려 (사유 입력)"))
    def reject(self, request, queryset):
        return reason_action(
            self,
            request,
            queryset,
            action="reject",
            title=_("관리 권한 요청 반려"),
            service=services.reject_claim,
            done=_("%(count)s건을 반려했습니다."),
        )


@admin.register(CompanyHistory)
class CompanyHistoryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "company", "action", "user", "note"]
    list_filter = ["action"]
    search_fields = ["company__name", "user__email", "note"]
    list_select_related = ["company", "user"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "complex", "road_address", "is_sample"]
    list_filter = ["kind", "complex", "is_sample"]
    search_fields = ["name", "name_en", "road_address"]
    prepopulated_fields = {"slug": ["name"]}
    # The Korean name and the English one as the owners write it, side by side.
    fields = [("name", "name_en"), "slug", "kind", "complex", "road_address", "is_sample"]


@admin.register(IndustrySection)
class IndustrySectionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]
    fields = ["code", ("name", "name_en")]


@admin.register(IndustryDivision)
class IndustryDivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "section"]
    list_filter = ["section"]
    search_fields = ["code", "name", "name_en"]
    fields = ["code", "section", ("name", "name_en")]
    list_select_related = ["section"]


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    fields = [("name", "name_en"), "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ExportMarket)
class ExportMarketAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["company", "email", "invited_by", "created_at", "accepted_at"]
    search_fields = ["company__name", "email"]
    list_select_related = ["company", "invited_by"]
    readonly_fields = ["token", "created_at", "accepted_at", "accepted_by", "invited_by"]
    autocomplete_fields = ["company"]


@admin.register(CompanyLogo)
class CompanyLogoAdmin(admin.ModelAdmin):
    list_display = ["company", "uploaded_at", "width", "height"]
    search_fields = ["company__name"]
    list_select_related = ["company"]
    autocomplete_fields = ["company"]
