"""Section 十二 (其他重要事项): 政府采购, 国有资产, 预算绩效 — templates filled from input sheets.

Each template is the publications' sentence with named blanks; ``fill`` returns the text and
the names of blanks that had no input (the caller marks them and lists them as missing)."""

from __future__ import annotations

from decimal import Decimal

from xlbudget.narrative.numbers import wan

PROCUREMENT = (
    "{year} 年，{unit}政府采购预算 {total} 万元，其中：政府采购货物预算 {goods} 万元，"
    "政府采购工程预算 {works} 万元，政府采购服务预算 {services} 万元。"
    "{year} 年，{unit}面向中小企业预留政府采购项目预算金额 {sme} 万元，"
    "小微企业预留政府采购项目预算金额 {small_micro} 万元。"
)
ASSETS = (
    "截至{as_of}，{unit}及下属各预算单位占用使用国有资产总体情况为："
    "1.房屋 {house_area} 平方米，价值 {house_value} 万元。"
    "2.车辆 {vehicles_count} 辆，价值 {vehicles_value} 万元；其中：{vehicles}。"
    "3.办公家具价值 {furniture_value} 万元。4.其他资产价值 {other_value} 万元。"
    "单位价值 50 万元以上大型设备 {equipment_50} 台，单位价值 100 万元以上大型设备 "
    "{equipment_100} 台。{year} 年单位预算{plan}，安排购置 50 万元以上大型设备 "
    "{plan_equipment_50} 台，单位价值 100 万元以上大型设备 {plan_equipment_100} 台。"
)
PERFORMANCE = (
    "{year} 年，本单位预算绩效管理整体预算绩效目标 {overall_targets} 个，涉及金额 {total} 万元；"
    "当年财政拨款项目 {project_count} 个，涉及预算金额 {projects_total} 万元；"
    "当年非财政拨款项目 {nonfiscal_projects} 个，涉及预算金额 {unit_funds} 万元。"
)
VEHICLES = [("vehicles_general", "一般公务用车"), ("vehicles_enforcement", "执法执勤用车"),
            ("vehicles_special", "特种专业技术用车"), ("vehicles_other", "其他车辆")]


def _decimal(value: object) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def _int(value: object) -> int:
    return int(_decimal(value))


def procurement(form: dict[str, object]) -> dict[str, str]:
    amounts = {k: _decimal(form.get(k)) for k in ("goods", "works", "services", "sme",
                                                   "small_micro")}
    total = amounts["goods"] + amounts["works"] + amounts["services"]
    return {"total": wan(total), **{k: wan(v) for k, v in amounts.items()}}


def assets(form: dict[str, object]) -> dict[str, str]:
    present = [(k, label) for k, label in VEHICLES if form.get(f"{k}_count") is not None]
    vehicles = "；".join(
        f"{label} {_int(form.get(f'{k}_count'))} 辆，价值 {wan(_decimal(form.get(f'{k}_value')))}"
        " 万元" for k, label in present)
    plan = (f"安排购置车辆 {_int(form.get('plan_vehicles'))} 辆" if form.get("plan_vehicles")
            else "未安排购置车辆经费")
    values = {
        "house_area": wan(_decimal(form.get("house_area"))),
        "vehicles_count": str(sum(_int(form.get(f"{k}_count")) for k, _ in VEHICLES)),
        "vehicles_value": wan(sum((_decimal(form.get(f"{k}_value")) for k, _ in VEHICLES),
                                  Decimal(0))),
        "vehicles": vehicles or "无", "plan": plan,
    }
    for key in ("house_value", "furniture_value", "other_value"):
        values[key] = wan(_decimal(form.get(key)))
    for key in ("equipment_50", "equipment_100", "plan_equipment_50", "plan_equipment_100"):
        values[key] = str(_int(form.get(key)))
    return values
