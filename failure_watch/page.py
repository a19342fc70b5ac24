"""The failure report as an HTML page with a server-drawn SVG chart, and its CSV.

Why server-side SVG: the page needs no script and no CDN (the page's Content-Security-
Policy allows neither), works in any browser and prints; the chart is stacked bars of
failures per hour or day, one colour per cause. Numbers are masked unless the page is
asked for them (``?numbers=show``): they are customers' personal data.
"""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Dict, Iterable, List, Optional
from urllib.parse import urlencode

from failure_watch.events import ADVICES
from failure_watch.queries import RetryRow
from failure_watch.report import Report, cause_title
from failure_watch.text_report import when
from privacy.masking import mask_id

BASE = "/report"
COLOURS = ["#d62728", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
OTHER = "other"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
nav a{margin-right:1rem}.muted{color:#666}.legend span{display:inline-block;margin-right:1rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
"""


def chart_causes(report: Report, most: int = 7) -> List[str]:
    """The causes drawn in their own colour (the most frequent), the rest as "other"."""
    return [line.cause for line in report.causes[:most]]


def svg_chart(report: Report, width: int = 900, height: int = 260) -> str:
    """Stacked bars: one per hour/day slot of the range, one colour per cause."""
    drawn = chart_causes(report)
    colour = {cause: COLOURS[i % len(COLOURS)] for i, cause in enumerate(drawn)}
    colour[OTHER] = COLOURS[-1]
    slots: Dict[int, Dict[str, int]] = {}
    first = report.start - report.start % report.bucket
    n_slots = max(1, (report.end - first + report.bucket - 1) // report.bucket)
    for slot, cause, n in report.series:
        key = cause if cause in colour else OTHER
        bar = slots.setdefault(slot, {})
        bar[key] = bar.get(key, 0) + n
    top = max([sum(b.values()) for b in slots.values()] or [1])
    left, bottom, plot_h = 50, 30, height - 50
    bar_w = max(1.0, (width - left - 10) / n_slots)
    parts = [
        f'<svg id="failures-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Failed messages over time by cause">'
    ]
    parts.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>')
    for frac in (0.5, 1.0):
        y = height - bottom - plot_h * frac
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{round(top * frac)}</text>'
        )
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#eee"/>')
    label_every = max(1, n_slots // 8)
    for i in range(n_slots):
        slot = first + i * report.bucket
        x = left + i * bar_w
        y = height - bottom
        for cause in drawn + [OTHER]:
            n = slots.get(slot, {}).get(cause, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            title = escape(f"{when(slot)}: {n} x {cause if cause == OTHER else cause_title(cause, report.lang)}")
            parts.append(
                f'<rect class="bar" data-slot="{slot}" data-cause="{escape(cause)}" data-count="{n}" '
                f'x="{x + 0.5:.1f}" y="{y:.1f}" width="{max(bar_w - 1, 0.5):.1f}" height="{h:.1f}" '
                f'fill="{colour[cause]}"><title>{title}</title></rect>'
            )
        if i % label_every == 0:
            label = when(slot)[5:10] if report.bucket >= 86400 else when(slot)[11:16]
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" font-size="10" '
                f'text-anchor="middle">{label}</text>'
            )
    parts.append("</svg>")
    legend = "".join(
        f'<span><i style="background:{colour[c]}"></i>'
        f"{escape(cause_title(c, report.lang) if c != OTHER else 'other causes')}</span>"
        for c in drawn + ([OTHER] if any(OTHER in b for b in slots.values()) else [])
    )
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def _link(params: Dict[str, str], path: str = BASE) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return escape(path + ("?" + query if query else ""))


def number(recipient: str, show: bool) -> str:
    return recipient if show else mask_id(recipient)


def report_page(report: Report, show_numbers: bool, params: Dict[str, str]) -> str:
    keep = {k: params.get(k, "") for k in ("days", "lang")}
    numbers_link = _link({**keep, "numbers": "" if show_numbers else "show"})
    ranges = " ".join(
        f'<a href="{_link({**keep, "days": d, "numbers": "show" if show_numbers else ""})}">{label}</a>'
        for d, label in (("1", "24 hours"), ("7", "7 days"), ("30", "30 days"))
    )
    html: List[str] = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Failure report - Tickfix</title>',
        f"<style>{STYLE}</style></head><body>",
        "<h1>Failed messages</h1>",
        f'<p class="muted">{escape(when(report.start))} to {escape(when(report.end))}: '
        f'<strong id="total">{report.total}</strong> failed message(s). Every failure is diagnosed as it arrives.</p>',
        f'<nav>{ranges} <a href="{numbers_link}">{"hide numbers" if show_numbers else "show numbers"}</a>'
        f'<form method="post" action="{BASE}/logout" style="display:inline">'
        '<button type="submit">Sign out</button></form></nav>',
        "<h2>Failures over time, by cause</h2>",
        svg_chart(report),
        "<h2>Top causes</h2>",
    ]
    if report.causes:
        html.append('<table id="causes"><tr><th>Failures</th><th>Cause</th><th>Fix</th><th>Retry</th></tr>')
        for line in report.causes:
            html.append(
                f'<tr data-cause="{escape(line.cause)}"><td class="n">{line.failures}</td>'
                f"<td>{escape(line.title)}</td><td>{escape(line.fix)}</td>"
                f"<td>{escape(report.advice_label(line.advice))}</td></tr>"
            )
        html.append("</table>")
    else:
        html.append("<p>No failed messages in this range.</p>")
    html.append("<h2>Account events</h2>")
    if report.account_events:
        html.append(
            '<table id="account-events"><tr><th>When</th><th>What</th><th>About</th><th>Event</th><th>Detail</th></tr>'
        )
        for e in report.account_events:
            html.append(
                f"<tr><td>{escape(when(e['at']))}</td><td>{escape(e['kind'])}</td>"
                f"<td>{escape(e['subject'])}</td><td>{escape(e['event'])}</td>"
                f"<td>{escape(e.get('detail') or '')}</td></tr>"
            )
        html.append("</table>")
    else:
        html.append("<p>No template, quality or account changes in this range.</p>")
    html.append("<h2>Recipients by retry advice</h2>")
    for advice in ADVICES:
        failures, people = report.retry_totals.get(advice, (0, 0))
        csv_link = _link({**keep, "advice": advice, "numbers": "show" if show_numbers else ""}, BASE + "/retry.csv")
        who = f"{people} recipient(s), " if people else ""
        html.append(
            f"<h3>{escape(report.advice_label(advice))}: {who}{failures} failure(s) "
            f'<a class="csv" href="{csv_link}">CSV (one row per recipient)</a></h3>'
        )
        rows = report.retry_rows.get(advice, [])
        if not rows:
            continue
        html.append(
            f'<table class="retry" id="retry-{advice}"><tr><th>Recipient</th><th>Cause</th><th>Code</th>'
            "<th>Failures</th><th>Last failure</th><th>Retry</th></tr>"
        )
        for row in rows:
            html.append(
                f"<tr><td>{escape(number(row.recipient, show_numbers))}</td>"
                f"<td>{escape(report.title_of(row.cause))}</td><td>{escape(row.code)}</td>"
                f'<td class="n">{row.failures}</td><td>{escape(when(row.last_at))}</td>'
                f"<td>{escape(retry_when(row))}</td></tr>"
            )
        html.append("</table>")
    html.append("</body></html>")
    return "".join(html)


def retry_when(row: RetryRow) -> str:
    if row.advice == "now":
        return "now"
    if row.advice == "never":
        return "never"
    if row.retry_after:
        return "after " + when(row.retry_after)
    return "after the fix"


CSV_HEADER = ["recipient", "advice", "when", "cause", "cause_title", "code", "failures", "last_failure_utc"]


def retry_csv(rows: Iterable[RetryRow], show_numbers: bool, lang: str = "en") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            [
                number(row.recipient, show_numbers),
                row.advice,
                retry_when(row),
                row.cause,
                cause_title(row.cause, lang),
                row.code,
                row.failures,
                when(row.last_at),
            ]
        )
    return out.getvalue()


def login_page(error: Optional[str] = None, status_note: str = "") -> str:
    flash = f'<p style="color:#b00">{escape(error)}</p>' if error else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in - Tickfix report</title>'
        f"<style>{STYLE}</style></head><body><h1>Failure report</h1>{flash}{escape(status_note)}"
        "<p>Sign in with the server's token (<code>RASA_AUTH_TOKEN</code>).</p>"
        f'<form method="post" action="{BASE}/login"><label>Token '
        '<input type="password" name="token" required autocomplete="current-password"></label> '
        '<button type="submit">Sign in</button></form></body></html>'
    )


def message_page(title: str, text: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1><p>{escape(text)}</p></body></html>"
    )
