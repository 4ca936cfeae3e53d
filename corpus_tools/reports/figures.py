"""Figures of report pages as small SVG documents: bars over time, an actor's ego network, the
corpus network.

Drawn directly rather than through matplotlib: a report page must cost a fraction of a second
(hundreds of pages a minute), and a matplotlib figure alone costs 100-200 ms.  The output is
deterministic text (byte-identical pages from unchanged inputs), scales to the page width,
counts on whole-number axes, and every text is XML-escaped.  Pages show a figure as an image
with alt text that says what it shows (`notebook.show_figure`).

>>> svg = bars(["2020-05", "2020-06"], {"Le Monde": [2, 0], "RFI": [1, 3]}, "mentions")
>>> svg.startswith("<svg") and "Le Monde" in svg
True
"""
from __future__ import annotations

import math
from html import escape

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
MAX_SERIES = 7          # bar series shown; the others are summed as "other"


def svg_document(width: int, height: int, body: list[str]) -> str:
    """An SVG document of `width` x `height` user units that scales to its container."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" {FONT} font-size="12">' + "".join(body) + "</svg>")


def nice_step(top: int, ticks: int = 5) -> int:
    """A whole-number tick step (1, 2, 5, 10, 20, ...) giving about `ticks` ticks up to `top`.

    >>> nice_step(3), nice_step(11), nice_step(230)
    (1, 5, 50)
    """
    raw = max(top / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def grouped_series(series: dict[str, list[int]]) -> dict[str, list[int]]:
    """The largest `MAX_SERIES` series, the rest summed as "other"."""
    order = sorted(series, key=lambda k: (-sum(series[k]), k))
    if len(order) <= MAX_SERIES:
        return {k: series[k] for k in order}
    kept = {k: series[k] for k in order[:MAX_SERIES - 1]}
    rest = [sum(values) for values in zip(*(series[k] for k in order[MAX_SERIES - 1:]))]
    return {**kept, f"other ({len(order) - MAX_SERIES + 1})": rest}


def bars(periods: list[str], series: dict[str, list[int]], y_label: str, width: int = 760) -> str:
    """Stacked bars per period (one colour per series, e.g. per outlet), whole-number y axis,
    a legend above; period labels thinned to stay legible."""
    series = grouped_series(series)
    totals = [sum(v) for v in zip(*series.values())] if series else [0] * len(periods)
    top = max(totals + [1])
    step = nice_step(top)
    top = step * math.ceil(top / step)
    legend_rows = math.ceil(len(series) / 4)
    left, right, upper, plot_h = 48, 12, 18 + 18 * legend_rows, 180
    height = upper + plot_h + 62
    plot_w = width - left - right
    slot = plot_w / max(len(periods), 1)
    body = []
    for i, name in enumerate(series):                               # legend
        x, y = left + (i % 4) * (plot_w / 4), 14 + 18 * (i // 4)
        body.append(f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                    f'<text x="{x + 16:.1f}" y="{y}">{escape(shorten(name, 28))}</text>')
    for value in range(0, top + 1, step):                           # whole-number grid
        y = upper + plot_h - plot_h * value / top
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    body.append(f'<text x="12" y="{upper + plot_h / 2:.1f}" transform="rotate(-90 12 {upper + plot_h / 2:.1f})" '
                f'text-anchor="middle">{escape(y_label)}</text>')
    bar_w = max(min(slot * 0.8, 40), 1)
    for p, period in enumerate(periods):
        x = left + p * slot + (slot - bar_w) / 2
        base = upper + plot_h
        for i, values in enumerate(series.values()):
            if values[p]:
                h = plot_h * values[p] / top
                base -= h
                body.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                            f'fill="{PALETTE[i % len(PALETTE)]}"/>')
    every = max(1, math.ceil(len(periods) / 16))
    for p, period in enumerate(periods):
        if p % every == 0:
            x = left + p * slot + slot / 2
            y = upper + plot_h + 14
            body.append(f'<text x="{x:.1f}" y="{y}" text-anchor="end" transform="rotate(-35 {x:.1f} {y})">'
                        f'{escape(period)}</text>')
    return svg_document(width, height, body)


def shorten(text: str, size: int) -> str:
    """`text` cut to `size` characters with an ellipsis.

    >>> shorten("Organisation du traité de l'Atlantique nord", 20)
    'Organisation du tra…'
    """
    return text if len(text) <= size else text[:size - 1] + "…"


def ego(center: str, partners: list[tuple[str, int]], width: int = 760) -> str:
    """The actor at the centre, its co-actors around it (most frequent first, clockwise from the
    top); a line's width and the number beside a name are the count of shared sentences."""
    n = len(partners)
    height = 440 if n > 6 else 340
    cx, cy, radius = width / 2, height / 2, min(width, height) / 2 - 60
    top = max([w for _, w in partners] + [1])
    body = []
    points = []
    for i, (name, weight) in enumerate(partners):
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        points.append((x, y, angle, name, weight))
        body.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#7aa6c2" '
                    f'stroke-width="{1 + 7 * weight / top:.1f}"/>')
    for x, y, angle, name, weight in points:
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        dx = 10 if anchor == "start" else -10 if anchor == "end" else 0
        dy = -10 if math.sin(angle) < -0.5 else 18 if math.sin(angle) > 0.5 else 4
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{PALETTE[1]}"/>'
                    f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
                    f'{escape(shorten(name, 30))} ({weight})</text>')
    body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="10" fill="{PALETTE[0]}"/>'
                f'<text x="{cx:.1f}" y="{cy - 16:.1f}" text-anchor="middle" font-weight="bold" stroke="white" '
                f'stroke-width="4" paint-order="stroke">'
                f'{escape(shorten(center, 40))}</text>')
    return svg_document(width, height, body)


def network(nodes: list[tuple[str, str, int]], edges: list[tuple[str, str, int]], width: int = 760) -> str:
    """Actors on a circle (most mentioned first, clockwise from the top; a node's area grows with
    its mentions), an edge per pair named together (width: count); labels outside the circle."""
    height = width
    cx = cy = width / 2
    radius = width / 2 - 150
    where = {}
    top_n = max([size for *_, size in nodes] + [1])
    top_w = max([w for *_, w in edges] + [1])
    body = []
    for i, (node_id, name, size) in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(nodes), 1)
        where[node_id] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle)
    for a, b, weight in edges:
        (x1, y1, _), (x2, y2, _) = where[a], where[b]
        body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#7aa6c2" '
                    f'stroke-opacity="0.7" stroke-width="{0.5 + 6 * weight / top_w:.1f}"/>')
    for node_id, name, size in nodes:
        x, y, angle = where[node_id]
        r = 3 + 9 * math.sqrt(size / top_n)
        lx, ly = cx + (radius + r + 6) * math.cos(angle), cy + (radius + r + 6) * math.sin(angle)
        degrees = math.degrees(angle)
        flip = math.cos(angle) < 0
        rotate = degrees + 180 if flip else degrees
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{PALETTE[0]}"/>'
                    f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{"end" if flip else "start"}" '
                    f'transform="rotate({rotate:.1f} {lx:.1f} {ly:.1f})">{escape(shorten(name, 24))}</text>')
    return svg_document(width, height, body)
