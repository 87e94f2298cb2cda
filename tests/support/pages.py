"""Reading what a page says."""

import html
import re


def flashes(response) -> list[str]:
    found = re.findall(r'class="flash flash-[^"]*"[^>]*>\s*([^<]*?)\s*<', response.get_data(as_text=True))
    return [html.unescape(text) for text in found]
