"""The staff's back office for events: editions, venues, events, and their applicants."""

from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import (
    Edition,
    Event,
    EventPoster,
    Question,
    Registration,
    Venue,
    parse_ticket_code,
)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "starts_on", "ends_on", "is_sample"]
    list_filter = ["year", "is_sample"]
    search_fields = ["theme", "cohosts"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # "map.example" → https://
    list_display = ["name", "address", "is_sample"]
    list_filter = ["is_sample"]
    search_fields = ["name", "address"]
    prepopulated_fields = {"slug": ["name"]}


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class PosterInline(admin.StackedInline):
    model = EventPoster
    extra = 0
    max_num = 1


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "starts_at",
        "category",
        "status",
        "registration_mode",
        "seats",
        "registrations_link",
        "edition",
        "updated_by",
    ]
    list_filter = ["status", "category", "audience", "registration_mode", "edition", "is_sample"]
    search_fields = ["title", "summary", "organiser"]
    list_select_related = ["edition", "updated_by"]
    autocomplete_fields = ["venue", "edition"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    inlines = [QuestionInline, PosterInline]
    readonly_fields = ["confirmed_count", "last_bib", "updated_by", "updated_at"]
    actions = ["publish", "cancel_events"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "edition", "status", "category", "audience", "organiser"]},
        ),
        (_("일시·장소"), {"fields": ["starts_at", "ends_at", "venue", "venue_note"]}),
        (_("소개"), {"fields": ["summary", "description", "how_to_take_part"]}),
        (
            _("참가 신청"),
            {
                "fields": [
                    "registration_mode",
                    "capacity",
                    "waitlist",
                    "registration_opens_at",
                    "registration_closes_at",
                    "needs_bib",
                    "confirmed_count",
                    "last_bib",
                ]
            },
        ),
        (_("기록"), {"fields": ["is_sample", "updated_by", "updated_at"]}),
    ]

    @admin.display(description=_("확정/정원"))
    def seats(self, obj):
        return f"{obj.confirmed_count} / {obj.capacity if obj.capacity is not None else '∞'}"

    @admin.display(description=_("신청자"))
    def registrations_link(self, obj):
        if obj.registration_mode == Event.Mode.NONE:
            return "—"
        url = reverse("admin:events_registration_changelist") + f"?event__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">CSV</a> · <a href="{}">{}</a>',
            url,
            _("신청 목록"),
            reverse("events:participants_csv", args=[obj.slug]),
            reverse("events:check_in", args=[obj.slug]),
            _("입장 확인"),
        )

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("선택한 행사 공개"))
    def publish(self, request, queryset):
        count = 0
        for event in queryset.exclude(status=Event.Status.PUBLISHED):
            event.status = Event.Status.PUBLISHED
            event.updated_by = request.user
            event.save(update_fields=["status", "updated_by", "updated_at"])
            count += 1
        self.message_user(request, _("%(count)s개 행사를 공개했습니다.") % {"count": count})

    @admin.action(description=_("선택한 행사 취소(취소 표시로 계속 공개)"))
    def cancel_events(self, request, queryset):
        count = 0
        for event in queryset.exclude(status=Event.Status.CANCELLED):
            event.status = Event.Status.CANCELLED
            event.updated_by = request.user
            event.save(update_fields=["status", "updated_by", "updated_at"])
            count += 1
        self.message_user(request, _("%(count)s개 행사를 취소로 표시했습니다.") % {"count": count})


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "company",
        "user",
        "status",
        "answers_summary",
        "bib",
        "created_at",
        "decided_by",
        "checked_in_at",
    ]
    list_filter = ["status", "event__registration_mode", "event__edition"]
    search_fields = ["event__title", "company__name", "user__email", "user__name"]
    list_select_related = ["event", "company", "user", "decided_by"]
    raw_id_fields = ["event", "user", "company"]
    readonly_fields = [
        "event",
        "user",
        "company",
        "status",
        "answers_display",
        "display_code",
        "ticket",
        "bib",
        "created_at",
        "decided_at",
        "decided_by",
        "checked_in_at",
        "checked_in_by",
        "cancelled_at",
        "anonymised_at",
    ]
    exclude = ["answers"]
    actions = ["select_applications", "decline_applications"]

    def has_add_permission(self, request):
        # Seats are taken only through the services, which hold the event's lock.
        return False

    def get_search_results(self, request, queryset, search_term):
        """Find a ticket by its code too, typed as a person reads it out (abcd efgh, ABCD-EFGH)."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        code = parse_ticket_code(search_term)
        if code:
            queryset |= self.model.objects.filter(code=code)
        return queryset, may_have_duplicates

    @admin.display(description=_("입장 코드"))
    def display_code(self, obj):
        return obj.display_code

    @admin.display(description=_("답변 요약"))
    def answers_summary(self, obj):
        text = " / ".join(a["answer"] for a in obj.answers if a.get("answer"))
        return (text[:80] + "…") if len(text) > 80 else (text or "—")

    @admin.display(description=_("신청 답변"))
    def answers_display(self, obj):
        return "\n".join(f"{a['question']}: {a['answer']}" for a in obj.answers) or "—"

    @admin.action(description=_("선정 (정원까지, 신청 순서대로) 후 결과 메일 발송"))
    def select_applications(self, request, queryset):
        selected, refused = services.select(list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d건을 선정했습니다.", "%(count)d건을 선정했습니다.", len(selected))
            % {"count": len(selected)},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                _("정원이 차서 %(count)d건은 선정하지 못했습니다: %(names)s")
                % {
                    "count": len(refused),
                    "names": ", ".join(str(r.company or r.user) for r in refused),
                },
                messages.WARNING,
            )

    @admin.action(description=_("미선정 처리 후 결과 메일 발송"))
    def decline_applications(self, request, queryset):
        declined = services.decline(list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d건을 미선정 처리했습니다.",
                "%(count)d건을 미선정 처리했습니다.",
                len(declined),
            )
            % {"count": len(declined)},
            messages.SUCCESS,
        )
