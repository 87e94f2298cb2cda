"""What goes on each badge, read from the database in a few queries whatever the number
of badges, and the HTML that lays them out (the same for the PDF and the preview)."""

import base64
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from flask import current_app, render_template, url_for
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ascn.badges import fit, pdf, tokens
from ascn.badges.models import Badge, BadgeTemplate
from ascn.events import look as event_look
from ascn.events.models import Category, Event
from ascn.extensions import db
from ascn.i18n import Bilingual, document, format_date_range
from ascn.registration.models import Registration, RegistrationPhoto

LOGO = "img/logo.svg"
EVENT_LOGO = "event-logo"  # the event's own logo (events.look), among the PDF's in-memory images
PLACEHOLDER = "img/badge-placeholder.svg"


@dataclass
class Look:
    """A category's badge template, or the defaults while it has none."""

    layout: str
    colour: str
    label: str
    show_photo: bool = True
    show_country: bool = True
    show_position: bool = True
    show_organisation: bool = True
    show_logo: bool = True


@dataclass
class BadgeCard:
    registration_id: int
    serial: int
    token: str
    name: str
    latin_name: str
    role: str
    country_code: str
    country_name: str
    look: Look
    photo_src: str | None
    qr_src: str

    @property
    def layout(self) -> str:
        return self.look.layout

    @cached_property
    def sizes(self) -> fit.Fit:
        """The sizes of the name and of the role line: the name as large as its box
        allows once the role line has shrunk; a name is never cut."""
        return fit.fit(self.layout, self.photo_src is not None, self.name, self.latin_name, self.role)

    @property
    def name_size(self) -> int:
        return self.sizes.name_size

    @property
    def role_size(self) -> int:
        return self.sizes.role_size

    @property
    def label_size(self) -> int:
        """The category band holds one line: a long bilingual label gets a smaller size."""
        width = name_width(self.look.label)
        return 1 if width <= 24 else 2 if width <= 34 else 3

    @property
    def ink(self) -> str:
        """Dark text on a light band, white on a dark one."""
        r, g, b = (int(self.look.colour[i : i + 2], 16) for i in (1, 3, 5))
        return "dark" if (0.299 * r + 0.587 * g + 0.114 * b) > 160 else "light"


def name_width(name: str) -> int:
    width = 0
    for char in name:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def look_of(category: Category, template: BadgeTemplate | None) -> Look:
    def both(obj, name):
        en, ms = (Bilingual.value(obj, name, lang).upper() for lang in ("en", "ms"))
        return en if en == ms else f"{en} / {ms}"

    if template is None:
        return Look(layout="a6", colour=category.colour, label=both(category, "label"))
    label = both(template, "label") if (template.label_en or template.label_ms) else both(category, "label")
    return Look(
        layout=template.layout,
        colour=template.colour,
        label=label,
        show_photo=template.show_photo,
        show_country=template.show_country,
        show_position=template.show_position,
        show_organisation=template.show_organisation,
        show_logo=template.show_logo,
    )


def serials(ids) -> dict[int, int]:
    """The current serial of each badge; 1 for a badge that has no row yet."""
    rows = db.session.execute(
        select(Badge.registration_id, Badge.serial).where(Badge.registration_id.in_(ids))
    )
    found = dict(rows.all())
    return {i: found.get(i, 1) for i in ids}


def qr_data_uri(token: str) -> str:
    """The QR code for the live preview in the browser."""
    return "data:image/png;base64," + base64.b64encode(pdf.qr_png(token)).decode("ascii")


