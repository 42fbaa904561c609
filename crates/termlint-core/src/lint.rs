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
    /// The decoded text before any fix.
    pub original: String,
    /// How many fixes were applied (0 without `fix`).
    pub fixes_applied: usize,
    encoding: &'static Encoding,
    bom_len: usize,
}

impl Linted {
    /// The fixed document in the file's own encoding, with its byte-order
    /// mark; an error when the fixed text cannot be written in it.
    pub fn fixed_bytes(&self) -> Result<Vec<u8>, String> {
        fix::encode(&self.document.text, self.encoding, self.bom_len)
    }
}

/// Why a document could not be linted.
#[derive(Debug, PartialEq, Eq)]
pub enum LintError {
    /// NUL bytes and no UTF-16 byte-order mark: not text.
    Binary,
    /// Undecodable bytes, or a file its format cannot read; the message
    /// says where.
    Unreadable(String),
    /// A fix would leave the file unreadable, so none is applied.
    FixBreaksFile(String),
}

impl std::fmt::Display for LintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LintError::Binary => f.write_str("binary file (contains NUL bytes); not checked"),
            LintError::Unreadable(message) => f.write_str(message),
            LintError::FixBreaksFile(message) => {
                write!(f, "a fix would break the file ({message}); not written")
            }
        }
    }
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
    let decoded = match decode::decode(bytes, settings.encoding()) {
        Ok(decoded) => decoded,
        Err(DecodeError::Binary) => return Err(LintError::Binary),
        Err(DecodeError::Invalid(message)) => return Err(LintError::Unreadable(message)),
    };
    let file = settings.for_path(path);
    let name = path.map_or_else(|| "<stdin>".to_owned(), |p| p.display().to_string());
    let base = decode::file_offset_base(&decoded);
    let original = decoded.text.clone();
    let read = |text: String| -> Result<Document, String> {
        match settings.aligned_source() {
            Some(source) => formats::aligned(name.clone(), text, base, source),
            None => formats::parse(
                file.format,
                name.clone(),
                text,
                base,
                settings.read_options(),
            ),
        }
        .map_err(|e| {
            let (line, column) = LineIndex::new(&original).location(e.offset);
            format!("{line}:{column}: {}", e.message)
        })
    };
    let mut document = read(decoded.text).map_err(LintError::Unreadable)?;
    let options = settings.rule_options(document.target_lang.as_deref());
    let check = |doc: &Document| {
        let mut diagnostics = rules::check(
            doc,
            &settings.glossary,
            &settings.matcher,
            &file.selection,
            &options,
        );
        fix::drop_unsafe(doc, &mut diagnostics);
        diagnostics
    };
    let mut diagnostics = check(&document);
    let mut fixes_applied = 0;
    if fix {
        // Fix to a fixed point, so that a second `--fix` finds nothing: a
        // fix may reveal another (or have been skipped for an overlap).
        for _ in 0..MAX_FIX_ROUNDS {
            let Some((text, applied)) = fix::apply(&document, &diagnostics) else {
                break;
            };
            // A fix must leave the file readable; stop before one that does not.
            document = read(text).map_err(LintError::FixBreaksFile)?;
            fixes_applied += applied;
            diagnostics = check(&document);
        }
    }
    Ok(Linted {
        document,
        diagnostics,
        original,
        fixes_applied,
        encoding: decoded.encoding,
        bom_len: decoded.bom_len,
    })
}
