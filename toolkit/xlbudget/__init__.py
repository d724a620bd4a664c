"""xlbudget — 单位/部门预算公开 workbooks: templates, checks, the 说明, bulk fixes."""

__version__ = "0.1.0"
