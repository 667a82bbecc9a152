from django.urls import path

from . import views

app_name = "heritage"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("stories/", views.StoryListView.as_view(), name="story_list"),
    path("stories/<str:slug>/", views.StoryDetailView.as_view(), name="story_detail"),
    path("galleries/", views.GalleryListView.as_view(), name="gallery_list"),
    path("galleries/<str:slug>/", views.GalleryDetailView.as_view(), name="gallery_detail"),
    path(
        "galleries/<str:slug>/photos/<int:pk>/",
        views.PhotoDetailView.as_view(),
        name="photo_detail",
    ),
    path("visit/", views.VisitView.as_view(), name="visit"),
    path("visit/<int:pk>/request/", views.VisitRequestView.as_view(), name="visit_request"),
]
