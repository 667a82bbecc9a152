"""The open-data API's shared parts: router, pagination, rate limit, errors, licences, CORS.

Django REST framework with drf-spectacular (README, "Open-data API"). Each app keeps its
serializers and viewsets in `<app>/api.py` and reads its rows through the same queryset methods
its pages use; this module puts them under `/api/v1/` and gives every endpoint the same
envelope (`count`, `next`, `previous`, `license`, `results`), the same errors
(`{"detail": {"ko", "en"}, "errors": {field: [{"ko", "en"}]}}`), an `ETag` with `304` answers,
a rate limit per client and CORS on reads.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from django.http import HttpResponse, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.urls import include, path
from django.utils import translation
from django.utils.cache import set_response_etag
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, pagination, routers, serializers, viewsets
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from .adapters import client_address
from .cache import get_many_with_version, shared_data
from .siteurl import absolute_url

LANGUAGES = ("ko", "en")

# The message of each error status, in Korean (translated to English in gvalley's catalogue).
STATUS_MESSAGES = {
    400: _("요청한 값이 올바르지 않습니다. errors에서 항목별 이유를 확인하세요."),
    401: _("로그인이 필요합니다."),
    403: _("이 자료를 볼 권한이 없습니다."),
    404: _("찾는 자료가 없습니다."),
    405: _("공개 API는 읽기 전용입니다. GET으로만 요청하세요."),
    406: _("공개 API는 JSON으로만 답합니다."),
    429: _("요청이 너무 많습니다. Retry-After 헤더의 초만큼 기다린 뒤 다시 요청하세요."),
    500: _("서버에 문제가 생겼습니다. 잠시 뒤 다시 요청하세요."),
}

NUL_MESSAGE = _("주소나 요청 값에 쓸 수 없는 문자(NUL)가 있습니다.")


def bilingual(message, params=None):
    """Return a message (lazy or plain) in Korean and English: {"ko": …, "en": …}."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            # A lazy plural (ngettext_lazy) picks its form from the parameters.
            texts[language] = str(message % params) if params else str(message)
    return texts


def choice_labels(choices):
    """Return {value: {"code", "ko", "en"}} of a TextChoices class, for serializers."""
    return {
        value: {"code": value, **bilingual(label)}
        for value, label in zip(choices.values, choices.labels, strict=True)
    }


class LazyChoiceLabels:
    """A TextChoices' labels in both languages, read once (translations are ready by then)."""

    def __init__(self, choices):
        self.choices = choices
        self.labels = None

    def __call__(self, value):
        if not value:
            return None
        if self.labels is None:
            self.labels = choice_labels(self.choices)
        return self.labels.get(value, {"code": value, "ko": value, "en": value})


class ChoiceSerializer(serializers.Serializer):
    """A coded value with its label in both languages."""

    code = serializers.CharField()
    ko = serializers.CharField()
    en = serializers.CharField()


class UrlsSerializer(serializers.Serializer):
    """The object's page on the portal, in Korean and in English."""

    ko = serializers.URLField()
    en = serializers.URLField()


def page_urls(path):
    """Return the page's absolute URLs in both languages (Korean unprefixed, English /en/)."""
    return {"ko": absolute_url(path), "en": absolute_url("/en" + path)}


# Licences. The district's own texts (events, council records, heritage stories) are published
# under 공공누리 제1유형; company profiles under the terms the companies accepted (terms page).
LICENSES = {
    "kogl-type1": {
        "name": "공공누리 제1유형 (출처표시)",
        "name_en": "Korea Open Government License (KOGL) Type 1: Attribution",
        "url": "https://www.kogl.or.kr/info/license.do",
        "terms": "/terms/#open-data-api",
    },
    "company-profiles": {
        "name": "G밸리 포털 이용약관 제3조·제7조 (기업이 동의한 공개 조건, 출처표시)",
        "name_en": (
            "G Valley portal terms, articles 3 and 7 (the terms the companies accepted; "
            "attribution)"
        ),
        "url": None,
        "terms": "/terms/#company-profiles",
    },
}


def license_of(view):
    """Return the licence statement of a view's data, with absolute addresses."""
    license_ = dict(LICENSES[getattr(view, "license", "kogl-type1")])
    license_["terms"] = absolute_url(license_["terms"])
    return license_


