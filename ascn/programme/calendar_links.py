"""Rule: the one-tap ways to subscribe to a personal calendar feed, from its address.

A calendar app on the phone or desktop opens `webcal://` itself; Google Calendar and
Outlook on the web take the address in their own "add by URL" pages. The feed's address
is built by the caller (see `programme.views_public.agenda_page`), never here."""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit


@dataclass(frozen=True)
class CalendarLinks:
    feed: str  # the https:// (or http://) address, shown so it can be copied by hand
    webcal: str
    google: str
    outlook: str


def calendar_links(feed_url: str, name: str) -> CalendarLinks:
    parts = urlsplit(feed_url)
    webcal = urlunsplit(("webcal", *parts[1:]))
    return CalendarLinks(
        feed=feed_url,
        webcal=webcal,
        # Google reads a subscription from `cid`; it takes the webcal:// form.
        google="https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        outlook="https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": feed_url, "name": name}),
    )
