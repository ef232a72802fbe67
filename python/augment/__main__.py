"""`python -m augment ARGS...` runs the CLI, like the `augment` console script."""

from ._binary import main

if __name__ == "__main__":
    main()
