"""The `claimdesk` command and `python -m tui`: the program, started without garbage collection
(`tui.startup` says why)."""

from tui import startup


def main() -> None:
    startup.begin()
    from tui.program import main as run_program

    run_program()


if __name__ == "__main__":
    main()
