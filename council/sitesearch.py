"""What the council offers to the site search (gvalley/sitesearch.py).

A meeting's search vector holds its agenda items and, once published, its minutes: a match in an
agenda item is shown as that item (linking to it on the meeting's page), a match in the minutes
as the minutes.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from gvalley.rendering import url_maker
from gvalley.search import plain_text
from gvalley.sitesearch import Hit, Source
from gvalley.templatetags.portal import kdate
from gvalley.translated import columns, page_language, pick, translated

from .models import (
    AgendaItem,
    Grievance,
    Meeting,
    Minutes,
    choice_label,
    is_council_insider,
    managed_company_ids,
)


class MeetingSource(Source):
    key = "meetings"
    label = pgettext_lazy("site search", "회의·안건·회의록")
    group = pgettext_lazy("site search", "발전협의회")
    recent = ("-starts_at", "-pk")

    def visible(self, user):
        return Meeting.objects.visible_to(user)

    def visibility_key(self, user):
        return "insider" if is_council_insider(user) else "public"

    def more_url(self, query):
        return reverse("council:archive") + "?" + urlencode({"q": query})

    def rows(self, ids, user):
        # The vector holds the minutes only once published: the snippet reads no other. Both
        # languages' columns as they are (rewrite(False): modeltranslation would turn `body` into
        # an expression a subquery cannot type); the page's language is picked below.
        minutes = Minutes.objects.published().rewrite(False).filter(meeting=OuterRef("pk"))
        meetings = (
            Meeting.objects.filter(pk__in=ids)
            .only("kind", "number", "starts_at", "status", *columns("place"))
            .annotate(
                minutes_ko=Subquery(minutes.values("body_ko")[:1]),
                minutes_en=Subquery(minutes.values("body_en")[:1]),
            )
        )
        # The agenda items in a plain query of their own: Django compiles it in a fraction of
        # the time an ARRAY(JSON_OBJECT …) subquery takes, which is most of a search's cost.
        items = AgendaItem.objects.filter(meeting__in=ids).order_by("position", "pk")
        item_rows = defaultdict(list)
        texts = ("title", "summary", "background", "decision")
        language = page_language()
        for row in items.rewrite(False).values("pk", "meeting_id", *columns(*texts)):
            item = {name: pick(row[f"{name}_ko"], row[f"{name}_en"], language) for name in texts}
            item_rows[row["meeting_id"]].append({**item, "pk": row["pk"]})
        detail = url_maker("council:meeting", "pk")
        rows = {}
        for meeting in meetings:
            meeting.url, meeting.item_rows = detail(meeting.pk), item_rows[meeting.pk]
            meeting.minutes_body = pick(meeting.minutes_ko, meeting.minutes_en, language)
            rows[meeting.pk] = meeting
        return rows

    def hit(self, meeting, marker):
        title = str(meeting)
        meta = [kdate(meeting.starts_at)]
        status = "" if meeting.is_public else choice_label(Meeting.Status, meeting.status)
        for item in meeting.item_rows or ():
            texts = (item["title"], item["summary"], item["background"], item["decision"])
            if any(marker.finds(text) for text in texts):
                return Hit(
                    title=marker.parts(item["title"]),
                    url=f"{meeting.url}#item-{item['pk']}",
                    snippet=marker.snippet(*texts[1:]),
                    meta=[title, *meta],
                    badge=status,
                    kind=pgettext("site search", "안건"),
                )
        minutes = meeting.minutes_body.map(plain_text) if meeting.minutes_body else ""
        if minutes and marker.finds(minutes):
            return Hit(
                title=marker.parts(str(_("%(meeting)s 회의록") % {"meeting": title})),
                url=f"{meeting.url}#minutes",
                snippet=marker.snippet(minutes),
                meta=meta,
                badge=status,
                kind=pgettext("site search", "회의록"),
            )
        first_items = [item["title"] for item in meeting.item_rows or ()][:3]
        return Hit(
            title=marker.parts(title),
            url=meeting.url,
            snippet=marker.snippet(" · ".join(first_items)),
            meta=[*meta, translated(meeting, "place")],
            badge=status,
            kind=pgettext("site search", "회의"),
        )


class GrievanceSource(Source):
    key = "grievances"
    label = pgettext_lazy("site search", "애로사항·요구과제")
    group = pgettext_lazy("site search", "발전협의회")
    recent = ("-received_on", "-pk")

    def visible(self, user):
        return Grievance.objects.visible_to(user)

    def visibility_key(self, user):
        # What Grievance.objects.visible_to reads: the role, else the user and their companies.
        if is_council_insider(user):
            return "insider"
        if user.is_authenticated:
            return ("user", user.pk, tuple(managed_company_ids(user)))
        return "anonymous"

    def rows(self, ids, user):
        grievances = Grievance.objects.filter(pk__in=ids).only(
            "description", "status", "received_on", "is_public", *columns("title")
        )
        detail = url_maker("council:grievance", "pk")
        rows = {}
        for grievance in grievances:
            grievance.url = detail(grievance.pk)
            rows[grievance.pk] = grievance
        return rows

    def hit(self, grievance, marker):
        return Hit(
            title=marker.parts(translated(grievance, "title")),
            url=grievance.url,
            # Kept in the words its company wrote (Korean): marked as such on other pages.
            snippet=marker.snippet(pick(grievance.description, "")),
            meta=[kdate(grievance.received_on), choice_label(Grievance.Status, grievance.status)],
            badge="" if grievance.is_public else pgettext("site search", "비공개"),
        )


SOURCES = [MeetingSource(), GrievanceSource()]
