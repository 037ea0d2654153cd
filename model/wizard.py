"""The wizard without a window: its steps (基本信息, the format's sections 一…六, 检查与导出),
the current step, moving on and back, the step a finding belongs to, and each step's state
from the findings.  The window renders this; tests drive it with plain data."""

from __future__ import annotations

from dataclasses import dataclass

from model.checks import ERROR, WARNING, Finding
from model.formats import ReportFormat

BASIC, REVIEW = "s0", "review"


@dataclass(frozen=True)
class Step:
    key: str  # "s0", the format's section keys, "review"
    title: str


@dataclass(frozen=True)
class StepState:
    text: str  # “2个错误”, “1个警告”, “完成”
    level: str  # "error", "warning" or "ok"


def steps_of(fmt: ReportFormat) -> list[Step]:
    return [Step(BASIC, "基本信息"), *(Step(s.key, s.heading) for s in fmt.sections), Step(REVIEW, "检查与导出")]


def state_of(findings: list[Finding]) -> StepState:
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = sum(1 for f in findings if f.severity == WARNING)
    if errors:
        return StepState(f"{errors}个错误", ERROR)
    if warnings:
        return StepState(f"{warnings}个警告", WARNING)
    return StepState("完成", "ok")


class Wizard:
    def __init__(self, fmt: ReportFormat, current: int = 0) -> None:
        self.steps = steps_of(fmt)
        self.current = 0
        self.go(current)

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.steps]

    def __len__(self) -> int:
        return len(self.steps)

    def go(self, i: int) -> bool:
        """Make step ``i`` current (clamped to the steps); False if it already was."""
        i = min(max(0, i), len(self.steps) - 1)
        changed = i != self.current
        self.current = i
        return changed

    def go_key(self, key: str) -> bool:
        return self.go(self.index_of(key))

    def next(self) -> bool:  # noqa: A003 - the wizard's word
        return self.can_next() and self.go(self.current + 1)

    def previous(self) -> bool:
        return self.can_previous() and self.go(self.current - 1)

    def can_next(self) -> bool:
        return self.current < len(self.steps) - 1

    def can_previous(self) -> bool:
        return self.current > 0

    @property
    def current_key(self) -> str:
        return self.steps[self.current].key

    def index_of(self, key: str) -> int:
        return self.keys.index(key)

    def step_of(self, finding: Finding) -> int:
        """The step a finding is shown on (基本信息 for findings of no section)."""
        key = finding.section or BASIC
        return self.index_of(key) if key in self.keys else 0

    def findings_of(self, i: int, findings: list[Finding]) -> list[Finding]:
        key = self.steps[i].key
        if key == REVIEW:
            return list(findings)  # the review step sums up the whole report
        return [f for f in findings if (f.section or BASIC) == key]

    def state(self, i: int, findings: list[Finding]) -> StepState:
        return state_of(self.findings_of(i, findings))
