from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("<str:slug>/", views.IndexView.as_view(), name="detail"),
]
