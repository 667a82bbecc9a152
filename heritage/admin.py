"""The staff back office of 금천 순이의 집."""

from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gvalley.translated import KoreanRequiredAdmin

from . import services
from .forms import OpenSlotsForm
from .models import (
    Gallery,
    OpeningHours,
    Photo,
    SpecialDay,
    Story,
    StoryPhoto,
    StoryStatus,
    TimelineEntry,
    VisitInfo,
    VisitRequest,
    VisitSlot,
)


def _thumbnail(obj):
    if not obj or not obj.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="80" height="{}" loading="lazy">',
        obj.rendition_url(320),
        obj.alt_text,
        round(obj.height * 80 / obj.width) if obj.width else 60,
    )


# Each Korean text with its English one beside it (heritage/translation.py): the English is
# optional, as long as the Korean, and rich text is sanitised in both (Story.save).


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    max_num = 7


class SpecialDayInline(KoreanRequiredAdmin, admin.TabularInline):
    model = SpecialDay
    fields = ["date", "kind", "opens", "closes", "reason_ko", "reason_en"]
    extra = 1
    ordering = ["-date"]
    verbose_name_plural = _("임시 휴관·운영 시간 변경 (최근 순)")


@admin.register(VisitInfo)
class VisitInfoAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    list_display = ["name", "address", "confirmation_state", "updated_at", "updated_by"]
    list_select_related = ["updated_by"]
    list_filter = ["needs_confirmation"]
    search_fields = ["name_ko", "name_en", "address_ko", "address_en"]
    readonly_fields = ["updated_at", "updated_by"]
    fields = [
        ("name_ko", "name_en"),
        ("address_ko", "address_en"),
        ("directions_ko", "directions_en"),
        ("admission_ko", "admission_en"),
        ("contact_ko", "contact_en"),
        ("notes_ko", "notes_en"),
        "needs_confirmation",
        "is_sample",
        "updated_at",
        "updated_by",
    ]
    inlines = [OpeningHoursInline, SpecialDayInline]

    @admin.display(description=_("확인 필요"), ordering="needs_confirmation")
    def confirmation_state(self, obj):
        if obj.needs_confirmation:
            return format_html('<strong style="color:#b3261e">{}</strong>', _("확인 필요"))
        return _("확인됨")

    def has_add_permission(self, request):
        # One museum: staff edit the existing record rather than adding a second one.
        return super().has_add_permission(request) and not VisitInfo.objects.exists()

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SpecialDay)
class SpecialDayAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    list_display = ["date", "kind", "opens", "closes", "reason", "visit_info"]
    list_select_related = ["visit_info"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["reason_ko", "reason_en"]
    fields = ["visit_info", "date", "kind", "opens", "closes", ("reason_ko", "reason_en")]
    date_hierarchy = "date"
    autocomplete_fields = ["visit_info"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    list_display = ["date", "display_date", "title", "is_published", "photo", "is_sample"]
    list_display_links = ["date", "title"]
    list_select_related = ["photo"]
    list_filter = ["is_published", "precision", "is_sample"]
    search_fields = ["title_ko", "title_en", "text_ko", "text_en", "period_label_ko"]
    fields = [
        "date",
        "precision",
        ("period_label_ko", "period_label_en"),
        ("title_ko", "title_en"),
        ("text_ko", "text_en"),
        "photo",
        "is_published",
        "is_sample",
    ]
    autocomplete_fields = ["photo"]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("선택한 연표 항목 공개"))
    def publish(self, request, queryset):
        for entry in queryset:  # save() per row so the page cache is invalidated
            entry.is_published = True
            entry.save(update_fields=["is_published"])

    @admin.action(description=_("선택한 연표 항목 비공개"))
    def unpublish(self, request, queryset):
        for entry in queryset:
            entry.is_published = False
            entry.save(update_fields=["is_published"])


class PhotoInline(KoreanRequiredAdmin, admin.StackedInline):
    model = Photo
    extra = 1
    fields = [
        "image",
        "preview",
        ("alt_text_ko", "alt_text_en"),
        ("caption_ko", "caption_en"),
        ("credit_ko", "credit_en"),
        ("period_ko", "period_en"),
        "position",
    ]
    readonly_fields = ["preview"]

    @admin.display(description=_("미리보기"))
    def preview(self, obj):
        return _thumbnail(obj)


@admin.register(Gallery)
class GalleryAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    list_display = ["title", "is_published", "photo_count", "position", "updated_at", "is_sample"]
    list_filter = ["is_published", "is_sample"]
    search_fields = ["title_ko", "title_en", "description_ko", "description_en"]
    prepopulated_fields = {"slug": ["title_ko"]}
    fields = [
        ("title_ko", "title_en"),
        "slug",
        ("description_ko", "description_en"),
        "is_published",
        "position",
        "is_sample",
    ]
    inlines = [PhotoInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(photo_total=Count("photos"))

    @admin.display(description=_("사진 수"), ordering="photo_total")
    def photo_count(self, obj):
        return obj.photo_total


@admin.register(Photo)
class PhotoAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "caption", "credit", "gallery", "position"]
    list_select_related = ["gallery"]
    list_filter = ["gallery"]
    search_fields = ["alt_text_ko", "alt_text_en", "caption_ko", "caption_en", "credit_ko"]
    fields = [
        "gallery",
        "image",
        ("alt_text_ko", "alt_text_en"),
        ("caption_ko", "caption_en"),
        ("credit_ko", "credit_en"),
        ("period_ko", "period_en"),
        "position",
        "is_sample",
    ]
    autocomplete_fields = ["gallery"]

    @admin.display(description=_("사진"))
    def thumbnail(self, obj):
        return _thumbnail(obj)


class StoryPhotoInline(KoreanRequiredAdmin, admin.StackedInline):
    model = StoryPhoto
    extra = 1
    fields = [
        "image",
        "preview",
        ("alt_text_ko", "alt_text_en"),
        ("caption_ko", "caption_en"),
        ("credit_ko", "credit_en"),
        "position",
    ]
    readonly_fields = ["preview"]

    @admin.display(description=_("미리보기"))
    def preview(self, obj):
        return _thumbnail(obj)


@admin.register(Story)
class StoryAdmin(KoreanRequiredAdmin, admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "period",
        "status",
        "published_at",
        "preview_link",
        "is_sample",
    ]
    list_filter = ["status", "kind", "is_sample"]
    search_fields = ["title_ko", "title_en", "summary_ko", "summary_en", "body_ko"]
    prepopulated_fields = {"slug": ["title_ko"]}
    filter_horizontal = ["timeline_entries"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title_ko", "title_en"),
                    "slug",
                    "kind",
                    ("period_ko", "period_en"),
                    ("summary_ko", "summary_en"),
                    ("body_ko", "body_en"),
                    ("sources_ko", "sources_en"),
                ]
            },
        ),
        (_("연결"), {"fields": ["timeline_entries"]}),
        (_("공개"), {"fields": ["status", "published_at"]}),
        (_("기록"), {"fields": ["created_at", "created_by", "updated_at", "updated_by"]}),
    ]
    inlines = [StoryPhotoInline]
    actions = ["publish", "unpublish"]

    def view_on_site(self, obj):
        # A path on this host (not the sites framework's domain), so a draft opens as a preview
        # in the staff member's own session.
        return obj.get_absolute_url()

    @admin.display(description=_("미리보기"))
    def preview_link(self, obj):
        label = _("공개 화면") if obj.is_public else _("초안 미리보기")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("선택한 이야기 공개"))
    def publish(self, request, queryset):
        now = timezone.now()
        count = 0
        for story in queryset.exclude(status=StoryStatus.PUBLISHED):
            story.status = StoryStatus.PUBLISHED
            story.published_at = story.published_at or now
            story.updated_by = request.user
            story.save()
            count += 1
        self.message_user(
            request,
            ngettext("이야기 %d개를 공개했습니다.", "이야기 %d개를 공개했습니다.", count) % count,
        )

    @admin.action(description=_("선택한 이야기를 초안으로 되돌리기"))
    def unpublish(self, request, queryset):
        count = 0
        for story in queryset.filter(status=StoryStatus.PUBLISHED):
            story.status = StoryStatus.DRAFT
            story.updated_by = request.user
            story.save()
            count += 1
        self.message_user(
            request,
            ngettext(
                "이야기 %d개를 초안으로 되돌렸습니다.",
                "이야기 %d개를 초안으로 되돌렸습니다.",
                count,
            )
            % count,
        )


