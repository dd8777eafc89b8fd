"""``python -m nato3`` runs the CLI."""

from nato3.cli.app import main

if __name__ == "__main__":  # guard: Dask worker processes re-import the main module
    main()
