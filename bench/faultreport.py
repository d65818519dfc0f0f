"""The fault run's figures and invariants, printed as one table at the end."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    """Figures by section, and the invariants with their verdicts."""

    sections: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    def section(self, title: str) -> list[tuple[str, str]]:
        """A new section; append (label, value) pairs to what is returned."""
        figures: list[tuple[str, str]] = []
        self.sections.append((title, figures))
        return figures

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append((name, ok, detail))

    @property
    def passed(self) -> bool:
        return all(ok for _, ok, _ in self.checks)

    def print(self, title: str) -> None:
        print(f"\n{title}")
        for heading, figures in self.sections:
            print(f"\n{heading}")
            for label, value in figures:
                print(f"  {label:<44} {value:>12}")
        print("\nInvariants")
        for name, ok, detail in self.checks:
            print(f"  {'PASS' if ok else 'FAIL'}  {name:<58} {detail}")
        failed = sum(not ok for _, ok, _ in self.checks)
        print(f"\n{len(self.checks) - failed} passed, {failed} failed")


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"
