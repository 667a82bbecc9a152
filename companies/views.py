"""Views of the company directory: thin, visibility from the querysets, writes in services."""

import json
from collections import namedtuple
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import AnonymousUser
from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.db.models import OuterRef, Prefetch
from django.db.models.functions import JSONObject
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View
from django_filters.views import FilterView

from gvalley.cache import never_cache_page
from gvalley.rendering import url_maker
from gvalley.roles import is_district_staff
from gvalley.translated import as_written

from . import csvformat, directory, services, structured
from .cards import cards
from .directory import directory_data
from .filters import CompanyFilter
from .forms import ClaimForm, CompanyForm, InviteForm, PhotoForm
from .models import (
    Company,
    CompanyPhoto,
    CompanyQuerySet,
    Complex,
    Invitation,
    PendingChange,
    unit_label,
)
from .prepared import STAND_IN_INT, STAND_IN_TEXT, PreparedQuery

PAGE_SIZE = 20


class WholeDirectory:
    """The whole directory in one order, for the paginator: its size is shared reference data,
    so no COUNT is needed; its pages are read from the queryset."""

    def __init__(self, queryset, count):
        self.queryset = queryset
        self._count = count

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        return list(self.queryset[key])


class CompanyListView(FilterView):
    """The directory: search, filters, sort and page numbers, all in a shareable URL."""

    filterset_class = CompanyFilter
    template_name = "companies/company_list.jinja"
    paginate_by = PAGE_SIZE
    context_object_name = "companies"

    # Built once and cloned per request (ListView does so): building its subquery costs more
    # than cloning it.
    queryset = Company.objects.listed().for_cards()

    def get(self, request, *args, **kwargs):
        # FilterView.get, with the paginator's source from CompanyFilter.results(): a search
        # pages through relevance tiers and stops counting at a cap, and the page's rows come
        # with the count (companies/search.py).
        self.filterset = filterset = self.get_filterset(self.get_filterset_class())
        if filterset.is_bound and not filterset.is_valid():
            self.object_list = filterset.queryset.none()
        elif filterset.is_whole_list:
            # The whole directory: its size is shared reference data, no COUNT needed.
            count = filterset.directory["listed_count"]
            ordered = (
                filterset.qs if filterset.is_bound else filterset.queryset.order_by("name", "pk")
            )
            self.object_list = WholeDirectory(ordered, count)
        else:
            self.object_list = filterset.results(self.page_window())
        context = self.get_context_data(filter=filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def page_window(self):
        """Return the slice of the results the requested page shows, or None (as
        MultipleObjectMixin.paginate_queryset reads the page number).

        None too for a page past the whole directory, certainly empty: the paginator finds it
        out with a COUNT, and answers 404.
        """
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        try:
            number = int(page)
        except ValueError:
            return None
        start = (number - 1) * self.paginate_by
        if number < 1 or start >= self.filterset.directory["listed_count"]:
            return None
        return (start, start + self.paginate_by + self.get_paginate_orphans())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["companies"] = cards(context["companies"], self.filterset.directory)
        context["search_words"] = self.filterset.search_words
        context["capped"] = getattr(context["paginator"].object_list, "capped", False)
        context["result_count"] = intcomma(context["paginator"].count)
        context["has_filters"] = any(
            v for k, v in self.request.GET.items() if k not in ("page", "sort")
        )
        context["conflict"] = self.conflict()
        return context

    def conflict(self):
        """Return how to leave a complex and building that disagree: each alone, as links."""
        conflict = self.filterset.form.conflict
        if conflict is None:
            return None
        building, where = conflict
        query = self.request.GET.copy()
        query.pop("page", None)
        links = {}
        for key in ("complex", "building"):
            rest = query.copy()
            rest.pop(key, None)
            links[key] = f"{reverse('companies:index')}?{rest.urlencode()}"
        return {
            "building": directory.building_name(self.filterset.directory, building),
            "where": Complex(where).label,
            "chosen": Complex(self.filterset.form.cleaned_data["complex"]).label,
            "building_only": links["complex"],
            "complex_only": links["building"],
        }


# Another company in the same building, as the detail page lists it.
Neighbour = namedtuple("Neighbour", ["name", "url", "industry_name"])


# What a photo on the company page needs (the others, such as uploaded_at, stay deferred).
PHOTO_FIELDS = ("id", "company_id", "image", "width", "height", "renditions", "caption")
NEIGHBOURS = 8


def detail_rows(user, slug):
    """Return the company page's query: the company `slug` if the user may open it.

    Names of the industry, building, certifications and markets come from the shared reference
    data (companies/directory.py), so the row needs no joins (a logo, when there is one, is read
    by its key). Its photos and the other companies of its building come with it, as JSON rows,
    and for a signed-in visitor whether they manage it.
    """
    photos = (
        CompanyPhoto.objects.filter(company=OuterRef("pk"))
        .order_by("uploaded_at", "pk")  # one company's photos: not the model's (joined) order
        .values(row=JSONObject(**{name: name for name in PHOTO_FIELDS}))
    )
    neighbours = (
        # rewrite(False): modeltranslation's values() would select every field beside the row.
        Company.objects.rewrite(False)
        .listed()
        .filter(building_id=OuterRef("building_id"))
        .exclude(pk=OuterRef("pk"))
        .order_by("name", "pk")
        .values(row=JSONObject(name="name", slug="slug", industry_id="industry_id"))[:NEIGHBOURS]
    )
    rows = (
        Company.objects.defer("search_vector")
        .with_certification_ids()
        .with_market_ids()
        .visible_to(user)
        .annotate(photo_rows=ArraySubquery(photos), neighbour_rows=ArraySubquery(neighbours))
    )
    if user.is_authenticated:
        rows = rows.annotate(is_manager=CompanyQuerySet.manager_check(user))
    return rows.filter(slug=slug).order_by()[:1]


def _stand_in_user(**kwargs):
    from django.contrib.auth import get_user_model

    return get_user_model()(**kwargs)


# The three shapes of the page's query (visible_to's three cases), each compiled once.
DETAIL_QUERIES = {
    "anonymous": PreparedQuery(lambda slug: detail_rows(AnonymousUser(), slug), slug=STAND_IN_TEXT),
    "signed_in": PreparedQuery(
        lambda user_id, slug: detail_rows(_stand_in_user(pk=user_id), slug),
        user_id=STAND_IN_INT,
        slug=STAND_IN_TEXT,
    ),
    "staff": PreparedQuery(
        lambda user_id, slug: detail_rows(_stand_in_user(pk=user_id, is_superuser=True), slug),
        user_id=STAND_IN_INT,
        slug=STAND_IN_TEXT,
    ),
}


def json_rows(values):
    """Return the rows of an array of JSON objects (psycopg2 may hand them over as text)."""
    return [json.loads(v) if isinstance(v, str) else v for v in values or ()]


def photos_from_rows(rows, company, db):
    fields = [f.attname for f in CompanyPhoto._meta.concrete_fields if f.attname in PHOTO_FIELDS]
    photos = []
    for row in json_rows(rows):
        photo = CompanyPhoto.from_db(db, fields, [row[name] for name in fields])
        photo.company = company
        photos.append(photo)
    return photos


class CompanyDetailView(DetailView):
    template_name = "companies/company_detail.jinja"
    context_object_name = "company"

    def get_object(self, queryset=None):
        user, slug = self.request.user, self.kwargs["slug"]
        using = router.db_for_read(Company)
        if is_district_staff(user):
            rows = DETAIL_QUERIES["staff"].raw(using, user_id=user.pk, slug=slug)
        elif user.is_authenticated:
            rows = DETAIL_QUERIES["signed_in"].raw(using, user_id=user.pk, slug=slug)
        else:
            rows = DETAIL_QUERIES["anonymous"].raw(using, slug=slug)
        for company in rows:
            return company
        raise Http404(
            _("No %(verbose_name)s found matching the query")
            % {"verbose_name": Company._meta.verbose_name}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        data = directory_data()
        if company.industry_id:
            company.industry = directory.industry(data, company.industry_id)
        if company.building_id:
            company.building = directory.building(data, company.building_id)
        # 1203호 as "Unit 1203" in English; typed otherwise, marked as Korean where it is.
        context["unit"] = as_written(unit_label(company.unit))
        context["certifications"] = directory.certifications(data, company.certification_ids)
        context["markets"] = directory.markets(data, company.market_ids)
        context["photos"] = photos_from_rows(company.photo_rows, company, company._state.db)
        is_manager = getattr(company, "is_manager", False)
        context["is_manager"] = is_manager
        if is_manager:
            context["pending_change"] = company.pending_changes.filter(
                status=PendingChange.Status.PENDING
            ).first()
        if company.building_id:
            detail_url = url_maker("companies:detail", "slug")
            context["neighbours"] = [
                Neighbour(
                    row["name"],
                    detail_url(row["slug"]),
                    directory.industry_name(data, row["industry_id"]) if row["industry_id"] else "",
                )
                for row in json_rows(company.neighbour_rows)
            ]
        query = company.road_address or (f"{company.building.name}" if company.building_id else "")
        if query:
            context["map_links"] = [
                (_("카카오맵"), f"https://map.kakao.com/link/search/{quote(query)}"),
                (_("네이버 지도"), f"https://map.naver.com/p/search/{quote(query)}"),
            ]
        if company.is_listed:
            context["organization_data"] = structured.organization(company)
        return context


@never_cache_page
def export_csv(request):
    """Staff: the current filtered list as CSV, in the format the import reads back."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={quote(request.get_full_path())}")
    if not is_district_staff(request.user):
        raise PermissionDenied
    filterset = CompanyFilter(request.GET, queryset=Company.objects.listed())
    rows = filterset.qs if filterset.is_valid() else Company.objects.none()
    stamp = timezone.localdate().isoformat()
    return csvformat.export_response(rows, f"gvalley-companies-{stamp}.csv")


class ManagerRequiredMixin(LoginRequiredMixin):
    """The company of the URL, for its managers only (403 for everyone else signed in)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.company = get_object_or_404(Company.objects.all(), slug=kwargs["slug"])
        if not self.company.memberships.filter(user=request.user).exists():
            raise PermissionDenied(_("이 기업의 담당자만 할 수 있습니다."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("company", self.company)
        return super().get_context_data(**kwargs)


class UploaderMixin:
    """Tell the form who uploads, so a file it keeps after an error is theirs alone."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["uploader"] = self.request.user
        return kwargs


class RegisterView(LoginRequiredMixin, UploaderMixin, FormView):
    template_name = "companies/company_form.jinja"
    form_class = CompanyForm

    def form_valid(self, form):
        company = services.register_company(form, self.request.user)
        messages.success(
            self.request,
            _("%(name)s 등록을 신청했습니다. 구청 담당자가 검토한 뒤 메일로 알려 드립니다.")
            % {"name": company.name},
        )
        return redirect(company)


class EditView(ManagerRequiredMixin, UploaderMixin, FormView):
    template_name = "companies/company_form.jinja"
    form_class = CompanyForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.company
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending_change"] = self.company.pending_changes.filter(
            status=PendingChange.Status.PENDING
        ).first()
        return context

    def form_valid(self, form):
        company, change = services.update_company(self.company.pk, form, self.request.user)
        if change:
            messages.info(
                self.request,
                _(
                    "저장했습니다. 기업명·사업자등록번호·로고 변경은 검토 후 반영되며, "
                    "그동안은 지금 정보가 공개됩니다."
                ),
            )
        elif company.status == Company.Status.PENDING:
            messages.success(self.request, _("저장했습니다. 검토가 끝나면 메일로 알려 드립니다."))
        else:
            messages.success(self.request, _("저장했습니다. 바로 공개됩니다."))
        return redirect(company)


class PhotosView(ManagerRequiredMixin, UploaderMixin, FormView):
    template_name = "companies/company_photos.jinja"
    form_class = PhotoForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["photos"] = self.company.photos.all()
        return context

    def form_valid(self, form):
        try:
            services.add_photo(self.company, self.request.user, form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("사진을 올렸습니다."))
        return redirect("companies:photos", slug=self.company.slug)


class PhotoDeleteView(ManagerRequiredMixin, View):
    def post(self, request, slug, pk):
        if services.remove_photo(self.company, request.user, pk):
            messages.success(request, _("사진을 지웠습니다."))
        return redirect("companies:photos", slug=slug)


class ManagersView(ManagerRequiredMixin, FormView):
    template_name = "companies/company_managers.jinja"
    form_class = InviteForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = self.company.memberships.select_related("user")
        context["invitations"] = self.company.invitations.filter(accepted_at__isnull=True)
        return context

    def form_valid(self, form):
        try:
            services.invite_manager(
                self.company,
                self.request.user,
                form.cleaned_data["email"],
            )
        except ValidationError as error:
            form.add_error("email", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(email)s 주소로 초대 메일을 보냈습니다.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("companies:managers", slug=self.company.slug)


class RemoveManagerView(ManagerRequiredMixin, View):
    def post(self, request, slug, pk):
        try:
            removed = services.remove_manager(self.company, request.user, pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("companies:managers", slug=slug)
        messages.success(request, _("%(user)s 님을 담당자에서 뺐습니다.") % {"user": removed.user})
        if removed.user_id == request.user.pk:
            return redirect("companies:mine")
        return redirect("companies:managers", slug=slug)


class ClaimView(LoginRequiredMixin, FormView):
    template_name = "companies/company_claim.jinja"
    form_class = ClaimForm

    @cached_property
    def company(self):
        return get_object_or_404(Company.objects.listed(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        kwargs["company"] = self.company
        kwargs["is_manager"] = self.company.memberships.filter(user=self.request.user).exists()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            services.request_claim(
                self.company,
                self.request.user,
                form.cleaned_data["position"],
                form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("관리 권한을 요청했습니다. 구청 담당자가 확인한 뒤 메일로 알려 드립니다."),
        )
        return redirect(self.company)


class AcceptInvitationView(LoginRequiredMixin, TemplateView):
    template_name = "companies/invitation_accept.jinja"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitation"] = get_object_or_404(
            Invitation.objects.select_related("company", "invited_by"), token=kwargs["token"]
        )
        return context

    def post(self, request, token):
        try:
            company = services.accept_invitation(token, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("companies:mine")
        messages.success(request, _("이제 %(company)s의 담당자입니다.") % {"company": company.name})
        return redirect(company)


class MyCompaniesView(LoginRequiredMixin, ListView):
    template_name = "companies/my_companies.jinja"
    context_object_name = "companies"

    def get_queryset(self):
        return (
            Company.objects.managed_by(self.request.user)
            .select_related("industry")
            .prefetch_related(
                Prefetch(
                    "pending_changes",
                    queryset=PendingChange.objects.filter(status=PendingChange.Status.PENDING),
                    to_attr="open_changes",
                )
            )
            .order_by("name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["claims"] = self.request.user.company_claims.select_related("company")
        return context
