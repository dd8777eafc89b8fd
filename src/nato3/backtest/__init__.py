"""Backtests of the projection methods: rolling-origin hindcasts, their scores, and the
uncertainty of the projection's Monte Carlo fitted to them."""
