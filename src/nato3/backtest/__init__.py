"""Backtests of the projection methods: rolling-origin hindcasts, their scores, the Wales case
study, and the projection's Monte Carlo settings fitted to them. Every figure is a hindcast."""

from nato3.backtest.fit import Fit, fit
from nato3.backtest.fitfile import write_fit
from nato3.backtest.hindcast import Hindcast, hindcast
from nato3.backtest.history import History, histories, nato_history, sipri_history
from nato3.backtest.run import Backtest, backtest
from nato3.backtest.wales import wales_case, wales_summary

__all__ = [
    "Backtest",
    "Fit",
    "Hindcast",
    "History",
    "backtest",
    "fit",
    "hindcast",
    "histories",
    "nato_history",
    "sipri_history",
    "wales_case",
    "wales_summary",
    "write_fit",
]
