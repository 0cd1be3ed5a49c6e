"""`python -m palermo` runs the same command as the `palermo` console script."""

from palermo.cli import main

if __name__ == "__main__":
    main()
