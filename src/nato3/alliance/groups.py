"""Country groups (United States, Europe and Canada, EU, Nordic-Baltic, …) and user-defined ones."""

from __future__ import annotations

from dataclasses import dataclass

from nato3.alliance.membership import allies
from nato3.errors import Nato3Error
from nato3.store.cache import data_cache
from nato3.store.database import query


@dataclass(frozen=True)
class Group:
    group_id: str
    name: str
    members: tuple[str, ...]
    definition: str = ""
    source_url: str = ""


@data_cache(maxsize=1)
def builtin_groups() -> dict[str, Group]:
    df = query("SELECT * FROM groups ORDER BY group_id")
    return {
        r.group_id: Group(r.group_id, r.name, tuple(r.members.split(";")), r.definition, r.source_url)
        for r in df.itertuples()
    }


def get_group(group_id: str) -> Group:
    groups = builtin_groups()
    if group_id not in groups:
        raise Nato3Error(f"unknown group {group_id!r}; built-in groups: {', '.join(groups)}")
    return groups[group_id]


def parse_group(spec: str) -> Group:
    """Parse ``NAME=ISO3,ISO3,...`` (a user-defined group) or the id of a built-in group.

    Raises:
        Nato3Error: empty group, unknown member code, or unknown built-in id.
    """
    if "=" not in spec:
        return get_group(spec.strip())
    name, _, codes = spec.partition("=")
    name = name.strip()
    if not name:
        raise Nato3Error(f"group {spec!r} has no name; write NAME=ISO3,ISO3,...")
    members = [c.strip().upper() for c in codes.split(",") if c.strip()]
    if not members:
        raise Nato3Error(f"group {name!r} is empty; write {name}=ISO3,ISO3,...")
    known = allies()
    unknown = [m for m in members if m not in known]
    if unknown:
        raise Nato3Error(
            f"group {name!r}: unknown member {', '.join(unknown)}; use ISO3 codes of allies: {', '.join(known)}"
        )
    return Group(name, name, tuple(dict.fromkeys(members)), "user-defined")
