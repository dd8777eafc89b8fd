"""Report sections, one module each, found by :mod:`nato3.report.registry`.

ORDER numbers in use: 10 headline, 20 standing, 30 who pays, 40 paths to 2035 (projections),
45 how good are these projections (backtest), 50 NATO 3.0 ledger, 80 methods, 90 sources.
"""
