"""What a browser would submit from a form of a page: its fields and their values."""

from html.parser import HTMLParser

# Inputs a browser leaves out of a form's data unless they are clicked or chosen.
UNSENT_INPUTS = ("submit", "button", "image", "reset", "file")


class _FormParser(HTMLParser):
    """Collect the fields of the page's `<form>` with the id `form_id`."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._inside = False
        self._select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self._textarea: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = attrs.get("id") == self.form_id
            self.found = self.found or self._inside
            return
        if not self._inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in UNSENT_INPUTS:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [])
        elif tag == "option" and self._select:
            self._select[2].append((attrs.get("value") or "", "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "select" and self._select:
            name, multiple, options = self._select
            chosen = [value for value, selected in options if selected]
            # A single choice with none selected sends its first option.
            if not chosen and options and not multiple:
                chosen = [options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # HTML drops the newline that may follow <textarea>.
            self.fields.append((name, text.removeprefix("\n")))
            self._textarea = None


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    """The (name, value) pairs the form `form_id` of `page` submits, in order."""
    parser = _FormParser(form_id)
    parser.feed(page)
    parser.close()
    assert parser.found, f"the page has no form with the id {form_id!r}"
    return parser.fields


def submitted_form(page: str, form_id: str) -> dict[str, list[str]]:
    """The values of each field the form `form_id` of `page` submits."""
    data: dict[str, list[str]] = {}
    for name, value in form_fields(page, form_id):
        data.setdefault(name, []).append(value)
    return data
