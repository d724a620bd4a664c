"""User-facing messages in Chinese (default) and English. The library returns data; only the
CLI and the report render, and they render through here."""

from __future__ import annotations

from typing import Any

from xlbudget.check.findings import Lang

MESSAGES: dict[str, dict[Lang, str]] = {
    "template_written": {
        Lang.ZH: "已生成模板 {path}（配置 {profile}，{region}，{tables} 张表{inputs}）",
        Lang.EN: "wrote template {path} (profile {profile}, {region}, {tables} tables{inputs})",
    },
    "no_narrative": {
        Lang.ZH: "配置 {profile}（{region}）的说明尚不能由 xlbudget 计算；表格可用 check 核对",
        Lang.EN: "xlbudget does not compute the 说明 of profile {profile} ({region}) yet; "
                 "check its tables with check",
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
    "file_header": {
        Lang.ZH: "[bold]{path}[/]（配置 {profile}，目录 {catalogue}）："
        "错误 {errors}，警告 {warnings}，提示 {info}",
        Lang.EN: "[bold]{path}[/] (profile {profile}, catalogue {catalogue}): {errors} errors, "
        "{warnings} warnings, {info} info",
    },
    "no_findings": {Lang.ZH: "未发现问题。", Lang.EN: "no findings."},
    "html_written": {
        Lang.ZH: "已写出审核页面 {path}（{books} 个工作簿）",
        Lang.EN: "wrote the review page {path} ({books} books)",
    },
    "html_suffix": {
        Lang.ZH: "审核页面应以 .html 结尾：{path}",
        Lang.EN: "the review page must end in .html: {path}",
    },
    "no_files": {
        Lang.ZH: "没有找到 .xlsx 工作簿：{paths}",
        Lang.EN: "no .xlsx workbooks found in: {paths}",
    },
    "missing_path": {Lang.ZH: "找不到 {path}", Lang.EN: "{path} does not exist"},
    "annotate_one": {
        Lang.ZH: "--annotate 只能用于单个工作簿",
        Lang.EN: "--annotate takes exactly one workbook",
    },
    "annotated": {
        Lang.ZH: "已写出批注副本 {path}（标记 {cells} 个单元格）",
        Lang.EN: "wrote annotated copy {path} ({cells} cells marked)",
    },
    "narrate_suffix": {
        Lang.ZH: "说明输出文件应为 .md、.txt 或 .docx：{path}",
        Lang.EN: "the narrative goes to a .md, .txt or .docx file: {path}",
    },
    "narrated": {Lang.ZH: "已写出预算情况说明 {path}", Lang.EN: "wrote the 说明 to {path}"},
    "consolidated": {
        Lang.ZH: "已汇总 {units} 个单位到 {path}（配置 {profile}，附“单位构成”）",
        Lang.EN: "summed {units} units into {path} (profile {profile}, with 单位构成)",
    },
    "units_one": {
        Lang.ZH: "--units 只能与一本部门工作簿同用",
        Lang.EN: "--units checks one department book at a time",
    },
    "imported": {
        Lang.ZH: "已导入 {path}（配置 {profile}，{tables} 张表，按标准模板）",
        Lang.EN: "imported into {path} (profile {profile}, {tables} tables, standard template)",
    },
    "import_suffix": {Lang.ZH: "导入结果须为 .xlsx：{path}",
                      Lang.EN: "the import is written as .xlsx: {path}"},
    "missing_inputs": {
        Lang.ZH: "说明中有 {count} 处缺少输入，已在文中以【待补充】标出。",
        Lang.EN: "{count} inputs are missing; the text marks each with 【待补充】.",
    },
    "narrative_one": {
        Lang.ZH: "--narrative 只能与单个工作簿一起使用",
        Lang.EN: "--narrative goes with exactly one workbook",
    },
    "narrative_file": {
        Lang.ZH: "说明文件应为存在的 .docx、.txt 或 .md：{path}",
        Lang.EN: "the 说明 must be an existing .docx, .txt or .md file: {path}",
    },
    "internal": {
        Lang.ZH: "{path}：内部错误（请报告此问题）：{reason}",
        Lang.EN: "{path}: internal error (please report it): {reason}",
    },
    "checking": {Lang.ZH: "校验中", Lang.EN: "checking"},
    "fixing": {Lang.ZH: "修正中", Lang.EN: "fixing"},
    "write_failed": {
        Lang.ZH: "无法写入 {path}：{reason}",
        Lang.EN: "cannot write {path}: {reason}",
    },
}


def text(key: str, lang: Lang, **values: Any) -> str:
    return MESSAGES[key][lang].format(**values)
