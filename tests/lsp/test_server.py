"""End to end: initialize, open, change, diagnostics, code actions and the
edits they apply, hover, and reloading the config and glossary."""

import pathlib
import shutil
import subprocess

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import (
    REPO,
    TERMLINT,
    apply_edits,
    check_json,
    diagnostics,
    lsp_position,
    open_file,
    uri_of,
)


def as_cli(report: dict, text: str) -> list[tuple]:
    """The CLI's findings as (rule, start, end, message), positions in LSP terms."""
    out = []
    for d in report["diagnostics"]:
        out.append(
            (
                d["rule"],
                lsp_position(text, d["byte_start"]),
                lsp_position(text, d["byte_end"]),
                d["message"],
            )
        )
    return sorted(out)


def as_lsp(found) -> list[tuple]:
    return sorted(
        (
            d.code,
            (d.range.start.line, d.range.start.character),
            (d.range.end.line, d.range.end.character),
            d.message.split(" (suggested: ")[0],
        )
        for d in found
    )


@pytest.mark.parametrize(
    "relative",
    [
        "examples/quanzhou-news.en.txt",
        "examples/en-zh/app.zh_CN.po",
        "examples/bilingual/quanzhou.zh-en.xlf",
    ],
)
async def test_diagnostics_equal_the_command_line(client: LanguageClient, tmp_path, relative):
    # A folder of its own, so that no config above applies to either.
    path = tmp_path / pathlib.Path(relative).name
    shutil.copy(REPO / relative, path)
    text = path.read_text(encoding="utf-8")
    uri = open_file(client, path)
    found = await diagnostics(client, uri, until=lambda d: len(d) > 0)
    expected = as_cli(check_json(path.name, cwd=tmp_path), text)
    assert as_lsp(found) == expected
    first = found[0]
    assert first.source == "termlint"
    assert first.severity in (types.DiagnosticSeverity.Warning, types.DiagnosticSeverity.Error)


async def test_utf16_positions_on_a_mixed_line(client: LanguageClient, tmp_path):
    path = tmp_path / "mixed.txt"
    # 海丝 (CJK), an emoji (two UTF-16 units), e with a combining acute.
    path.write_text("海丝😀 cafe\u0301 the Hai Silk road.\n", encoding="utf-8")
    uri = open_file(client, path)
    found = await diagnostics(client, uri, until=lambda d: any(x.code == "term/variant" for x in d))
    variant = next(d for d in found if d.code == "term/variant")
    # 海 丝 😀(2) space c a f e ◌́ space t h e space = 14 units.
    assert (variant.range.start.line, variant.range.start.character) == (0, 15)
    assert (variant.range.end.line, variant.range.end.character) == (0, 23)


async def test_change_updates_diagnostics(client: LanguageClient, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("The Maritime Silk Road grew.\n", encoding="utf-8")
    uri = open_file(client, path)
    await diagnostics(client, uri)
    # Type a variant into the line, in two incremental edits.
    for version, (col, text) in enumerate([(4, "Sea "), (8, "Silk and the ")], start=2):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=0, character=col),
                            end=types.Position(line=0, character=col),
                        ),
                        text=text,
                    )
                ],
            )
        )
    # "The Sea Silk and the Maritime Silk Road grew."
    found = await diagnostics(client, uri, until=lambda d: any(x.code == "term/variant" for x in d))
    variant = next(d for d in found if d.code == "term/variant")
    assert (variant.range.start.character, variant.range.end.character) == (4, 12)
    assert "Maritime Silk Road" in variant.message


async def test_quick_fix_and_fix_all_write_what_check_fix_writes(client: LanguageClient, tmp_path):
    path = tmp_path / "news.txt"
    original = "Trade along the Hai Silk route grew.  Exports rose . .\n"
    path.write_text(original, encoding="utf-8")
    uri = open_file(client, path)
    found = await diagnostics(client, uri, until=lambda d: len(d) >= 2)
    variant = next(d for d in found if d.code == "term/variant")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=variant.range,
            context=types.CodeActionContext(diagnostics=[variant]),
        )
    )
    titles = [a.title for a in actions]
    assert "Replace `Hai Silk` with `Maritime Silk Road`" in titles, titles
    assert "Suppress term/variant here" in titles, titles
    assert "Fix all safe problems in this file" in titles, titles

    quick = next(a for a in actions if a.title.startswith("Replace"))
    assert quick.kind == types.CodeActionKind.QuickFix
    fixed_one = apply_edits(original, quick.edit.changes[uri])
    assert fixed_one == "Trade along the Maritime Silk Road route grew.  Exports rose . .\n"

    fix_all = next(a for a in actions if a.title == "Fix all safe problems in this file")
    fixed_all = apply_edits(original, fix_all.edit.changes[uri])
    copy = tmp_path / "copy.txt"
    copy.write_text(original, encoding="utf-8")
    subprocess.run([TERMLINT, "check", "--fix", copy.name], cwd=tmp_path, capture_output=True)
    assert fixed_all == copy.read_text(encoding="utf-8")
    assert fixed_all != original


