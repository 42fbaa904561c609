//! Large plain-text, PO, XLIFF and TMX files, read and linted in parts:
//! memory follows the part, not the file, and the parts are linted on
//! every core.
//!
//! A part ends between two paragraphs or PO entries (after a blank line),
//! or for text read line by line (`--input-format lines`) after a line, or
//! after an XLIFF or TMX unit, so each paragraph, entry or unit is read
//! whole, as when the file is read at once. Positions are the file's: each
//! part knows its byte offset and line. A PO part is read after the file's
//! header entry (its language and plural forms), an XML part after the
//! file's opening up to its first unit (root, file, header and body, with
//! their languages) and before the end tags that close it; the findings
//! in those are the first part's. An XML file whose units do not all sit
//! in that one frame (several `<file>` elements, groups) is read whole.
//! Written here rather than with a crate: the cut must fall where our
//! paragraphs and units end.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use termlint_core::diagnostic::Diagnostic;
use termlint_core::document::Format;
use termlint_core::lint;
use termlint_core::settings::Settings;

use crate::render::Counts;

/// Files at least this large are read in parts (env
/// `TERMLINT_PARTS_MIN_BYTES` changes it).
const MIN_BYTES: u64 = 64 << 20;

/// About how much of the file one part holds (env `TERMLINT_PART_BYTES`);
/// a paragraph longer than four parts is cut at a line break. A part
/// parsed and checked takes several times its bytes (a PO part about ten),
/// and one per core is checked while the next are read. Parts of 1 MiB
/// would be as fast and take half the memory, but the rules that weigh a
/// whole file (term/inconsistent) weigh each part, so the part size
/// changes findings; it stays until those rules see across parts.
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
            Format::Text | Format::Lines | Format::Po | Format::Xliff | Format::Tmx
        )
    {
        return false;
    }
    let min = env_bytes("TERMLINT_PARTS_MIN_BYTES", MIN_BYTES as usize) as u64;
    std::fs::metadata(path).is_ok_and(|m| m.len() >= min)
}

/// What linting the file in parts gave, once every part it could read was
/// handed on.
pub enum Parts {
    /// Every part was linted.
    Linted,
    /// To be read whole: not UTF-8 text from its start (a legacy encoding,
    /// UTF-16, binary: the encoding is detected there), or an XML file
    /// whose structure parts cannot follow (the whole-file reader also
    /// says where XML goes wrong). Decided before any part is handed on:
    /// only at the start of a text or PO file, and XML parts are held.
    ReadWhole,
    Failed(String),
}

/// One part to lint: its text (after a copy of the file's header, for PO
/// and XML), where that text starts in the file in bytes and lines, and
/// how long the copied header is.
struct Part {
    text: String,
    offset: usize,
    first_line: usize,
    header_len: usize,
}

/// Lint `path` part by part, a batch of parts (one per core) at a time
/// while the next batch is read, and hand each part's counted and rendered
/// findings to `emit`, in file order.
pub fn lint(
    path: &Path,
    settings: &Settings,
    render: &(dyn Fn(&termlint_core::document::Document, &[Diagnostic]) -> Vec<u8> + Sync),
    emit: &mut dyn FnMut(Counts, Vec<u8>),
) -> Parts {
    let format = settings.for_path(Some(path)).format;
    let xml = matches!(format, Format::Xliff | Format::Tmx);
    let mut reader = match PartReader::open(path, format) {
        Ok(reader) => reader,
        Err(e) => return Parts::Failed(format!("cannot read: {e}")),
    };
    let batch_len = rayon::current_num_threads().max(1);
    // An XML file may turn out to hold units outside the frame of its first
    // ones only far into it, and is then read whole: its parts' findings
    // are held until its end rather than handed on.
    let mut held = Vec::new();
    let mut batch = reader.next_batch(batch_len);
    loop {
        let parts = match batch {
            Ok(parts) if parts.is_empty() => {
                for (counts, output) in held {
                    emit(counts, output);
                }
                return Parts::Linted;
            }
            Ok(parts) => parts,
            Err(stopped) => return stopped,
        };
        let lint_batch = || -> Vec<_> {
            parts
                .into_par_iter()
                .map(|part| {
                    let header_len = part.header_len;
                    lint::lint_part(part.text, part.offset, part.first_line, path, settings).map(
                        |(doc, mut found)| {
                            found.retain(|d| d.span.start >= header_len);
                            (Counts::of(&found), render(&doc, &found))
                        },
                    )
                })
                .collect()
        };
        let linted;
        (linted, batch) = rayon::join(lint_batch, || reader.next_batch(batch_len));
        for part in linted {
            match part {
                Ok((counts, output)) if xml => held.push((counts, output)),
                Ok((counts, output)) => emit(counts, output),
                // An XML part that does not read: the whole file says
                // exactly where and why.
                Err(_) if xml => return Parts::ReadWhole,
                Err(e) => return Parts::Failed(e.to_string()),
            }
        }
    }
}

