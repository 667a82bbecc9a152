"""schema.org data of an event page (JSON-LD), from the event the page already loaded."""

from gvalley.siteurl import absolute_url
from gvalley.structured import SCHEMA, image_info, postal_address, seoul_iso

from .models import Event


def availability(event, state):
    """Return the schema.org ItemAvailability of the event's places, or None (no offer)."""
    if state == "open":
        return f"{SCHEMA}/SoldOut" if event.is_full else f"{SCHEMA}/InStock"
    if state == "not_yet":
        return f"{SCHEMA}/PreOrder"
    return None


def event_data(event, state):
    """Return schema.org Event data: what the page shows, nothing more.

    `state` is event.registration_state() as the view worked it out. Offers (free places, price 0
    KRW) only while registration is open or about to open; a cancelled event says
    EventCancelled. The event's venue and poster came with it (select_related).
    """
    url = absolute_url(event.get_absolute_url())
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": seoul_iso(event.starts_at),
        "endDate": seoul_iso(event.ends_at),
        "eventStatus": f"{SCHEMA}/EventCancelled"
        if event.status == Event.Status.CANCELLED
        else f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": event.organiser},
    }
    if event.summary:
        data["description"] = event.summary
    venue = event.venue
    if venue is not None:
        place = {"@type": "Place", "name": venue.name}
        if venue.address:
            place["address"] = postal_address(venue.address)
        data["location"] = place
    elif event.venue_note:
        data["location"] = {"@type": "Place", "name": event.venue_note}
    poster = image_info(getattr(event, "poster", None))
    if poster:
        data["image"] = [poster["url"]]
    offer = availability(event, state)
    if offer:
        data["offers"] = {
            "@type": "Offer",
            "url": url,
            "price": "0",
            "priceCurrency": "KRW",
            "availability": offer,
        }
        if event.registration_opens_at:
            data["offers"]["validFrom"] = seoul_iso(event.registration_opens_at)
    return data