class VisitRequestInline(admin.TabularInline):
    model = VisitRequest
    extra = 0
    fields = ["group_name", "group_kind", "people", "contact_name", "status", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(VisitSlot)
class VisitSlotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "capacity", "booked_display", "places_left_display", "is_open"]
    list_filter = ["is_open", ("starts_at", admin.DateFieldListFilter), "is_sample"]
    date_hierarchy = "starts_at"
    search_fields = ["starts_at"]
    actions = ["close_slots", "reopen_slots"]
    inlines = [VisitRequestInline]
    change_list_template = "heritage/admin/visitslot_change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_booked()

    @admin.display(description=_("신청 인원"), ordering="booked")
    def booked_display(self, obj):
        return obj.booked

    @admin.display(description=_("남은 자리"))
    def places_left_display(self, obj):
        return obj.places_left

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("선택한 시간대 신청 마감"))
    def close_slots(self, request, queryset):
        for slot in queryset:
            slot.is_open = False
            slot.save(update_fields=["is_open"])

    @admin.action(description=_("선택한 시간대 다시 열기"))
    def reopen_slots(self, request, queryset):
        for slot in queryset:
            slot.is_open = True
            slot.save(update_fields=["is_open"])

    def get_urls(self):
        return [
            path(
                "open/",
                self.admin_site.admin_view(self.open_slots_view),
                name="heritage_visitslot_open",
            ),
            *super().get_urls(),
        ]

    def open_slots_view(self, request):
        """Open slots for a date range, chosen weekdays and times, in one step."""
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = OpenSlotsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            created, skipped = services.open_slots(
                start_date=data["start_date"],
                end_date=data["end_date"],
                weekdays=set(data["weekdays"]),
                times=data["times"],
                capacity=data["capacity"],
                user=request.user,
                skip_closed=data["skip_closed"],
            )
            self.message_user(
                request,
                _(
                    "시간대 %(created)d개를 열었습니다. (이미 있던 %(skipped)d개는 그대로 두었습니다.)"
                )
                % {"created": created, "skipped": skipped},
                messages.SUCCESS,
            )
            return redirect("admin:heritage_visitslot_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("단체 관람 시간대 한 번에 열기"),
            "form": form,
        }
        return TemplateResponse(request, "heritage/admin/open_slots.html", context)


