"""Why a line is reported or not: the decision on each call site, for `check --why`.

The spawn rule records one `Decision` per recorded call site when asked to (a check run to
explain a line), in the order it decided: which call, what it resolved to, which argument is
the work and what that is, whether the result is consumed, whether the work is recovered.
"""

from __future__ import annotations

from dataclasses import dataclass

from lint_recover.facts.model import AttrRef, CallRef, LambdaRef, NameRef, Ref


@dataclass(frozen=True, slots=True)
class Decision:
    """The decision on one call site (1-based line and column)."""

    line: int
    col: int
    call: str
    api: str | None
    code: str | None = None
    work: str = ""
    target: str = ""
    consumed: str = ""
    recovered: str = ""
    reported: bool = False
    work_line: int = 0

    def concerns(self, line: int) -> bool:
        """Whether the call starts on `line` or its work argument does."""
        return line in (self.line, self.work_line)

    def describe(self) -> list[str]:
        """The decision as lines a person reads, most important first."""
        head = f"{self.line}:{self.col}: call of `{self.call}`"
        if self.api is None or self.code is None:
            what = f"resolves to {self.api}" if self.api else "does not resolve to a known name"
            return [f"{head}: {what}, which is not a spawn API: nothing to report"]
        verdict = f"reported as {self.code}" if self.reported else "not reported"
        lines = [f"{head}: {self.api} ({self.code}), {verdict}"]
        lines.append(f"  work: `{self.work}` -> {self.target}")
        if self.consumed:
            lines.append(f"  result: {self.consumed}")
        if self.recovered:
            lines.append(f"  recovery: {self.recovered}")
        return lines


def ref_text(ref: Ref) -> str:
    """A `Ref` as the code spells it (`pool.submit`, `super().__init__`)."""
    if isinstance(ref, NameRef):
        return ref.name
    if isinstance(ref, AttrRef):
        return f"{ref_text(ref.base)}.{ref.attr}"
    if isinstance(ref, CallRef):
        return f"{ref_text(ref.func)}(...)" if ref.first is not None else f"{ref_text(ref.func)}()"
    if isinstance(ref, LambdaRef):
        return "lambda"
    return f"<{ref.kind}>"
