"""``python -m allegiance`` runs the CLI."""

from allegiance.cli import main

if __name__ == "__main__":
    main()
