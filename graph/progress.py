"""What a build is doing, on stderr: a live line in a terminal, one plain line per stage
otherwise (logs, CI, pipes). Text is always printed as text, never read as markup."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as _Live
from rich.text import Text

__all__ = ["Progress", "warn"]


def warn(console: Console, message: str, *, label: str = "warning") -> None:
    """Print ``label: message`` with the label coloured; ``message`` stays plain text
    (input such as ``[/x]`` or ``[bold]`` is shown as it is)."""
    console.print(Text.assemble((f"{label}:", "yellow" if label == "warning" else "red"), " ",
                                message), soft_wrap=True, highlight=False)  # fmt: skip


class Progress:
    """Stages of a build as they start: ``stage("loading the model")``; a stage with a count
    gets a bar in a terminal (``advance = count("extracting", total=5)``)."""

    def __init__(self, console: Console):
        self.console = console
        self._start = time.monotonic()
        self._live: _Live | None = None
        self._task: TaskID | None = None
        if console.is_terminal:
            self._live = _Live(
                SpinnerColumn(),
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )

    def __enter__(self) -> Progress:
        if self._live is not None:
            self._live.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._live is not None:
            self._live.stop()

    def stage(self, text: str, *, total: int | None = None) -> None:
        """A new stage starts (``total``: it advances in that many steps)."""
        if self._live is None:
            elapsed = time.monotonic() - self._start
            more = f" ({total})" if total is not None else ""
            self.console.print(
                f"casegraph [{elapsed:6.1f} s] {text}{more}", markup=False, highlight=False
            )
            return
        if self._task is not None:
            self._live.remove_task(self._task)
        self._task = self._live.add_task(text, total=total)

    def count(self, text: str, *, total: int, then: str | None = None) -> Callable[..., None]:
        """Start a counted stage; each call of the returned function is one step done, and
        ``then`` (the stage that follows without steps of its own) starts after the last."""
        self.stage(text, total=total)
        done = 0

        def advance(*_: object) -> None:
            nonlocal done
            done += 1
            if self._live is not None and self._task is not None:
                self._live.advance(self._task)
            if done == total and then is not None:
                self.stage(then)

        if total == 0 and then is not None:
            self.stage(then)
        return advance
