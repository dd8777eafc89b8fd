"""Static charts of the ledger (matplotlib through :mod:`nato3.charts.static`).

Every chart carries a source line naming its tables and the caveats that matter for reading it
(DMDC excludes rotational forces; levels and changes are not added; Russia's shells are all
calibres; projections are assumptions). Each function takes the output path and returns it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from nato3.charts.static import PALETTE, add_source, check_chart_path, pyplot, save

GROUP_COLOURS = {
    "us": PALETTE["united_states"],
    "europe": PALETTE["europe"],
    "canada": PALETTE["canada"],
    "mixed": PALETTE["grey"],
    "unknown": "#DDDDDD",
}


def _dates(values: pd.Series) -> pd.Series:
    """YYYY, YYYY-MM or YYYY-MM-DD strings as timestamps (a missing month or day is the first)."""

    def one(value: Any) -> pd.Timestamp:
        text = str(value)
        return pd.Timestamp({4: text + "-01-01", 7: text + "-01"}.get(len(text), text))

    return pd.Series([one(v) for v in values], index=values.index)


def _figure(ncols: int = 1, width: float = 10.0, height: float = 5.0):
    plt = pyplot()
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), layout="constrained")
    return fig, axes


def _finish(fig: Any, path: Path | str, text: str) -> Path:
    add_source(fig, text)
    return save(fig, path)


def posture_chart(path: Path | str, period: str | None = None) -> Path:
    """DMDC personnel by host (left) and the US-in-Europe levels over time (right)."""
    from nato3.ledger.posture import DMDC_CAVEAT, posture_summary, us_timeline

    path = check_chart_path(path)
    hosts = posture_summary(period)
    hosts = hosts[hosts["host_region"] == "europe"].nlargest(15, "us_active_duty_military_total")[::-1]
    fig, (left, right) = _figure(2, 11, 5.5)
    left.barh(hosts["iso3"], hosts["us_active_duty_military_total"], color=PALETTE["united_states"])
    left.set_title(f"US personnel permanently assigned, {hosts.attrs['period']}")
    left.set_xlabel("persons (DMDC; rotational forces excluded)")
    levels = us_timeline()
    levels = levels[levels["value_kind"] == "level"]
    for series, marker, colour in (("DMDC", "o", PALETTE["united_states"]), ("EUCOM", "D", PALETTE["accent"])):
        part = levels[levels["series"].str.startswith(series)]
        right.scatter(
            _dates(part["date"]), part["us_personnel"], marker=marker, color=colour, label=part["series"].iloc[0]
        )
        for d, v in zip(_dates(part["date"]), part["us_personnel"], strict=True):
            right.annotate(f"{v:,.0f}", (d, v), textcoords="offset points", xytext=(4, 4), fontsize=7)
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(maxticks=6)
    right.xaxis.set_major_locator(locator)
    right.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    right.set_title("US forces in Europe: levels on record")
    right.set_ylim(0, None)
    right.legend(fontsize=7, loc="lower left")
    return _finish(
        fig,
        path,
        "Sources: US DMDC location reports (public domain); EUCOM/DoD totals via secondary sources (F22-F24). "
        + DMDC_CAVEAT,
    )


def events_chart(path: Path | str) -> Path:
    """Cumulative counted changes on record, executed, by actor group; announced as hollow markers."""
    from nato3.ledger.events import ACTOR_GROUPS, events

    path = check_chart_path(path)
    ev = events()
    ev = ev[ev["counted"]].assign(when=lambda d: _dates(d["date"]))
    fig, ax = _figure(1, 10, 5)
    for group in ACTOR_GROUPS:
        part = ev[(ev["actor_group"] == group) & (ev["status_group"] == "executed")].sort_values("when")
        if len(part):
            ax.step(
                part["when"],
                part["change_personnel"].cumsum(),
                where="post",
                color=GROUP_COLOURS[group],
                label=f"{group}: executed (cumulative)",
                marker="o",
            )
        planned = ev[(ev["actor_group"] == group) & (ev["status_group"] != "executed")]
        if len(planned):
            ax.scatter(
                planned["when"],
                planned["change_personnel"],
                facecolors="none",
                edgecolors=GROUP_COLOURS[group],
                label=f"{group}: announced (single change)",
            )
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_title("Changes to forces in Europe on record (counted rows)")
    ax.set_ylabel("persons")
    ax.legend(fontsize=7, ncols=2)
    return _finish(
        fig,
        path,
        "Source: nato3 force-posture events (per-row sources, mostly news: secondary). Levels and overlapping rows "
        "are not added; 'mixed' = multinational rows with US troops, not split.",
    )


def commands_chart(path: Path | str) -> Path:
    """Tenures of the nine senior posts, coloured US / European, with the agreed holder at the right."""
    from nato3.ledger.commands import command_changes, command_posts

    path = check_chart_path(path)
    posts = command_posts(commands_only=True)
    held = posts[posts["named"] & posts["from_date"].notna()]
    end = pd.Timestamp("2026-06-01")
    names = list(dict.fromkeys(posts["post"]))[::-1]
    fig, ax = _figure(1, 11, 5)
    for _, r in held.iterrows():
        start = _dates(pd.Series([r["from_date"]])).iloc[0]
        stop = end if pd.isna(r["to_date"]) else _dates(pd.Series([r["to_date"]])).iloc[0]
        ax.barh(
            names.index(r["post"]),
            (stop - start).days,
            left=start,
            color=GROUP_COLOURS[r["holder_group"]],
            edgecolor="white",
            hatch="//" if r["uncertain"] else None,
        )
    after = command_changes().set_index("post")
    for post in names:
        row = after.loc[post]
        ax.scatter(
            end + pd.Timedelta(days=200),
            names.index(post),
            s=80,
            marker="s",
            color=GROUP_COLOURS[row["holder_group_after"]],
        )
        ax.annotate(
            row["holder_iso3_after"], (end + pd.Timedelta(days=290), names.index(post)), va="center", fontsize=7
        )
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_title("Senior NATO posts: US (blue) or European (orange); square = agreed 6 Feb 2026")
    return _finish(
        fig,
        path,
        "Source: nato3 command posts (NATO, national MoDs, news; secondary rows marked in the data). Hatched = "
        "holder uncertain; bars start at the first known date. The reallocation has no dates.",
    )


def industry_chart(path: Path | str, growth: float = 0.10, target: float | None = None) -> Path:
    """Artillery shells a year by region and measure, with a dashed ramp-up projection for Europe."""
    from nato3.ledger.industry import ramp_up, shells_by_region

    path = check_chart_path(path)
    df = shells_by_region()
    fig, ax = _figure(1, 10, 5.5)
    colours = {
        "Europe": PALETTE["europe"],
        "USA": PALETTE["united_states"],
        "Russia": PALETTE["grey"],
        "USA+Europe": PALETTE["accent"],
    }
    markers = {"output": "o", "capacity": "s", "target": "x"}
    for (region, measure), part in df.groupby(["region", "measure"]):
        label = f"{region}{' (all calibres)' if region == 'Russia' else ''}: {measure}"
        ax.scatter(
            part["year"],
            part["quantity_per_year"],
            color=colours.get(region, "black"),
            marker=markers[measure],
            label=label,
        )
    proj = ramp_up("Europe", growth=growth, target=target)
    ax.plot(
        proj["year"],
        proj["projected"],
        linestyle="--",
        color=PALETTE["europe"],
        label=f"Europe: projection at {growth:.0%}/yr (assumption)",
    )
    ax.axhline(
        proj.attrs["target"],
        color=PALETTE["target"],
        linewidth=0.8,
        linestyle=":",
        label=f"target: {proj.attrs['target_label']}",
    )
    ax.set_title("Artillery shells a year: output, capacity, targets")
    ax.set_ylabel("shells a year")
    ax.legend(fontsize=7, ncols=2)
    return _finish(
        fig,
        path,
        "Source: nato3 production capacity (news reports, secondary). US figures are 12 x monthly rates; Russia = "
        "all calibres incl. refurbished (not comparable one-for-one with 155 mm). Dashed line: projection.",
    )


def forces_chart(path: Path | str) -> Path:
    """European allies' military personnel over time (left) and Europe's share against US references (right)."""
    from nato3.ledger.forces import europe_personnel, force_share

    path = check_chart_path(path)
    eur = europe_personnel()
    shares = force_share()
    fig, (left, right) = _figure(2, 11, 5)
    left.plot(eur["year"], eur["europe_personnel"], marker="o", color=PALETTE["europe"])
    left.set_title("European allies' military personnel (NATO Table 7)")
    left.set_ylim(0, None)
    labels = [
        f"{d}\n{'DMDC' if lb else 'EUCOM/DoD'}"
        for d, lb in zip(shares["date"], shares["us_is_lower_bound"], strict=True)
    ]
    right.bar(labels, shares["share_europe_pct"], color=PALETTE["europe"])
    right.set_ylim(90, 100)
    right.set_title("Europe's share of personnel vs US forces in Europe (%)")
    right.tick_params(axis="x", labelsize=7)
    return _finish(
        fig,
        path,
        "Sources: NATO Defence Expenditure 2024 edition (Table 7); US levels: DMDC (rotational excluded) and "
        "EUCOM/DoD via secondary sources. Personnel is a proxy, not capability.",
    )


def drawdown_chart(result: Any, path: Path | str) -> Path:
    """US forces in Europe after each withdrawal (left) and the annual backfill cost per step (right)."""
    path = check_chart_path(path)
    steps = result.steps
    labels = [
        "baseline",
        *[f"{d}\n{e or h}" for d, e, h in zip(steps["date"], steps["event_id"], steps["host"], strict=True)],
    ]
    levels = [result.summary["us_in_europe_before"], *steps["us_in_europe_after"]]
    fig, (left, right) = _figure(2, 11, 5)
    left.bar(labels, levels, color=PALETTE["united_states"])
    left.set_title("US forces in Europe (scenario)")
    left.tick_params(axis="x", labelsize=7)
    right.bar(labels[1:], steps["backfill_cost_musd_per_year"], color=PALETTE["europe"])
    right.set_title("European backfill, million US$ a year")
    right.tick_params(axis="x", labelsize=7)
    fig.suptitle(result.scenario.title, fontsize=10)
    return _finish(
        fig,
        path,
        f"Scenario {result.scenario.name}; baseline {result.scenario.us_baseline}. Cost per soldier from NATO 2024 "
        "edition (personnel spending / personnel). References: IISS 2025, Bruegel/Kiel 2025 (secondary).",
    )
