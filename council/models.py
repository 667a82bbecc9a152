"""G밸리 발전협의회: member organisations, meetings with agendas and minutes, grievances."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_cleanup import cleanup

from gvalley import roles
from gvalley.documents import content_type_for, validate_document
from gvalley.models import SampleFlagged, SampleQuerySet
from gvalley.richtext import clean_html
from gvalley.search import BigramIndexed, bigram_tsvector
from gvalley.storage import PrivateFileField, private_storage
from gvalley.translated import both_languages


def choice_label(choices, value):
    """Return the label of a stored choice in the active language, or the value if it is none.

    What get_FOO_display() returns, without building a dictionary of every lazy label per call.
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def is_council_insider(user):
    """Return True for the people who see everything of the council: members and staff."""
    return roles.is_council_member(user) or roles.is_district_staff(user)


def managed_company_ids(user):
    """Return the pks of the companies the user manages (Company.objects.managed_by), or [].

    Read once per request and kept on the user object, as gvalley.roles keeps the user's roles: a
    page asking what the user may see and whether they may submit reads them once, and the
    grievance queries hold a short list instead of compiling a subquery each time.
    """
    if not user.is_authenticated:
        return []
    ids = getattr(user, "_managed_company_ids", None)
    if ids is None:
        from companies.models import Company

        ids = list(Company.objects.managed_by(user).order_by().values_list("pk", flat=True))
        user._managed_company_ids = ids
    return ids


