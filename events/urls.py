from django.urls import path, register_converter

from . import consultation_views, views


class YearConverter:
    """Four digits: a longer number is no page of ours (404), never a number to compute with."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class SmallNumberConverter:
    """A month or a week: one or two digits."""

    regex = "[0-9]{1,2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


class UnicodeSlugConverter:
    """An event slug as Event.slug allows it (letters of any script, digits, - and _).

    Anything else (a NUL byte, a dot, a space) matches no page: 404, before any query.
    """

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(YearConverter, "events_year")
register_converter(SmallNumberConverter, "events_number")
register_converter(UnicodeSlugConverter, "events_slug")

app_name = "events"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("calendar/", views.MonthView.as_view(), name="calendar"),
    path(
        "calendar/<events_year:year>/<events_number:month>/",
        views.MonthView.as_view(),
        name="calendar_month",
    ),
    path("week/", views.WeekView.as_view(), name="week"),
    path("week/<events_year:year>/<events_number:week>/", views.WeekView.as_view(), name="week_of"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<events_year:year>/", views.ArchiveYearView.as_view(), name="archive_year"),
    path("gvalley-week/", views.EditionListView.as_view(), name="editions"),
    path("gvalley-week/<int:number>/", views.EditionView.as_view(), name="edition"),
    path("feed.ics", views.CalendarFeedView.as_view(), name="feed_ics"),
    path(
        "feed/<events_slug:category>.ics",
        views.CalendarFeedView.as_view(),
        name="feed_ics_category",
    ),
    path("feed/rss/", views.LatestEventsFeed(), name="feed_rss"),
    path("feed/atom/", views.LatestEventsAtomFeed(), name="feed_atom"),
    path("spaces/", views.SpaceListView.as_view(), name="spaces"),
    path("spaces/bookings/<int:pk>/", views.BookingDetailView.as_view(), name="booking"),
    path(
        "spaces/bookings/<int:pk>/screen/",
        views.BookingScreenFileView.as_view(),
        name="booking_screen",
    ),
    path("spaces/<slug:slug>/", views.SpaceWeekView.as_view(), name="space"),
    path(
        "spaces/<slug:slug>/week/<events_year:year>/<events_number:week>/",
        views.SpaceWeekView.as_view(),
        name="space_week",
    ),
    path(
        "spaces/<slug:slug>/month/<events_year:year>/<events_number:month>/",
        views.SpaceMonthView.as_view(),
        name="space_month",
    ),
    path("spaces/<slug:slug>/request/", views.SpaceRequestView.as_view(), name="space_request"),
    path(
        "spaces/<slug:slug>/staff/<int:user_id>/<str:token>.ics",
        views.SpaceStaffFeedView.as_view(),
        name="space_feed",
    ),
    path("calls/entries/<int:pk>/", views.EntryDetailView.as_view(), name="entry"),
    path(
        "calls/entries/<int:pk>/verify/",
        views.EntryActionView.as_view(action="verify"),
        name="entry_verify",
    ),
    path(
        "calls/entries/<int:pk>/resend/",
        views.EntryActionView.as_view(action="resend"),
        name="entry_resend",
    ),
    path(
        "calls/entries/<int:pk>/withdraw/",
        views.EntryActionView.as_view(action="withdraw"),
        name="entry_withdraw",
    ),
    path("calls/entries/<int:pk>/file.pdf", views.EntryFileView.as_view(), name="entry_file"),
    path("calls/pages/<int:pk>/", views.EntryPageFileView.as_view(), name="entry_page_file"),
    path(
        "calls/pages/<int:pk>/<int:width>w/",
        views.EntryPageFileView.as_view(),
        name="entry_page_rendition",
    ),
    path("calls/<slug:slug>/", views.CallDetailView.as_view(), name="call"),
    path("calls/<slug:slug>/enter/", views.EntryCreateView.as_view(), name="call_enter"),
    path("calls/<slug:slug>/judging/", views.JudgingView.as_view(), name="judging"),
    path("calls/<slug:slug>/judging/<str:code>/", views.ScoreView.as_view(), name="score"),
    path("calls/<slug:slug>/results/", views.ResultsView.as_view(), name="call_results"),
    path("calls/<slug:slug>/winners/", views.WinnersView.as_view(), name="winners"),
    path("calls/<slug:slug>/winners/<str:code>/", views.WinnerView.as_view(), name="winner"),
    path("registrations/<int:pk>/ticket/", views.TicketView.as_view(), name="ticket"),
    path("registrations/<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
    path("<events_slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<events_slug:slug>/event.ics", views.EventIcsView.as_view(), name="ics"),
    path(
        "<events_slug:slug>/consultation/timetable/",
        consultation_views.TimetableView.as_view(),
        name="consultation_timetable",
    ),
    path(
        "<events_slug:slug>/consultation/profile/",
        consultation_views.ProfileView.as_view(),
        name="consultation_profile",
    ),
    path(
        "<events_slug:slug>/consultation/buyer/",
        consultation_views.BuyerProfileView.as_view(),
        name="consultation_buyer",
    ),
    path(
        "<events_slug:slug>/consultation/invitation/<str:token>/",
        consultation_views.BuyerInvitationView.as_view(),
        name="consultation_invitation",
    ),
    path(
        "<events_slug:slug>/consultation/companies/<int:pk>/",
        consultation_views.ParticipantDetailView.as_view(),
        name="consultation_company",
    ),
    path(
        "<events_slug:slug>/consultation/companies/<int:pk>/catalogue.pdf",
        consultation_views.CatalogueView.as_view(),
        name="consultation_catalogue",
    ),
    path(
        "<events_slug:slug>/consultation/outcomes/",
        consultation_views.OutcomeEditView.as_view(),
        name="consultation_outcomes",
    ),
    path(
        "<events_slug:slug>/consultation/totals/",
        consultation_views.OutcomeTotalsView.as_view(),
        name="consultation_totals",
    ),
    path(
        "<events_slug:slug>/consultation/grid.xlsx",
        consultation_views.GridWorkbookView.as_view(),
        name="consultation_workbook",
    ),
    path(
        "<events_slug:slug>/consultation/sheet/",
        consultation_views.TableSheetView.as_view(),
        name="consultation_sheet",
    ),
    path(
        "<events_slug:slug>/consultation/day/",
        consultation_views.DayView.as_view(),
        name="consultation_day",
    ),
    path(
        "<events_slug:slug>/consultation/day/<int:meeting>/status/",
        consultation_views.DayMeetingView.as_view(action="status"),
        name="consultation_day_status",
    ),
    path(
        "<events_slug:slug>/consultation/day/<int:meeting>/move/",
        consultation_views.DayMeetingView.as_view(action="move"),
        name="consultation_day_move",
    ),
    path(
        "<events_slug:slug>/consultation/review/",
        consultation_views.ReviewView.as_view(),
        name="consultation_review",
    ),
    path(
        "<events_slug:slug>/consultation/review/lock/",
        consultation_views.ReviewActionView.as_view(action="lock"),
        name="consultation_review_lock",
    ),
    path(
        "<events_slug:slug>/consultation/review/lock-all/",
        consultation_views.ReviewActionView.as_view(action="lock_all"),
        name="consultation_review_lock_all",
    ),
    path(
        "<events_slug:slug>/consultation/review/generate/",
        consultation_views.ReviewActionView.as_view(action="generate"),
        name="consultation_review_generate",
    ),
    path(
        "<events_slug:slug>/consultation/review/publish/",
        consultation_views.ReviewActionView.as_view(action="publish"),
        name="consultation_review_publish",
    ),
    path(
        "<events_slug:slug>/consultation/timetable.ics",
        consultation_views.TimetableIcsView.as_view(),
        name="consultation_timetable_ics",
    ),
    path("<events_slug:slug>/register/", views.RegisterView.as_view(), name="register"),
    path("<events_slug:slug>/apply/", views.ApplyView.as_view(), name="apply"),
    path("<events_slug:slug>/check-in/", views.CheckInView.as_view(), name="check_in"),
    path(
        "<events_slug:slug>/participants.csv",
        views.ParticipantsCsvView.as_view(),
        name="participants_csv",
    ),
]