/// Reads a file into parts that end between paragraphs, entries or units.
struct PartReader {
    file: std::fs::File,
    format: Format,
    part_bytes: usize,
    /// Read but not yet cut into a part.
    pending: Vec<u8>,
    at_end: bool,
    /// Where `pending` starts in the file, in bytes and lines.
    offset: usize,
    line: usize,
    /// A PO file's header entry or an XML file's opening, read again before
    /// every later part, and its lines; an XML part's closing end tags.
    header: String,
    header_lines: usize,
    frame: Option<XmlFrame>,
}

impl PartReader {
    fn open(path: &Path, format: Format) -> std::io::Result<Self> {
        Ok(PartReader {
            file: std::fs::File::open(path)?,
            format,
            part_bytes: env_bytes("TERMLINT_PART_BYTES", PART_BYTES),
            pending: Vec::new(),
            at_end: false,
            offset: 0,
            line: 0,
            header: String::new(),
            header_lines: 0,
            frame: None,
        })
    }

    fn read_more(&mut self) -> Result<(), Parts> {
        match read_more(&mut self.file, &mut self.pending, self.part_bytes) {
            Ok(end) => {
                self.at_end = end;
                Ok(())
            }
            Err(e) => Err(Parts::Failed(format!("cannot read: {e}"))),
        }
    }

    /// Up to `count` more parts; none at the end of the file.
    fn next_batch(&mut self, count: usize) -> Result<Vec<Part>, Parts> {
        let xml = matches!(self.format, Format::Xliff | Format::Tmx);
        let mut batch = Vec::new();
        while batch.len() < count {
            // Enough bytes for a part, or the rest of the file.
            while !self.at_end && self.pending.len() < self.part_bytes {
                self.read_more()?;
            }
            if self.pending.is_empty() {
                break;
            }
            let found = if xml {
                self.xml_cut()?
            } else {
                cut(
                    &self.pending,
                    self.at_end,
                    self.format == Format::Lines,
                    self.part_bytes,
                )
            };
            let Some(cut) = found else {
                // A paragraph longer than the bytes read: read more.
                self.read_more()?;
                continue;
            };
            batch.push(self.take_part(cut)?);
        }
        Ok(batch)
    }

    /// Where the XML part that `pending` starts ends, once the file's
    /// frame is known; `None` when more must be read first.
    fn xml_cut(&mut self) -> Result<Option<usize>, Parts> {
        let pending = &self.pending;
        // UTF-16 (TMX often is) and other encodings are read whole: found
        // in the first bytes, not after reading the file.
        if self.offset == 0
            && (pending.starts_with(b"\xFF\xFE")
                || pending.starts_with(b"\xFE\xFF")
                || pending[..pending.len().min(4096)].contains(&0))
        {
            return Err(Parts::ReadWhole);
        }
        if self.frame.is_none() {
            match xml_frame(pending, self.at_end) {
                Step::Done(found) => self.frame = Some(found),
                Step::NeedMore => {}
                Step::Whole => return Err(Parts::ReadWhole),
            }
        }
        let Some(frame) = &self.frame else {
            return Ok(None);
        };
        let from = if self.offset == 0 { frame.head_end } else { 0 };
        match xml_cut(pending, from, self.at_end, self.part_bytes) {
            Step::Done(cut) => Ok(Some(cut)),
            Step::NeedMore if !self.at_end => Ok(None),
            Step::NeedMore | Step::Whole => Err(Parts::ReadWhole),
        }
    }

