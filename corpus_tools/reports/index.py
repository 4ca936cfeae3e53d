"""The index page: links to the overview and to every actor and source page."""
from __future__ import annotations

from html import escape

from .render import page_html, plural


def index_html(jobs, corpus) -> str:
    """The index page: links to the overview and to every actor and source page rendered."""
    actors = corpus.actors.set_index("actor_id")
    docs = corpus.documents
    per_source = docs["source"].value_counts()
    rows_a, rows_s = [], []
    for job in jobs:
        link = f"<a href=\"{escape(job.relpath)}\">{escape(job.title)}</a>"
        if job.kind == "actor":
            a = actors.loc[job.key]
            rows_a.append(f"<tr><td>{link}</td><td>{escape(str(a['type']))}</td>"
                          f"<td>{int(a['n_mentions'])}</td><td>{int(a['n_docs'])}</td></tr>")
        elif job.kind == "source":
            n = int(per_source.get(job.key, 0))
            rows_s.append(f"<tr><td>{link}</td><td>{n}</td></tr>")
    overview = next((j for j in jobs if j.kind == "overview"), None)
    return page_html("Corpus reports", f"""<h1>Corpus reports</h1>
<p>{plural(len(docs), 'document')} from {plural(docs['source'].nunique(), 'source')}.
{f'<a href="{escape(overview.relpath)}">Overview</a>' if overview else ''}</p>
<h2 id="actors">Actors</h2>
<table><thead><tr><th>actor</th><th>type</th><th>mentions</th><th>documents</th></tr></thead>
<tbody>{''.join(rows_a)}</tbody></table>
<h2 id="sources">Sources</h2>
<table><thead><tr><th>source</th><th>documents</th></tr></thead><tbody>{''.join(rows_s)}</tbody></table>
""", kind="index")
