"""``python -m nato3`` runs the CLI."""

from nato3.cli.app import main

main()
