"""Importers for the publishers' own workbooks (NATO, SIPRI), with a diff and an atomic commit."""