async def test_suppression_is_written_in_the_files_comment_syntax(client: LanguageClient, tmp_path):
    path = tmp_path / "app.po"
    original = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: main.c:1\nmsgid "Silk"\nmsgstr "The Hai Silk road"\n'
    )
    path.write_text(original, encoding="utf-8")
    uri = open_file(client, path)
    found = await diagnostics(client, uri, until=lambda d: any(x.code == "term/variant" for x in d))
    variant = next(d for d in found if d.code == "term/variant")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=variant.range,
            context=types.CodeActionContext(diagnostics=[variant]),
        )
    )
    suppress = next(a for a in actions if a.title == "Suppress term/variant here")
    edited = apply_edits(original, suppress.edit.changes[uri])
    assert "\n# termlint: ignore[term/variant]\n#: main.c:1\n" in edited, edited
    # The edited file is clean for that rule, and the suppression is used.
    path.write_text(edited, encoding="utf-8")
    report = check_json(path.name, cwd=tmp_path)
    assert not [d for d in report["diagnostics"] if d["rule"] in ("term/variant", "meta/unused-suppression")]


async def test_hover_shows_the_glossary_entry(client: LanguageClient, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("The Sea Silk and the Maritime Silk Road.\n", encoding="utf-8")
    uri = open_file(client, path)
    await diagnostics(client, uri, until=lambda d: len(d) > 0)
    for character in (6, 25):  # on the variant, and on the canonical form
        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=0, character=character),
            )
        )
        assert hover is not None
        text = hover.contents.value
        assert "**Maritime Silk Road** (approved)" in text, text
        assert "海上丝绸之路" in text, text
        assert "Short for the 21st Century Maritime Silk Road" in text, text
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=6),
        )
    )
    assert "**term/variant**" in hover.contents.value


async def test_config_and_glossary_changes_reload_without_restart(client: LanguageClient, tmp_path):
    glossary = tmp_path / "terms.toml"
    glossary.write_text('[[term]]\ncanonical = "Alpha"\nvariants = ["Alfa"]\n', encoding="utf-8")
    (tmp_path / "termlint.toml").write_text('glossaries = ["terms.toml"]\n', encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Alfa and Betta.\n", encoding="utf-8")
    uri = open_file(client, doc)
    found = await diagnostics(client, uri, until=lambda d: len(d) > 0)
    assert [d.message for d in found if d.code == "term/variant"][0].startswith("`Alfa`")

    def changed(path: pathlib.Path):
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=uri_of(path), type=types.FileChangeType.Changed)]
            )
        )

    # The glossary gains a term: the open buffer is linted again with it.
    glossary.write_text(
        '[[term]]\ncanonical = "Alpha"\nvariants = ["Alfa"]\n\n[[term]]\ncanonical = "Beta"\nvariants = ["Betta"]\n',
        encoding="utf-8",
    )
    changed(glossary)
    await diagnostics(client, uri, until=lambda d: sum(x.code == "term/variant" for x in d) == 2)

    # A broken glossary is shown in the glossary file itself.
    glossary.write_text('[[term]]\ncanonical = "Alpha"\nvarients = ["Alfa"]\n', encoding="utf-8")
    changed(glossary)
    broken = await diagnostics(client, uri_of(glossary), until=lambda d: len(d) > 0)
    assert broken[0].severity == types.DiagnosticSeverity.Error
    assert "varients" in broken[0].message
    assert broken[0].range.start.line == 2

    # Fixed again: the glossary's problems are cleared, findings are back.
    glossary.write_text('[[term]]\ncanonical = "Alpha"\nvariants = ["Alfa"]\n', encoding="utf-8")
    changed(glossary)
    await diagnostics(client, uri_of(glossary), until=lambda d: len(d) == 0)
    await diagnostics(client, uri, until=lambda d: sum(x.code == "term/variant" for x in d) == 1)

    # The config changes to select nothing but punctuation rules.
    (tmp_path / "termlint.toml").write_text(
        'glossaries = ["terms.toml"]\nselect = ["punct"]\n', encoding="utf-8"
    )
    changed(tmp_path / "termlint.toml")
    await diagnostics(client, uri, until=lambda d: not any(x.code == "term/variant" for x in d))


async def test_consistency_within_the_file(client: LanguageClient, tmp_path):
    path = tmp_path / "app.zh_CN.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Open the file"\nmsgstr "打开文件"\n\n'
        'msgctxt "menu"\nmsgid "Save"\nmsgstr "保存"\n\n'
        'msgid "Open  the File"\nmsgstr "开启档案"\n',
        encoding="utf-8",
    )
    uri = open_file(client, path)
    found = await diagnostics(
        client, uri, until=lambda d: any(x.code == "bitext/inconsistent-target" for x in d)
    )
    finding = next(d for d in found if d.code == "bitext/inconsistent-target")
    assert (finding.range.start.line, finding.range.start.character) == (6, 8)
    related = finding.related_information
    assert related and any((r.location.range.start.line, r.location.range.start.character) == (13, 8) for r in related), related
    expected = as_cli(check_json(path.name, cwd=tmp_path), path.read_text(encoding="utf-8"))
    assert as_lsp(found) == expected
