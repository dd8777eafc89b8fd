"""The backtest document: how good the projection's methods and odds were from past origins —
error of the share by years ahead, coverage of the 50/80/95 % bands, Brier score and reliability
of "at or above 2 %" odds, the Wales case study and, with ``fit``, the fitted Monte Carlo settings
and the coverage before and after. Every figure is a hindcast and carries that mark.

Rendered by ``nato3 backtest`` and the report's "How good are these projections?".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from nato3.documents.backtest_tables import (
    BANDS,
    BRIER,
    BY_ALLY,
    ERRORS,
    FIT_COVERAGE,
    FIT_VALUES,
    HORIZON_ROWS,
    LABELS,
    OVERALL,
    POLICIES,
    RELIABILITY,
    SERIES_INFO,
    WALES,
    WALES_SUMMARY,
)
from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

if TYPE_CHECKING:
    from nato3.backtest.run import Backtest


def build(
    source: str = "sipri",
    origins: tuple[int, int] | list[int] | None = None,
    horizons: tuple[int, ...] | list[int] = tuple(range(1, 11)),
    draws: int = 10_000,
    seed: int = 2035,
    fit: bool = False,
    wales: bool = True,
) -> Document:
    """Hindcast every origin of ``source`` (within ``origins``, FROM and TO years) ``horizons``
    years ahead with ``draws`` Monte Carlo draws; with ``fit``, fit the Monte Carlo settings first
    and write them to the bundled data (the built-in scenarios use them). Without ``fit`` the
    finished document is kept on disk for the data and code of now (:mod:`nato3.documents.backtest_stored`).

    Raises:
        Nato3Error: unknown source, origins outside the data, bad horizons or draws (naming it).
    """
    from nato3.backtest.run import backtest

    window = tuple(origins) if origins is not None else None

    def compute() -> Document:
        return document(backtest(source, window, tuple(horizons), draws, seed, fit=fit, wales=wales))

    if fit:  # writes the fitted settings: always run
        return compute()
    from nato3.documents.backtest_stored import stored

    return stored(stored_parameters(source, origins, horizons, draws, seed, wales), compute)


def stored_parameters(
    source: str = "sipri",
    origins: tuple[int, int] | list[int] | None = None,
    horizons: tuple[int, ...] | list[int] = tuple(range(1, 11)),
    draws: int = 10_000,
    seed: int = 2035,
    wales: bool = True,
) -> dict[str, Any]:
    """The parameters a finished backtest (without ``fit``) is stored under, defaults filled in."""
    window = tuple(origins) if origins is not None else None
    return {"source": source, "origins": window, "horizons": tuple(horizons), "draws": draws, "seed": seed,
            "wales": wales}  # fmt: skip


def document(b: Backtest) -> Document:
    """The document of a finished backtest."""
    from nato3.plain import plain

    labels = {(h.history.source, h.history.edition): h.history.label for h in b.hindcasts}
    tables = {
        "backtest_errors": _table("backtest_errors", "Error of the share by years ahead (hindcast)", ERRORS,
                                  _errors(b, labels)),
        "backtest_overall": _table("backtest_overall", "All years ahead together (hindcast)", OVERALL,
                                   _overall(b, labels)),
        "backtest_coverage": _table("backtest_coverage", "Band coverage by years ahead (hindcast)", BANDS,
                                    _labelled(b.coverage, labels, HORIZON_ROWS), display=False),
        "backtest_brier": _table("backtest_brier", "Brier score of P(at or above the threshold) by years ahead "
                                 "(hindcast)", BRIER, _labelled(b.brier, labels, HORIZON_ROWS), display=False),
        "backtest_reliability": _table("backtest_reliability", "Reliability: forecast probability against observed "
                                       "frequency, all years ahead (hindcast)", RELIABILITY,
                                       _labelled(b.reliability, labels, ["series", "method_label", "bin_low"])),
        "backtest_coverage_by_ally": _table("backtest_coverage_by_ally", "Band coverage by ally (hindcast)", BY_ALLY,
                                            _by_ally(b, labels), display=False),
    }  # fmt: skip
    if b.wales is not None:
        from nato3.backtest.wales import wales_summary

        tables["wales"] = _table(
            "wales",
            "Wales 2014: the engine's P(at or above 2 % in 2024) from 2014, against NATO's 2024 edition (hindcast)",
            WALES,
            _wales(b.wales),
        )
        summary = wales_summary(b.wales).assign(policy_label=lambda d: d["policy"].map(POLICIES))
        tables["wales_summary"] = _table(
            "wales_summary", "Wales 2014: how many allies (hindcast)", WALES_SUMMARY, summary
        )
    if b.fit is not None:
        tables["fit_values"] = _table(
            "fit_values", f"Monte Carlo settings fitted to hindcasts ({b.fit.label})", FIT_VALUES, _fit_values(b)
        )
        tables["fit_coverage"] = _table(
            "fit_coverage", "Band coverage before and after the fit (hindcast)", FIT_COVERAGE,
            _labelled(b.fit.coverage, labels, ["settings", "series", "method_label"], sort=False),
        )  # fmt: skip
    tables["backtest_series"] = _table("backtest_series", "The series hindcast", SERIES_INFO, _series(b), display=False)
    return Document(
        kind="backtest",
        title=f"How good are the odds? Backtest on {', '.join(labels.values())} (hindcast)",
        parameters=plain(_parameters(b)),
        tables=tables,
        sources=sources(*_tables(b)),
        caveats=_caveats(b),
        notes=b.notes(),
    )


def _table(name: str, title: str, columns: list[Column], frame: pd.DataFrame, **kwargs) -> Table:
    out = frame.reindex(columns=[c.name for c in columns]).reset_index(drop=True)
    out["marks"] = [{} for _ in range(len(out))]
    return Table(name, title, columns, out, **kwargs)


def _series(b: Backtest) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "series": h.history.label,
                "source": h.history.source,
                "edition": h.history.edition,
                "first_origin": h.origins[0] if h.origins else None,
                "last_origin": h.origins[-1] if h.origins else None,
                "horizons": list(h.horizons),
                "lookback_years": h.lookback,
                "gdp": h.history.gdp_note,
            }
            for h in b.hindcasts
        ]
    )


def _labelled(frame: pd.DataFrame, labels: dict, order: list[str], sort: bool = True) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["series", "method_label"])
    out = frame.assign(
        series=[labels.get((s, e), f"{s} {e}") for s, e in zip(frame["source"], frame["edition"], strict=True)],
        method_label=frame["method"].map(LABELS).fillna(frame["method"]),
    )
    return out.sort_values(order, kind="stable") if sort else out


def _errors(b: Backtest, labels: dict) -> pd.DataFrame:
    keys = ["source", "edition", "method", "horizon"]
    cover = b.coverage[[*keys, "coverage_80"]] if not b.coverage.empty else pd.DataFrame(columns=[*keys, "coverage_80"])
    return _labelled(b.errors.merge(cover, on=keys, how="left"), labels, HORIZON_ROWS)


def _overall(b: Backtest, labels: dict) -> pd.DataFrame:
    keys = ["source", "edition", "method"]
    counts = b.errors.groupby(keys, as_index=False)["forecasts"].sum()
    out = counts.merge(
        b.coverage_overall.drop(columns=["forecasts", "is_hindcast"], errors="ignore"), on=keys, how="left"
    )
    brier = b.brier_overall
    if not brier.empty:
        first = brier[brier["threshold_pct"] == brier["threshold_pct"].iloc[0]]
        out = out.merge(first[[*keys, "brier", "brier_climatology"]], on=keys, how="left")
    return _labelled(out, labels, ["series", "method_label"])


def _by_ally(b: Backtest, labels: dict) -> pd.DataFrame:
    from nato3.alliance.membership import allies

    frame = b.coverage_by_ally.assign(country=b.coverage_by_ally["iso3"].map(allies()))
    return _labelled(frame, labels, ["series", "method_label", "country"])


def _wales(case: pd.DataFrame) -> pd.DataFrame:
    wide = case.pivot(index=["iso3", "country", "share_2014_pct", "share_2024_pct", "reached"], columns="policy",
                      values="p_reach_2024").reset_index()  # fmt: skip
    wide = wide.rename(columns={p: f"p_reach_{p}" for p in POLICIES})
    return wide.sort_values(["share_2014_pct", "country"], ascending=[False, True], kind="stable")


def _fit_values(b: Backtest) -> pd.DataFrame:
    from nato3.alliance.membership import allies

    table = b.fit.table.copy()
    table["country"] = table["iso3"].map(allies())
    return table


def _parameters(b: Backtest) -> dict[str, Any]:
    cast = b.hindcasts[0] if b.hindcasts else None
    return {
        "source": b.source,
        "origins": list(b.window) if getattr(b, "window", None) else None,
        "horizons": list(cast.horizons) if cast else [],
        "draws": b.params.draws if b.params is not None else 0,
        "seed": b.params.seed if b.params is not None else None,
        "fit": b.fit is not None,
        "wales": b.wales is not None,
    }


def _tables(b: Backtest) -> list[str]:
    tables = {t for h in b.hindcasts for t in h.history.tables}
    if b.wales is not None:
        from nato3.backtest.history import nato_history
        from nato3.backtest.wales import EDITION

        tables |= set(nato_history(EDITION).tables)
    out = sorted(tables)
    if b.params is not None and b.params.fitted:
        from nato3.projection.uncertainty import FITTED_NAME

        out.append(FITTED_NAME)
    return out


def _caveats(b: Backtest) -> list[str]:
    out = [
        "Hindcasts, not forecasts: every figure marked h scores forecasts made as if from a past year against what "
        "the same edition says happened (revised history, not what was known at the time)."
    ]
    if b.params is not None and b.params.draws < 10_000:
        out.append(f"Bands and odds from {b.params.draws:,} Monte Carlo draws per origin (nato3 backtest uses 10,000).")
    if b.fit is not None:
        summary = "; ".join(b.fit.summary())
        written = f" Written to {b.fit.path}." if b.fit.path is not None else ""
        out.append(f"Fitted: {summary}. {b.fit.holdout[0].upper()}{b.fit.holdout[1:]}.{written}")
    return out


def reliability_chart(doc: Document, path, threshold: float | None = None):
    """Write the reliability chart of a backtest document's ``backtest_reliability`` to ``path``.

    Raises:
        Nato3Error: unwritable path, unsupported file type, or a backtest without draws.
    """
    from nato3.backtest.charts import describe_source, draw_reliability

    series = doc.tables["backtest_series"].records()
    label = "; ".join(f"{s['series']}, origins {s['first_origin']}–{s['last_origin']}" for s in series)
    return draw_reliability(
        doc.tables["backtest_reliability"].frame, path, describe_source(label, doc.parameters["draws"]), threshold
    )
