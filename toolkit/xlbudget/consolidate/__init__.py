"""汇总: a department's book as the sum of its units' books, and a department checked against them.

:mod:`.units` reads the unit books (refusing books of different regions or years, one given
twice, one that cannot be read); :mod:`.sums` adds them into the department's budget in the
region's standard 部门 template (coded rows by code and column, fixed rows by key, projects one
row per unit and project, counts as counts, the 说明 inputs that add up added, the others listed
per unit); :mod:`.composition` is the 单位构成 sheet that says which units the book sums;
:mod:`.rules` holds the C.* findings of ``check DEPT --units …``.
"""

from xlbudget.consolidate.sums import Department, consolidate
from xlbudget.consolidate.units import ConsolidateError, Unit, read_units

__all__ = ["ConsolidateError", "Department", "Unit", "consolidate", "read_units"]
