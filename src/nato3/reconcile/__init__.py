"""NATO vs SIPRI: both shares of GDP per ally and year, the difference and its known reasons."""
