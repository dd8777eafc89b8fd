"""The data store: bundled tables with their provenance, validated into an embedded DuckDB."""
