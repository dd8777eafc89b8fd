"""The alliance's own rules: who is a member in which year, which groups exist, how NATO aggregates."""
