"""Reading what a PDF says."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> tuple[str, int, set[str]]:
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).replace("-", "").lower())
    return text, len(reader.pages), fonts
