//! Large plain-text and PO files, read and linted in parts: memory follows
//! the part, not the file, and the parts are linted on every core.
//!
//! A part ends between two paragraphs or PO entries (after a blank line),
//! or for text read line by line (`--input-format lines`) after a line, so
//! each paragraph or entry is read whole, as when the file is read at once.
//! Positions are the file's: each part knows its byte offset and line. A
//! PO part is read after the file's header entry (its language and plural
//! forms), whose own findings are the first part's. Written here rather
//! than with a crate: the cut must fall where our paragraphs end.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use termlint_core::diagnostic::Diagnostic;
use termlint_core::document::Format;
use termlint_core::lint;
use termlint_core::settings::Settings;

/// Files at least this large are read in parts (env
/// `TERMLINT_PARTS_MIN_BYTES` changes it).
const MIN_BYTES: u64 = 64 << 20;

/// About how much of the file one part holds (env `TERMLINT_PART_BYTES`);
/// a paragraph longer than four parts is cut at a line break.
const PART_BYTES: usize = 4 << 20;

fn env_bytes(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(default)
}

/// Whether `path` is linted in parts: plain text (or lines) or PO, large, in
/// UTF-8 (or an encoding left to detection), and nothing that needs the
/// whole text at once (fixes, a baseline, an aligned source file).
pub fn wanted(path: &Path, settings: &Settings, whole_text_needed: bool) -> bool {
    if whole_text_needed
        || settings.aligned_source().is_some()
        || settings.encoding().is_some_and(|e| e != encoding_rs::UTF_8)
        || !matches!(
            settings.for_path(Some(path)).format,
            Format::Text | Format::Lines | Format::Po
        )
    {
        return false;
    }
    let min = env_bytes("TERMLINT_PARTS_MIN_BYTES", MIN_BYTES as usize) as u64;
    std::fs::metadata(path).is_ok_and(|m| m.len() >= min)
}

/// What linting the file in parts gave.
pub enum Parts {
    /// Every part's findings and rendered output, in file order.
    Linted {
        diagnostics: Vec<Diagnostic>,
        rendered: Vec<u8>,
    },
    /// Not UTF-8 text from its start (a legacy encoding, UTF-16, binary):
    /// read it whole, where the encoding is detected.
    NotUtf8,
    Failed(String),
}

