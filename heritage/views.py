"""Public pages of 금천 순이의 집, the staff preview of drafts, and the group-visit request."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.postgres.search import SearchRank
from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from gvalley.cache import shared_by_slug, shared_data
from gvalley.rendering import url_maker
from gvalley.roles import is_district_staff
from gvalley.search import bigram_query

from . import display, hours, services, structured
from .forms import VisitRequestForm
from .models import (
    Gallery,
    Photo,
    Story,
    StoryPhoto,
    TimelineEntry,
    VisitSlot,
    all_photos,
    photos_from_rows,
)


class IndexView(TemplateView):
    """The museum, today's state and hours, how to get there, and the newest stories."""

    template_name = "heritage/index.jinja"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = hours.current_status()
        context["museum_data"] = structured.museum(context["status"])
        context["stories"] = display.newest_story_cards()
        context["galleries"] = display.first_gallery_cards()
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        status = context["status"]
        if status is not None:
            # The page says "open now": cache it only until that can change (opening, closing,
            # midnight), so an anonymous visitor never gets a stale answer.
            response.page_cache_seconds = min(
                settings.PAGE_CACHE_SECONDS, hours.seconds_until(status["next_change"])
            )
        return response


class TimelineView(ListView):
    template_name = "heritage/timeline.jinja"
    context_object_name = "entries"

    def get_queryset(self):
        """Return the entries with their photos and linked stories, shared by every visitor
        until the content changes. A linked story dated later is kept with its date, and the
        page shows it from that moment (get_context_data)."""
        return shared_data(
            "heritage:timeline",
            lambda: list(
                TimelineEntry.objects.published()
                .select_related("photo")
                .prefetch_related(
                    Prefetch(
                        "stories",
                        # The link's fields, and what Story.is_public reads.
                        queryset=Story.objects.published_or_scheduled().only(
                            "title", "slug", "status", "published_at"
                        ),
                        to_attr="linked_stories",
                    )
                )
            ),
        )

    def get_context_data(self, **kwargs):
        # The related stories' links: one URL pattern, reversed once for the whole list.
        story_url = url_maker("heritage:story_detail", "slug")
        # Each entry's stories the public may read now (Story.is_public, the rule of
        # Story.objects.published()): the shared entries are not changed.
        public_stories = {
            entry.pk: [story for story in entry.linked_stories if story.is_public]
            for entry in self.object_list
        }
        return super().get_context_data(
            story_url=story_url, public_stories=public_stories, **kwargs
        )


class StoryListView(ListView):
    template_name = "heritage/story_list.jinja"
    context_object_name = "stories"
    paginate_by = 12

    def get_queryset(self):
        stories = Story.objects.published().for_cards()
        self.query = self.request.GET.get("q", "").strip()[:100]
        search = bigram_query(self.query) if self.query else None
        if search is not None:
            stories = (
                stories.filter(search_vector=search)
                .annotate(rank=SearchRank(F("search_vector"), search))
                .order_by("-rank", "-published_at", "pk")
            )
        return stories

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        context["stories"] = display.story_cards(context["object_list"])
        return context