    /// The part of the first `cut` bytes of `pending`.
    fn take_part(&mut self, cut: usize) -> Result<Part, Parts> {
        let last = self.at_end && cut == self.pending.len();
        let rest = self.pending.split_off(cut);
        let mut bytes = std::mem::replace(&mut self.pending, rest);
        let lines = memchr::memchr_iter(b'\n', &bytes).count();
        let mut skip = 0;
        if self.offset == 0 {
            if bytes.contains(&0) {
                return Err(Parts::ReadWhole);
            }
            if bytes.starts_with(b"\xEF\xBB\xBF") {
                skip = 3;
            }
        }
        let text = match String::from_utf8(bytes.split_off(skip)) {
            Ok(text) => text,
            Err(_) if self.offset == 0 => return Err(Parts::ReadWhole),
            Err(e) => {
                return Err(Parts::Failed(termlint_core::decode::invalid_utf8_message(
                    e.as_bytes(),
                    e.utf8_error(),
                    self.line,
                )));
            }
        };
        // An XML part that is not the file's last is closed as the
        // file's opening was opened.
        let close = match &self.frame {
            Some(frame) if !last => frame.close.as_str(),
            _ => "",
        };
        let part = if self.offset == 0 {
            if self.format == Format::Po {
                self.header = text[..po_header_len(&text)].to_owned();
            } else if let Some(frame) = &self.frame {
                self.header = text[..frame.head_end - skip].to_owned();
            }
            self.header_lines = memchr::memchr_iter(b'\n', self.header.as_bytes()).count();
            Part {
                text: format!("{text}{close}"),
                offset: skip,
                first_line: 0,
                header_len: 0,
            }
        } else {
            // After the header: positions before the part are the
            // header's, whose findings the first part has.
            Part {
                text: format!("{}{text}{close}", self.header),
                offset: self.offset - self.header.len(),
                first_line: self.line - self.header_lines,
                header_len: self.header.len(),
            }
        };
        self.offset += cut;
        self.line += lines;
        Ok(part)
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

/// How a part's cut, or an XML file's frame, is found.
enum Step<T> {
    Done(T),
    /// More of the file must be read first.
    NeedMore,
    /// The file is to be read whole.
    Whole,
}

/// The frame of an XML file's parts: its opening up to the first unit, the
/// names of the elements open there, and the end tags that close them.
struct XmlFrame {
    head_end: usize,
    close: String,
}

/// Whether an element (by its local name) is a unit: XLIFF 1.2
/// `trans-unit`, XLIFF 2 `unit`, TMX `tu`.
fn is_unit(local_name: &str) -> bool {
    matches!(local_name, "trans-unit" | "unit" | "tu")
}

/// The frame of the XML file that `pending` starts, from its opening up to
/// its first unit. A file with a DTD (its entities), a declared encoding
/// other than UTF-8, or no unit is read whole.
fn xml_frame(pending: &[u8], at_end: bool) -> Step<XmlFrame> {
    use quick_xml::events::Event;
    // Positions count from the file's start, byte-order mark included.
    let bom = if pending.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut reader = quick_xml::Reader::from_reader(&pending[bom..]);
    reader.config_mut().check_end_names = false;
    let mut open: Vec<String> = Vec::new();
    loop {
        let before = bom + reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) if is_unit(e.local_name().as_ref()) => {
                // On a line of its own, so that no excerpt of the part's
                // last line shows it.
                let close = std::iter::once("\n".to_owned())
                    .chain(open.iter().rev().map(|name| format!("</{name}>")))
                    .collect();
                return Step::Done(XmlFrame {
                    head_end: before,
                    close,
                });
            }
            Ok(Event::Start(e)) => open.push(e.name().as_ref().to_owned()),
            Ok(Event::End(_)) => {
                if open.pop().is_none() {
                    return Step::Whole;
                }
            }
            Ok(Event::Empty(e)) if is_unit(e.local_name().as_ref()) => return Step::Whole,
            Ok(Event::Decl(decl)) => {
                let utf8 = match decl.encoding() {
                    Some(Ok(name)) => name.eq_ignore_ascii_case("utf-8"),
                    Some(Err(_)) => false,
                    None => true,
                };
                if !utf8 {
                    return Step::Whole;
                }
            }
            Ok(Event::DocType(_)) => return Step::Whole,
            Ok(Event::Eof) | Err(_) if at_end => return Step::Whole,
            Ok(Event::Eof) | Err(_) => return Step::NeedMore,
            Ok(_) => {}
        }
    }
}

/// Where the XML part that `pending` starts ends: after the last unit
/// that closes once the part holds `part_bytes` (units are read from
/// `from`, where the frame is open), or at the end of the file. A unit
/// outside the frame has the file read whole.
fn xml_cut(pending: &[u8], from: usize, at_end: bool, part_bytes: usize) -> Step<usize> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(&pending[from..]);
    // The part starts inside the frame, whose end tags it may hold.
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    // Elements open within the frame, and whether the frame has closed:
    // any unit after that is in another frame.
    let mut depth = 0isize;
    let mut left = false;
    let mut last = None;
    loop {
        let event = reader.read_event();
        let at = from + reader.buffer_position() as usize;
        match event {
            Ok(Event::Start(e)) => {
                if left && is_unit(e.local_name().as_ref()) {
                    return Step::Whole;
                }
                depth += 1;
            }
            Ok(Event::Empty(e)) if is_unit(e.local_name().as_ref()) => {
                if left || depth != 0 {
                    return Step::Whole;
                }
                last = Some(at);
            }
            Ok(Event::End(e)) => {
                depth -= 1;
                left |= depth < 0;
                if depth == 0 && !left && is_unit(e.local_name().as_ref()) {
                    last = Some(at);
                }
            }
            Ok(Event::DocType(_)) => return Step::Whole,
            Ok(Event::Eof) if at_end => return Step::Done(pending.len()),
            // The end of what is read so far (perhaps mid-tag), or bad
            // XML, which the whole-file reader reports.
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        if last.is_some_and(|cut| cut >= part_bytes) {
            break;
        }
    }
    match last {
        Some(cut) if cut >= part_bytes || !at_end => Step::Done(cut),
        _ if at_end => Step::Whole,
        _ => Step::NeedMore,
    }
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
