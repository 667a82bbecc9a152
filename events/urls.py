from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("calendar/", views.MonthView.as_view(), name="calendar"),
    path("calendar/<int:year>/<int:month>/", views.MonthView.as_view(), name="calendar_month"),
    path("week/", views.WeekView.as_view(), name="week"),
    path("week/<int:year>/<int:week>/", views.WeekView.as_view(), name="week_of"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", views.ArchiveYearView.as_view(), name="archive_year"),
    path("gvalley-week/", views.EditionListView.as_view(), name="editions"),
    path("gvalley-week/<int:number>/", views.EditionView.as_view(), name="edition"),
    path("feed.ics", views.CalendarFeedView.as_view(), name="feed_ics"),
    path("feed/<str:category>.ics", views.CalendarFeedView.as_view(), name="feed_ics_category"),
    path("feed/rss/", views.LatestEventsFeed(), name="feed_rss"),
    path("feed/atom/", views.LatestEventsAtomFeed(), name="feed_atom"),
    path("registrations/<int:pk>/ticket/", views.TicketView.as_view(), name="ticket"),
    path("registrations/<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
    path("<str:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<str:slug>/event.ics", views.EventIcsView.as_view(), name="ics"),
    path("<str:slug>/register/", views.RegisterView.as_view(), name="register"),
    path("<str:slug>/apply/", views.ApplyView.as_view(), name="apply"),
    path("<str:slug>/check-in/", views.CheckInView.as_view(), name="check_in"),
    path(
        "<str:slug>/participants.csv", views.ParticipantsCsvView.as_view(), name="participants_csv"
    ),
]