class Organisation(SampleFlagged):
    class Kind(models.TextChoices):
        BUSINESS = "business", _("기업 단체")
        GOVERNMENT = "government", _("지방자치단체")
        PUBLIC_ENTERPRISE = "public_enterprise", _("공공기관")

    name = models.CharField(_("기관명"), max_length=100, unique=True)
    short_name = models.CharField(_("약칭"), max_length=40, blank=True)
    kind = models.CharField(_("유형"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("소개"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("표시 순서"), default=0, help_text=_("작은 수가 먼저 나옵니다.")
    )

    class Meta:
        verbose_name = _("회원 기관")
        verbose_name_plural = _("회원 기관")
        ordering = ["position", "name", "pk"]
        indexes = [models.Index(fields=["position", "name"], name="council_org_position_idx")]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("council:index") + f"#org-{self.pk}"


class MembershipQuerySet(SampleQuerySet):
    def active_on(self, day=None):
        """Return the seats held on the given date (today by default)."""
        day = day or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


class Membership(SampleFlagged):
    """An office sitting for an organisation on the council, from a date to a date."""

    class Seat(models.TextChoices):
        CO_CHAIR = "co_chair", _("공동회장")
        MEMBER = "member", _("회원")
        WORKING = "working", _("실무회원")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("기관"),
    )
    seat = models.CharField(_("자격"), max_length=20, choices=Seat.choices)
    office_title = models.CharField(
        _("직위"), max_length=60, help_text=_("예: 금천구 부구청장. 개인 이름은 적지 않습니다.")
    )
    start_date = models.DateField(_("시작일"))
    end_date = models.DateField(_("종료일"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_memberships",
        verbose_name=_("연결된 계정"),
        help_text=_("연결하면 이 계정이 협의회 위원 권한을 받습니다."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("협의회 구성")
        verbose_name_plural = _("협의회 구성")
        ordering = ["organisation__position", "organisation__name", "seat", "start_date", "pk"]
        indexes = [models.Index(fields=["start_date", "end_date"], name="council_membership_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="council_membership_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.office_title} ({self.get_seat_display()})"

    def get_absolute_url(self):
        return self.organisation.get_absolute_url()

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("종료일은 시작일보다 앞설 수 없습니다.")})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.user_id:
            group, _created = Group.objects.get_or_create(name=roles.COUNCIL_MEMBER)
            self.user.groups.add(group)
            roles.forget_roles(self.user)


class MeetingQuerySet(SampleQuerySet):
    PUBLIC_STATUSES = ("agenda_published", "held", "minutes_published")

    def public(self):
        """Return the meetings whose agenda has been published."""
        return self.filter(status__in=self.PUBLIC_STATUSES)

    def visible_to(self, user):
        """Return the meetings the user may see: all for members and staff, else public ones."""
        if is_council_insider(user):
            return self.all()
        return self.public()

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at", "pk")


class Meeting(SampleFlagged):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("본회의")
        WORKING = "working", _("실무회의")
        GEUMCHEON = "geumcheon", _("금천 실무협의회")

    # States, in a context of their own: Korean says 회의록 공개 for the state and for the admin
    # action that leads to it, which English tells apart ("Minutes published", "Publish minutes").
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("meeting status", "예정")
        AGENDA_PUBLISHED = "agenda_published", pgettext_lazy("meeting status", "안건 공개")
        HELD = "held", pgettext_lazy("meeting status", "개최")
        MINUTES_PUBLISHED = "minutes_published", pgettext_lazy("meeting status", "회의록 공개")

    kind = models.CharField(_("회의 종류"), max_length=20, choices=Kind.choices)
    number = models.PositiveIntegerField(
        _("회차"), help_text=_("같은 종류의 회의 안에서 몇 번째인지")
    )
    starts_at = models.DateTimeField(_("일시"))
    place = models.CharField(_("장소"), max_length=120)
    status = models.CharField(
        _("상태"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    agenda_published_at = models.DateTimeField(_("안건 공개일"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("하루 전 안내 메일"), null=True, blank=True, editable=False
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("등록일"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("마지막 수정자"),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("회의")
        verbose_name_plural = _("회의")
        ordering = ["-starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="council_meeting_status_idx"),
            models.Index(fields=["starts_at"], name="council_meeting_starts_idx"),
            models.Index(fields=["updated_at"], name="council_meeting_updated_idx"),
            GinIndex(fields=["search_vector"], name="council_meeting_search_gin"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="council_meeting_kind_number")
        ]

    # "제3차 본회의" ("Plenary no. 3"); lists format it with the kinds' labels translated once.
    TITLE = _("제%(number)s차 %(kind)s")

    def __str__(self):
        return self.TITLE % {"number": self.number, "kind": choice_label(self.Kind, self.kind)}

    def get_status_display(self):  # Django's own would translate every status to show one
        return choice_label(self.Status, self.status)

    def get_absolute_url(self):
        return reverse("council:meeting", kwargs={"pk": self.pk})

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(_("같은 종류의 회의에 이미 같은 회차가 있습니다.")) from error

    @property
    def is_public(self):
        return self.status in MeetingQuerySet.PUBLIC_STATUSES

    @property
    def minutes_are_public(self):
        return self.status == self.Status.MINUTES_PUBLISHED

    def search_text(self, items=None, minutes=None):
        """Return the weighted texts to index: agenda always, minutes only once published."""
        items = list(self.agenda_items.all()) if items is None else items
        texts = [(str(self), "A")]
        for item in items:
            texts += [
                (both_languages(item, "title"), "A"),
                (both_languages(item, "summary"), "B"),
                (both_languages(item, "background"), "C"),
                (both_languages(item, "decision"), "B"),
            ]
        if minutes is None:
            minutes = Minutes.objects.filter(meeting=self).first()
        if minutes and minutes.status == Minutes.Status.PUBLISHED:
            texts.append((strip_tags_text(both_languages(minutes, "body")), "C"))
        return texts

    def refresh_search_vector(self):
        vector = bigram_tsvector(self.search_text())
        Meeting.objects.filter(pk=self.pk).update(search_vector=vector)


def strip_tags_text(html):
    from django.utils.html import strip_tags

    return strip_tags(html or "")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("회의")
    )
    position = models.PositiveSmallIntegerField(_("순서"), default=1)
    title = models.CharField(_("안건명"), max_length=200)
    proposer = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_items",
        verbose_name=_("제안 기관"),
    )
    summary = models.TextField(_("요약"), blank=True)
    background = models.TextField(_("제안 배경"), blank=True)
    decision = models.TextField(
        _("결정 사항"), blank=True, help_text=_("회의가 끝난 뒤 결정된 내용을 적습니다.")
    )

    class Meta:
        verbose_name = _("안건")
        verbose_name_plural = _("안건")
        ordering = ["meeting", "position", "pk"]
        indexes = [models.Index(fields=["meeting", "position"], name="council_item_order_idx")]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url() + f"#item-{self.pk}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.meeting.refresh_search_vector()


class AgendaComment(models.Model):
    """A member's note on an agenda item before the meeting (members and staff only)."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="comments", verbose_name=_("안건")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="council_comments",
        verbose_name=_("작성자"),
    )
    body = models.TextField(_("의견"), max_length=2000)
    created_at = models.DateTimeField(_("작성일"), default=timezone.now)

    class Meta:
        verbose_name = _("안건 의견")
        verbose_name_plural = _("안건 의견")
        ordering = ["item", "created_at", "pk"]
        indexes = [models.Index(fields=["item", "created_at"], name="council_comment_item_idx")]

    def __str__(self):
        return f"{self.item.title} · {self.author or _('탈퇴한 회원')}"

    def get_absolute_url(self):
        return self.item.get_absolute_url()


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("참석")
        ABSENT = "absent", _("불참")
        EXCUSED = "excused", _("사유 불참")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("회의")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("기관")
    )
    status = models.CharField(_("출석"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("출석")
        verbose_name_plural = _("출석")
        ordering = ["meeting", "organisation__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="council_attendance_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_status_display()}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()


class MinutesQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Minutes.Status.PUBLISHED)

    def visible_to(self, user):
        return self.filter(self.visibility(user))

    @staticmethod
    def visibility(user, prefix=""):
        """Return the condition for minutes the user may read: all for insiders, else published.

        `prefix` reaches the minutes from another model ("minutes__" from a meeting), so a meeting
        can join its minutes only when visible (FilteredRelation) instead of asking separately.
        """
        if is_council_insider(user):
            return Q()
        return Q(**{f"{prefix}status": Minutes.Status.PUBLISHED})


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("초안")
        PUBLISHED = "published", _("공개")

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("회의")
    )
    body = models.TextField(
        _("회의록"), help_text=_("굵게, 목록, 표 등 기본 서식을 쓸 수 있습니다.")
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("공개일"), null=True, blank=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("회의록")
        verbose_name_plural = _("회의록")
        ordering = ["-published_at", "pk"]
        indexes = [models.Index(fields=["status", "published_at"], name="council_minutes_pub_idx")]

    def __str__(self):
        return _("%(meeting)s 회의록") % {"meeting": self.meeting}

    def get_absolute_url(self):
        return self.meeting.get_absolute_url() + "#minutes"

    def save(self, *args, **kwargs):
        # Both languages' minutes, whichever language is active (the admin, a demo load).
        self.body_ko = clean_html(self.body_ko or "")
        self.body_en = clean_html(self.body_en or "")
        super().save(*args, **kwargs)
        self.meeting.refresh_search_vector()


def document_upload_to(instance, filename):
    extension = PurePath(filename).suffix.lower()
    return f"council/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the documents the user may download.

        Public: documents of agenda items of a public meeting, and minutes documents once the
        minutes are published. Members and staff: every document.
        """
        if is_council_insider(user):
            return self.all()
        return self.filter(meeting__status__in=MeetingQuerySet.PUBLIC_STATUSES).filter(
            Q(kind=Document.Kind.AGENDA)
            | Q(kind=Document.Kind.MINUTES, meeting__status=Meeting.Status.MINUTES_PUBLISHED)
        )

    def of_meeting(self, meeting, user):
        """Return the documents of the meeting that the user may download (visible_to's rule)."""
        return self.visible_to(user).filter(meeting=meeting)


# django-cleanup deletes a document's file once the row is deleted (a purge, a cascade from its
# meeting, the admin's delete box) or its file replaced, after the transaction commits.
@cleanup.select
class Document(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("안건 자료")
        MINUTES = "minutes", _("회의록 자료")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("회의")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("안건"),
    )
    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices, default=Kind.AGENDA)
    title = models.CharField(_("자료명"), max_length=200)
    file = PrivateFileField(
        _("파일"),
        upload_to=document_upload_to,
        storage=private_storage,
        max_length=200,
        validators=[validate_document],
        help_text=_("PDF, HWP, HWPX, DOCX, XLSX · 20MB 이하"),
    )
    original_name = models.CharField(_("원래 파일 이름"), max_length=200, editable=False)
    size = models.PositiveIntegerField(_("크기(바이트)"), default=0, editable=False)
    uploaded_at = models.DateTimeField(_("올린 날"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("회의 자료")
        verbose_name_plural = _("회의 자료")
        ordering = ["meeting", "kind", "title", "pk"]
        indexes = [models.Index(fields=["meeting", "kind"], name="council_document_kind_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("council:document", kwargs={"pk": self.pk})

    @property
    def extension(self):
        return PurePath(self.original_name or self.file.name).suffix.lower().lstrip(".")

    @property
    def content_type(self):
        return content_type_for(self.original_name or self.file.name)

    def clean(self):
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("이 회의의 안건만 고를 수 있습니다.")})

    def save(self, *args, **kwargs):
        # A file not yet committed is a new upload (a first one or a replacement): its name and
        # size are the ones to show and to download under.
        new_upload = bool(self.file) and not self.file._committed
        if self.file and (new_upload or not self.original_name):
            self.original_name = PurePath(self.file.name).name[:200]
        if self.file and (new_upload or not self.size):
            try:
                self.size = self.file.size
            except (OSError, ValueError):
                self.size = 0
        super().save(*args, **kwargs)


class GrievanceQuerySet(SampleQuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Return the grievances the user may see.

        Members and staff: all. A company manager: public ones plus their companies' own.
        Everyone else: public ones.
        """
        if is_council_insider(user):
            return self.all()
        if user.is_authenticated:
            return self.filter(
                Q(is_public=True) | Q(submitted_by=user) | Q(company__in=managed_company_ids(user))
            )
        return self.public()

    def of_manager(self, user):
        """Return the grievances the user submitted or that concern a company they manage."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(submitted_by=user) | Q(company__in=managed_company_ids(user)))

    def open(self):
        return self.exclude(status__in=Grievance.CLOSED_STATUSES)


def grievance_search_texts(grievance):
    """Return a grievance's weighted texts for its search vector (also used by migrations).

    The company is left out: whether its name may be shown depends on the grievance.
    """
    return [(both_languages(grievance, "title"), "A"), (grievance.description, "B")]


class Grievance(BigramIndexed, SampleFlagged):
    SEARCH_FIELDS = ("title", "description")

    class Source(models.TextChoices):
        VISIT = "visit", _("기업 방문")
        ONLINE = "online", _("온라인 접수")
        MEETING = "meeting", _("회의 제기")

    class Status(models.TextChoices):
        RECEIVED = "received", _("접수")
        REVIEWING = "reviewing", _("검토 중")
        IN_PROGRESS = "in_progress", _("추진 중")
        DONE = "done", _("완료")
        REJECTED = "rejected", _("불가")

    CLOSED_STATUSES = ("done", "rejected")
    # Where a grievance may go next; a closed one can be reopened for review by staff.
    TRANSITIONS = {
        "received": ("reviewing", "rejected"),
        "reviewing": ("in_progress", "done", "rejected"),
        "in_progress": ("done", "rejected", "reviewing"),
        "done": ("reviewing",),
        "rejected": ("reviewing",),
    }

    title = models.CharField(_("제목"), max_length=200)
    description = models.TextField(_("내용"), max_length=5000)
    source = models.CharField(_("접수 경로"), max_length=10, choices=Source.choices)
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_grievances",
        verbose_name=_("제기 기업"),
    )
    company_name_public = models.BooleanField(
        _("기업명 공개 동의"),
        default=False,
        help_text=_("동의하지 않으면 공개 화면에 기업명을 가립니다."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_grievances",
        verbose_name=_("제출한 사람"),
    )
    holder = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="held_grievances",
        verbose_name=_("담당 기관"),
        help_text=_("지금 이 과제를 맡고 있는 회원 기관"),
    )
    status = models.CharField(
        _("처리 상태"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    rejection_reason = models.TextField(_("불가 사유"), blank=True)
    is_public = models.BooleanField(_("공개"), default=False)
    received_on = models.DateField(_("접수일"), default=timezone.localdate)
    resolved_on = models.DateField(_("완료일"), null=True, blank=True)
    meetings = models.ManyToManyField(
        Meeting, blank=True, related_name="grievances", verbose_name=_("관련 회의")
    )
    agenda_items = models.ManyToManyField(
        AgendaItem, blank=True, related_name="grievances", verbose_name=_("관련 안건")
    )
    search_vector = SearchVectorField(_("검색 색인"), null=True, editable=False)
    created_at = models.DateTimeField(_("등록일"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("마지막 수정자"),
    )

    objects = GrievanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("애로사항·요구과제")
        verbose_name_plural = _("애로사항·요구과제")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["is_public", "-received_on"], name="council_grv_public_idx"),
            # The list's order: read in order and stop after a page, whatever the visibility filter.
            models.Index(fields=["-received_on", "-id"], name="council_grv_received_idx"),
            models.Index(fields=["status", "-received_on"], name="council_grv_status_idx"),
            models.Index(fields=["holder", "status"], name="council_grv_holder_idx"),
            models.Index(fields=["updated_at"], name="council_grv_updated_idx"),
            GinIndex(fields=["search_vector"], name="council_grv_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="council_grievance_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("received_on")),
                name="council_grievance_resolved_after_received",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("council:grievance", kwargs={"pk": self.pk})

    def search_texts(self):
        return grievance_search_texts(self)

    def clean(self):
        if self.status == self.Status.REJECTED and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": _("불가로 처리하려면 사유를 적어 주세요.")})
        if self.resolved_on and self.received_on and self.resolved_on < self.received_on:
            raise ValidationError({"resolved_on": _("완료일은 접수일보다 앞설 수 없습니다.")})

    @property
    def public_company_name(self):
        """Return the company's name only when it agreed to be named; else None."""
        name = self.company.name if self.company_id else None
        return self.name_shown_publicly(name, self.company_name_public)

    @staticmethod
    def name_shown_publicly(company_name, company_name_public):
        """Return what public_company_name gives, from the company's name (None: no company).

        For lists read as plain rows rather than grievances with their companies.
        """
        return company_name if company_name_public else None

    @property
    def is_closed(self):
        return self.status in self.CLOSED_STATUSES

    @property
    def days_to_resolution(self):
        if self.resolved_on:
            return (self.resolved_on - self.received_on).days
        return None

    def allowed_next(self):
        return self.TRANSITIONS.get(self.status, ())


class GrievanceEvent(models.Model):
    """One dated step of a grievance's path: its status from then on, with a note."""

    grievance = models.ForeignKey(
        Grievance, on_delete=models.CASCADE, related_name="events", verbose_name=_("애로사항")
    )
    status = models.CharField(_("처리 상태"), max_length=12, choices=Grievance.Status.choices)
    note = models.TextField(_("메모"), blank=True)
    occurred_at = models.DateTimeField(_("일시"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("처리자"),
    )

    class Meta:
        verbose_name = _("처리 경과")
        verbose_name_plural = _("처리 경과")
        ordering = ["grievance", "occurred_at", "pk"]
        indexes = [
            models.Index(fields=["grievance", "occurred_at"], name="council_grv_event_idx"),
            models.Index(fields=["occurred_at"], name="council_grv_event_time_idx"),
        ]

    def __str__(self):
        return f"{self.grievance} · {self.get_status_display()}"

    def get_absolute_url(self):
        return self.grievance.get_absolute_url()


class DashboardVisit(models.Model):
    """When a member last opened their dashboard, to show what changed since."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="council_visit",
        verbose_name=_("사용자"),
    )
    seen_at = models.DateTimeField(_("마지막 방문"))

    class Meta:
        verbose_name = _("대시보드 방문")
        verbose_name_plural = _("대시보드 방문")
        ordering = ["user", "pk"]

    def __str__(self):
        return f"{self.user} · {self.seen_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("council:dashboard")


class MailPreference(models.Model):
    """How a council member hears of new agendas and minutes: at once, or in a weekly digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="council_mail",
        verbose_name=_("사용자"),
    )
    weekly_digest = models.BooleanField(
        _("주간 요약으로 받기"),
        default=False,
        help_text=_("켜면 안건·회의록 공개 메일을 그때그때 받지 않고 월요일 아침에 모아 받습니다."),
    )
    updated_at = models.DateTimeField(_("바꾼 때"), auto_now=True)

    class Meta:
        verbose_name = _("협의회 메일 설정")
        verbose_name_plural = _("협의회 메일 설정")
        ordering = ["user", "pk"]

    def __str__(self):
        return f"{self.user} · {'weekly' if self.weekly_digest else 'each'}"

    def get_absolute_url(self):
        return reverse("council:dashboard")
