"""The staff's back office for events: editions, venues, events, their applicants, and the
spaces' request queue (decisions, day sheet, statistics)."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.translator import translator

from gvalley.translated import KoreanRequiredAdmin

from . import services
from .calendars import space_feed_path
from .forms import BookingDecisionForm, BookingRejectForm
from .models import (
    Booking,
    Call,
    Criterion,
    Edition,
    Entry,
    Event,
    EventPoster,
    Question,
    Registration,
    Space,
    SpaceClosure,
    SpaceHours,
    SpaceLayout,
    SpacePhoto,
    Venue,
    parse_ticket_code,
)
from .spaces import aware, check_capacity, check_slot, conflict_message, conflicts, occupancy


class EnglishBesideKorean(KoreanRequiredAdmin):
    """Show each translated text as its Korean and English inputs side by side, on one line.

    The model's plain field (`title`) is replaced by `title_ko` and `title_en` (events/
    translation.py), both with its length limit; the Korean one is required where the field was
    (KoreanRequiredAdmin), the English one never.
    """

    def get_fieldsets(self, request, obj=None):
        names = set(translator.get_options_for_model(self.model).fields)
        suffixed = {f"{name}_{language}" for name in names for language in ("ko", "en")}

        def pair(fields):
            result = []
            for field in fields:
                if isinstance(field, (list, tuple)):
                    result.extend(pair(field))
                elif field in names:
                    result.append((f"{field}_ko", f"{field}_en"))
                elif field not in suffixed:
                    result.append(field)
            return result

        return [
            (title, {**options, "fields": pair(options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]


@admin.register(Edition)
class EditionAdmin(EnglishBesideKorean, admin.ModelAdmin):
    list_display = ["__str__", "year", "starts_on", "ends_on", "is_sample"]
    list_filter = ["year", "is_sample"]
    search_fields = ["theme", "cohosts"]


@admin.register(Venue)
class VenueAdmin(EnglishBesideKorean, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # "map.example" → https://
    list_display = ["name", "address", "is_sample"]
    list_filter = ["is_sample"]
    search_fields = ["name", "address"]
    prepopulated_fields = {"slug": ["name_ko"]}


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class PosterInline(admin.StackedInline):
    model = EventPoster
    extra = 0
    max_num = 1


@admin.register(Event)
class EventAdmin(EnglishBesideKorean, admin.ModelAdmin):
    list_display = [
        "title",
        "starts_at",
        "category",
        "status",
        "registration_mode",
        "seats",
        "registrations_link",
        "edition",
        "in_english",
        "updated_by",
    ]
    list_filter = ["status", "category", "audience", "registration_mode", "edition", "is_sample"]
    search_fields = ["title", "summary", "organiser"]
    list_select_related = ["edition", "updated_by"]
    autocomplete_fields = ["venue", "edition"]
    prepopulated_fields = {"slug": ["title_ko"]}
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

    @admin.display(description=_("영문 행사명"), boolean=True)
    def in_english(self, obj):
        """Whether the event has its English title, which English pages show instead of the Korean."""
        return bool(obj.title_en)

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


# --- Spaces and their bookings --------------------------------------------------------------


class SpaceLayoutInline(admin.TabularInline):
    model = SpaceLayout
    extra = 0


class SpaceHoursInline(admin.TabularInline):
    model = SpaceHours
    extra = 0


class SpaceClosureInline(EnglishBesideKorean, admin.TabularInline):
    model = SpaceClosure
    extra = 0


class SpacePhotoInline(admin.TabularInline):
    model = SpacePhoto
    extra = 0


@admin.register(Space)
class SpaceAdmin(EnglishBesideKorean, admin.ModelAdmin):
    list_display = ["name", "venue", "kind", "capacity", "fee", "is_lounge", "is_active"]
    list_filter = ["kind", "is_active", "is_sample"]
    list_select_related = ["venue"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name_ko"]}
    inlines = [SpaceLayoutInline, SpaceHoursInline, SpaceClosureInline, SpacePhotoInline]


class DistrictBookingForm(forms.ModelForm):
    """Staff book a space directly for a district event (through services.book_for_district)."""

    publish_event = forms.BooleanField(
        label=_("행사 캘린더에 공개"),
        required=False,
        help_text=_("켜면 이 예약으로 공개 행사를 만들어 행사 달력에 보입니다."),
    )

    class Meta:
        model = Booking
        fields = [
            "space",
            "starts_at",
            "ends_at",
            "purpose",
            "attendees",
            "layout",
            "event",
            "contact_name",
            "contact_email",
            "contact_phone",
            "conditions",
        ]

    def clean(self):
        cleaned = super().clean()
        space, starts_at, ends_at = (
            cleaned.get("space"),
            cleaned.get("starts_at"),
            cleaned.get("ends_at"),
        )
        if space and starts_at and ends_at:
            try:
                check_slot(space, starts_at, ends_at, staff=True)
                if cleaned.get("layout") and cleaned.get("attendees"):
                    check_capacity(space, cleaned["layout"], cleaned["attendees"])
            except forms.ValidationError as error:
                self.add_error(None, error)
            else:
                overlapping = conflicts(space, starts_at, ends_at)
                if overlapping:
                    self.add_error(None, conflict_message(overlapping))
        return cleaned


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """The request queue: conflicts highlighted; decisions go through the services."""

    list_display = [
        "starts_at",
        "space",
        "who",
        "purpose",
        "attendees",
        "status",
        "conflict",
        "review",
    ]
    list_filter = ["status", "kind", "space"]
    list_select_related = ["space", "company", "event"]
    search_fields = ["purpose", "company__name", "contact_name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["event"]
    actions = ["approve_selected", "reject_selected"]
    readonly_fields = [
        "space",
        "kind",
        "status",
        "company",
        "requested_by",
        "starts_at",
        "ends_at",
        "screen_file",
        "decided_at",
        "decided_by",
        "cancelled_at",
        "contact_purged_at",
        "created_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_conflicts()

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = DistrictBookingForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*DistrictBookingForm._meta.fields, "publish_event"]
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        booking = services.book_for_district(
            data["space"],
            request.user,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            publish_event=data.get("publish_event", False),
            purpose=data["purpose"],
            attendees=data["attendees"],
            layout=data["layout"],
            event=data.get("event"),
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
            contact_phone=data.get("contact_phone", ""),
            conditions=data.get("conditions", ""),
        )
        obj.pk = booking.pk
        obj.blocked_until = booking.blocked_until

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except services.BookingError as error:
            # The form checked the slot; another approval committed in between.
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    @admin.display(description=_("신청 기업·행사"))
    def who(self, obj):
        if obj.company:
            return obj.company.name
        return obj.event.title if obj.event else obj.get_kind_display()

    @admin.display(description=_("겹치는 신청"), ordering="conflicts")
    def conflict(self, obj):
        if not obj.conflicts or not obj.is_open:
            return "—"
        return format_html(
            '<strong class="booking-conflict" style="color:#b00020">⚠ {}</strong>',
            ngettext("%(count)s건 겹침", "%(count)s건 겹침", obj.conflicts)
            % {"count": obj.conflicts},
        )

    @admin.display(description=_("검토"))
    def review(self, obj):
        if obj.status != Booking.Status.PENDING:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:events_booking_decide", args=[obj.pk]),
            _("승인·반려"),
        )

    @admin.action(description=_("선택한 신청 승인 (조건 없이)"))
    def approve_selected(self, request, queryset):
        done = 0
        for booking in queryset.order_by("created_at", "pk"):
            try:
                services.approve_booking(booking, request.user)
            except services.BookingError as error:
                self.message_user(request, f"{booking}: {error.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request, _("%(count)s건을 승인했습니다.") % {"count": done}, messages.SUCCESS
        )

    @admin.action(description=_("선택한 신청 반려 (사유 입력)"))
    def reject_selected(self, request, queryset):
        form = BookingRejectForm(request.POST if "apply_reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for booking in queryset:
                try:
                    services.reject_booking(
                        booking, request.user, reason=form.cleaned_data["reason"]
                    )
                except services.BookingError as error:
                    self.message_user(request, f"{booking}: {error.message}", messages.ERROR)
                else:
                    done += 1
            self.message_user(
                request, _("%(count)s건을 반려했습니다.") % {"count": done}, messages.SUCCESS
            )
            return None
        return TemplateResponse(
            request,
            "companies/admin/reason.html",
            {
                **self.admin_site.each_context(request),
                "title": _("선택한 신청 반려"),
                "form": form,
                "queryset": queryset,
                "action": "reject_selected",
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="events_booking_decide",
            ),
            path(
                "day-sheet/",
                self.admin_site.admin_view(self.day_sheet_view),
                name="events_booking_day_sheet",
            ),
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="events_booking_statistics",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            **extra,
        }

    def decide_view(self, request, pk):
        """Approve (with conditions) or reject (with a reason) one request, seeing its conflicts."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        booking = get_object_or_404(
            Booking.objects.select_related("space", "company", "requested_by"), pk=pk
        )
        form = BookingDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    services.approve_booking(
                        booking, request.user, conditions=form.cleaned_data["conditions"]
                    )
                    self.message_user(request, _("승인했습니다."), messages.SUCCESS)
                else:
                    services.reject_booking(
                        booking, request.user, reason=form.cleaned_data["reason"]
                    )
                    self.message_user(request, _("반려했습니다."), messages.SUCCESS)
            except services.BookingError as error:
                form.add_error(None, error.message)
            else:
                return HttpResponseRedirect(reverse("admin:events_booking_changelist"))
        overlapping = (
            Booking.objects.shown()
            .overlapping(booking.space_id, booking.starts_at, booking.blocked_until)
            .exclude(pk=booking.pk)
            .select_related("company", "event")
            .order_by("starts_at", "pk")
        )
        return TemplateResponse(
            request,
            "events/admin/booking_decide.html",
            self._context(
                request,
                _("대관 신청 검토"),
                booking=booking,
                form=form,
                overlapping=list(overlapping),
            ),
        )

    def day_sheet_view(self, request):
        """One space's approved bookings of one day, to print: who, layout, equipment, contact."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        all_spaces = list(Space.objects.order_by("position", "name", "pk"))
        space = next((s for s in all_spaces if str(s.pk) == request.GET.get("space")), None)
        space = space or (all_spaces[0] if all_spaces else None)
        try:
            day = datetime.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            day = timezone.localdate()
        bookings = []
        feed_url = ""
        if space is not None:
            bookings = list(
                Booking.objects.holding()
                .filter(
                    space=space,
                    starts_at__lt=aware(day + datetime.timedelta(days=1)),
                    ends_at__gt=aware(day),
                )
                .select_related("company", "event", "requested_by")
                .order_by("starts_at", "pk")
            )
            feed_url = request.build_absolute_uri(space_feed_path(request.user, space))
        return TemplateResponse(
            request,
            "events/admin/booking_day_sheet.html",
            self._context(
                request,
                _("일일 이용표"),
                spaces=all_spaces,
                space=space,
                day=day,
                bookings=bookings,
                feed_url=feed_url,
            ),
        )

    def statistics_view(self, request):
        """Occupancy per space and month: booked hours against open hours, requests by status."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        months = []
        for offset in range(-5, 3):
            index = today.year * 12 + today.month - 1 + offset
            months.append((index // 12, index % 12 + 1))
        rows = occupancy(Space.objects.order_by("position", "name", "pk"), months)
        statuses = [(value, str(label)) for value, label in Booking.Status.choices]
        for row in rows:
            row["counts"] = [row["by_status"][value] for value, _label in statuses]
        return TemplateResponse(
            request,
            "events/admin/booking_statistics.html",
            self._context(request, _("공간 이용 통계"), rows=rows, statuses=statuses),
        )


# --- Open calls ----------------------------------------------------------------------------


class CriterionInline(EnglishBesideKorean, admin.TabularInline):
    model = Criterion
    extra = 1


@admin.register(Call)
class CallAdmin(EnglishBesideKorean, admin.ModelAdmin):
    list_display = ["title", "event", "kind", "opens_at", "closes_at", "results_on", "published"]
    list_filter = ["kind", "entrants"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    filter_horizontal = ["judges"]
    prepopulated_fields = {"slug": ["title_ko"]}
    inlines = [CriterionInline]

    @admin.display(description=_("결과 공개"), boolean=True)
    def published(self, call):
        return call.results_published


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Staff's view of entries (personal data included: staff run the call)."""

    list_display = [
        "code",
        "call",
        "status",
        "title",
        "nickname",
        "award",
        "picked",
        "submitted_at",
    ]
    list_filter = ["call", "status", "picked"]
    list_select_related = ["call"]
    search_fields = ["code", "title", "nickname"]
    readonly_fields = [
        "code",
        "status",
        "entrant",
        "consent_collection_at",
        "consent_perform_at",
        "guardian_verified_at",
        "submitted_at",
    ]
    actions = ["pick", "unpick"]

    def has_add_permission(self, request):
        return False  # entries come from the entry form, with their consents

    @admin.action(description=_("선택한 사연을 공연 사연으로 선정"))
    def pick(self, request, queryset):
        count = services.set_picked(list(queryset), True)
        self.message_user(request, ngettext("%d건 선정", "%d건 선정", count) % count)

    @admin.action(description=_("선택한 사연 선정 취소"))
    def unpick(self, request, queryset):
        count = services.set_picked(list(queryset), False)
        self.message_user(request, ngettext("%d건 선정 취소", "%d건 선정 취소", count) % count)


# The 수출상담회's back office lives in its own module; importing it registers its admin classes.
from . import consultation_admin  # noqa: E402, F401
