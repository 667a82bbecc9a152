from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.CompanyListView.as_view(), name="index"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("mine/", views.MyCompaniesView.as_view(), name="mine"),
    path(
        "invitations/<str:token>/",
        views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
    path("<str:slug>/", views.CompanyDetailView.as_view(), name="detail"),
    path("<str:slug>/edit/", views.EditView.as_view(), name="edit"),
    path("<str:slug>/photos/", views.PhotosView.as_view(), name="photos"),
    path(
        "<str:slug>/photos/<int:pk>/delete/",
        views.PhotoDeleteView.as_view(),
        name="photo_delete",
    ),
    path("<str:slug>/managers/", views.ManagersView.as_view(), name="managers"),
    path(
        "<str:slug>/managers/<int:pk>/remove/",
        views.RemoveManagerView.as_view(),
        name="remove_manager",
    ),
    path("<str:slug>/claim/", views.ClaimView.as_view(), name="claim"),
]
