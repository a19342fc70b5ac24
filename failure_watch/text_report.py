"""The failure report as plain text (the offline reader's output).

Why: a business that keeps its webhook log (or cannot run the bot) gets the same
report in a terminal or an email. Numbers are masked unless asked.
"""

from __future__ import annotations

import datetime as dt
from typing import List

from failure_watch.events import ADVICES
from failure_watch.report import Report
from privacy.masking import mask_id


def when(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def render(report: Report, show_numbers: bool = False, rows: int = 20) -> str:
    out: List[str] = []
    out.append(f"Failed messages from {when(report.start)} to {when(report.end)}: {report.total}")
    if report.causes:
        out.append("")
        out.append("Top causes")
        for line in report.causes:
            out.append(f"  {line.failures:>7}  {line.title} [{line.cause}] ({report.advice_label(line.advice)})")
            if line.fix:
                out.append(f"           Fix: {line.fix}")
    if report.campaigns:
        out.append("")
        out.append("By day and campaign")
        for day, campaign, cause, n in report.campaigns[: rows * 2]:
            label = campaign or "(untagged)"
            out.append(f"  {when(day)[:10]}  {label[:30]:<30}  {n:>6}  {cause}")
    out.append("")
    out.append("Retry plan")
    for advice in ADVICES:
        failures, people = report.retry_totals.get(advice, (0, 0))
        out.append(f"  {report.advice_label(advice)}: {people} recipient(s), {failures} failure(s)")
        for row in report.retry_rows.get(advice, [])[:rows]:
            number = row.recipient if show_numbers else mask_id(row.recipient)
            after = f", not before {when(row.retry_after)}" if row.retry_after else ""
            out.append(
                f"    {number:<16} {row.cause} ({row.code or '-'}) x{row.failures}, last {when(row.last_at)}{after}"
            )
    if report.account_events:
        out.append("")
        out.append("Account events")
        for event in report.account_events:
            detail = f": {event['detail']}" if event.get("detail") else ""
            out.append(f"  {when(event['at'])}  {event['kind']}  {event['subject']}  {event['event']}{detail}")
    return "\n".join(out) + "\n"
