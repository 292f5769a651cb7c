"""Submit an admin page's form as a browser would: every input, select and textarea as rendered."""

from html.parser import HTMLParser


class FormParser(HTMLParser):
    def __init__(self, form_id=None):
        super().__init__()
        self.form_id = form_id
        self.inside = form_id is None
        self.depth = 0
        self.data: list[tuple[str, str]] = []
        self.required: set[str] = set()
        self._select = None
        self._select_first = None
        self._select_chosen = False
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            if attrs.get("id") == self.form_id:
                self.inside = True
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if "required" in attrs:
                self.required.add(name)
            self.data.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            if "required" in attrs:
                self.required.add(name)
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None and value:
                self._select_first = value
            if "selected" in attrs and not self._select_chosen:
                self.data.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
            if "required" in attrs:
                self.required.add(name)

    def handle_endtag(self, tag):
        if tag == "form" and self.form_id is not None and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str, form_id=None, fill_required: str | None = None) -> dict:
    """The form's fields as a browser would post them (``fill_required`` fills empty required text)."""
    parser = FormParser(form_id)
    parser.feed(html)
    data: dict = {}
    for name, value in parser.data:
        data.setdefault(name, [])
        data[name].append(value)
    if fill_required is not None:
        for name in parser.required:
            if not any(v.strip() for v in data.get(name, [])):
                data[name] = [fill_required]
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}
