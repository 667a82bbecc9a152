from django.urls import path

from . import views

app_name = "council"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("meetings/", views.MeetingArchiveView.as_view(), name="archive"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/comments/",
        views.CommentCreateView.as_view(),
        name="comment",
    ),
    path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/mail/", views.MailChoiceView.as_view(), name="mail_choice"),
    path("grievances/", views.GrievanceListView.as_view(), name="grievances"),
    path("grievances/new/", views.GrievanceCreateView.as_view(), name="grievance_new"),
    path("grievances/<int:pk>/", views.GrievanceDetailView.as_view(), name="grievance"),
    path(
        "calendar/<int:user_id>/<str:token>.ics",
        views.CalendarFeedView.as_view(),
        name="calendar",
    ),
]
