"""The narrative's view of the input sheets: last year's figures, reasons, uses, projects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from xlbudget.model import Inputs, InputValue
from xlbudget.text import fold

_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def input_decimal(value: InputValue) -> Decimal | None:
    """An amount or count of an input sheet (None: blank or text)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return None


def input_text(value: InputValue) -> str | None:
    """A text of an input sheet, stripped (None: blank)."""
    return str(value).strip() or None if value is not None else None


@dataclass(frozen=True)
class Missing:
    """An input the 说明 needs and the workbook does not give; shown in the text as 【…】."""

    section: str
    sheet: str  # input sheet name
    what: str  # what to fill in, in Chinese

    @property
    def marker(self) -> str:
        return f"【待补充：{self.what}（{self.sheet}）】"


@dataclass
class NarrativeInputs:
    inputs: Inputs
    missing: list[Missing] = field(default_factory=list)

    def _prior_record(self, key: str) -> dict[str, InputValue] | None:
        key = key.removeprefix("xiang:")  # 五(三) items are found by their 项 code
        for record in self.inputs.sheet("prior"):
            code = input_text(record.get("code"))
            if record.get("key") == key or (code and _CODE.match(code) and code == key):
                return record
        return None

    def prior(self, key: str) -> Decimal | None:
        record = self._prior_record(key)
        return input_decimal(record.get("prior")) if record else None

    def prior_codes(self) -> list[str]:
        """The 项 codes the 上年预算数 sheet lists, in its order."""
        codes = (input_text(r.get("code")) for r in self.inputs.sheet("prior"))
        return [c for c in codes if c and _CODE.match(c)]

    def reason(self, key: str) -> str | None:
        record = self._prior_record(key)
        return input_text(record.get("reason")) if record else None

    def use(self, section: str, subject: str) -> str | None:
        for record in self.inputs.sheet("uses"):
            if input_text(record.get("section")) == section and fold(
                    str(record.get("subject") or "")) == fold(subject):
                return input_text(record.get("text"))
        return None

    def project(self, name: str) -> dict[str, InputValue] | None:
        return next((r for r in self.inputs.sheet("projects")
                     if fold(str(r.get("name") or "")) == fold(name)), None)

    def form(self, sheet: str, key: str) -> InputValue:
        return self.inputs.form(sheet).get(key)

    def need(self, section: str, sheet: str, what: str) -> str:
        """Record a missing input and return the marker that stands in the text."""
        missing = Missing(section, sheet, what)
        if missing not in self.missing:
            self.missing.append(missing)
        return missing.marker
