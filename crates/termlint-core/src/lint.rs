//! The one entry point that lints a document: bytes in, diagnostics (and,
//! on request, the fixed text) out. Every front end calls [`lint`].

use std::path::Path;

use encoding_rs::Encoding;

use crate::decode::{self, DecodeError};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::fix;
use crate::formats;
use crate::line_index::LineIndex;
use crate::rules;
use crate::settings::Settings;

/// Rounds of fixing before giving up on reaching a fixed point.
const MAX_FIX_ROUNDS: usize = 8;

/// A linted document.
pub struct Linted {
    /// The document as parsed; after fixing, the fixed document.
    pub document: Document,
    /// Diagnostics in file order; after fixing, those that remain.
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded text before any fix; empty when linted without `fix`.
    pub original: String,
    /// How many fixes were applied (0 without `fix`).
    pub fixes_applied: usize,
    encoding: &'static Encoding,
    bom_len: usize,
    /// Whether encoding the original text gives back the original bytes;
    /// when it does not, writing would change bytes outside the fixes.
    round_trips: bool,
}

impl Linted {
    /// The fixed document in the file's own encoding, with its byte-order
    /// mark; an error when the fixed text cannot be written in it.
    pub fn fixed_bytes(&self) -> Result<Vec<u8>, String> {
        if !self.round_trips {
            return Err(format!(
                "its {} bytes do not survive decoding and encoding again, so writing it \
                 would change text outside the fixes; not written",
                self.encoding.name()
            ));
        }
        fix::encode(&self.document.text, self.encoding, self.bom_len)
    }
}

/// Why a document could not be linted.
#[derive(Debug, PartialEq, Eq)]
pub enum LintError {
    /// NUL bytes and no UTF-16 byte-order mark: not text, or text in the
    /// encoding given, which `--encoding` would read.
    Binary(Option<&'static Encoding>),
    /// Undecodable bytes, or a file its format cannot read; the message
    /// says where.
    Unreadable(String),
    /// A fix would leave the file unreadable, so none is applied.
    FixBreaksFile(String),
    /// Fixing does not settle: after every round there is more to fix.
    NoFixedPoint,
}

impl std::fmt::Display for LintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LintError::Binary(None) => f.write_str("binary file (contains NUL bytes); not checked"),
            LintError::Binary(Some(encoding)) => write!(
                f,
                "looks like {} text without a byte-order mark; not checked \
                 (pass --encoding {} to read it)",
                encoding.name(),
                encoding.name().to_ascii_lowercase()
            ),
            LintError::Unreadable(message) => f.write_str(message),
            LintError::FixBreaksFile(message) => {
                write!(f, "a fix would break the file ({message}); not written")
            }
            LintError::NoFixedPoint => write!(
                f,
                "fixes do not settle after {MAX_FIX_ROUNDS} rounds (two fixes undo each other, \
                 or a fix writes what is flagged again); not written"
            ),
        }
    }
}

/// Every finding of the selected rules in a parsed document, without the
/// fixes that are not safe.
fn diagnose(
    doc: &Document,
    settings: &Settings,
    file: &crate::settings::FileSettings<'_>,
) -> Vec<Diagnostic> {
    let options = file.rule_options(doc.target_lang.as_deref());
    let mut diagnostics = rules::check(
        doc,
        &settings.glossary,
        &settings.matcher,
        &file.selection,
        &options,
    );
    fix::drop_unsafe(doc, &mut diagnostics);
    diagnostics
}

/// Lint a part of a large plain-text or PO file read in parts (the front
/// end cuts it between paragraphs or entries): `text` starts
/// `file_offset` bytes and `first_line` lines into the file at `path`, and
/// the document's positions are the file's. Rules that weigh a whole file
/// (term/inconsistent, bitext/inconsistent-target, the majority habits of
/// the Chinese rules) weigh the part.
pub fn lint_part(
    text: String,
    file_offset: usize,
    first_line: usize,
    path: &Path,
    settings: &Settings,
) -> Result<(Document, Vec<Diagnostic>), LintError> {
    let file = settings.for_path(Some(path));
    let name = path.display().to_string();
    // Plain text always reads; a PO part may not, and its error says where.
    let whole = match file.format {
        crate::document::Format::Text | crate::document::Format::Lines => String::new(),
        _ => text.clone(),
    };
    let mut document = parse(
        text,
        (&whole, first_line),
        &name,
        file_offset,
        settings,
        &file,
    )
    .map_err(LintError::Unreadable)?;
    drop(whole);
    document.first_line = first_line;
    let mut diagnostics = diagnose(&document, settings, &file);
    // The run-level consistency rules, within the part.
    diagnostics.extend(crate::consistency::within_document(&document, &file));
    Ok((document, diagnostics))
}

/// The document in `text` as its format reads it, without the units in
/// workflow states the config leaves out; an error says where, in `whole`
/// (the file's text as first read, which starts `first_line` lines into
/// the file).
fn parse(
    text: String,
    (whole, first_line): (&str, usize),
    name: &str,
    base: usize,
    settings: &Settings,
    file: &crate::settings::FileSettings<'_>,
) -> Result<Document, String> {
    match settings.aligned_source() {
        Some(source) => formats::aligned(name.to_owned(), text, base, source),
        None => formats::parse(
            file.format,
            name.to_owned(),
            text,
            base,
            &file.read_options(),
        ),
    }
    .map(|mut doc| {
        doc.segments
            .retain(|s| file.lints_state(s.unit.state.as_deref()));
        doc
    })
    .map_err(|e| {
        let (line, column) = LineIndex::new(whole)
            .with_first_line(first_line)
            .location(e.offset);
        format!("{line}:{column}: {}", e.message)
    })
}

