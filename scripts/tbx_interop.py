#!/usr/bin/env python3
"""Read a TBX file that `termlint glossary convert` wrote with
translate-toolkit's TBX reader, and compare every term with the TOML
glossary it came from: source forms, the canonical form (preferred),
accepted forms (admitted), variants (deprecated), the note, and kept names
(not translatable).

Usage: tbx_interop.py GLOSSARY.toml WRITTEN.tbx
"""

import sys
import tomllib

from translate.storage import tbx

PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"


def main() -> int:
    with open(sys.argv[1], "rb") as f:
        glossary = tomllib.load(f)
    meta = glossary.get("glossary", {})
    source_lang, target_lang = meta["source_lang"], meta["target_lang"]
    with open(sys.argv[2], "rb") as f:
        store = tbx.tbxfile.parsestring(
            f.read(), sourcelanguage=source_lang, targetlanguage=target_lang
        )
    terms = glossary.get("term", [])
    kept = glossary.get("keep", [])
    units = store.units
    failures = []
    if len(units) != len(terms) + len(kept):
        failures.append(
            f"{len(units)} entries read, {len(terms)} terms and {len(kept)} kept names written"
        )
    for term, unit in zip(terms, units):
        name = term["canonical"]
        source = [t.text for t in unit.get_source_terms()]
        if source != term.get("source", []):
            failures.append(f"{name}: source forms {source} != {term.get('source', [])}")
        read = [(t.text, t.administrative_status) for t in unit.get_target_terms(target_lang)]
        expected = (
            [(name, PREFERRED)]
            + [(a, ADMITTED) for a in term.get("accept", [])]
            + [(v, DEPRECATED) for v in term.get("variants", [])]
        )
        if read != expected:
            failures.append(f"{name}: target terms {read} != {expected}")
        note = term.get("note")
        if note and note not in unit.getnotes():
            failures.append(f"{name}: note {note!r} not in {unit.getnotes()!r}")
        if not unit.istranslatable():
            failures.append(f"{name}: read as not translatable")
    for keep, unit in zip(kept, units[len(terms):]):
        names = [t.text for t in unit.get_source_terms()]
        if names != keep["names"]:
            failures.append(f"kept names {names} != {keep['names']}")
        if unit.istranslatable():
            failures.append(f"kept names {names}: read as translatable")
    for failure in failures:
        print("FAIL", failure)
    print(f"{len(terms)} terms and {len(kept)} kept entries compared, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
