"""A campaign export (CSV or TSV from Meta, Twilio or a BSP) read as a table.

Why: users paste or upload the report of a bulk send: one row per recipient, with a
status and an error code or message. Read line by line as prose, "5511987654321"
looks like a number to count and a row's cells get mixed; read as a table (Python's
csv module, the delimiter sniffed), each failed row is classified on its own error
columns, phone numbers stay digit strings, and the failures are grouped by cause.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import diagnosis

MAX_ROWS = 5000
# Column names (folded) that hold each fact, in Meta's, Twilio's and BSPs' exports.
_STATUS = re.compile(r"^(status|message_?status|delivery_?status|estado|situacao|state)$")
_CODE = re.compile(r"(error_?code|errorcode|codigo|code|error|codigo_?(de_?)?err(or|o)|cod_?err(or|o))$")
_MESSAGE = re.compile(
    r"(error_?message|errormessage|error_?title|reason|failure_?reason|"
    r"error_?description|description|mensaje_?de_?error|motivo|"
    r"erro|mensagem_?(de_?)?erro|descricao(_?do_?erro)?|detalhes?(_?do_?erro)?)$"
)
_RECIPIENT = re.compile(
    r"^(to|recipient|phone|phone_?number|wa_?id|number|destination|"
    r"telefono|telefone|numero|contact)$"
)
_FAILED = re.compile(r"fail|undeliver|error|reject|falh|fall[oó]|no entregad|nao entreg", re.I)
ROW_CONFIDENCE = 0.5


@dataclass
class Export:
    """The failed rows of an export, grouped by cause (cause -> recipients as written)."""

    rows: int = 0
    failed: int = 0
    groups: Dict[str, List[str]] = field(default_factory=dict)
    unplaced: int = 0
    codes: Dict[str, List[str]] = field(default_factory=dict)  # cause -> the codes its rows gave

    def codes_of(self, cause: str) -> List[str]:
        return self.codes.get(cause, [])

    def counts(self) -> Dict[str, int]:
        return {cause: len(recipients) for cause, recipients in self.groups.items()}


def _key(name: str) -> str:
    """A column name folded: "Código de erro" -> "codigo_de_erro"."""
    plain = unicodedata.normalize("NFKD", (name or "").strip().lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def _column(header: List[str], pattern: "re.Pattern[str]") -> Optional[int]:
    for i, name in enumerate(header):
        if pattern.search(_key(name)):
            return i
    return None


# Lines of prose a table may follow ("here is the export:"), looked past for its header.
_LINES_BEFORE_HEADER = 5


def read_export(text: str) -> Optional[Export]:
    """The export in `text`, or None when `text` is not a table with an error column. A few
    lines of prose before the table ("sent to 3,200 contacts, export below:") are skipped."""
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    for start in range(min(_LINES_BEFORE_HEADER, len(lines) - 1) + 1):
        found = _table(lines[start:])
        if found is not None:
            return found
    return None


def _table(lines: List[str]) -> Optional[Export]:
    """The export whose header is the first of `lines`, or None."""
    if len(lines) < 2:
        return None
    sample = "\n".join(lines[:20])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        return None
    reader = csv.reader(io.StringIO("\n".join(lines[: MAX_ROWS + 1])), dialect)
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    header = rows[0]
    code_col, message_col = _column(header, _CODE), _column(header, _MESSAGE)
    if code_col is None and message_col is None:
        return None
    status_col, to_col = _column(header, _STATUS), _column(header, _RECIPIENT)
    export = Export(rows=len(rows) - 1)
    for row in rows[1:]:
        cell = lambda i: row[i].strip() if i is not None and i < len(row) else ""  # noqa: E731, B023  (used at once)
        code, message, status = cell(code_col), cell(message_col), cell(status_col)
        if status and not _FAILED.search(status) and not (code or message):
            continue
        if not (code or message):
            continue
        export.failed += 1
        error = f"Error code {code}: {message}" if code else message
        result = diagnosis.classify(error)
        if result.cause == "unknown" or result.confidence < ROW_CONFIDENCE:
            export.unplaced += 1
            continue
        export.groups.setdefault(result.cause, []).append(cell(to_col))
        seen = export.codes.setdefault(result.cause, [])
        seen.extend(c for c in result.extracted.codes if c not in seen)
    return export if export.failed else None