class InvalidParameters(exceptions.ValidationError):
    """A 400 whose field errors are Django ValidationErrors, to be told in both languages."""

    def __init__(self, errors):
        self.errors = errors  # {field: [django.core.exceptions.ValidationError]}
        super().__init__({field: [str(e.message) for e in errs] for field, errs in errors.items()})


def _field_errors(errors):
    return {
        field: [bilingual(error.message, error.params) for error in errs]
        for field, errs in errors.items()
    }


def error_body(status, errors=None):
    """Return the JSON body of an error answer."""
    message = STATUS_MESSAGES.get(status, STATUS_MESSAGES[400 if status < 500 else 500])
    return {"detail": bilingual(message), "errors": errors or {}}


def error_response(status, errors=None):
    """Return an error answer outside DRF's views (Django's 400/404 handlers under /api/)."""
    return JsonResponse(
        error_body(status, errors),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def exception_handler(exc, context):
    """Answer every error of the API in one JSON shape, in Korean and English."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's handler500 (logged, the portal's answer)
    errors = {}
    if isinstance(exc, InvalidParameters):
        errors = _field_errors(exc.errors)
    elif isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        errors = {
            field: [{"ko": str(m), "en": str(m)} for m in messages]
            for field, messages in exc.detail.items()
        }
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        seconds = max(1, round(exc.wait))
        errors = {
            "retry_after": [
                bilingual(_("%(seconds)d초 뒤에 다시 요청할 수 있습니다."), {"seconds": seconds})
            ]
        }
    response.data = error_body(response.status_code, errors)
    return response


class FilterBackend(DjangoFilterBackend):
    """The pages' own FilterSets; an invalid value is a 400 with each field's message."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise InvalidParameters(filterset.form.errors.as_data())
        return filterset.qs


def _whole_number(request, name, default, low, high, message):
    raw = request.query_params.get(name, "")
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9 and low <= int(raw) <= high):
        raise InvalidParameters({name: [DjangoValidationError(message, params={"high": high})]})
    return int(raw)


class Pagination(pagination.PageNumberPagination):
    """Pages of 50 (page_size up to 100); a page that does not exist is a 400, not a 404."""

    page_size_query_param = "page_size"

    @property
    def page_size(self):
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        return _whole_number(
            request,
            "page_size",
            self.page_size,
            1,
            self.max_page_size,
            _("한 쪽의 개수는 1부터 %(high)d까지의 정수입니다."),
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.request, self.view = request, view
        page_size = self.get_page_size(request)
        number = _whole_number(
            request,
            "page",
            1,
            1,
            10**9,
            _("쪽 번호는 1 이상의 정수입니다."),
        )
        paginator = DjangoPaginator(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise InvalidParameters(
                {
                    "page": [
                        DjangoValidationError(
                            _("이 목록은 %(pages)d쪽까지 있습니다."),
                            params={"pages": paginator.num_pages},
                        )
                    ]
                }
            ) from None
        return list(self.page)

    def get_paginated_response(self, data):
        license_ = license_of(self.view)
        response = Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "license": license_,
                "results": data,
            }
        )
        response["Link"] = f'<{license_["terms"]}>; rel="license"'
        return response

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["properties"]["license"] = LICENSE_SCHEMA
        envelope["required"] = ["count", "next", "previous", "license", "results"]
        return envelope

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == "page_size":
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == "page":
                parameter["schema"].update(minimum=1)
        return parameters


LICENSE_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "name_en": {"type": "string"},
        "url": {"type": "string", "format": "uri", "nullable": True},
        "terms": {"type": "string", "format": "uri"},
    },
    "required": ["name", "name_en", "url", "terms"],
}


class ClientRateThrottle(SimpleRateThrottle):
    """At most settings.API_RATE_LIMIT requests per client, counted in the shared cache.

    The client is the signed-in account, else the address as the sign-in limits read it
    (gvalley.adapters.client_address: the same reading of X-Forwarded-For).

    DRF's sliding window (a timestamp per request allowed, kept in the cache), with one change:
    the client's timestamps are read in the same round trip as the content version the answer
    needs (gvalley.cache.get_many_with_version), one round trip fewer on every request.
    """

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = client_address(request) or "unknown"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        # DRF's SimpleRateThrottle.allow_request, reading the history with the version.
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.history = get_many_with_version([self.key]).get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()