@document
def build(
    registrations: list[Registration], language: str, for_pdf: bool, templates: dict | None = None
) -> tuple[list[BadgeCard], dict]:
    """The cards of `registrations` in their order, and the photo bytes the PDF needs.
    `templates` (by category id) replaces the saved ones: the preview of a draft."""
    ids = [r.id for r in registrations]
    serial_of = serials(ids)
    category_ids = {r.category_id for r in registrations}
    if templates is None:
        templates = {
            t.category_id: t
            for t in db.session.scalars(
                select(BadgeTemplate).where(BadgeTemplate.category_id.in_(category_ids))
            )
        }
    photos: dict[str, bytes] = {}
    if for_pdf:
        with_photo = [r.id for r in registrations if r.has_photo]
        for registration_id, data in db.session.execute(
            select(RegistrationPhoto.registration_id, RegistrationPhoto.data).where(
                RegistrationPhoto.registration_id.in_(with_photo)
            )
        ):
            photos[str(registration_id)] = data
        event = db.session.get(Event, registrations[0].event_id) if registrations else None
        logo = event_look.logo_of(event) if event is not None else None
        if logo is not None:
            photos[EVENT_LOGO] = logo.data
    looks: dict[int, Look] = {}
    cards = []
    for registration in registrations:
        if registration.category_id not in looks:
            looks[registration.category_id] = look_of(
                registration.category, templates.get(registration.category_id)
            )
        look = looks[registration.category_id]
        serial = serial_of[registration.id]
        token = tokens.sign(registration.id, serial)
        cards.append(
            BadgeCard(
                registration_id=registration.id,
                serial=serial,
                token=token,
                name=registration.full_name,
                latin_name=registration.latin_alias,
                role=_role(registration, look),
                country_code=registration.country.code,
                country_name=Bilingual.value(registration.country, "name", language),
                look=look,
                photo_src=_photo_src(registration, look, photos, for_pdf),
                qr_src=pdf.QR_SCHEME + token if for_pdf else qr_data_uri(token),
            )
        )
    return cards, photos


def _role(registration: Registration, look: Look) -> str:
    parts = [
        registration.position if look.show_position else "",
        registration.organisation if look.show_organisation else "",
    ]
    return ", ".join(p for p in parts if p)


def _photo_src(registration, look, photos, for_pdf) -> str | None:
    if not look.show_photo:
        return None
    if for_pdf:
        return pdf.PHOTO_SCHEME + str(registration.id) if str(registration.id) in photos else PLACEHOLDER
    if registration.has_photo:
        return url_for("registration.photo", registration_id=registration.id)
    return url_for("static", filename=PLACEHOLDER)


def sheets(cards: list[BadgeCard]) -> list[tuple[str, list[BadgeCard]]]:
    """Pages in print order: one badge per A6 or CR80 page, four per A4 sheet."""
    pages: list[tuple[str, list[BadgeCard]]] = []
    for card in cards:
        if card.layout == "a4" and pages and pages[-1][0] == "a4" and len(pages[-1][1]) < 4:
            pages[-1][1].append(card)
        else:
            pages.append((card.layout, [card]))
    return pages


@document
def html(event: Event, cards: list[BadgeCard], language: str, for_pdf: bool = True) -> str:
    return render_template(
        "pdf/badges.html",
        event=event,
        dates=format_date_range(event.start_date, event.end_date, language),
        pages=sheets(cards),
        colours=sorted({c.look.colour for c in cards}),
        logo=_logo_src(event, for_pdf),
        language=language,
    )


@document
def html_fragment(event: Event, cards: list[BadgeCard], language: str):
    """The live preview: the same markup as the PDF, for a page that loads badge.css."""
    return Markup(
        render_template(
            "badges/_preview.html",
            event=event,
            dates=format_date_range(event.start_date, event.end_date, language),
            pages=sheets(cards),
            logo=_logo_src(event, for_pdf=False),
        )
    )


def _logo_src(event: Event, for_pdf: bool) -> str:
    """The event's own logo where it has one (its bytes are among the PDF's photos), else
    the network's."""
    if event.logo_digest:
        return (
            pdf.PHOTO_SCHEME + EVENT_LOGO
            if for_pdf
            else url_for("look.logo", event=event.slug, v=event.logo_digest)
        )
    return LOGO if for_pdf else url_for("static", filename=LOGO)


def load(event: Event, ids: list[int]) -> list[Registration]:
    """The registrations of `ids`, in that order, with what a badge shows loaded."""
    rows = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.id.in_(ids))
        .options(joinedload(Registration.country), joinedload(Registration.category))
    ).all()
    by_id = {r.id: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


@document
def render_one(event: Event, registration: Registration, language: str) -> bytes:
    """The PDF of one badge, in this process: the desk and the delegate's own page."""
    badge_cards, photos = build([registration], language, for_pdf=True)
    return pdf.render(html(event, badge_cards, language), photos, current_app.static_folder)
