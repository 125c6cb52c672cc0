"""Read a rendered form back out of a page: the errors beside each field and the values it would re-submit.

Tests use it to check that a refused form names the problem next to the field and keeps the user's draft.
"""

import html
import re
from collections import defaultdict
from html.parser import HTMLParser


def field_error(page: str, field: str) -> str:
    """The error text shown beside ``field`` (``core/_field.html``), unescaped; "" when there is none."""
    match = re.search(rf'<p class="error" id="id_{re.escape(field)}-error">(.*?)</p>', page, re.S)
    return html.unescape(match.group(1)).strip() if match else ""


def error_summary(page: str) -> str:
    """The text of the "Nothing was saved" summary at the top of a form page; "" when there is none."""
    match = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))) if match else ""


class _FormValues(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = defaultdict(list)
        self._in_post_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._in_post_form = True
        if not self._in_post_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values[name].append(attrs.get("value") or "on")
            elif attrs.get("value") is not None:
                self.values[name].append(attrs["value"])
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name].append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data


def form_values(page: str) -> dict[str, list[str]]:
    """What the page's POST form would submit as it stands: field name -> values."""
    parser = _FormValues()
    parser.feed(page)
    return {name: [v.strip("\n") for v in values] for name, values in parser.values.items()}
