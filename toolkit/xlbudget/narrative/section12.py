"""Section 十二 (其他重要事项): the 政府采购 and 国有资产 figures of the input sheets, as the
新疆 [story] sentences state them (``{form.procurement.total}``, ``{form.assets.vehicles}``): a
blank amount is 0, the vehicles listed by kind."""

from __future__ import annotations

from decimal import Decimal

from xlbudget.narrative.numbers import wan

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
