"""Before any parser sees a file: what it is, and whether it is within the limits.

Users send whatever is on their desk — old .xls files, password-protected exports, half-
downloaded attachments — and a bureau runs xlbudget unattended over folders. Each of these gets
one clear sentence (an :class:`UnreadableError`), in bounded time and memory:

* empty, truncated or non-zip files, other zips that are no workbook; an encrypted
  (password-protected) workbook, an OLE container → remove the password;
* what it is: .xlsx/.xlsm, legacy .xls (an OLE/BIFF compound file), .xlsb or OpenDocument .ods —
  all read by python-calamine; a file that claims to be one and is not still gets one line;
* zip bombs: the declared uncompressed size of the whole file and of each member is capped, and
  members are read only up to their cap;
* too many sheets; XML with a DOCTYPE/ENTITY declaration (no legitimate .xlsx has one: the
  "billion laughs" attack lives there) is refused outright.

The limits are settings (``Limits``), overridable by environment variables for unusual books.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARKS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_SHEET_TAG = re.compile(rb"<sheet\b")
MB = 1024 * 1024


class UnreadableError(Exception):
    """The file cannot be read as a workbook; the message is one sentence for the user."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.zh, self.en = " ".join(zh.split()), " ".join(en.split())  # always one line

    def __str__(self) -> str:
        return self.en


class Refused(Exception):
    """The file is not read; ``zh``/``en`` say why in one sentence."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """Safe defaults: a real budget workbook is well under 1 MB with 20 sheets of ≤ 200 rows."""

    file_mb: int = 50  # XLBUDGET_MAX_FILE_MB: size of the .xlsx on disk
    unpacked_mb: int = 200  # XLBUDGET_MAX_UNPACKED_MB: declared size of all members together
    member_mb: int = 64  # XLBUDGET_MAX_MEMBER_MB: one sheet's XML, unpacked
    sheets: int = 200  # XLBUDGET_MAX_SHEETS
    rows: int = 20000  # XLBUDGET_MAX_ROWS: rows read per sheet
    cells: int = 500000  # XLBUDGET_MAX_CELLS: non-empty cells in the whole workbook

    @classmethod
    def from_env(cls) -> Limits:
        return cls(*(_env(f"XLBUDGET_MAX_{name.upper()}", default) for name, default in (
            ("file_mb", 50), ("unpacked_mb", 200), ("member_mb", 64), ("sheets", 200),
            ("rows", 20000), ("cells", 500000))))


def _sniff_ole(path: Path) -> None:
    """An OLE compound file is a legacy .xls — unless it is an encrypted workbook."""
    head = path.read_bytes()[: 4 * MB]  # the directory of a small OLE file is near its start
    if any(mark in head for mark in ENCRYPTED_MARKS):
        raise Refused("工作簿设有打开密码（已加密），请在 Excel 中取消密码后另存再试",
                      "the workbook is password-protected (encrypted): remove the password in "
                      "Excel and save it again")


def _check_zip(archive: zipfile.ZipFile, limits: Limits) -> str:
    """The kind of a zip workbook ("xlsx", "xlsb" or "ods"), after the bomb and entity checks."""
    names = set(archive.namelist())
    if "mimetype" in names and b"spreadsheet" in archive.read("mimetype")[:200]:
        kind = "ods"
    elif "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "xl/workbook.bin" in names:
        kind = "xlsb"
    else:
        raise Refused("文件不是 Excel 或 OpenDocument 工作簿（压缩包中没有工作簿内容）",
                      "the file is a zip archive but not an Excel or OpenDocument workbook")
    members = archive.infolist()
    if sum(m.file_size for m in members) > limits.unpacked_mb * MB:
        raise Refused(f"解压后超过 {limits.unpacked_mb} MB 上限，疑似压缩炸弹，已拒绝",
                      f"unpacks to more than {limits.unpacked_mb} MB (a zip bomb?): refused")
    for member in members:
        if member.file_size > limits.member_mb * MB:
            raise Refused(f"{member.filename} 解压后超过 {limits.member_mb} MB 上限，已拒绝",
                          f"{member.filename} unpacks to more than {limits.member_mb} MB: "
                          "refused")
        if member.filename.endswith((".xml", ".rels")) and _declares_entities(archive, member):
            raise Refused("文件含 XML 实体声明（可能是“十亿笑声”攻击），已拒绝",
                          "the file declares XML entities (a 'billion laughs' attack?): refused")
    if kind == "xlsx":
        sheets = len(_SHEET_TAG.findall(archive.read("xl/workbook.xml")))
        if sheets > limits.sheets:
            raise Refused(f"工作表多达 {sheets} 张，超过 {limits.sheets} 张的上限，已拒绝",
                          f"{sheets} sheets, more than the limit of {limits.sheets}: refused")
    return kind


def _declares_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Any DOCTYPE or ENTITY declaration in the member (streamed; members are size-capped).
    Padding the prolog with comments does not hide one: the whole member is read."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            if _DOCTYPE.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def inspect(path: Path, limits: Limits | None = None) -> str:
    """The kind of workbook ``path`` holds — "xlsx" (also .xlsm), "xls", "xlsb", "ods", or a
    published "pdf" — or
    :class:`Refused` when it is none, is encrypted, or is beyond the limits."""
    limits = limits or Limits.from_env()
    try:
        size = path.stat().st_size
        if size == 0:
            raise Refused("文件为空（0 字节），可能下载未完成", "the file is empty (0 bytes)")
        if size > limits.file_mb * MB:
            raise Refused(f"文件大于 {limits.file_mb} MB 上限，已拒绝",
                          f"the file is larger than the {limits.file_mb} MB limit: refused")
        with path.open("rb") as stream:
            head = stream.read(8)
        if head == OLE_MAGIC:
            _sniff_ole(path)
            return "xls"
        if head.startswith(b"%PDF"):
            return "pdf"
        if not head.startswith(b"PK"):
            raise Refused("文件不是电子表格工作簿（可能是 CSV、网页或其他格式）",
                          "the file is not a spreadsheet workbook (CSV, HTML or something else?)")
        with zipfile.ZipFile(path) as archive:
            return _check_zip(archive, limits)
    except zipfile.BadZipFile:
        raise Refused("文件已损坏或不完整（可能下载未完成），无法作为 .xlsx 打开",
                      "the file is damaged or incomplete (a partial download?)") from None
    except OSError as exc:
        raise Refused(f"无法读取文件：{exc.strerror or exc}",
                      f"cannot read the file: {exc.strerror or exc}") from None