/// Lint `path` part by part, a batch of parts (one per core) at a time, and
/// render each part's findings with `render`.
pub fn lint(
    path: &Path,
    settings: &Settings,
    render: &(dyn Fn(&termlint_core::document::Document, &[Diagnostic]) -> Vec<u8> + Sync),
    separator: &[u8],
) -> Parts {
    let format = settings.for_path(Some(path)).format;
    let by_lines = format == Format::Lines;
    // A PO file's header entry, read again before every later part, and
    // its lines.
    let mut header = String::new();
    let mut header_lines = 0;
    let part_bytes = env_bytes("TERMLINT_PART_BYTES", PART_BYTES);
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return Parts::Failed(format!("cannot read: {e}")),
    };
    let mut pending: Vec<u8> = Vec::new();
    let mut at_end = false;
    // Where `pending` starts in the file, in bytes and lines.
    let (mut offset, mut line) = (0usize, 0usize);
    let mut diagnostics = Vec::new();
    let mut rendered = Vec::new();
    loop {
        // (text, its file offset, its first line, the header's bytes before
        // the part's own)
        let mut batch: Vec<(String, usize, usize, usize)> = Vec::new();
        while batch.len() < rayon::current_num_threads().max(1) {
            // Enough bytes for a part, or the rest of the file.
            while !at_end && pending.len() < part_bytes {
                match read_more(&mut file, &mut pending, part_bytes) {
                    Ok(end) => at_end = end,
                    Err(e) => return Parts::Failed(format!("cannot read: {e}")),
                }
            }
            if pending.is_empty() {
                break;
            }
            let Some(cut) = cut(&pending, at_end, by_lines, part_bytes) else {
                // A paragraph longer than the bytes read: read more.
                match read_more(&mut file, &mut pending, part_bytes) {
                    Ok(end) => at_end = end,
                    Err(e) => return Parts::Failed(format!("cannot read: {e}")),
                }
                continue;
            };
            let rest = pending.split_off(cut);
            let mut bytes = std::mem::replace(&mut pending, rest);
            let lines = memchr::memchr_iter(b'\n', &bytes).count();
            let mut skip = 0;
            if offset == 0 {
                if bytes.contains(&0) {
                    return Parts::NotUtf8;
                }
                if bytes.starts_with(b"\xEF\xBB\xBF") {
                    skip = 3;
                }
            }
            let text = match String::from_utf8(bytes.split_off(skip)) {
                Ok(text) => text,
                Err(_) if offset == 0 => return Parts::NotUtf8,
                Err(e) => {
                    return Parts::Failed(termlint_core::decode::invalid_utf8_message(
                        e.as_bytes(),
                        e.utf8_error(),
                        line,
                    ));
                }
            };
            if offset == 0 {
                if format == Format::Po {
                    header = text[..po_header_len(&text)].to_owned();
                    header_lines = memchr::memchr_iter(b'\n', header.as_bytes()).count();
                }
                batch.push((text, skip, 0, 0));
            } else {
                // After the header: positions before the part are the
                // header's, whose findings the first part has.
                batch.push((
                    format!("{header}{text}"),
                    offset - header.len(),
                    line - header_lines,
                    header.len(),
                ));
            }
            offset += cut;
            line += lines;
        }
        if batch.is_empty() {
            break;
        }
        let linted: Vec<_> = batch
            .into_par_iter()
            .map(|(text, part_offset, line, header_len)| {
                lint::lint_part(text, part_offset, line, path, settings).map(|(doc, mut found)| {
                    found.retain(|d| d.span.start >= header_len);
                    let output = render(&doc, &found);
                    (found, output)
                })
            })
            .collect();
        for part in linted {
            match part {
                Ok((found, output)) => {
                    diagnostics.extend(found);
                    if !rendered.is_empty() && !output.is_empty() {
                        rendered.extend_from_slice(separator);
                    }
                    rendered.extend(output);
                }
                Err(e) => return Parts::Failed(e.to_string()),
            }
        }
    }
    Parts::Linted {
        diagnostics,
        rendered,
    }
}

/// The length of a PO file's opening up to the end of its header entry
/// (the first entry, of `msgid ""`), with the blank line after it; 0
/// without one.
fn po_header_len(text: &str) -> usize {
    let Some(first_msgid) = text
        .match_indices("msgid ")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')
    else {
        return 0;
    };
    if !text[first_msgid..].starts_with("msgid \"\"") {
        return 0;
    }
    let rest = &text[first_msgid..];
    let lf = rest.find("\n\n").map(|i| i + 2);
    let crlf = rest.find("\n\r\n").map(|i| i + 3);
    lf.into_iter()
        .chain(crlf)
        .min()
        .map_or(0, |end| first_msgid + end)
}

/// Append up to `bytes` more of the file to `pending`; whether the file
/// has ended.
fn read_more(
    file: &mut std::fs::File,
    pending: &mut Vec<u8>,
    bytes: usize,
) -> std::io::Result<bool> {
    let start = pending.len();
    pending.resize(start + bytes, 0);
    let read = file.read(&mut pending[start..]);
    pending.truncate(start + *read.as_ref().unwrap_or(&0));
    Ok(read? == 0)
}

/// Where the part that `pending` starts ends: after the last blank line
/// (after the last line break, reading line by line), or everything at the
/// end of the file; `None` when more must be read first. A paragraph of
/// more than four parts is cut after a line.
fn cut(pending: &[u8], at_end: bool, by_lines: bool, part_bytes: usize) -> Option<usize> {
    if at_end {
        return Some(pending.len());
    }
    let after_line = memchr::memrchr(b'\n', pending).map(|i| i + 1);
    if by_lines {
        return after_line;
    }
    let lf = memchr::memmem::rfind(pending, b"\n\n").map(|i| i + 2);
    let crlf = memchr::memmem::rfind(pending, b"\n\r\n").map(|i| i + 3);
    let after_blank_line = lf.max(crlf);
    match after_blank_line {
        Some(cut) => Some(cut),
        None if pending.len() >= 4 * part_bytes => after_line,
        None => None,
    }
}
