"""A backtest's options as people type them (``--origins 1990:2014``, ``--horizons 1-10``), read
into the values :func:`nato3.backtest.backtest` takes; each error names its parameter."""

from __future__ import annotations

from nato3.errors import Nato3Error


def parse_origins(text: str | None) -> tuple[int, int] | None:
    """``"FROM:TO"`` or ``"YEAR"`` → (from, to). Raises Nato3Error naming ``origins``."""
    if text is None:
        return None
    parts = text.split(":")
    try:
        years = [int(p) for p in parts]
    except ValueError:
        years = []
    if len(years) not in (1, 2) or (len(years) == 2 and years[0] > years[1]):
        raise Nato3Error(f"origins {text!r} must be FROM:TO (e.g. 1990:2014) or one year", parameter="origins")
    return years[0], years[-1]


def parse_horizons(text: str) -> tuple[int, ...]:
    """``"1-10"``, ``"5"`` or ``"1,3,5"`` → horizons. Raises Nato3Error naming ``horizons``."""
    from nato3.backtest.hindcast import MAX_HORIZON, check_horizons

    try:
        out: list[int] = []
        for part in text.split(","):
            low, _, high = part.strip().partition("-")
            out += range(int(low), int(high or low) + 1)
    except ValueError:
        raise Nato3Error(
            f"horizons {text!r} must be years ahead like 1-10, 5 or 1,3,5 (1 to {MAX_HORIZON})", parameter="horizons"
        ) from None
    return check_horizons(out)
