"""Burden sharing as library calls returning the observed long format
(``source × iso3 × indicator × year``, see :mod:`nato3.longformat`).

* :func:`burden_metrics`: shares, fair-share index, per capita and real change for every ally,
  every group (``iso3`` = ``group:<id>``) and the alliance (``NATO_TOTAL``);
* :func:`burden_tests`: the Olson–Zeckhauser test and the joint-product diagnostic per year.

Each frame carries ``edition`` (which NATO edition, or SIPRI's release) and ``is_derived``
(the value rests on a quantity the source does not publish; ``attrs["derived"]`` says how),
and ``attrs["sources"]`` names the tables used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from nato3.alliance.groups import Group
from nato3.burden import exploitation, joint_product
from nato3.burden.choices import YEAR_NAMES, Prices, Source, as_prices, as_source, check_years, years_available
from nato3.burden.groups import alliance_and_group_totals, group_metrics, resolve_groups
from nato3.burden.metrics import INDICATORS, alliance_metrics, ally_metrics, derived_indicators, units
from nato3.burden.rows import ally_rows, derived, price_base, provenance, tables
from nato3.longformat import to_long


@dataclass
class Loaded:
    """Ally rows for [from_year, to_year], plus the year before when the source has it in the same
    edition, so that group and alliance real changes are known in the first year."""

    source: Source
    from_year: int
    to_year: int
    rows: pd.DataFrame

    def within(self, frame: pd.DataFrame) -> pd.DataFrame:
        keep = frame["year"].between(self.from_year, self.to_year)
        return frame[keep].reset_index(drop=True)


def load(
    source: Source | str,
    from_year: int | None,
    to_year: int | None,
    edition: str | None,
    names: tuple[str, str] = YEAR_NAMES,
) -> Loaded:
    """Check the range and load the ally rows (see :class:`Loaded`); ``names`` are the parameters
    the years came from, for errors.

    Raises:
        Nato3Error: unknown source or edition, a year without data, an inverted range.
    """
    source = as_source(source)
    available = years_available(source, edition if source is Source.nato else None)
    from_year = available[0] if from_year is None else int(from_year)
    to_year = available[-1] if to_year is None else int(to_year)
    check_years(source, from_year, to_year, edition, names)
    # The year before, when the source has it: real changes of groups need it. A change across
    # two editions is never computed (see nato3.burden.metrics.totals).
    start = from_year - 1 if from_year - 1 in available else from_year
    rows = ally_rows(source, start, to_year, edition)
    return Loaded(source, from_year, to_year, rows)


def burden_metrics(
    source: Source | str = Source.nato,
    from_year: int | None = None,
    to_year: int | None = None,
    edition: str | None = None,
    groups: Sequence[str | Group] | None = None,
    prices: Prices | str = Prices.constant,
) -> pd.DataFrame:
    """Every burden-sharing measure for allies, groups and the alliance, in the long format.

    Args:
        source: ``"nato"`` (2014-2024, edition-aware) or ``"sipri"`` (1949-2024).
        from_year, to_year: default: every year the source covers.
        edition: NATO only; default per year the newest edition with spending in US$.
        groups: built-in ids, ``NAME=ISO3,ISO3`` specs or :class:`Group` objects; default: all
            built-in groups.
        prices: ``constant`` (default) or ``current`` US$ for money and shares.

    Raises:
        Nato3Error: unknown source, edition, group or member; empty group; year without data.
    """
    prices = as_prices(prices)
    loaded = load(source, from_year, to_year, edition)
    chosen = _groups(groups)
    # The alliance's totals, shared by the three measures below, and the groups' in the same pass.
    whole, parts = alliance_and_group_totals(loaded.rows, chosen)
    allies = loaded.within(ally_metrics(loaded.rows, prices, whole))
    grouped = loaded.within(group_metrics(loaded.rows, chosen, prices, whole, parts))
    alliance = loaded.within(alliance_metrics(loaded.rows, prices, whole))
    editions = sorted(loaded.within(loaded.rows)["edition"].unique())
    unit = units(loaded.source, prices, price_base(loaded.source, editions))
    frames = []
    for frame, kind in ((allies, "ally"), (grouped, "group"), (alliance, "group")):
        present = [c for c in INDICATORS if c in frame and frame[c].notna().any()]
        extra = ["edition"] + (["is_estimate"] if "is_estimate" in frame else [])
        long = to_long(frame, {"source": loaded.source.value}, {c: unit[c] for c in present}, extra=extra)
        long["is_derived"] = long["indicator"].isin(derived_indicators(loaded.source, kind))
        frames.append(long)
    out = pd.concat(frames, ignore_index=True)
    out["is_estimate"] = out["is_estimate"].fillna(False).astype(bool)
    out.attrs["sources"] = provenance(loaded.source, editions)
    out.attrs["derived"] = derived(loaded.source)
    return out


def burden_tests(
    source: Source | str = Source.nato,
    from_year: int | None = None,
    to_year: int | None = None,
    edition: str | None = None,
    prices: Prices | str = Prices.constant,
) -> pd.DataFrame:
    """The Olson–Zeckhauser test and the joint-product diagnostic per year, in the long format.

    Indicators ``oz_<levels|growth>_<statistic>`` (``iso3`` ``NATO_TOTAL`` for all allies,
    ``group:europe_and_canada`` without the US) and ``jp_<gdp|population>_<statistic>``.
    ``attrs["notes"]`` states the hypothesis and the ratio bias of the levels test.

    Raises:
        Nato3Error: as :func:`burden_metrics`.
    """
    oz, jp = burden_test_tables(source, from_year, to_year, edition, prices)
    out = pd.concat(
        [exploitation.to_long_format(oz, oz.attrs["source"]), joint_product.to_long_format(jp, oz.attrs["source"])],
        ignore_index=True,
    )
    out.attrs = dict(oz.attrs)
    return out


def burden_test_tables(
    source: Source | str = Source.nato,
    from_year: int | None = None,
    to_year: int | None = None,
    edition: str | None = None,
    prices: Prices | str = Prices.constant,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Olson–Zeckhauser results and the joint-product results per year, as two wide frames
    (see :func:`nato3.burden.exploitation.olson_zeckhauser` and
    :func:`nato3.burden.joint_product.joint_product`); both carry ``attrs`` with ``source``,
    ``sources``, ``derived`` and ``notes``.

    Raises:
        Nato3Error: as :func:`burden_metrics`.
    """
    loaded = load(source, from_year, to_year, edition)
    allies = loaded.within(ally_metrics(loaded.rows, as_prices(prices)))
    oz = exploitation.olson_zeckhauser(allies)
    jp = joint_product.joint_product(allies)
    attrs = {
        "source": loaded.source.value,
        "sources": provenance(loaded.source, sorted(allies["edition"].unique())),
        "derived": derived(loaded.source),
        "notes": [exploitation.HYPOTHESIS, exploitation.RATIO_BIAS, joint_product.INTERPRETATION],
    }
    oz.attrs, jp.attrs = dict(attrs), dict(attrs)
    return oz, jp


