"""The language server driven as an editor drives it, through pytest-lsp's
client: one server per test, started from the built binary."""

import asyncio
import json
import os
import pathlib
import subprocess

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = pathlib.Path(__file__).resolve().parents[2]
TERMLINT = os.environ.get("TERMLINT_BIN", str(REPO / "target" / "debug" / "termlint"))


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[TERMLINT, "server"]),
)
async def client(lsp_client: LanguageClient):
    # Editors accept the server's request to watch the settings files.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        lsp_client.registrations = params.registrations
        return None

    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def uri_of(path: pathlib.Path) -> str:
    return path.resolve().as_uri()


def open_file(client: LanguageClient, path: pathlib.Path, language: str = "plaintext") -> str:
    uri = uri_of(path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=path.read_text(encoding="utf-8")
            )
        )
    )
    return uri


async def diagnostics(client: LanguageClient, uri: str, until=lambda d: True, timeout=20.0):
    """The latest diagnostics published for `uri` that satisfy `until`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        found = client.diagnostics.get(uri)
        if found is not None and until(found):
            return found
        await asyncio.sleep(0.02)
    raise AssertionError(f"no diagnostics for {uri} as expected: {client.diagnostics.get(uri)}")


def check_json(*args: str, cwd: pathlib.Path = REPO) -> dict:
    """`termlint check --format json` on the same file, as a user runs it."""
    run = subprocess.run(
        [TERMLINT, "check", "--format", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


def lsp_position(text: str, byte_offset: int) -> tuple[int, int]:
    """A byte offset of the file as (line, UTF-16 column), as LSP counts."""
    data = text.encode("utf-8")
    before = data[:byte_offset].decode("utf-8")
    line = before.count("\n")
    column = before[before.rfind("\n") + 1 :]
    return line, len(column.encode("utf-16-le")) // 2


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply text edits (UTF-16 ranges) the way an editor does."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = "\n".join(lines[: position.line])
        start = len(before) + (1 if position.line > 0 else 0)
        line = lines[position.line] if position.line < len(lines) else ""
        units, chars = 0, 0
        for ch in line:
            if units >= position.character:
                break
            units += len(ch.encode("utf-16-le")) // 2
            chars += 1
        return start + chars

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
        lines = text.split("\n")
    return text
