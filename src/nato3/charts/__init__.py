"""Charts: static ones with matplotlib (files, the report) and interactive ones with Plotly."""