class StoryDetailView(DetailView):
    """A story; staff may open a draft here to preview it (never cached: they are signed in)."""

    template_name = "heritage/story_detail.jinja"
    context_object_name = "story"
    slug_url_kwarg = "slug"

    def get_queryset(self):
        return (
            Story.objects.visible_to(self.request.user)
            .defer("search_vector")
            .annotate(photo_rows=all_photos(StoryPhoto, "story"))
        )

    def get_object(self, queryset=None):
        """Staff read the story afresh (a draft's preview); everyone else reads a published
        story as shared data until content changes, and a story dated later stays a 404 until
        its moment."""
        if is_district_staff(self.request.user):
            story = super().get_object(queryset)
            self.page = {"story": story, **self.shown_with(story)}
            return story
        self.page = shared_by_slug(Story, self.kwargs[self.slug_url_kwarg], self.read_page)
        if not self.page["story"].is_public:
            raise Http404
        return self.page["story"]

    def read_page(self, slug):
        """Return the story (published, or dated later) with what its page shows."""
        story = get_object_or_404(
            Story.objects.published_or_scheduled()
            .defer("search_vector")
            .annotate(photo_rows=all_photos(StoryPhoto, "story")),
            slug=slug,
        )
        return {"story": story, **self.shown_with(story)}

    def shown_with(self, story):
        # The photos came with the story (all_photos); for one story, a plain query for the
        # timeline entries costs less than a prefetch.
        photos = photos_from_rows(StoryPhoto, story.photo_rows)
        return {
            "photos": photos,
            "article_data": structured.article(story, photos),
            "timeline_entries": list(TimelineEntry.objects.published().filter(stories=story)),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            photos=self.page["photos"],
            article_data=self.page["article_data"],
            timeline_entries=self.page["timeline_entries"],
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_public:
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response


class GalleryListView(ListView):
    template_name = "heritage/gallery_list.jinja"
    context_object_name = "galleries"
    paginate_by = 12

    def get_queryset(self):
        return Gallery.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["galleries"] = display.gallery_cards(context["object_list"])
        return context


class GalleryDetailView(DetailView):
    template_name = "heritage/gallery_detail.jinja"
    context_object_name = "gallery"

    def get_queryset(self):
        return Gallery.objects.published().annotate(photo_rows=all_photos(Photo, "gallery"))

    def get_object(self, queryset=None):
        """Return the published gallery, with its photos shared by every visitor until content
        changes (the page shows nothing of the visitor's own)."""
        self.page = shared_by_slug(Gallery, self.kwargs[self.slug_url_kwarg], self.read_page)
        return self.page["gallery"]

    def read_page(self, slug):
        gallery = get_object_or_404(self.get_queryset(), slug=slug)
        photos = photos_from_rows(Photo, gallery.photo_rows)
        return {"gallery": gallery, "photos": display.photo_links(gallery, photos)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(photos=self.page["photos"], **kwargs)


class PhotoDetailView(DetailView):
    """One photo on its own page with previous/next links: the viewer that needs no JavaScript."""

    template_name = "heritage/photo_detail.jinja"
    context_object_name = "photo"

    def get_object(self, queryset=None):
        self.gallery = get_object_or_404(Gallery.objects.published(), slug=self.kwargs["slug"])
        ids = list(self.gallery.photos.values_list("pk", flat=True))
        if self.kwargs["pk"] not in ids:
            raise Http404
        index = ids.index(self.kwargs["pk"])
        self.position = (index + 1, len(ids))
        neighbours = {
            "previous": ids[index - 1] if index > 0 else None,
            "next": ids[index + 1] if index + 1 < len(ids) else None,
        }
        wanted = [
            pk for pk in (neighbours["previous"], self.kwargs["pk"], neighbours["next"]) if pk
        ]
        photos = {p.pk: p for p in Photo.objects.filter(pk__in=wanted)}
        for photo in photos.values():
            photo.gallery = self.gallery
        self.neighbours = {name: photos.get(pk) for name, pk in neighbours.items()}
        return photos[self.kwargs["pk"]]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            gallery=self.gallery,
            previous=self.neighbours["previous"],
            next=self.neighbours["next"],
            number=self.position[0],
            total=self.position[1],
            **kwargs,
        )


class VisitView(ListView):
    """Group visits: how it works and the coming slots with their places left."""

    template_name = "heritage/visit.jinja"
    paginate_by = 30

    def get_queryset(self):
        return VisitSlot.objects.bookable().with_booked().order_by("starts_at", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["slots"] = display.slot_rows(context["object_list"])
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # Slots drop off the list when they start; keep the cached page short-lived.
        response.page_cache_seconds = min(settings.PAGE_CACHE_SECONDS, 300)
        return response


class VisitRequestView(LoginRequiredMixin, FormView):
    """A signed-in group contact requests a slot; the service guards the capacity."""

    template_name = "heritage/visit_request.jinja"
    form_class = VisitRequestForm

    def dispatch(self, request, *args, **kwargs):
        self.slot = get_object_or_404(
            VisitSlot.objects.bookable().with_booked(), pk=self.kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        user = self.request.user
        if user.is_authenticated:
            return {"contact_name": user.name, "contact_email": user.email}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(slot=self.slot, **kwargs)

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        try:
            services.request_visit(slot_id=self.slot.pk, requester=self.request.user, **data)
        except services.SlotUnavailable as error:
            form.add_error(None, error)
            self.slot = VisitSlot.objects.with_booked().get(pk=self.slot.pk)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(date)s 단체 관람을 신청했습니다. 담당자가 확인한 뒤 이메일로 알려 드립니다.")
            % {"date": timezone.localtime(self.slot.starts_at).strftime("%Y-%m-%d %H:%M")},
        )
        return redirect("heritage:visit")
