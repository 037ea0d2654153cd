"""The project file (``.gknb``): UTF-8 JSON with a format id, a schema version and the app
version.  See ``docs/file-format.md``.

* ``save_report`` is atomic (``model.files.atomic_write``): the previous version is kept
  as ``FILE.gknb.bak``; a temp file left by a process killed while saving is removed by
  the next save into that folder.
* Anything that can be saved can be opened again: ``save_report`` refuses (with a Chinese
  message, the old file untouched) a report the loader would refuse, and the loader accepts
  everything up to the limits of ``model.limits`` that the Report setters enforce.
* ``load_report`` never modifies the file it reads.  Anything wrong with it — not JSON,
  not ours, a newer schema, a damaged structure — raises ``ProjectFileError`` whose
  ``str()`` is a Chinese message for the clerk.
* Older schemas are upgraded in memory by an ordered chain of migrations.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from model import APP_VERSION, limits
from model.files import atomic_write, read_error_message
from model.formats import CellKey, load_format
from model.fserrors import os_error_reason
from model.limits import InputError, clean_text
from model.report import ORGAN_KINDS, Contact, FeeInfo, Number, PreviousYear, ProseText, Report, format_number

FILE_FORMAT_ID = "gknb"
SCHEMA_VERSION = 2
EXTENSION = ".gknb"
MAX_FILE_BYTES = 20 * 1024 * 1024


class ProjectFileError(Exception):
    """The file cannot be opened; ``str()`` is the Chinese message to show."""


# --------------------------------------------------------------------------- writing


def _text(v: Any, multiline: bool = False) -> Any:
    """Strings as they can be written (no lone surrogates or control characters; what the
    setters let in is already clean, this only guards against code that bypassed them)."""
    return clean_text(v, multiline=multiline) if isinstance(v, str) else v


def report_to_dict(report: Report) -> dict[str, Any]:
    def num(v: Number) -> Any:
        return format_number(v) if isinstance(v, Decimal) else v

    fee = report.fee
    prev = report.previous
    out = {
        "organ_name": _text(report.organ_name),
        "organ_kind": report.organ_kind,
        "year": report.year,
        "format_id": report.format_id,
        "contact": {k: _text(v) for k, v in vars(report.contact).items()},
        "publication_date": report.publication_date.isoformat() if report.publication_date else None,
        "deadline": report.deadline.isoformat() if report.deadline else None,
        "prose": {_text(k): {"text": _text(p.text, True), "copied": p.copied} for k, p in sorted(report.prose.items())},
        "fee": {
            "notices": fee.notices,
            "amount_notified": num(fee.amount_notified) if fee.amount_notified is not None else None,
            "amount_collected": num(fee.amount_collected) if fee.amount_collected is not None else None,
        },
        "values": {k.as_text(): num(v) for k, v in sorted(report.values.items())},
        "previous": None if prev is None else {
            "year": prev.year,
            "format_id": prev.format_id,
            "source": _text(prev.source),
            "carry_out": {_text(k): v for k, v in prev.carry_out.items()},
            "received_total": prev.received_total,
            "effective": {_text(k): v for k, v in prev.effective.items()},
            "prose": {_text(k): _text(v, True) for k, v in prev.prose.items()},
        },
    }
    if report.title_override:
        out["title_override"] = _text(report.title_override)
    if report.members:
        out["members"] = [{_text(k): _text(v) for k, v in m.items()} for m in report.members]
    return out


def _check_numbers(report: Report) -> None:
    """What ``dumps`` could not write, or would write as something else: a float, NaN, a
    Decimal of 400 places…  Raises ``InputError``."""
    check = limits.check_stored_number
    for k, v in report.values.items():
        check(v, f"单元格{k.as_text()[:60]}")
    fee = report.fee
    if fee.notices is not None:
        if isinstance(fee.notices, bool) or not isinstance(fee.notices, int):
            raise InputError("信息处理费收费通知件数应为整数。")
        check(fee.notices, "信息处理费收费通知件数")
    for amount in (fee.amount_notified, fee.amount_collected):
        if amount is not None:
            check(amount, "信息处理费金额")
    prev = report.previous
    if prev is not None:
        if isinstance(prev.year, bool) or not isinstance(prev.year, int):
            raise InputError("上年报告年度应为整数。")
        check(prev.year, "上年报告年度")
        ints = [("上年本年新收数", prev.received_total)]
        ints += [("上年结转数", v) for v in prev.carry_out.values()]
        ints += [("上年现行有效件数", v) for v in prev.effective.values()]
        for what, n in ints:
            if n is not None and (isinstance(n, bool) or not isinstance(n, int)):
                raise InputError(f"{what}应为整数。")
            if n is not None:
                check(n, what, limits.STORED_TOTAL_MAX)
    for m in report.members:
        for name, x in m.items():
            if x is not None and not isinstance(x, (str, bool, int)):
                raise InputError(f"汇总表“{str(name)[:40]}”一栏的值不能保存（{type(x).__name__}）。")


def dumps(report: Report) -> bytes:
    doc = {
        "format": FILE_FORMAT_ID,
        "schema": SCHEMA_VERSION,
        "app_version": APP_VERSION,
        "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        "report": report_to_dict(report),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def check_savable(report: Report) -> bytes:
    """The bytes ``save_report`` would write, after making sure the loader will accept them;
    raises ``InputError`` saying (in Chinese) what cannot be saved."""
    try:
        _check_numbers(report)
        data = dumps(report)
    except InputError:
        raise
    except (TypeError, ValueError, ArithmeticError, AttributeError) as e:
        raise InputError(f"报告中有无法保存的内容（{type(e).__name__}）") from None
    try:
        loads(data)
    except _Reason as e:
        raise InputError(e.reason) from None
    except ProjectFileError as e:
        raise InputError(str(e)) from None
    return data


def save_report(report: Report, path: str | os.PathLike[str]) -> None:
    """Save atomically (see the module docstring); raises ``ProjectFileError`` with a Chinese
    message, the file on disk untouched, if the report or the file system does not allow it."""
    shown = os.fspath(path)
    try:
        data = check_savable(report)
    except InputError as e:
        raise ProjectFileError(f"无法保存到“{shown}”：{str(e).rstrip('。')}。原文件未被改动。") from None
    try:
        limits.check_file_name(os.path.basename(shown))
    except InputError as e:
        raise ProjectFileError(f"无法保存到“{shown}”：{str(e).rstrip('。')}。") from None
    try:
        atomic_write(path, data)
    except OSError as e:
        raise ProjectFileError(f"无法保存到“{shown}”：{os_error_reason(e)}。原文件未被改动。（{e.strerror or e}）") from e


# --------------------------------------------------------------------------- reading


def _migrate_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 (drafts of 0.0.x) nested cells as {table: {row: {col: value}}} under
    "cells", kept the contact fields at report level and had no "previous"."""
    rep = dict(_obj(doc.get("report"), "report"))
    cells = _obj(rep.pop("cells", {}), "cells")
    values: dict[str, Any] = {}
    for t, rows in cells.items():
        for r, cols in _obj(rows, "cells").items():
            for c, v in _obj(cols, "cells").items():
                values[f"{t}.{r}.{c}"] = v
    rep["values"] = values
    rep["contact"] = {k: rep.pop(k, "") for k in ("office", "address", "postcode", "phone", "fax")}
    rep.setdefault("previous", None)
    rep.setdefault("deadline", None)
    out = dict(doc)
    out["report"] = rep
    out["schema"] = 2
    return out


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _migrate_1_to_2}


