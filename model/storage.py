"""The project file (``.gknb``): UTF-8 JSON with a format id, a schema version and the app
version.  See ``docs/file-format.md``.

* ``save_report`` is atomic: temp file in the same folder, flush, fsync, ``os.replace``
  (retried briefly on Windows sharing violations); the previous version is kept as
  ``FILE.gknb.bak``.
* ``load_report`` never modifies the file it reads.  Anything wrong with it — not JSON,
  not ours, a newer schema, a damaged structure — raises ``ProjectFileError`` whose
  ``str()`` is a Chinese message for the clerk.
* Older schemas are upgraded in memory by an ordered chain of migrations.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from model import APP_VERSION
from model.formats import CellKey, load_format
from model.report import ORGAN_KINDS, Contact, FeeInfo, Number, PreviousYear, ProseText, Report, format_number

FILE_FORMAT_ID = "gknb"
SCHEMA_VERSION = 2
EXTENSION = ".gknb"
MAX_FILE_BYTES = 20 * 1024 * 1024


class ProjectFileError(Exception):
    """The file cannot be opened; ``str()`` is the Chinese message to show."""


# --------------------------------------------------------------------------- writing


def report_to_dict(report: Report) -> dict[str, Any]:
    def num(v: Number) -> Any:
        return format_number(v) if isinstance(v, Decimal) else v

    fee = report.fee
    prev = report.previous
    out = {
        "organ_name": report.organ_name,
        "organ_kind": report.organ_kind,
        "year": report.year,
        "format_id": report.format_id,
        "contact": vars(report.contact).copy(),
        "publication_date": report.publication_date.isoformat() if report.publication_date else None,
        "deadline": report.deadline.isoformat() if report.deadline else None,
        "prose": {k: {"text": p.text, "copied": p.copied} for k, p in sorted(report.prose.items())},
        "fee": {
            "notices": fee.notices,
            "amount_notified": num(fee.amount_notified) if fee.amount_notified is not None else None,
            "amount_collected": num(fee.amount_collected) if fee.amount_collected is not None else None,
        },
        "values": {k.as_text(): num(v) for k, v in sorted(report.values.items())},
        "previous": None if prev is None else {
            "year": prev.year,
            "format_id": prev.format_id,
            "source": prev.source,
            "carry_out": dict(prev.carry_out),
            "received_total": prev.received_total,
            "effective": dict(prev.effective),
            "prose": dict(prev.prose),
        },
    }
    if report.members:
        out["members"] = [dict(m) for m in report.members]
    return out


def dumps(report: Report) -> bytes:
    doc = {
        "format": FILE_FORMAT_ID,
        "schema": SCHEMA_VERSION,
        "app_version": APP_VERSION,
        "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        "report": report_to_dict(report),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _replace_with_retry(src: str, dst: str, attempts: int = 8) -> None:
    """``os.replace`` with a short retry: on Windows antivirus, the search indexer or a
    cloud-sync client may hold the target for a moment (WinError 5/32/33)."""
    delay = 0.05
    for i in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or i == attempts - 1:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def _copy_mode(target: str, fd: int) -> None:
    """mkstemp makes a private (0600) file; give it the old file's mode, or the usual mode of a
    new file, so that a save never hides the report from colleagues on a shared folder."""
    if os.name == "nt":
        return
    try:
        mode = os.stat(target).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.fchmod(fd, mode)


def atomic_write(path: str | os.PathLike[str], data: bytes, keep_backup: bool = True) -> None:
    """Write ``data`` to ``path`` so that the file is always either the old or the new
    version.  With ``keep_backup`` the old version is kept as ``path + '.bak'``."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".tmp", dir=folder)
    try:
        _copy_mode(target, fd)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if keep_backup and os.path.exists(target):
            bak_tmp = tmp + ".bak"
            shutil.copy2(target, bak_tmp)
            _replace_with_retry(bak_tmp, target + ".bak")
        _replace_with_retry(tmp, target)
    except BaseException:
        for leftover in (tmp, tmp + ".bak"):
            try:
                os.unlink(leftover)
            except OSError:
                pass
        raise
    if os.name != "nt":
        try:
            dfd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass


def save_report(report: Report, path: str | os.PathLike[str]) -> None:
    try:
        atomic_write(path, dumps(report))
    except PermissionError as e:
        raise ProjectFileError(f"无法保存到“{os.fspath(path)}”：没有写入权限，或文件正被其他程序占用。（{e}）") from e
    except OSError as e:
        raise ProjectFileError(f"无法保存到“{os.fspath(path)}”：{e.strerror or e}。原文件未被改动。") from e


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


def _bad(what: str) -> ProjectFileError:
    return ProjectFileError(f"项目文件已损坏或被改动过：{what}。文件未被修改，可尝试打开同一文件夹中的 .bak 备份。")


