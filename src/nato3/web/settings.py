"""Settings of the web server: where it listens, the write token, and the limits it enforces.

A leaf module (standard library only), so the CLI can build settings without importing FastAPI.
``Settings.from_env`` lets each uvicorn worker process rebuild the same settings the
``nato3 serve`` command chose, because workers receive them through the environment.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field

TOKEN_ENV = "NATO3_TOKEN"
HOST_ENV = "NATO3_WEB_HOST"
PORT_ENV = "NATO3_WEB_PORT"
ALLOWED_HOSTS_ENV = "NATO3_ALLOWED_HOSTS"  # comma-separated host names, as --allow-host

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MIN_TOKEN_LENGTH = 16
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
ANY_ADDRESS = ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class Limits:
    """What a request may ask for. Over a limit is a 4xx that names the limit, never a crash."""

    max_body_bytes: int = 64 * 1024  # any request body, checked before it is read
    max_scenario_bytes: int = 32 * 1024  # a scenario's spec, as compact JSON
    max_scenario_depth: int = 16  # nesting of a scenario's spec
    max_scenarios: int = 500  # saved scenarios in one NATO3_HOME
    max_countries: int = 40  # iso3 values in one query
    max_header_bytes: int = 16 * 1024  # request line and headers together
    # Projections: at most this many Monte Carlo draws and this horizon per request, so one request
    # stays within about a second and a half on two cores (20 000 draws to 2050: ~1.3 s); at most
    # max_projections computed at once per process, on threads of their own, and projection_queue
    # more waiting; beyond that an immediate 503 with Retry-After: retry_after_s.
    max_draws: int = 20_000
    max_horizon: int = 2050
    max_projections: int = 2
    projection_queue: int = 4
    retry_after_s: int = 2
    projection_wait_s: float = 30.0  # a guard: a queued run that has not finished by then is a 503


@dataclass(frozen=True)
class Settings:
    """How one server runs. ``token`` guards every write; ``allowed_hosts`` guards against DNS
    rebinding (a web page elsewhere talking to this local server through a name it controls):
    local names, the address it listens on and ``extra_hosts``, also when it listens on every
    interface (``nato3 serve`` then requires ``--allow-host``)."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)
    limits: Limits = field(default_factory=Limits)
    extra_hosts: tuple[str, ...] = ()

    @property
    def exposed(self) -> bool:
        """True when the server listens on every interface, not only this machine."""
        return self.host in ANY_ADDRESS

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        """Host header values accepted (never "any", even on every interface)."""
        own = () if self.exposed else (self.host, f"[{self.host}]") if ":" in self.host else (self.host,)
        return tuple(dict.fromkeys([*LOOPBACK_NAMES, *own, *self.extra_hosts]))

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.exposed else self.host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from ``NATO3_WEB_HOST``, ``NATO3_WEB_PORT``, ``NATO3_ALLOWED_HOSTS`` and ``NATO3_TOKEN``.

        Raises:
            ValueError: the port is not a number or the token is too short.
        """
        token = os.environ.get(TOKEN_ENV) or None
        kwargs: dict = {
            "host": os.environ.get(HOST_ENV, DEFAULT_HOST),
            "port": int(os.environ.get(PORT_ENV, DEFAULT_PORT)),
            "extra_hosts": parse_hosts(os.environ.get(ALLOWED_HOSTS_ENV, "")),
        }
        if token is not None:
            kwargs["token"] = check_token(token)
        return cls(**kwargs)


HOST_NAME = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$")


def parse_hosts(text: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Host names from ``--allow-host`` values or ``NATO3_ALLOWED_HOSTS`` (comma-separated), lower case.

    Raises:
        ValueError: a value that is not a host name or a bracketed IPv6 address (no port, no "*").
    """
    parts = text.split(",") if isinstance(text, str) else [p for value in text for p in value.split(",")]
    names = []
    for part in (p.strip().lower() for p in parts):
        if not part:
            continue
        if not HOST_NAME.match(part):
            raise ValueError(f"{part!r} is not a host name (e.g. nato3.example.org or 192.0.2.7; no port, no '*')")
        names.append(part)
    return tuple(dict.fromkeys(names))


def check_token(token: str) -> str:
    """Return ``token`` if it is long enough to guard writes.

    Raises:
        ValueError: shorter than ``MIN_TOKEN_LENGTH`` characters, or containing spaces.
    """
    if len(token) < MIN_TOKEN_LENGTH or any(c.isspace() for c in token):
        raise ValueError(
            f"the token must be at least {MIN_TOKEN_LENGTH} characters without spaces; "
            f"leave it unset to have one generated"
        )
    return token
