"""``allegiance serve``: the local web app over a store."""

from __future__ import annotations

import ipaddress

import typer
import uvicorn
from rich.text import Text

from allegiance.cli.app import app, cli_errors, err_console, plain
from allegiance.store import open_store

__all__ = ["serve", "is_loopback"]


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    db: str = typer.Option(..., "--db", help="The store (path or postgresql:// URL)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    max_upload_kb: int = typer.Option(1000, "--max-upload-kb", min=1, help="Largest article the form accepts, in kB."),
    actors: str = typer.Option(None, "--actors", help="A user actor dictionary (YAML) for the form's extraction."),
    max_nodes: int = typer.Option(400, "--max-nodes", min=1, help="Draw at most this many actors on the map."),
    embed_max_relations: int = typer.Option(
        5000, "--embed-max-relations", min=0,
        help="Past this many relations the map page holds aggregated ties only and loads evidence on click."),
    max_ties: int = typer.Option(1500, "--max-ties", min=1,
                                 help="Such a page draws at most this many ties (the strongest)."),
    allowed_host: list[str] = typer.Option(
        [], "--allowed-host",
        help="Also answer requests for this host name (repeatable; 127.0.0.1, localhost, ::1 and --host always "
             "are). Requests naming any other host are refused, which stops DNS-rebinding pages."),
) -> None:
    """Serve the map, its evidence and a JSON API (OpenAPI at /api/openapi.json); add articles by form."""
    from allegiance.web import create_app

    with cli_errors():
        open_store(db, create=False).close()  # fail now, with one line, if it is not a store
        web = create_app(db, max_upload_bytes=max_upload_kb * 1000, actors_path=actors,
                         report_options={"max_drawn_nodes": max_nodes, "max_relations": embed_max_relations,
                                         "max_pairs": max_ties}, allowed_hosts=[host, *allowed_host])
    if not is_loopback(host):
        err_console.print(
            Text("warning:", style="bold yellow"),
            plain(f"listening on {host}: anyone who can reach this address can read the store and add "
                  "articles to it (there is no login). Use --host 127.0.0.1 unless you mean it."),
        )
    err_console.print(f"serving {db} on http://{host}:{port}/ (Ctrl+C to stop)", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning")