class _Reason(ProjectFileError):
    """A damaged structure; ``reason`` says what, for the message of the loader (“已损坏”)
    or of ``save_report`` (“无法保存”)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason.rstrip("。")
        super().__init__(f"项目文件已损坏或被改动过：{self.reason}。文件未被修改，可尝试打开同一文件夹中的 .bak 备份。")


def _bad(what: str) -> ProjectFileError:
    return _Reason(what)


def _obj(v: Any, what: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise _bad(f"“{what}”应为对象")
    return v


def _str(v: Any, what: str, kind: str | None = None, multiline: bool = False) -> str:
    """A text of the file, cleaned like the setters clean it, at most the limit of ``kind``
    (``limits.TEXT_LIMITS``; None: any length within the file size)."""
    if v is None:
        return ""
    if not isinstance(v, str):
        raise _bad(f"“{what}”应为文字")
    v = clean_text(v, multiline=multiline)
    if kind is not None:
        try:
            limits.check_length(kind, v)
        except InputError as e:
            raise _bad(f"“{what}”过长（{str(e).rstrip('。')}）") from None
    return v


def _int(v: Any, what: str, optional: bool = True, limit: int = limits.STORED_NUMBER_MAX) -> int | None:
    if v is None and optional:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise _bad(f"“{what}”应为整数")
    if abs(v) > limit:
        raise _bad(f"“{what}”数值过大")
    return v


def _decimal(v: Any, what: str) -> Decimal | None:
    if v is None:
        return None
    if isinstance(v, bool):
        raise _bad(f"“{what}”应为数字")
    try:
        if isinstance(v, (int, Decimal)):
            d = Decimal(v)
        elif isinstance(v, str) and len(v) <= limits.NUMBER_TEXT_MAX:
            d = Decimal(v.strip())
        else:
            raise _bad(f"“{what}”应为数字")
    except InvalidOperation:
        raise _bad(f"“{what}”应为数字") from None
    if not d.is_finite():
        raise _bad(f"“{what}”不是有效的数字")
    try:
        limits.check_stored_number(d, f"“{what}”")
    except InputError as e:
        raise _bad(str(e).rstrip("。")) from None
    return d


def _date(v: Any, what: str) -> dt.date | None:
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise _bad(f"“{what}”应为日期")
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise _bad(f"“{what}”不是有效的日期") from None


def _cell_value(v: Any, kind: str, what: str) -> Number:
    if kind == "money":
        d = _decimal(v, what)
        assert d is not None
        return d
    if isinstance(v, int) and not isinstance(v, bool):
        return _int(v, what, optional=False)  # type: ignore[return-value]
    d = _decimal(v, what)  # a fractional count is kept, and reported by the checks
    if d is None:
        raise _bad(f"“{what}”应为数字")
    return int(d) if d == d.to_integral_value() else d


_TOTAL = limits.STORED_TOTAL_MAX  # last year's figures are totals
_STORED = limits.STORED_NUMBER_MAX


def report_from_dict(rep: dict[str, Any]) -> Report:
    try:
        return _report_from_dict(rep)
    except InputError as e:  # a setter refused a value: what the model does not accept
        raise _bad(str(e).rstrip("。")) from None


def _report_from_dict(rep: dict[str, Any]) -> Report:
    year = _int(rep.get("year"), "year", optional=False)
    assert year is not None
    fid = _str(rep.get("format_id"), "format_id")
    try:
        if len(fid) > limits.FORMAT_ID_MAX:
            raise KeyError(fid)
        fmt = load_format(fid)
    except (KeyError, OSError, ValueError):
        shown = fid[:limits.FORMAT_ID_MAX] + ("…" if len(fid) > limits.FORMAT_ID_MAX else "")
        raise ProjectFileError(f"文件使用了本程序不认识的报告格式“{shown}”，可能由更新版本的年报助手保存。请升级后再打开。") from None
    kind = _str(rep.get("organ_kind"), "organ_kind") or "township"
    if kind not in ORGAN_KINDS:
        raise _bad(f"未知的机关类型“{kind[:40]}”")
    contact = _obj(rep.get("contact") or {}, "contact")
    report = Report(
        organ_name=_str(rep.get("organ_name"), "organ_name"),
        organ_kind=kind,
        year=year,
        format_id=fmt.id,
        contact=Contact(**{k: _str(contact.get(k), f"contact.{k}") for k in vars(Contact())}),
        publication_date=_date(rep.get("publication_date"), "publication_date"),
        deadline=_date(rep.get("deadline"), "deadline"),
        title_override=_str(rep.get("title_override"), "title_override", "title_override"),
    )
    for k, p in _obj(rep.get("prose") or {}, "prose").items():
        p = _obj(p, f"prose.{k}")
        copied = p.get("copied", False)
        if not isinstance(copied, bool):
            raise _bad(f"“prose.{str(k)[:40]}.copied”应为真或假")
        report.prose[_str(k, "prose", "prose_key")] = ProseText(_str(p.get("text"), f"prose.{str(k)[:40]}", multiline=True),
                                                               copied)
    fee = _obj(rep.get("fee") or {}, "fee")
    notices = _int(fee.get("notices"), "fee.notices")
    report.fee = FeeInfo(notices, _decimal(fee.get("amount_notified"), "fee.amount_notified"),
                         _decimal(fee.get("amount_collected"), "fee.amount_collected"))
    cells = fmt.cells_by_text()
    for k, v in _obj(rep.get("values") or {}, "values").items():
        hit = cells.get(k)
        if hit is None:
            try:
                CellKey.from_text(k)
            except ValueError:
                raise _bad(f"单元格地址“{k[:60]}”无效") from None
            raise _bad(f"单元格“{k[:60]}”不属于{fmt.name}")
        key, column, computed = hit
        if computed:
            continue  # totals are computed, never stored; ignore a stale one
        if v is None:
            continue
        if type(v) is int and -_STORED <= v <= _STORED and column.kind != "money":
            report.values[key] = v  # the usual case, as _cell_value would take it
        else:
            report.values[key] = _cell_value(v, column.kind, k)
    prev = rep.get("previous")
    if prev is not None:
        prev = _obj(prev, "previous")
        py = _int(prev.get("year"), "previous.year", optional=False)
        assert py is not None
        report.previous = PreviousYear(
            year=py,
            format_id=_str(prev.get("format_id"), "previous.format_id", "format_id"),
            source=_str(prev.get("source"), "previous.source", "source"),
            carry_out={_str(k, "previous.carry_out", "prose_key"): _int(v, "previous.carry_out", False, _TOTAL)  # type: ignore[misc]
                       for k, v in _obj(prev.get("carry_out") or {}, "previous.carry_out").items()},
            received_total=_int(prev.get("received_total"), "previous.received_total", True, _TOTAL),
            effective={_str(k, "previous.effective", "prose_key"): _int(v, "previous.effective", False, _TOTAL)  # type: ignore[misc]
                       for k, v in _obj(prev.get("effective") or {}, "previous.effective").items()},
            prose={_str(k, "previous.prose", "prose_key"): _str(v, "previous.prose", "prose", multiline=True)
                   for k, v in _obj(prev.get("prose") or {}, "previous.prose").items()},
        )
    report.members = _members(rep.get("members"))
    return report


def _members(v: Any) -> list[dict[str, Any]]:
    """Per-organ rows of a county summary (absent in ordinary reports)."""
    if v is None:
        return []
    if not isinstance(v, list) or len(v) > limits.MEMBERS_MAX:
        raise _bad("“members”应为列表")
    out = []
    for m in v:
        m = _obj(m, "members")
        row: dict[str, Any] = {}
        for k, x in m.items():
            if isinstance(x, str):
                x = _str(x, f"members.{str(k)[:40]}", "member")
            elif x is not None and not isinstance(x, (bool, int)):
                raise _bad(f"“members.{str(k)[:40]}”应为文字或整数")
            row[_str(k, "members", "prose_key")] = x
        out.append(row)
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def loads(data: bytes) -> Report:
    """Parse the bytes of a project file (see ``load_report``)."""
    if len(data) > MAX_FILE_BYTES:
        raise ProjectFileError("文件过大，不是年报助手的项目文件。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectFileError("无法读取：文件不是年报助手的项目文件（不是UTF-8文本），或已经损坏。") from None
    try:
        doc = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise ProjectFileError("无法读取：文件内容不是有效的项目数据（可能已损坏或被截断）。可尝试打开同一文件夹中的 .bak 备份。") from None
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT_ID:
        raise ProjectFileError("这不是年报助手的项目文件（.gknb）。")
    schema = doc.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise _bad("缺少有效的版本号")
    if schema > SCHEMA_VERSION:
        saved_by = doc.get("app_version")
        by = f"（{saved_by[:20]}）" if isinstance(saved_by, str) else ""
        raise ProjectFileError(f"此文件由更新版本的年报助手{by}保存（文件版本{schema}，本程序支持到{SCHEMA_VERSION}）。"
                               "请升级年报助手后再打开；文件未被修改。")
    while schema < SCHEMA_VERSION:
        doc = MIGRATIONS[schema](doc)
        schema = doc["schema"]
    try:
        return report_from_dict(_obj(doc.get("report"), "report"))
    except ProjectFileError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as e:
        raise _bad(type(e).__name__) from None


def load_report(path: str | os.PathLike[str]) -> Report:
    """Open a project file read-only; raises ``ProjectFileError`` with a Chinese message."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise ProjectFileError("文件过大，不是年报助手的项目文件。")
        data = p.read_bytes()
    except OSError as e:
        raise ProjectFileError(read_error_message(e, p, "项目文件")) from None
    return loads(data)
