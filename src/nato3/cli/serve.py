"""``nato3 serve``: the local web dashboard and JSON API, offline, on this machine by default."""

from __future__ import annotations

import typer

from nato3.cli.common import fail


def serve(
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to listen on. 0.0.0.0 opens the server to your network (warned) and needs --allow-host.",
    ),
    allow_hosts: list[str] = typer.Option(
        None,
        "--allow-host",
        help="A host name the server answers to besides the local ones (repeat, or comma-separate; also "
        "$NATO3_ALLOWED_HOSTS). Required with --host 0.0.0.0 or ::.",
    ),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="Port to listen on."),
    token: str = typer.Option(
        None,
        "--token",
        help="Bearer token that writes (saved scenarios) need. Default: $NATO3_TOKEN, else one generated and "
        "printed. Prefer NATO3_TOKEN: a command-line token is visible to other users of this machine.",
    ),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=16, help="Worker processes (each answers requests)."),
) -> None:
    """Serve the dashboard (overview, allies, compare, methods & sources) and the JSON API.

    Everything is served from this machine: charts use the Plotly bundled with nato3, and the
    API docs at /docs use a bundled Swagger UI. Reads are open; writes need the token.

    Examples:

      nato3 serve                         # http://127.0.0.1:8000/

      NATO3_TOKEN=... nato3 serve --port 8080 --workers 2

      nato3 serve --host 0.0.0.0 --allow-host nato3.example.org
    """
    import os
    import secrets
    import socket

    from nato3.store.database import ensure_database
    from nato3.web.settings import (
        ALLOWED_HOSTS_ENV,
        ANY_ADDRESS,
        HOST_ENV,
        LOOPBACK_NAMES,
        PORT_ENV,
        TOKEN_ENV,
        Settings,
        check_token,
        parse_hosts,
    )

    origin = "--token" if token else (f"${TOKEN_ENV}" if os.environ.get(TOKEN_ENV) else None)
    token = token or os.environ.get(TOKEN_ENV) or secrets.token_urlsafe(24)
    try:
        check_token(token)
    except ValueError as exc:
        fail(f"{origin or 'token'}: {exc}")
    try:
        extra_hosts = parse_hosts(allow_hosts or os.environ.get(ALLOWED_HOSTS_ENV, ""))
    except ValueError as exc:
        fail(f"--allow-host: {exc}")
    if host in ANY_ADDRESS and not extra_hosts:
        fail(
            f"--host {host} listens on every interface: name the host names it may be reached by with "
            f"--allow-host NAME (or {ALLOWED_HOSTS_ENV}=NAME,NAME); it answers only to those and local names"
        )
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        fail(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port or --host")

    ensure_database()  # build it once here, not in every worker
    settings = Settings(host=host, port=port, token=token, extra_hosts=extra_hosts)
    if host not in LOOPBACK_NAMES:
        typer.echo(
            f"Warning: --host {host} makes this server reachable from other machines. Anyone who can reach it "
            "can read the data; writes still need the token. Use the default 127.0.0.1 to keep it local.",
            err=True,
        )
    # Plain echo, not Rich: a wrapped line would split the URL or the token.
    lines = [
        f"nato3 serve: dashboard at {settings.url}/",
        f"  API       {settings.url}/api/v1/status   docs {settings.url}/docs   health {settings.url}/health",
        "  Writes (saved scenarios) need the header  Authorization: Bearer <token>",
        f"  Token     from {origin}"
        if origin
        else f"  Token     {token}   (generated for this run; set {TOKEN_ENV} to choose one)",
        f"  Workers   {workers}. Press Ctrl+C to stop.",
    ]
    if extra_hosts:
        lines.insert(-1, f"  Answers   to {', '.join(extra_hosts)} and local names")
    typer.echo("\n".join(lines))

    import uvicorn

    from nato3.web.http_limits import uvicorn_options

    os.environ.update({HOST_ENV: host, PORT_ENV: str(port), TOKEN_ENV: token, ALLOWED_HOSTS_ENV: ",".join(extra_hosts)})
    uvicorn.run(
        "nato3.web.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        server_header=False,
        **uvicorn_options(),  # a request head over 16 KB is refused while it arrives (431)
    )
