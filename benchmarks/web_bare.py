"""A bare FastAPI app on nato3's stack: the floor `benchmarks/web.py` measures nato3 against.

It answers ``GET /api/v1/spending`` with the bytes of the file given on the command line (what
nato3 answered to the benchmark's query), under uvicorn with the settings ``nato3 serve`` uses:
one worker, no access log, no server header, nato3's request-head limit. Nothing else: no
middleware, no parameter checks, no cache lookup.

    python benchmarks/web_bare.py PORT BODY_FILE
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(port: int, body_file: Path) -> None:
    import uvicorn
    from fastapi import FastAPI, Response

    from nato3.web.http_limits import uvicorn_options

    body = body_file.read_bytes()
    app = FastAPI()

    @app.get("/api/v1/spending")
    async def spending(iso3: str | None = None) -> Response:
        return Response(content=body, media_type="application/json")

    @app.get("/health")
    async def health() -> Response:
        return Response(content=b'{"status":"ok"}', media_type="application/json")

    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        workers=1,
        log_level="warning",
        access_log=False,
        server_header=False,
        **uvicorn_options(),
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
