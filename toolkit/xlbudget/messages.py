"""User-facing messages in Chinese (default) and English. The library returns data; only the
CLI renders, and it renders through here."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


MESSAGES: dict[str, dict[Lang, str]] = {
    "template_written": {
        Lang.ZH: "已生成模板 {path}（配置 {profile}，{tables} 张表及输入表）",
        Lang.EN: "wrote template {path} (profile {profile}, {tables} tables and input sheets)",
    },
    "exists": {
        Lang.ZH: "{path} 已存在，未覆盖；如需覆盖请加 --force",
        Lang.EN: "{path} exists and was not overwritten; add --force to replace it",
    },
    "need_xlsx": {
        Lang.ZH: "输出文件应以 .xlsx 结尾：{path}",
        Lang.EN: "the output file must end in .xlsx: {path}",
    },
    "unsupported_year": {
        Lang.ZH: "不支持的年度 {year}（支持 {years}）",
        Lang.EN: "unsupported year {year} (supported: {years})",
    },
    "write_failed": {
        Lang.ZH: "无法写入 {path}：{reason}",
        Lang.EN: "cannot write {path}: {reason}",
    },
}


def text(key: str, lang: Lang, **values: Any) -> str:
    return MESSAGES[key][lang].format(**values)
