#!/usr/bin/env python3
"""How long the language server takes to publish diagnostics for a large
catalogue: after opening it, and after each of a few one-character edits
(the time from the change to the published diagnostics, debounce included).

Usage: lsp_latency.py [TERMLINT] [CATALOGUE]
  TERMLINT   the binary (default target/release/termlint)
  CATALOGUE  a PO file (default: corpus/catalogues/django-cms.zh_CN.po repeated
             under distinct contexts to about 5 MB)
"""

import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]


def big_catalogue(size: int = 5_000_000) -> str:
    source = (REPO / "corpus/catalogues/django-cms.zh_CN.po").read_text(encoding="utf-8")
    header, *entries = source.split("\n\n")
    out, n = [header], 0
    while sum(map(len, out)) < size:
        n += 1
        for entry in entries:
            lines = entry.split("\n")
            at = next((i for i, l in enumerate(lines) if l.startswith(("msgid", "msgctxt"))), None)
            if at is None:
                continue
            if lines[at].startswith("msgctxt"):
                lines[at] = f'msgctxt "copy{n} {lines[at][9:]}'
            else:
                lines.insert(at, f'msgctxt "copy{n}"')
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


class Server:
    def __init__(self, binary: str):
        self.process = subprocess.Popen(
            [binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.next_id = 0

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params) -> None:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def receive(self) -> dict:
        length = 0
        while True:
            line = self.process.stdout.readline()
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def diagnostics_for(self, version: int) -> dict:
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics" and (
                message["params"].get("version") == version
            ):
                return message["params"]


def main() -> None:
    binary = sys.argv[1] if len(sys.argv) > 1 else str(REPO / "target/release/termlint")
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "big.po"
        if len(sys.argv) > 2:
            path.write_bytes(pathlib.Path(sys.argv[2]).read_bytes())
        else:
            path.write_text(big_catalogue(), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        server = Server(binary)
        server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        server.receive()
        server.notify("initialized", {})
        uri = path.as_uri()
        start = time.perf_counter()
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "po", "version": 1, "text": text}},
        )
        found = server.diagnostics_for(1)
        opened = time.perf_counter() - start
        changes = []
        for version in range(2, 7):
            start = time.perf_counter()
            server.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [
                        {
                            "range": {
                                "start": {"line": 20, "character": 0},
                                "end": {"line": 20, "character": 0},
                            },
                            "text": "#",
                        }
                    ],
                },
            )
            server.diagnostics_for(version)
            changes.append(time.perf_counter() - start)
        server.request("shutdown", None)
        server.notify("exit", None)
        print(
            f"{path.stat().st_size / 1e6:.1f} MB, {len(found['diagnostics'])} diagnostics: "
            f"open {opened:.2f} s, change median {statistics.median(changes):.2f} s "
            f"(max {max(changes):.2f} s, debounce 0.15 s included)"
        )


if __name__ == "__main__":
    main()
