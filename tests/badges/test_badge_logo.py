"""A badge carries the event's own logo when it has one: in the PDF (from memory, as the
photos are) and in the live preview (from the logo's address)."""

import io

from pypdf import PdfReader

from ascn.badges import cards
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Registration


def _image_sizes(data: bytes) -> set[tuple[int, int]]:
    page = PdfReader(io.BytesIO(data)).pages[0]
    return {(image.image.width, image.image.height) for image in page.images}


def test_the_badge_pdf_and_preview_carry_the_event_logo(app, make):
    event = make.event()
    category = make.category(event.id)
    person = make.registration(event.id, make.country().id, category.id, status="approved")
    with app.test_request_context():
        registration = db.session.get(Registration, person.id)
        before = _image_sizes(cards.render_one(db.session.get(Event, event.id), registration, "en"))
    assert (240, 80) not in before
    digest = make.logo(event.id, size=(240, 80), colour="crimson")
    with app.test_request_context():
        event = db.session.get(Event, event.id)
        registration = db.session.get(Registration, person.id)
        assert (240, 80) in _image_sizes(cards.render_one(event, registration, "en"))
        badge_cards, _ = cards.build([registration], "en", for_pdf=False)
        assert f'src="/ascn8/logo.png?v={digest}"' in cards.html_fragment(event, badge_cards, "en")
