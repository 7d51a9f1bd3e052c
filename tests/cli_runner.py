"""Running the claimdesk command line in the test process, or (for a few smoke tests) as a real process.

`run_in_process` calls `tui.program.main(argv)`, what `python -m tui` and the `claimdesk` script run, inside
click's `CliRunner` isolation: stdout, stderr and stdin are swapped for in-memory streams, the environment
is patched for the call, and the current directory is changed for the call and changed back. It returns
what `subprocess.run` would have: the exit code, and stdout and stderr decoded as text. A call costs
milliseconds, where a fresh interpreter spends 0.4 to 1.2 s starting and importing claimdesk.

The call is made to look like a fresh process started by the test, as the subprocess version was:
- CLAIMDESK_* variables of the outer environment are removed (then `env` is applied);
- COLUMNS is 80 unless `env` says otherwise, so rich tables wrap the same on every machine, with `-s` too
  (a child of pytest has no terminal and gets rich's default of 80), and FORCE_COLOR/TTY_COMPATIBLE/
  TTY_INTERACTIVE, which would make rich style a pipe, are removed;
- stdout has the encoding and error handler a child would have (UTF-8; `surrogateescape` under a C or
  C.UTF-8 locale), and bytes written to `sys.stdout.buffer` (jsonl, exports) land in the same capture;
  stderr is captured apart, with `backslashreplace` as in any Python process;
- stdin is empty, as /dev/null is for a child of pytest;
- click's help is as wide as COLUMNS says (CliRunner would force 80 columns);
- functools caches in `tui` modules are cleared first: a new process starts with empty caches, and one
  of them memoises `os.path.abspath` of relative article paths, which depends on the current directory;
- the reader is never opened: a call that would open it (`claimdesk PATH...` with no command) raises
  `ReaderWouldOpen` in the test, where a real process would start the full-screen app and wait for keys
  (for ever, in a test); the app is tested with Textual's Pilot instead;
- a call that runs for more than TIMEOUT seconds (on a file that blocks when read, say) is interrupted
  with `CommandHung`, raised where it was, as the subprocess version's timeout ended the child: a hang
  never stalls the suite;
- `SystemExit(code)` becomes the return code as the interpreter would make it (None is 0, a string is
  printed and gives 1); an exception escaping `main` is printed as a traceback with code 1.

Output is decoded with `surrogateescape`, so bytes that are not UTF-8 (a file name, say) come back as
the same `str` Python uses for such a file name, instead of failing to decode.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import click.formatting
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120.0

# Set for every in-process call (None removes a variable): rich tables 80 columns wide, and never styled
# (these three would make rich style text written to a pipe; see rich.console.Console.is_terminal).
PLAIN: dict[str, str | None] = {"COLUMNS": "80", "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None}


class ReaderWouldOpen(BaseException):  # not an Exception: the command line turns those into one-line errors
    """The command line was about to open the interactive reader."""


def _refuse_to_open(paths: list[Path], store: Path, annotator: str) -> None:
    raise ReaderWouldOpen(f"the command line would open the reader on {[str(path) for path in paths]}")


class CommandHung(BaseException):  # not an Exception, for the same reason
    """The command ran for longer than TIMEOUT seconds."""


@contextlib.contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    """Interrupt the code inside after `seconds`, even in a blocking system call (on a Unix main thread)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def hung(signum: int, frame: object) -> None:
        raise CommandHung(f"the command was still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Ran:
    """What one command line run gave: like `subprocess.CompletedProcess`, with text output."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def _environment(env: Mapping[str, str] | None) -> dict[str, str | None]:
    """Changes to os.environ for the call (None removes a variable)."""
    changes: dict[str, str | None] = {key: None for key in os.environ if key.startswith("CLAIMDESK_")}
    changes.update(PLAIN)
    changes.update(env or {})
    return changes


def _clear_caches() -> None:
    """Empty every functools cache of the loaded tui modules, as in a process that just started."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "tui" or name.startswith("tui.")):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper):
                value.cache_clear()


def _exit_code(code: object, stderr: io.TextIOBase) -> int:
    """The status the interpreter exits with for `SystemExit(code)`."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=stderr)
    return 1


def run_in_process(*args: str, cwd: Path = ROOT, env: Mapping[str, str] | None = None) -> Ran:
    """`claimdesk ARGS...` run in `cwd`, in this process."""
    import tui.program
    from tui.program import main

    argv = [str(arg) for arg in args]
    runner = CliRunner()
    errors = getattr(sys.__stdout__, "errors", None) or "strict"
    with (
        contextlib.chdir(cwd),
        mock.patch.object(tui.program, "open_reader", _refuse_to_open),
        runner.isolation(env=_environment(env)) as (out, err, _mixed),
    ):
        click.formatting.FORCED_WIDTH = None  # the isolation puts it back
        # The isolation's stdout is strict; a child process would use the locale's error handler.
        isolated = sys.stdout
        sys.stdout = stdout = io.TextIOWrapper(out, encoding="utf-8", errors=errors)
        try:
            _clear_caches()
            try:
                with _watchdog(TIMEOUT):
                    main(argv)
                code = 0
            except SystemExit as exc:
                code = _exit_code(exc.code, sys.stderr)
            except Exception:  # what the interpreter would print for an exception main let through
                traceback.print_exc(file=sys.stderr)
                code = 1
            with contextlib.suppress(ValueError):  # a command may have closed a stream
                stdout.flush()
            with contextlib.suppress(ValueError):
                sys.stderr.flush()
            output, messages = out.getvalue(), err.getvalue()
        finally:
            with contextlib.suppress(ValueError):
                stdout.detach()  # leave the captured bytes open for CliRunner to close
            sys.stdout = isolated
    return Ran(argv, code, output.decode("utf-8", "surrogateescape"), messages.decode("utf-8", "surrogateescape"))


def run_process(
    *args: str, cwd: Path = ROOT, env: Mapping[str, str | None] | None = None, command: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m tui ARGS...` (or `command ARGS...`) as a real process, for the entry point's smoke tests.

    The environment is this one without CLAIMDESK_* variables, with `env` applied (None removes a variable).
    """
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CLAIMDESK_")}
    environment["PYTHONPATH"] = str(ROOT)
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return subprocess.run(
        [*(command or [sys.executable, "-m", "tui"]), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        encoding="utf-8",
        timeout=TIMEOUT,
        env=environment,
    )