# ETag on every answer, and 304 to a matching If-None-Match (Django's own middleware, applied
# to the API's views only: the pages have the anonymous page cache).
conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A viewset of the open-data API: GET only, JSON, ETags, the envelope with its licence."""

    license = "kogl-type1"
    http_method_names = ["get", "head", "options"]
    filter_backends = [FilterBackend]
    pagination_class = Pagination
    throttle_classes = [ClientRateThrottle]

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        return conditional_get(super().as_view(actions, **initkwargs))

    def perform_content_negotiation(self, request, force=False):
        """Choose JSON without parsing the Accept header when the client asks for nothing else.

        Nearly every client sends no Accept, `*/*` or `application/json` (curl, fetch, most
        libraries) and no `?format=`: DRF's negotiation then picks the API's one renderer as
        `application/json`. Anything else (`; indent=4`, `text/html`, `?format=`) goes through it.
        """
        accept = request.META.get("HTTP_ACCEPT", "*/*")
        if accept in ("*/*", "application/json") and (
            self.settings.URL_FORMAT_OVERRIDE not in request.query_params
        ):
            renderer = self.get_renderers()[0]  # JSONRenderer, the only one (settings)
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)

    def list(self, request, *args, **kwargs):
        """Return a page of the list, kept rendered until the content changes.

        Every reader gets the public's view, so a page is the same for everyone who asks for it
        with the same address: its JSON and ETag are made once per content version and media
        type (gvalley.cache.shared_data; an `Accept: application/json; indent=4` is another
        answer), like the anonymous page cache does for pages, while the rate limit, 304, CORS
        and the other headers still run on every request. Bad parameters raise before anything
        is kept.
        """
        address = f"{request.accepted_media_type} {request.build_absolute_uri()}"
        key = "api:" + hashlib.sha256(address.encode()).hexdigest()
        body, etag, link = shared_data(key, lambda: self.rendered_list(request))
        response = HttpResponse(body, content_type=request.accepted_renderer.media_type)
        response["Link"] = link
        if request.method == "GET":  # as ConditionalGetMiddleware, which gives HEAD none
            response["ETag"] = etag
        return response

    def rendered_list(self, request):
        """Return the page's JSON as DRF renders it, its ETag and its licence's Link header."""
        page = super().list(request)
        renderer = request.accepted_renderer
        response = HttpResponse(
            renderer.render(page.data, request.accepted_media_type, self.get_renderer_context())
        )
        set_response_etag(response)  # what ConditionalGetMiddleware would compute
        return response.content, response["ETag"], page["Link"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and "Link" not in response:
            response["Link"] = f'<{license_of(self)["terms"]}>; rel="license"'
        return response


def cors_for_api_reads(sender, request, **kwargs):
    """Allow cross-origin reads of the API: GET and HEAD (and their preflight) under /api/."""
    if not request.path_info.startswith("/api/"):
        return False
    if request.method == "OPTIONS":
        wanted = request.headers.get("access-control-request-method", "")
        return wanted in ("GET", "HEAD")
    return request.method in ("GET", "HEAD")


def build_router():
    """Return the router with every app's endpoints (imported here: gvalley is the glue)."""
    from companies.api import CompanyViewSet
    from council.api import GrievanceViewSet, MeetingViewSet
    from events.api import EventViewSet
    from heritage.api import StoryViewSet

    router = routers.SimpleRouter(trailing_slash=True)
    router.register("companies", CompanyViewSet, basename="company")
    router.register("events", EventViewSet, basename="event")
    router.register("council/meetings", MeetingViewSet, basename="meeting")
    router.register("council/grievances", GrievanceViewSet, basename="grievance")
    router.register("heritage/stories", StoryViewSet, basename="story")
    return router


class SchemaView(SpectacularAPIView):
    throttle_classes = [ClientRateThrottle]


class DocsView(SpectacularSwaggerSplitView):
    throttle_classes = [ClientRateThrottle]


def urlpatterns():
    return [
        path("", include(build_router().urls)),
        path("schema/", conditional_get(SchemaView.as_view()), name="api_schema"),
        path("docs/", DocsView.as_view(url_name="api_schema"), name="api_docs"),
    ]