/// Read one document's bytes without linting it: what the run-level
/// checks read again of a file.
pub fn read(bytes: &[u8], path: Option<&Path>, settings: &Settings) -> Result<Document, LintError> {
    let (decoded, name, base) = decode_named(bytes, path, settings)?;
    // The file was read without error once already: no copy kept to
    // locate an error in.
    let file = settings.for_path(path);
    parse(decoded.text, ("", 0), &name, base, settings, &file).map_err(LintError::Unreadable)
}

/// The bytes decoded, the name the document goes by, and the offset of its
/// text in the file (after a byte-order mark).
fn decode_named(
    bytes: &[u8],
    path: Option<&Path>,
    settings: &Settings,
) -> Result<(decode::Decoded, String, usize), LintError> {
    let decoded = match decode::decode(bytes, settings.encoding()) {
        Ok(decoded) => decoded,
        Err(DecodeError::Binary(looks_like)) => return Err(LintError::Binary(looks_like)),
        Err(DecodeError::Invalid(message)) => return Err(LintError::Unreadable(message)),
    };
    let name = path.map_or_else(|| "<stdin>".to_owned(), |p| p.display().to_string());
    let base = decode::file_offset_base(&decoded);
    Ok((decoded, name, base))
}

/// Lint one document's bytes. `path` names it (for its format, the
/// config's per-path overrides and messages); `None` is standard input or
/// an unnamed buffer. With `fix`, safe fixes are applied to a fixed point
/// and [`Linted`] holds the fixed document.
pub fn lint(
    bytes: &[u8],
    path: Option<&Path>,
    settings: &Settings,
    fix: bool,
) -> Result<Linted, LintError> {
    let (decoded, name, base) = decode_named(bytes, path, settings)?;
    let file = settings.for_path(path);
    // The text before fixes, for the diff and to locate what a fix breaks;
    // without fixing, no copy of a large file is kept.
    let original = if fix {
        decoded.text.clone()
    } else {
        String::new()
    };
    let read = |text: String| parse(text, (&original, 0), &name, base, settings, &file);
    let mut document = match read(decoded.text) {
        Ok(document) => document,
        Err(message) if fix => return Err(LintError::Unreadable(message)),
        // Read again, to say where the error is.
        Err(_) => {
            let (again, _, _) = decode_named(bytes, path, settings)?;
            let message = parse(
                again.text.clone(),
                (&again.text, 0),
                &name,
                base,
                settings,
                &file,
            )
            .err()
            .unwrap_or_default();
            return Err(LintError::Unreadable(message));
        }
    };
    let check = |doc: &Document| diagnose(doc, settings, &file);
    let mut diagnostics = check(&document);
    let mut fixes_applied = 0;
    if fix {
        // Fix to a fixed point, so that a second `--fix` finds nothing: a
        // fix may reveal another (or have been skipped for an overlap).
        let mut settled = false;
        for _ in 0..=MAX_FIX_ROUNDS {
            let Some((text, mut applied)) = fix::apply(&document, &diagnostics) else {
                settled = true;
                break;
            };
            // A fix must leave the file readable; stop before one that does not.
            let mut fixed = read(text).map_err(LintError::FixBreaksFile)?;
            let structure = |doc: &Document| fix::structure(doc.format, &doc.text);
            if structure(&fixed) != structure(&document) {
                // Each fix keeps the structure alone, but not together (in
                // Markdown, emphasis depends on the characters around it):
                // keep the fixes that keep it, in order, and report the
                // others without a fix.
                let mut kept: Vec<Diagnostic> = Vec::new();
                let mut best = None;
                for d in diagnostics.iter_mut().filter(|d| d.fix.is_some()) {
                    kept.push(d.clone());
                    let tried = fix::apply(&document, &kept)
                        .and_then(|(text, n)| read(text).ok().map(|doc| (doc, n)))
                        .filter(|(doc, _)| structure(doc) == structure(&document));
                    match tried {
                        Some(tried) => best = Some(tried),
                        None => {
                            kept.pop();
                            d.fix = None;
                        }
                    }
                }
                let Some((doc, n)) = best else {
                    settled = true;
                    break;
                };
                (fixed, applied) = (doc, n);
            }
            document = fixed;
            fixes_applied += applied;
            diagnostics = check(&document);
        }
        if !settled {
            return Err(LintError::NoFixedPoint);
        }
    }
    // Only legacy encodings can fail to round-trip; check them only when
    // there is something to write.
    let round_trips = fixes_applied == 0
        || matches!(decoded.encoding.name(), "UTF-8" | "UTF-16LE" | "UTF-16BE")
        || fix::encode(&original, decoded.encoding, decoded.bom_len).is_ok_and(|b| b == bytes);
    Ok(Linted {
        document,
        diagnostics,
        original,
        fixes_applied,
        encoding: decoded.encoding,
        bom_len: decoded.bom_len,
        round_trips,
    })
}
