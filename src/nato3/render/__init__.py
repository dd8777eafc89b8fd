"""Renderers of documents: terminal tables, CSV, JSON and HTML fragments, shared by every face."""