def _obj(v: Any, what: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise _bad(f"“{what}”应为对象")
    return v


def _str(v: Any, what: str, maxlen: int = 200_000) -> str:
    if v is None:
        return ""
    if not isinstance(v, str):
        raise _bad(f"“{what}”应为文字")
    if len(v) > maxlen:
        raise _bad(f"“{what}”过长")
    return v


def _int(v: Any, what: str, optional: bool = True) -> int | None:
    if v is None and optional:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise _bad(f"“{what}”应为整数")
    if abs(v) > 10**12:
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
        elif isinstance(v, str) and len(v) < 40:
            d = Decimal(v.strip())
        else:
            raise _bad(f"“{what}”应为数字")
    except InvalidOperation:
        raise _bad(f"“{what}”应为数字") from None
    if not d.is_finite() or abs(d) > 10**12:
        raise _bad(f"“{what}”不是有效的数字")
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


def report_from_dict(rep: dict[str, Any]) -> Report:
    year = _int(rep.get("year"), "year", optional=False)
    assert year is not None
    if not 1990 <= year <= 2200:
        raise _bad(f"报告年度{year}不合理")
    fid = _str(rep.get("format_id"), "format_id")
    try:
        fmt = load_format(fid)
    except KeyError:
        raise ProjectFileError(f"文件使用了本程序不认识的报告格式“{fid[:40]}”，可能由更新版本的年报助手保存。请升级后再打开。") from None
    kind = _str(rep.get("organ_kind"), "organ_kind") or "township"
    if kind not in ORGAN_KINDS:
        raise _bad(f"未知的机关类型“{kind[:40]}”")
    contact = _obj(rep.get("contact") or {}, "contact")
    report = Report(
        organ_name=_str(rep.get("organ_name"), "organ_name", 500),
        organ_kind=kind,
        year=year,
        format_id=fmt.id,
        contact=Contact(**{k: _str(contact.get(k), f"contact.{k}", 500) for k in vars(Contact())}),
        publication_date=_date(rep.get("publication_date"), "publication_date"),
        deadline=_date(rep.get("deadline"), "deadline"),
    )
    for k, p in _obj(rep.get("prose") or {}, "prose").items():
        p = _obj(p, f"prose.{k}")
        copied = p.get("copied", False)
        if not isinstance(copied, bool):
            raise _bad(f"“prose.{k}.copied”应为真或假")
        report.prose[_str(k, "prose", 100)] = ProseText(_str(p.get("text"), f"prose.{k}"), copied)
    fee = _obj(rep.get("fee") or {}, "fee")
    notices = _int(fee.get("notices"), "fee.notices")
    report.fee = FeeInfo(notices, _decimal(fee.get("amount_notified"), "fee.amount_notified"),
                         _decimal(fee.get("amount_collected"), "fee.amount_collected"))
    for k, v in _obj(rep.get("values") or {}, "values").items():
        try:
            key = CellKey.from_text(k)
        except ValueError:
            raise _bad(f"单元格地址“{k[:60]}”无效") from None
        if not fmt.has_cell(key):
            raise _bad(f"单元格“{k[:60]}”不属于{fmt.name}")
        if fmt.is_computed(key):
            continue  # totals are computed, never stored; ignore a stale one
        if v is None:
            continue
        report.values[key] = _cell_value(v, fmt.column_of(key).kind, k)
    prev = rep.get("previous")
    if prev is not None:
        prev = _obj(prev, "previous")
        py = _int(prev.get("year"), "previous.year", optional=False)
        assert py is not None
        report.previous = PreviousYear(
            year=py,
            format_id=_str(prev.get("format_id"), "previous.format_id", 40),
            source=_str(prev.get("source"), "previous.source", 1000),
            carry_out={_str(k, "previous.carry_out", 100): _int(v, "previous.carry_out", optional=False)  # type: ignore[misc]
                       for k, v in _obj(prev.get("carry_out") or {}, "previous.carry_out").items()},
            received_total=_int(prev.get("received_total"), "previous.received_total"),
            effective={_str(k, "previous.effective", 100): _int(v, "previous.effective", optional=False)  # type: ignore[misc]
                       for k, v in _obj(prev.get("effective") or {}, "previous.effective").items()},
            prose={_str(k, "previous.prose", 100): _str(v, "previous.prose")
                   for k, v in _obj(prev.get("prose") or {}, "previous.prose").items()},
        )
    report.members = _members(rep.get("members"))
    return report


def _members(v: Any) -> list[dict[str, Any]]:
    """Per-organ rows of a county summary (absent in ordinary reports)."""
    if v is None:
        return []
    if not isinstance(v, list) or len(v) > 100_000:
        raise _bad("“members”应为列表")
    out = []
    for m in v:
        m = _obj(m, "members")
        row: dict[str, Any] = {}
        for k, x in m.items():
            if isinstance(x, str):
                x = _str(x, f"members.{k}", 2000)
            elif x is not None and not isinstance(x, (bool, int)):
                raise _bad(f"“members.{k}”应为文字或整数")
            row[_str(k, "members", 100)] = x
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


def read_error_message(e: OSError, p: Path, what: str) -> str:
    """A Chinese message for a file that could not be read (``what``: e.g. "Excel文件")."""
    if isinstance(e, FileNotFoundError):
        return f"找不到文件“{p}”。"
    if isinstance(e, IsADirectoryError):
        return f"“{p}”是文件夹，不是{what}。"
    if isinstance(e, PermissionError):
        return f"没有权限读取“{p}”，或文件正被其他程序占用。"
    return f"无法读取“{p}”：{e.strerror or e}。"
