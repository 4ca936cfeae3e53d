"""An executed report notebook's outputs as the HTML content of its page.

Only outputs are published: no code, no prompts, and no Markdown cells (they speak to whoever
opens the notebook, not to the page's reader).  HTML outputs pass through the allowlist
(`render.sanitize`); figures become images with the alt text their output carries; plain text
is escaped; stderr streams (library warnings, process ids) and other output types are dropped.
Walking the outputs directly costs a millisecond where nbconvert's HTML exporter costs about a
hundred per page (its template renders the whole notebook), which matters at hundreds of pages
a minute.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> nb.cells.append(nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
...     "display_data", {"text/html": "<p onclick='x()'>A</p>"})]))
>>> page_body(nb)
'<p>A</p>'
"""
from __future__ import annotations

import base64
from html import escape

from .render import sanitize

NO_ALT = "figure"


def page_body(nb) -> str:
    """The page content of executed notebook `nb`: every output of every code cell, in order."""
    parts = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            html = output_html(output)
            if html:
                parts.append(html)
    return "\n".join(parts)


def output_html(output) -> str:
    """One output as HTML ('' for what a page does not show)."""
    kind = output.get("output_type")
    if kind == "stream":
        return f"<pre>{escape(joined(output.get('text', '')))}</pre>" if output.get("name") == "stdout" else ""
    if kind not in ("display_data", "execute_result"):
        return ""
    data, metadata = output.get("data", {}), output.get("metadata", {})
    if "text/html" in data:
        return sanitize(joined(data["text/html"]))
    for mimetype in ("image/svg+xml", "image/png", "image/jpeg"):
        if mimetype in data:
            return image_html(mimetype, joined(data[mimetype]), metadata.get(mimetype, {}).get("alt", NO_ALT))
    if "text/plain" in data:
        return f"<pre>{escape(joined(data['text/plain']))}</pre>"
    return ""


def image_html(mimetype: str, payload: str, alt: str) -> str:
    """An image element holding the figure itself (SVG text is base64-encoded; PNG already is)."""
    if mimetype == "image/svg+xml":
        payload = base64.b64encode(payload.encode("utf-8")).decode("ascii")
    else:
        payload = "".join(payload.split())
    return f'<figure><img src="data:{mimetype};base64,{payload}" alt="{escape(alt)}"></figure>'


def joined(value) -> str:
    """Notebook text fields may be a string or a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value)