def headline_series(
    source: Source | str = Source.nato,
    from_year: int | None = None,
    to_year: int | None = None,
    edition: str | None = None,
    prices: Prices | str = Prices.constant,
) -> pd.DataFrame:
    """The United States against Europe and Canada, per year: each one's spending (million US$)
    and share of the alliance's, with ``edition`` and ``is_estimate`` (any member's figure is an
    estimate). A share is missing, never a partial one, where the alliance total is unknown.

    Raises:
        Nato3Error: as :func:`burden_metrics`.
    """
    from nato3.alliance.groups import builtin_groups
    from nato3.burden.groups import HEADLINE

    loaded = load(source, from_year, to_year, edition)
    frame = loaded.within(group_metrics(loaded.rows, [builtin_groups()[g] for g in HEADLINE], as_prices(prices)))
    wide = frame.pivot(index="year", columns="group", values=["spending_musd", "spending_share_pct"])
    out = pd.DataFrame({"year": wide.index.astype(int)})
    for group in HEADLINE:
        out[f"{group}_spending_musd"] = wide[("spending_musd", group)].to_numpy()
        out[f"{group}_share_pct"] = wide[("spending_share_pct", group)].to_numpy()
    out["edition"] = frame.groupby("year")["edition"].first().reindex(out["year"]).to_numpy()
    out["is_estimate"] = frame.groupby("year")["is_estimate"].any().reindex(out["year"]).to_numpy()
    out.attrs["tables"] = tables(loaded.source, sorted(out["edition"].unique()))
    return out


def _groups(groups: Sequence[str | Group] | None) -> list[Group]:
    if groups is None:
        return resolve_groups(None)
    specs = [g for g in groups if isinstance(g, str)]
    objects = [g for g in groups if isinstance(g, Group)]
    return (resolve_groups(specs) if specs else []) + objects