@admin.register(VisitRequest)
class VisitRequestAdmin(admin.ModelAdmin):
    list_display = [
        "group_name",
        "group_kind",
        "people",
        "slot",
        "status",
        "contact_name",
        "contact_email",
        "created_at",
    ]
    list_select_related = ["slot", "requester"]
    list_filter = ["status", "group_kind", ("slot__starts_at", admin.DateFieldListFilter)]
    search_fields = ["group_name", "contact_name", "contact_email"]
    autocomplete_fields = ["requester"]
    readonly_fields = ["status", "created_at", "decided_at", "decided_by"]
    actions = ["confirm", "decline"]

    def get_readonly_fields(self, request, obj=None):
        # Places are guarded by services.request_visit: staff change the slot or size of an
        # existing request only by declining it and asking the group to request again.
        if obj is not None:
            return [*self.readonly_fields, "slot", "people"]
        return self.readonly_fields

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("선택한 신청 확정 (신청자에게 메일)"))
    def confirm(self, request, queryset):
        count = services.confirm_requests(queryset, user=request.user)
        self.message_user(request, _("신청 %(n)d건을 확정했습니다.") % {"n": count})

    @admin.action(description=_("선택한 신청 거절 (신청자에게 메일)"))
    def decline(self, request, queryset):
        count = services.decline_requests(queryset, user=request.user)
        self.message_user(request, _("신청 %(n)d건을 거절했습니다.") % {"n": count})
