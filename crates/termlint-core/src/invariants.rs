//! What every read and every fix must keep, whatever the input: checked by
//! the property tests (`tests/properties.rs`, on every `cargo test`) and by
//! the fuzzers (`fuzz/`, see docs/reliability.md).
//!
//! - Reading never panics: any bytes give a document or a located error.
//! - A fix changes only target text: the file's structure (markup, comments,
//!   CDATA sections, entries, rows) and every source text stay as they were,
//!   the fixed file reads again, and a second `--fix` changes nothing.

use crate::document::{Document, Format};
use crate::formats::{self, ReadOptions};
use crate::glossary::Compiled;
use crate::lint::{LintError, lint};
use crate::rules::Selection;
use crate::settings::{Flags, Settings};

/// Settings with every rule on and the bundled glossary, as a user who
/// turns everything on would have them.
pub fn all_rules() -> Settings {
    let flags = Flags {
        selection: Selection {
            select: vec!["all".into()],
            ..Selection::default()
        },
        as_of_year: Some(2021),
        ..Flags::default()
    };
    let compiled = Compiled::bundled().expect("the bundled glossary is valid");
    Settings::resolve(flags, None, compiled).expect("no flags to get wrong")
}

/// The file name that makes `format` be read.
pub fn file_name(format: Format) -> &'static str {
    match format {
        Format::Text | Format::Lines | Format::Aligned => "fuzz.txt",
        Format::Markdown => "fuzz.md",
        Format::Tsv => "fuzz.tsv",
        Format::Po => "fuzz.po",
        Format::Xliff => "fuzz.xlf",
        Format::Tmx => "fuzz.tmx",
    }
}

/// Read `bytes` as `format`; only a panic is a failure.
pub fn read(format: Format, bytes: &[u8]) {
    if let Ok(decoded) = crate::decode::decode(bytes, None) {
        let _ = formats::parse(
            format,
            file_name(format).into(),
            decoded.text,
            decoded.bom_len,
            &ReadOptions::default(),
        );
    }
}

/// Lint `bytes` as `format` with every fix applied, and check the fix
/// invariants. `Err` says which one broke.
pub fn check_fix(settings: &Settings, format: Format, bytes: &[u8]) -> Result<(), String> {
    let path = std::path::Path::new(file_name(format));
    let fixed = match lint(bytes, Some(path), settings, true) {
        Ok(fixed) => fixed,
        // Unreadable input, or fixes that would break the file or never
        // settle: nothing is written, which is what must happen.
        Err(LintError::Binary(_) | LintError::Unreadable(_)) => return Ok(()),
        Err(error @ (LintError::FixBreaksFile(_) | LintError::NoFixedPoint)) => {
            return Err(format!("fixing failed: {error}"));
        }
    };
    if fixed.fixes_applied == 0 {
        return Ok(());
    }
    let original = lint(bytes, Some(path), settings, false)
        .map_err(|e| format!("the original no longer reads: {e}"))?;
    let before = &original.document;
    let after = &fixed.document;
    let skeleton = |doc: &Document| crate::fix::structure(doc.format, &doc.text);
    if skeleton(before) != skeleton(after) {
        return Err(format!(
            "a fix changed the file's structure:\n{:?}\n{:?}\n{:?}",
            before.text,
            skeleton(before),
            skeleton(after)
        ));
    }
    let sources = |doc: &Document| -> Vec<String> {
        doc.segments
            .iter()
            .filter_map(|s| s.source.as_ref().map(|p| p.text.clone()))
            // A row whose target a fix empties may stop being a segment.
            .filter(|text| !text.is_empty())
            .collect()
    };
    if sources(before) != sources(after) {
        return Err(format!("a fix changed source text: {:?}", before.text));
    }
    let bytes = fixed
        .fixed_bytes()
        .map_err(|e| format!("cannot encode: {e}"))?;
    let again = lint(&bytes, Some(path), settings, true)
        .map_err(|e| format!("the fixed file does not read: {e}: {:?}", after.text))?;
    if again.fixes_applied != 0 {
        return Err(format!(
            "a second fix changed more: {:?} -> {:?}",
            after.text, again.document.text
        ));
    }
    Ok(())
}
