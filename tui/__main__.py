"""`python -m tui` runs the claimdesk program."""

from tui.program import main

if __name__ == "__main__":
    main()
