"""``python -m pivotal``: the same entry point as the installed ``pivotal`` command."""

from pivotal.entry import main

if __name__ == "__main__":
    main()
