//! Termbases kept as spreadsheets: `.csv` and `.tsv` files as spreadsheet
//! programs save them (a byte-order mark, CRLF line ends, quoted fields).
//!
//! The header names one column per language (`en`, `zh-CN`, ...) and, as
//! needed, `status`, `note` and `case_sensitive`. Each row is one term; the
//! rows that share the first language's cell are one concept. For every
//! language column, a concept becomes one glossary term for targets in that
//! language: its first preferred (or unmarked) term is canonical, other
//! preferred and admitted terms are accepted, deprecated ones are variants,
//! and the other languages' terms are its source forms. So one termbase
//! serves every language pair, and each file's language picks its terms.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;

use crate::glossary::{Langs, Problem};

/// A term of a concept in one language, where it is in the file.
struct Cell {
    text: String,
    status: Status,
    span: Range<usize>,
    /// Context sentences (TBX `descrip type="context"`): most terms have
    /// none, and an empty thin vector is one word.
    contexts: thin_vec::ThinVec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Preferred,
    Admitted,
    Deprecated,
}

fn status(value: &str) -> Option<Status> {
    // The usual values, without the copy that folding them takes (a
    // termbase has a status per term).
    match value {
        "" | "preferredTerm-admn-sts" | "preferred" => return Some(Status::Preferred),
        "admittedTerm-admn-sts" | "admitted" => return Some(Status::Admitted),
        "deprecatedTerm-admn-sts" | "deprecated" | "supersededTerm-admn-sts" => {
            return Some(Status::Deprecated);
        }
        _ => {}
    }
    match value
        .trim()
        .to_ascii_lowercase()
        .replace(['_', '-'], " ")
        .as_str()
    {
        "" | "preferred" | "preferredterm admn sts" | "approved" => Some(Status::Preferred),
        "admitted" | "admittedterm admn sts" | "accepted" | "allowed" => Some(Status::Admitted),
        "deprecated"
        | "deprecatedterm admn sts"
        | "superseded"
        | "supersededterm admn sts"
        | "not recommended"
        | "forbidden"
        | "rejected" => Some(Status::Deprecated),
        _ => None,
    }
}

/// One row: a cell per language column, its note, whether it is case
/// sensitive.
struct Row {
    /// (language, cell) for the languages it has a term in: a TBX row has
    /// one, and a slot for every language would cost a termbase with
    /// 100,000s of terms tens of MB.
    cells: Vec<(usize, Cell)>,
    note: Option<String>,
    case_sensitive: bool,
}

impl Row {
    /// The row's term in language `l`.
    fn cell(&self, l: usize) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|(at, _)| *at == l)
            .map(|(_, cell)| cell)
    }
}

/// What a termbase holds: its terms, and the names that must stay as they
/// are (concepts marked "do not translate").
#[derive(Debug, Default, PartialEq)]
pub struct Termbase {
    pub terms: Vec<TermSpec>,
    pub keep: Vec<KeepSpec>,
    /// The language the termbase names as its source: a TBX root's
    /// `xml:lang`, a spreadsheet's first language column (whose cells name
    /// the concepts).
    pub source_lang: Option<String>,
    /// Entries skipped or mended (glossary/... rules), as the TOML loader
    /// reports them.
    pub warnings: Vec<Problem>,
}

/// Names to keep unchanged in translation, with the concept's note.
#[derive(Debug, PartialEq)]
pub struct KeepSpec {
    pub names: Vec<Spanned<String>>,
    pub note: Option<String>,
}

/// A status cell that marks a row "do not translate".
fn is_keep_status(value: &str) -> bool {
    matches!(
        value
            .trim()
            .to_ascii_lowercase()
            .replace(['_', '-'], " ")
            .as_str(),
        "do not translate" | "dnt" | "keep" | "untranslatable"
    )
}

/// Whether an element of a TBX entry says the entry's terms are not to be
/// translated: a `Translation needed` field set to no (as translate-toolkit
/// writes it), a `doNotTranslate` or `DNT` field not set to no, or a note
/// or transfer comment that says "do not translate".
fn marks_do_not_translate(element: &Element<'_>) -> bool {
    // Compared without copies: this is asked of every element of every
    // entry.
    let kind = element.kind.unwrap_or("");
    let kind_is = |name: &str| {
        let mut folded = kind
            .bytes()
            .filter(|b| !matches!(b, b'_' | b'-' | b' '))
            .map(|b| b.to_ascii_lowercase());
        name.bytes().all(|b| folded.next() == Some(b)) && folded.next().is_none()
    };
    let value = || element.text().trim();
    let negative = || {
        let value = value();
        ["no", "false", "0", "n"]
            .iter()
            .any(|no| value.eq_ignore_ascii_case(no))
    };
    if kind_is("translationneeded") {
        return negative();
    }
    if ["donottranslate", "dnt", "xdonottranslate", "untranslatable"]
        .iter()
        .any(|name| kind_is(name))
    {
        return !negative();
    }
    matches!(element.name, "note" | "termNote" | "descrip") && {
        let value = value().as_bytes();
        [
            "do not translate",
            "don't translate",
            "not to be translated",
        ]
        .iter()
        .any(|phrase| {
            value
                .windows(phrase.len())
                .any(|window| window.eq_ignore_ascii_case(phrase.as_bytes()))
        })
    }
}

/// A language tag, or `None` for `und` (BCP 47's "undetermined", which we
/// write where a glossary names no language): such terms apply to every
/// language, as those of a TOML glossary without `target_lang` do.
/// Whether `tag` starts as a language tag does: two or three letters
/// (`en`, `zh-Hans`, `zh_CN`, `fil`).
fn looks_like_language_tag(tag: &str) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic())
}

fn known_language(tag: &str) -> Option<String> {
    let tag = tag.trim();
    (!tag.is_empty() && !tag.eq_ignore_ascii_case("und")).then(|| tag.to_owned())
}

/// One glossary term, as the TOML schema would give it.
#[derive(Debug, PartialEq)]
pub struct TermSpec {
    pub langs: Langs,
    pub canonical: Spanned<String>,
    pub accept: Vec<Spanned<String>>,
    pub variants: Vec<Spanned<String>>,
    pub source: Vec<Spanned<String>>,
    pub note: Option<String>,
    pub case_sensitive: bool,
    pub examples: crate::glossary::Examples,
}

/// What a termbase's reader knows before its first term: where the terms
/// go depends on it.
pub struct Head {
    pub source_lang: Option<String>,
    /// How many terms the concepts hold, in all languages, or an estimate:
    /// roughly the phrases the glossary will claim, for tables sized once.
    pub forms: usize,
}

/// What a termbase holds besides its terms, known once every entry is
/// read: a termbase read entry by entry sends it after its terms.
pub struct Tail {
    pub keep: Vec<KeepSpec>,
    /// Entries skipped or mended: they come before any warning that adding
    /// the terms gives.
    pub warnings: Vec<Problem>,
}

/// Where a termbase's terms go as they are made, so that a large one need
/// not be held whole as terms next to the glossary they become: its head,
/// each term in order, then its tail. A termbase that turns out to have
/// problems after its head was sent is reported as `Err` all the same, and
/// must be read again with [`read_tbx`] or [`read_spreadsheet`].
pub trait TermSink {
    fn head(&mut self, head: Head);
    fn term(&mut self, term: TermSpec);
    fn tail(&mut self, tail: Tail);
}

impl TermSink for Termbase {
    fn head(&mut self, head: Head) {
        self.source_lang = head.source_lang;
    }

    fn term(&mut self, term: TermSpec) {
        self.terms.push(term);
    }

    fn tail(&mut self, tail: Tail) {
        self.keep = tail.keep;
        self.warnings = tail.warnings;
    }
}

impl Termbase {
    /// Send a termbase read whole to `sink`, as it would have been sent
    /// while read.
    pub fn send_to(self, sink: &mut dyn TermSink) {
        let forms = self
            .terms
            .iter()
            .map(|t| 1 + t.accept.len() + t.variants.len())
            .sum();
        sink.head(Head {
            source_lang: self.source_lang,
            forms,
        });
        self.terms.into_iter().for_each(|term| sink.term(term));
        sink.tail(Tail {
            keep: self.keep,
            warnings: self.warnings,
        });
    }
}

/// A sink that keeps nothing: for the problems of a termbase that has
/// some already.
struct Discard;

impl TermSink for Discard {
    fn head(&mut self, _: Head) {}
    fn term(&mut self, _: TermSpec) {}
    fn tail(&mut self, _: Tail) {}
}

/// [`read_spreadsheet_into`], collected.
pub fn read_spreadsheet(file: usize, text: &str, delimiter: u8) -> Result<Termbase, Vec<Problem>> {
    let mut termbase = Termbase::default();
    read_spreadsheet_into(file, text, delimiter, &mut termbase)?;
    Ok(termbase)
}

/// The terms of a spreadsheet termbase, or the problems that keep it from
/// loading, located in `text`. A row whose status is "do not translate"
/// (or `dnt`, `keep`) lists names to keep as they are.
pub fn read_spreadsheet_into(
    file: usize,
    text: &str,
    delimiter: u8,
    sink: &mut dyn TermSink,
) -> Result<(), Vec<Problem>> {
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let body = &text[bom..];
    let problem = |span: Range<usize>, message: String, label: &str| Problem {
        file,
        span: Some(span.start + bom..span.end + bom),
        message,
        label: label.into(),
        related: None,
        rule: None,
    };
    let new_reader = || {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(body.as_bytes())
    };
    let mut reader = new_reader();
    let line_span = |start: usize| {
        let end = body[start..].find('\n').map_or(body.len(), |i| start + i);
        start..end.max(start + 1).min(body.len().max(start))
    };
    // One record, read into again for each row: a termbase has 100,000s.
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            return Err(vec![problem(
                0..0,
                "the termbase is empty: it needs a header row".into(),
                "here",
            )]);
        }
        Err(err) => {
            return Err(vec![problem(
                0..0,
                format!("cannot read the header: {err}"),
                "here",
            )]);
        }
    }
    let header = record.clone();
    let columns: Vec<String> = header.iter().map(|c| c.trim().to_owned()).collect();
    let find = |name: &str| columns.iter().position(|c| c.eq_ignore_ascii_case(name));
    let (status_at, note_at, case_at) = (find("status"), find("note"), find("case_sensitive"));
    // A `concept` column names each row's concept; without one, the first
    // language's cell does, so a concept needs a second language.
    let concept_at = find("concept");
    let languages: Vec<usize> = (0..columns.len())
        .filter(|&i| ![status_at, note_at, case_at, concept_at].contains(&Some(i)))
        .collect();
    if languages.is_empty() || (languages.len() < 2 && concept_at.is_none()) {
        return Err(vec![problem(
            line_span(0),
            "the header needs at least two language columns (such as `en` and `zh-CN`), \
             or a `concept` column and one language column"
                .into(),
            "the header",
        )]);
    }
    let mut problems = Vec::new();
    let mut keep = Vec::new();
    // The first reading checks every row and finds each row's concept:
    // the concept a read gave (or none), each concept's key (its first
    // language's cell) and its last read. Only this much is kept, so that
    // the second reading can send each concept's terms as soon as its
    // last row is read, instead of holding a termbase's 100,000s of rows.
    let mut read_concepts: Vec<u32> = Vec::new();
    let mut keys = String::new();
    let mut key_ends: Vec<u32> = Vec::new();
    let mut last_reads: Vec<u32> = Vec::new();
    let mut concept_index: hashbrown::HashTable<u32> = hashbrown::HashTable::new();
    let key_of = |ends: &[u32], at: u32| -> (usize, usize) {
        let start = at.checked_sub(1).map_or(0, |i| ends[i as usize] as usize);
        (start, ends[at as usize] as usize)
    };
    let mut forms = 0;
    loop {
        let read = read_concepts.len() as u32;
        read_concepts.push(NO_CONCEPT);
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => {
                read_concepts.pop();
                break;
            }
            Err(err) => {
                let at = err.position().map_or(0, |p| p.byte() as usize);
                problems.push(problem(
                    line_span(at),
                    format!("cannot read this row: {err}"),
                    "here",
                ));
                continue;
            }
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let span = line_span(start);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != columns.len() {
            problems.push(problem(
                span,
                format!(
                    "this row has {} fields; the header has {}",
                    record.len(),
                    columns.len()
                ),
                "wrong number of fields",
            ));
            continue;
        }
        if let Some(i) = status_at
            && is_keep_status(&record[i])
        {
            let names = languages
                .iter()
                .map(|&l| record[l].trim())
                .filter(|text| !text.is_empty())
                .fold(Vec::<String>::new(), |mut names, text| {
                    if !names.iter().any(|n| n == text) {
                        names.push(text.to_owned());
                    }
                    names
                });
            keep.push(KeepSpec {
                names: names
                    .into_iter()
                    .map(|n| Spanned::new(span.start + bom..span.end + bom, n))
                    .collect(),
                note: note_at
                    .map(|i| record[i].trim().to_owned())
                    .filter(|n| !n.is_empty()),
            });
            continue;
        }
        if let Some(value) = status_at.map(|i| &record[i])
            && status(value).is_none()
        {
            problems.push(problem(
                span.clone(),
                format!("unknown status `{}`", value.trim()),
                "preferred, admitted or deprecated",
            ));
            continue;
        }
        let key_at = concept_at.unwrap_or(languages[0]);
        let key = record[key_at].trim();
        if key.is_empty() {
            problems.push(problem(
                span,
                format!(
                    "the `{}` cell is empty; it names the concept",
                    columns[key_at]
                ),
                "empty concept",
            ));
            continue;
        }
        let terms = languages
            .iter()
            .filter(|&&i| !record[i].trim().is_empty())
            .count();
        if terms == 0 {
            problems.push(problem(
                span,
                "this row has no term in any language".into(),
                "no term",
            ));
            continue;
        }
        forms += terms;
        // By key through an index: a spreadsheet has 100,000s of rows.
        let hash = hash_key(key);
        let found = concept_index.find(hash, |&at| {
            let (start, end) = key_of(&key_ends, at);
            &keys[start..end] == key
        });
        let concept = match found {
            Some(&at) => at,
            None => {
                let at = key_ends.len() as u32;
                keys.push_str(key);
                key_ends.push(keys.len() as u32);
                last_reads.push(read);
                concept_index.insert_unique(hash, at, |&at| {
                    let (start, end) = key_of(&key_ends, at);
                    hash_key(&keys[start..end])
                });
                at
            }
        };
        last_reads[concept as usize] = read;
        read_concepts[read as usize] = concept;
    }
    drop((concept_index, keys, key_ends));
    let names: Vec<String> = languages.iter().map(|&i| columns[i].clone()).collect();
    let head = Head {
        // The first language is the source that the other languages'
        // terms are translations of; a single language is no source.
        source_lang: names.first().filter(|_| names.len() > 1).cloned(),
        forms,
    };
    let tail = Tail {
        keep,
        warnings: Vec::new(),
    };
    // The second reading: each concept's rows, in the order the concepts
    // first appear, each concept sent once its last row is read.
    let mut reader = new_reader();
    // The header, as the first reading read it.
    let _ = reader.read_record(&mut record);
    let mut pending: Vec<Vec<Row>> = std::iter::repeat_with(Vec::new)
        .take(last_reads.len())
        .collect();
    let (mut reads, mut next) = (0, 0);
    let concepts = std::iter::from_fn(|| {
        loop {
            if last_reads
                .get(next)
                .is_some_and(|&last| (last as usize) < reads)
            {
                next += 1;
                return Some(std::mem::take(&mut pending[next - 1]));
            }
            let read = reads;
            reads += 1;
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(_) => continue,
            }
            let Some(&concept) = read_concepts.get(read).filter(|&&c| c != NO_CONCEPT) else {
                continue;
            };
            let start = record.position().map_or(0, |p| p.byte() as usize);
            let span = line_span(start);
            let row_status = status_at
                .and_then(|i| status(&record[i]))
                .unwrap_or(Status::Preferred);
            let cells = languages
                .iter()
                .enumerate()
                .filter_map(|(l, &i)| {
                    let text = record[i].trim();
                    (!text.is_empty()).then(|| {
                        let cell = Cell {
                            text: text.to_owned(),
                            status: row_status,
                            span: span.start + bom..span.end + bom,
                            contexts: thin_vec::ThinVec::new(),
                        };
                        (l, cell)
                    })
                })
                .collect();
            let note = note_at
                .map(|i| record[i].trim().to_owned())
                .filter(|n| !n.is_empty());
            let case_sensitive = case_at.is_some_and(|i| {
                matches!(
                    record[i].trim().to_ascii_lowercase().as_str(),
                    "true" | "yes" | "1"
                )
            });
            pending[concept as usize].push(Row {
                cells,
                note,
                case_sensitive,
            });
        }
    });
    if problems.is_empty() {
        sink.head(head);
        concept_terms(file, &names, concepts, &mut problems, sink);
        sink.tail(tail);
    } else {
        concept_terms(file, &names, concepts, &mut problems, &mut Discard);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A read of a spreadsheet that is no concept's row.
const NO_CONCEPT: u32 = u32::MAX;

/// The hash a spreadsheet's concepts are found by.
fn hash_key(key: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// How many terms the concepts' rows hold, in all languages.
fn count_forms(concepts: &[(String, Vec<Row>)]) -> usize {
    concepts
        .iter()
        .flat_map(|(_, rows)| rows)
        .map(|row| row.cells.len())
        .sum()
}

/// Each concept's rows.
fn rows_of(concepts: Vec<(String, Vec<Row>)>) -> impl Iterator<Item = Vec<Row>> {
    concepts.into_iter().map(|(_, rows)| rows)
}

/// The head, every concept's terms and the tail, to `sink` if reading
/// found no problem; else only the concepts' own problems, added to
/// `problems`.
fn send_concepts(
    file: usize,
    languages: &[String],
    concepts: Vec<(String, Vec<Row>)>,
    problems: &mut Vec<Problem>,
    (head, tail): (Head, Tail),
    sink: &mut dyn TermSink,
) {
    if problems.is_empty() {
        sink.head(head);
        concept_terms(file, languages, rows_of(concepts), problems, sink);
        sink.tail(tail);
    } else {
        concept_terms(file, languages, rows_of(concepts), problems, &mut Discard);
    }
}

/// For every language, each concept's glossary term (see the module
/// documentation), and a problem for a concept that has only deprecated
/// terms in a language.
fn concept_terms(
    file: usize,
    languages: &[String],
    concepts: impl IntoIterator<Item = Vec<Row>>,
    problems: &mut Vec<Problem>,
    sink: &mut dyn TermSink,
) {
    // Each language's terms take their source from the other language
    // when there are two, from several when there are more.
    // A lone column (a spreadsheet with a `concept` column) may be named
    // for what it holds (`term`) rather than for a language.
    let target_of = |name: &str| {
        known_language(name).filter(|tag| languages.len() > 1 || looks_like_language_tag(tag))
    };
    let langs: Vec<Langs> = (0..languages.len())
        .map(|l| {
            Langs::new(
                (languages.len() == 2)
                    .then(|| known_language(&languages[1 - l]))
                    .flatten()
                    .map(Into::into),
                target_of(&languages[l]).map(Into::into),
            )
        })
        .collect();
    // Each concept is dropped once its terms are made, so that a large
    // termbase is not held twice over.
    for rows in concepts {
        let rows = &rows;
        for (l, language) in languages.iter().enumerate() {
            let in_language: Vec<&Cell> = rows.iter().filter_map(|r| r.cell(l)).collect();
            if in_language.is_empty() {
                continue;
            }
            let Some(canonical) = in_language.iter().find(|c| c.status == Status::Preferred) else {
                let first = in_language[0];
                problems.push(Problem {
                    file,
                    span: Some(first.span.clone()),
                    message: format!(
                        "the concept has only deprecated terms in `{}`: one must be preferred",
                        language
                    ),
                    label: "no preferred term".into(),
                    related: None,
                    rule: None,
                });
                continue;
            };
            let spanned = |c: &Cell| Spanned::new(c.span.clone(), c.text.clone());
            let mut accept = Vec::new();
            let mut variants = Vec::new();
            for cell in &in_language {
                if std::ptr::eq(*cell, *canonical) || cell.text == canonical.text {
                    continue;
                }
                match cell.status {
                    Status::Deprecated => variants.push(spanned(cell)),
                    _ => accept.push(spanned(cell)),
                }
            }
            let mut source: Vec<Spanned<String>> = Vec::new();
            for (other, _) in languages.iter().enumerate().filter(|&(o, _)| o != l) {
                for row in rows {
                    if let Some(cell) = row.cell(other)
                        && !source.iter().any(|s| s.get_ref() == &cell.text)
                    {
                        source.push(spanned(cell));
                    }
                }
            }
            let notes: Vec<&str> = rows.iter().filter_map(|r| r.note.as_deref()).collect();
            sink.term(TermSpec {
                langs: langs[l].clone(),
                canonical: spanned(canonical),
                accept,
                variants,
                source,
                note: (!notes.is_empty()).then(|| notes.join(" ")),
                case_sensitive: rows.iter().any(|r| r.case_sensitive),
                // A context sentence under a deprecated term shows the
                // term to flag; any other shows correct usage.
                examples: crate::glossary::Examples {
                    flag: in_language
                        .iter()
                        .filter(|c| c.status == Status::Deprecated)
                        .flat_map(|c| c.contexts.iter().cloned())
                        .collect(),
                    pass: in_language
                        .iter()
                        .filter(|c| c.status != Status::Deprecated)
                        .flat_map(|c| c.contexts.iter().cloned())
                        .collect(),
                },
            });
        }
    }
}

/// The terms of a TBX termbase: TBX v2 (`martif`, TBX-Basic: `termEntry`,
/// `langSet`, `tig`/`ntig`) and TBX v3 (`tbx`: `conceptEntry`, `langSec`,
/// `termSec`). `administrativeStatus` gives a term's status (preferred,
/// admitted, deprecated, superseded); a term without one is preferred, as
/// most exports carry none. `definition`, `note` and `usageNote` become
/// the note shown with a finding.
pub fn read_tbx(file: usize, text: &str) -> Result<Termbase, Vec<Problem>> {
    let mut termbase = Termbase::default();
    if let Streamed::Sent = read_tbx_by_entry(file, text, &mut termbase) {
        return Ok(termbase);
    }
    // Whatever was sent of a file abandoned part way is not kept.
    let mut termbase = Termbase::default();
    read_tbx_whole_into(file, text, &mut termbase)?;
    Ok(termbase)
}

/// The TBX file read as one tree, its terms sent to `sink`.
fn read_tbx_whole_into(
    file: usize,
    text: &str,
    sink: &mut dyn TermSink,
) -> Result<(), Vec<Problem>> {
    let (entries, source_lang) = read_tbx_whole(file, text)?;
    entries.finish(source_lang, sink)
}

/// [`read_tbx`], its terms sent to `sink` as they are made. `Err` after
/// the head was sent means: read it with [`read_tbx`] (the problems, if
/// any, are those of reading it so).
pub fn read_tbx_into(file: usize, text: &str, sink: &mut dyn TermSink) -> Result<(), Vec<Problem>> {
    // A sound file is read entry by entry; anything else is read whole,
    // which says exactly where it goes wrong.
    match read_tbx_by_entry(file, text, sink) {
        Streamed::Sent => Ok(()),
        Streamed::Abandoned => Err(Vec::new()),
        Streamed::NotStarted => read_tbx_whole_into(file, text, sink),
    }
}

/// How reading a termbase entry by entry ended.
enum Streamed {
    /// Every term, and the head and tail, were sent.
    Sent,
    /// Nothing was sent: the file is to be read whole.
    NotStarted,
    /// Something was sent before a part turned out not to read as the
    /// whole file would.
    Abandoned,
}

/// A TBX file read one entry at a time, its terms sent to `sink` as the
/// entries are read. The outer structure is read as XML events and the
/// entries are scanned ([`scan_entries`]; a batch that is more than plain
/// XML becomes a tree of its own): a whole 100,000-concept termbase as a
/// tree takes 200 MB; an entry, a few hundred bytes. Not
/// [`Streamed::Sent`] for anything the whole-file reader should report or
/// resolve: malformed XML, a DTD (its entities), a nested entry, an entry
/// that needs a namespace of the root, or a problem in an entry.
fn read_tbx_by_entry(file: usize, text: &str, sink: &mut dyn TermSink) -> Streamed {
    let Some((batches, source_lang)) = entry_batches(text) else {
        return Streamed::NotStarted;
    };
    // The termbase's languages, by their sections' tags: a concept's
    // source forms depend on how many there are, so its terms can be made
    // before the later entries are read only if they are known.
    let languages = section_languages(text);
    // Batches are read on all cores (reading the entries is most of
    // reading a large termbase), and their terms are sent in file order as
    // they come while later batches are still being read: the whole
    // termbase is never held as entries.
    let read_batch = |range: &Range<usize>| {
        let mut entries = Entries::new(file);
        if let Some(read) = scan_entries(&text[range.clone()], range.start) {
            for entry in read {
                entries.read(&entry);
            }
        } else {
            let wrapped = format!("<r>{}</r>", &text[range.clone()]);
            let doc = roxmltree::Document::parse(&wrapped).ok()?;
            for entry in doc.root_element().children().filter(|n| n.is_element()) {
                if !is_entry(entry) || entry.descendants().skip(1).any(is_entry) {
                    return None;
                }
                entries.read(&tree_elements(entry, range.start - "<r>".len()));
            }
        }
        entries.problems.is_empty().then_some(entries)
    };
    let mut sender = EntrySender {
        file,
        sink,
        source_lang,
        languages,
        seen: Vec::new(),
        tail: Tail {
            keep: Vec::new(),
            warnings: Vec::new(),
        },
        started: false,
        forms: count_terms(text),
        held: Entries::new(file),
    };
    let sent = crate::in_order::read_in_order(&batches, read_batch, |entries| {
        entries.is_some_and(|entries| sender.send(entries))
    });
    match (sent && sender.finish(), sender.started) {
        (true, _) => Streamed::Sent,
        (false, true) => Streamed::Abandoned,
        (false, false) => Streamed::NotStarted,
    }
}

/// The entries of a TBX file as byte ranges, some 64 KiB of entries side
/// by side in each, and the root's language; `None` for a file whose outer
/// structure the whole-file reader should read. The structure outside the
/// entries is read with quick-xml; end names are checked here, as the
/// reader restarts after each entry.
fn entry_batches(text: &str) -> Option<(Vec<Range<usize>>, Option<String>)> {
    use quick_xml::events::Event;
    if text.starts_with('\u{FEFF}') {
        return None;
    }
    let mut open: Vec<String> = Vec::new();
    let mut source_lang = None;
    // Where the reader's input starts in `text`.
    let mut base = 0usize;
    let mut reader = quick_xml::Reader::from_str(text);
    let unchecked = |reader: &mut quick_xml::Reader<&[u8]>| {
        let config = reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
    };
    unchecked(&mut reader);
    // Entries side by side (only white space between them) are parsed
    // together: a tree per entry costs more than the entry.
    let mut batches: Vec<Range<usize>> = Vec::new();
    let mut batch: Option<Range<usize>> = None;
    loop {
        let before = base + reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let element = match &event {
            Event::Start(element) | Event::Empty(element) => element,
            Event::End(end) => {
                if open.pop()? != end.name().as_ref() {
                    return None;
                }
                continue;
            }
            Event::DocType(_) => return None,
            Event::Eof => break,
            _ => continue,
        };
        let name = element.local_name();
        let is_empty = matches!(event, Event::Empty(_));
        if open.is_empty() {
            if is_empty || !matches!(name.as_ref(), "martif" | "tbx") {
                return None;
            }
            let lang = element
                .try_get_attribute("xml:lang")
                .ok()?
                .or(element.try_get_attribute("lang").ok()?)
                .map(|a| a.value.to_string());
            if lang.as_deref().is_some_and(|l| l.contains('&')) {
                return None; // a reference to resolve
            }
            source_lang = lang.as_deref().and_then(known_language);
            open.push(element.name().as_ref().to_owned());
            continue;
        }
        if !matches!(name.as_ref(), "termEntry" | "conceptEntry") {
            if !is_empty {
                open.push(element.name().as_ref().to_owned());
            }
            continue;
        }
        let mut end = base + reader.buffer_position() as usize;
        if !is_empty {
            // The entry's end tag is found by searching, not by reading
            // every event inside (a third of reading the file): one found
            // where it is no end tag (in a comment, a CDATA section) cuts
            // a batch that does not parse, and the file is read whole.
            let close = format!("</{}", element.name().as_ref());
            let found = memchr::memmem::find(&text.as_bytes()[end..], close.as_bytes())?;
            let rest = &text[end + found + close.len()..];
            let gt = rest.find('>')?;
            if !rest[..gt].trim_ascii().is_empty() {
                return None;
            }
            end += found + close.len() + gt + 1;
            base = end;
            reader = quick_xml::Reader::from_str(&text[end..]);
            unchecked(&mut reader);
        }
        batch = match batch {
            Some(range)
                if range.len() < 1 << 16 && text[range.end..before].trim_ascii().is_empty() =>
            {
                Some(range.start..end)
            }
            other => {
                batches.extend(other);
                Some(before..end)
            }
        };
    }
    batches.extend(batch);
    open.is_empty().then_some((batches, source_lang))
}

/// The languages of a TBX file's language sections (`<langSet>`,
/// `<langSec>`, with or without a prefix) in the order they first appear,
/// found by searching the text: `None` where a language is written in a way
/// this search does not read (a reference, a character outside a plain
/// tag). The entries, once read, must number their languages the same.
fn section_languages(text: &str) -> Option<Vec<String>> {
    let bytes = text.as_bytes();
    let mut languages: Vec<String> = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"langSe") {
        let after = at + "langSe".len();
        if !matches!(bytes.get(after), Some(b't' | b'c')) {
            continue;
        }
        let rest = &bytes[after + 1..];
        if !matches!(
            rest.first(),
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')
        ) {
            continue;
        }
        // A start tag: `<` right before, or before a prefix and its colon.
        let mut start = at;
        if start > 0 && bytes[start - 1] == b':' {
            start -= 1;
            while start > 0 && is_name_byte(bytes[start - 1]) {
                start -= 1;
            }
        }
        if start == 0 || bytes[start - 1] != b'<' {
            continue;
        }
        let tag = &rest[..memchr::memchr(b'>', rest)?];
        let lang = tag_language(tag)?;
        if !languages
            .iter()
            .any(|known| known.eq_ignore_ascii_case(lang))
        {
            languages.push(lang.to_owned());
        }
    }
    Some(languages)
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.')
}

/// The `xml:lang` (else `lang`) attribute of a start tag's attributes, as
/// written; `None` if there is none or it is not a plain language tag.
fn tag_language(mut attributes: &[u8]) -> Option<&str> {
    let (mut xml_lang, mut lang) = (None, None);
    loop {
        attributes = attributes.trim_ascii_start();
        let Some(eq) = memchr::memchr(b'=', attributes) else {
            break;
        };
        let name = attributes[..eq].trim_ascii();
        let rest = attributes[eq + 1..].trim_ascii_start();
        let quote = *rest.first()?;
        if !matches!(quote, b'"' | b'\'') {
            return None;
        }
        let close = memchr::memchr(quote, &rest[1..])?;
        let value = &rest[1..1 + close];
        match name {
            b"xml:lang" => xml_lang = Some(value),
            b"lang" => lang = Some(value),
            _ => {}
        }
        attributes = &rest[close + 2..];
    }
    let value = xml_lang.or(lang)?;
    let plain = !value.is_empty() && value.iter().all(|&b| is_name_byte(b));
    plain.then(|| std::str::from_utf8(value).ok()).flatten()
}

/// How many `<term>` elements a TBX file has: about the terms it gives.
fn count_terms(text: &str) -> usize {
    memchr::memmem::find_iter(text.as_bytes(), b"<term")
        .filter(|&at| {
            matches!(
                text.as_bytes().get(at + "<term".len()),
                Some(b'>' | b' ' | b'\t' | b'\r' | b'\n')
            )
        })
        .count()
}

/// Sends the terms of a TBX file's entries, a batch at a time, in file
/// order.
struct EntrySender<'s> {
    file: usize,
    sink: &'s mut dyn TermSink,
    source_lang: Option<String>,
    /// The languages the text shows ([`section_languages`]); `None` if it
    /// cannot say, and then every entry is held until all are read.
    languages: Option<Vec<String>>,
    /// The languages of the entries sent, as they first appeared.
    seen: Vec<String>,
    tail: Tail,
    started: bool,
    forms: usize,
    /// Entries read while the languages are unknown.
    held: Entries,
}

impl EntrySender<'_> {
    /// Send a batch's terms; `false` if they cannot be sent as reading the
    /// whole file would.
    fn send(&mut self, entries: Entries) -> bool {
        let Some(languages) = &self.languages else {
            self.held.append(entries);
            return true;
        };
        // The batch's languages numbered as in the whole file, which must
        // be the order the text shows.
        let mut numbers = Vec::with_capacity(entries.languages.len());
        for lang in &entries.languages {
            let new = self.seen.len();
            let at = language_number(&mut self.seen, lang);
            if at == new && languages.get(at) != Some(lang) {
                return false;
            }
            numbers.push(at);
        }
        let mut concepts = entries.concepts;
        renumber_languages(&mut concepts, &numbers);
        if !self.started {
            self.started = true;
            self.sink.head(Head {
                source_lang: self.source_lang.clone(),
                forms: self.forms,
            });
        }
        self.tail.keep.extend(entries.keep);
        self.tail.warnings.extend(entries.warnings);
        let mut problems = Vec::new();
        concept_terms(
            self.file,
            languages,
            rows_of(concepts),
            &mut problems,
            self.sink,
        );
        problems.is_empty()
    }

    /// The tail, once every batch was sent; `false` if the entries did not
    /// show the languages the text did.
    fn finish(&mut self) -> bool {
        if self.languages.is_none() {
            let held = std::mem::replace(&mut self.held, Entries::new(self.file));
            self.started = true;
            return held.finish(self.source_lang.take(), self.sink).is_ok();
        }
        if self.languages.as_ref() != Some(&self.seen) {
            return false;
        }
        if !self.started {
            self.started = true;
            self.sink.head(Head {
                source_lang: self.source_lang.take(),
                forms: 0,
            });
        }
        self.sink.tail(std::mem::replace(
            &mut self.tail,
            Tail {
                keep: Vec::new(),
                warnings: Vec::new(),
            },
        ));
        true
    }
}

fn is_entry(node: roxmltree::Node<'_, '_>) -> bool {
    matches!(node.tag_name().name(), "termEntry" | "conceptEntry")
}

/// A TBX file read as one tree.
fn read_tbx_whole(file: usize, text: &str) -> Result<(Entries, Option<String>), Vec<Problem>> {
    let problem = |span: Range<usize>, message: String, label: &str| Problem {
        file,
        span: Some(span),
        message,
        label: label.into(),
        related: None,
        rule: None,
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|err| {
        let pos = err.pos();
        let line_start: usize = text
            .split_inclusive('\n')
            .take(pos.row as usize - 1)
            .map(str::len)
            .sum();
        let at = text[line_start..]
            .char_indices()
            .nth(pos.col as usize - 1)
            .map_or(text.len(), |(i, _)| line_start + i);
        vec![problem(at..at, format!("not valid XML: {err}"), "here")]
    })?;
    let root = doc.root_element();
    if !matches!(root.tag_name().name(), "martif" | "tbx") {
        return Err(vec![problem(
            root.range(),
            format!(
                "`<{}>` is no TBX root (`<martif>` or `<tbx>`)",
                root.tag_name().name()
            ),
            "here",
        )]);
    }
    let mut entries = Entries::new(file);
    for entry in root.descendants().filter(|n| is_entry(*n)) {
        entries.read(&tree_elements(entry, 0));
    }
    Ok((entries, lang_of(root).as_deref().and_then(known_language)))
}

fn lang_of(node: roxmltree::Node<'_, '_>) -> Option<String> {
    xml_lang(node).map(str::to_owned)
}

/// An element's `xml:lang`, else its `lang`.
fn xml_lang<'t>(node: roxmltree::Node<'t, '_>) -> Option<&'t str> {
    node.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
        .or_else(|| node.attribute("lang"))
}

/// An element of a TBX entry, as reading the entry needs it. An entry is
/// its elements in document order, itself first: an element's
/// descendants are those after it up to `end`. Made from a tree (a whole
/// file, or a batch of entries the event reader leaves to it) or from XML
/// events, and read by the one [`Entries::read`].
#[derive(Debug, PartialEq)]
struct Element<'t> {
    /// The local name.
    name: &'t str,
    /// The `type` attribute.
    kind: Option<&'t str>,
    /// `xml:lang`, else `lang`.
    lang: Option<&'t str>,
    /// Its first child, if that is text, as a tree's `text()` gives it.
    first_text: Option<Cow<'t, str>>,
    /// Where it is in the file, its tags included.
    span: Range<usize>,
    /// Its parent's index; the entry's own is its own.
    parent: usize,
    /// One past the index of its last descendant.
    end: usize,
}

impl Element<'_> {
    fn text(&self) -> &str {
        self.first_text.as_deref().unwrap_or("")
    }

    fn typed(&self, name: &str, types: &[&str]) -> bool {
        self.name == name && self.kind.is_some_and(|t| types.contains(&t))
    }
}

/// The elements of an entry's tree (see [`Element`]), the tree starting at
/// byte `offset` of the file.
fn tree_elements<'t>(entry: roxmltree::Node<'t, '_>, offset: usize) -> Vec<Element<'t>> {
    let mut elements: Vec<Element<'t>> = Vec::new();
    // The open elements, innermost last: in document order, an element's
    // parent is on this stack, and whatever is above it has ended.
    let mut open: Vec<(roxmltree::NodeId, usize)> = Vec::new();
    for node in entry.descendants().filter(|n| n.is_element()) {
        let parent = node.parent().map(|p| p.id());
        while let Some(&(id, index)) = open.last() {
            if Some(id) == parent {
                break;
            }
            elements[index].end = elements.len();
            open.pop();
        }
        let index = elements.len();
        let range = node.range();
        elements.push(Element {
            name: node.tag_name().name(),
            kind: node.attribute("type"),
            lang: xml_lang(node),
            first_text: node
                .first_child()
                .filter(|c| c.is_text())
                .and_then(|c| c.text())
                .map(Cow::Borrowed),
            span: range.start + offset..range.end + offset,
            parent: open.last().map_or(index, |&(_, parent)| parent),
            end: index + 1,
        });
        open.push((node.id(), index));
    }
    for (_, index) in open {
        elements[index].end = elements.len();
    }
    elements
}

/// The elements of each entry in `batch` (entries side by side, with only
/// white space between them), which starts at byte `offset` of the file,
/// read by scanning the text. Written here because the XML crates read a
/// termbase at 75-100 MB/s (a 100,000-concept TBX file of 46 MB takes
/// roxmltree 0.61 s and quick-xml's event reader 0.47 s of one core, half
/// of a cold start), while the plain XML that termbases are written in
/// scans several times as fast. `None` for anything beyond that, left to
/// the tree reader, which reads it the same way or says what is wrong:
/// comments, CDATA, processing instructions, names with a prefix or
/// outside ASCII, entity references beyond XML's own, control characters,
/// attribute values with references or white space to normalise, nested
/// entries, and anything malformed.
fn scan_entries(batch: &str, offset: usize) -> Option<Vec<Vec<Element<'_>>>> {
    let bytes = batch.as_bytes();
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let spaces = |from: usize| bytes[from..].iter().take_while(|b| is_space(b)).count();
    let mut entries = Vec::new();
    let mut elements: Vec<Element<'_>> = Vec::new();
    let mut open: Vec<(usize, First)> = Vec::new();
    let mut attribute_names: Vec<&str> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let tag = memchr::memchr(b'<', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        if tag > at {
            let text = &batch[at..tag];
            match open.last_mut() {
                None if text.bytes().all(|b| is_space(&b)) => {}
                None => return None,
                Some((index, first)) => {
                    append_first_text(&mut elements[*index], first, unescaped(text)?);
                }
            }
        }
        if tag == bytes.len() {
            break;
        }
        at = tag + 1;
        match *bytes.get(at)? {
            b'/' => {
                let close = at + memchr::memchr(b'>', &bytes[at..])?;
                let name = &batch[at + 1..close];
                let name = name.trim_end_matches([' ', '\t', '\n', '\r']);
                let (index, _) = open.pop()?;
                if elements[index].name != name {
                    return None;
                }
                at = close + 1;
                elements[index].span.end = at + offset;
                elements[index].end = elements.len();
                if open.is_empty() {
                    entries.push(std::mem::take(&mut elements));
                }
            }
            b'!' | b'?' => return None,
            _ => {
                let name_end = at + bytes[at..].iter().position(|&b| !is_name_byte(b))?;
                let name = &batch[at..name_end];
                let is_entry = matches!(name, "termEntry" | "conceptEntry");
                if !is_plain_name(name) || is_entry != open.is_empty() {
                    return None;
                }
                at = name_end;
                let (mut kind, mut xml_lang, mut lang) = (None, None, None);
                attribute_names.clear();
                let empty = loop {
                    let space = spaces(at);
                    at += space;
                    match *bytes.get(at)? {
                        b'>' => {
                            at += 1;
                            break false;
                        }
                        b'/' if bytes.get(at + 1) == Some(&b'>') => {
                            at += 2;
                            break true;
                        }
                        _ if space == 0 => return None,
                        _ => {}
                    }
                    let key_end = at
                        + bytes[at..]
                            .iter()
                            .position(|&b| !is_name_byte(b) && b != b':')?;
                    let key = &batch[at..key_end];
                    at = key_end + spaces(key_end);
                    if bytes.get(at) != Some(&b'=') {
                        return None;
                    }
                    at += 1;
                    at += spaces(at);
                    let quote = *bytes.get(at)?;
                    if !matches!(quote, b'"' | b'\'') {
                        return None;
                    }
                    let value_end = at + 1 + memchr::memchr(quote, &bytes[at + 1..])?;
                    let value = &batch[at + 1..value_end];
                    at = value_end + 1;
                    if value.bytes().any(|b| b < 0x20 || matches!(b, b'&' | b'<'))
                        || attribute_names.contains(&key)
                    {
                        return None;
                    }
                    attribute_names.push(key);
                    match key {
                        "type" => kind = Some(value),
                        "xml:lang" => xml_lang = Some(value),
                        "lang" => lang = Some(value),
                        "xmlns" => {}
                        other if !is_plain_name(other) => return None,
                        _ => {}
                    }
                };
                if let Some((_, first)) = open.last_mut() {
                    *first = First::Done;
                }
                let index = elements.len();
                elements.push(Element {
                    name,
                    kind,
                    lang: xml_lang.or(lang),
                    first_text: None,
                    span: tag + offset..at + offset,
                    parent: open.last().map_or(index, |&(parent, _)| parent),
                    end: index + 1,
                });
                if !empty {
                    open.push((index, First::Awaited));
                } else if open.is_empty() {
                    entries.push(std::mem::take(&mut elements));
                }
            }
        }
    }
    open.is_empty().then_some(entries)
}

/// Text between tags as XML reads it: line ends normalised (`\r\n` and a
/// lone `\r` to `\n`: files exported on Windows have them throughout) and
/// XML's own references (`&amp;`, `&#x4E2D;`) resolved; `None` for another
/// reference or a character that the tree reader would refuse.
fn unescaped(text: &str) -> Option<Cow<'_, str>> {
    let bytes = text.as_bytes();
    if bytes
        .iter()
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        || memchr::memmem::find(bytes, b"]]>").is_some()
    {
        return None;
    }
    if memchr::memchr(b'\r', bytes).is_some() {
        let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
        return unescaped(&normalised).map(|text| Cow::Owned(text.into_owned()));
    }
    let Some(first) = memchr::memchr(b'&', bytes) else {
        return Some(Cow::Borrowed(text));
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semicolon = rest[amp..].find(';')? + amp;
        let name = &rest[amp + 1..semicolon];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = name.strip_prefix('#')?;
                let value = match number.strip_prefix('x') {
                    Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                        u32::from_str_radix(hex, 16).ok()?
                    }
                    None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
                        number.parse().ok()?
                    }
                    _ => return None,
                };
                char::from_u32(value).filter(|&c| c >= ' ' || c == '\t' || c == '\n')?
            }
        };
        out.push(c);
        rest = &rest[semicolon + 1..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

/// How far an open element's first text is read ([`scan_entries`]).
enum First {
    Awaited,
    Reading,
    Done,
}

/// A piece of text met inside `element`: part of its first text while no
/// child element came before it.
fn append_first_text<'t>(element: &mut Element<'t>, first: &mut First, text: Cow<'t, str>) {
    match first {
        First::Awaited => {
            element.first_text = Some(text);
            *first = First::Reading;
        }
        First::Reading => {
            if let Some(first_text) = &mut element.first_text {
                first_text.to_mut().push_str(&text);
            }
        }
        First::Done => {}
    }
}

/// A name made of ASCII letters, digits, `_`, `-` and `.`, not starting
/// with a digit, `-` or `.`: what the event reader takes as a name without
/// checking it as the tree reader would.
fn is_plain_name(name: &str) -> bool {
    name.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(is_name_byte)
}

/// The number of `lang` among `languages` (case aside), which gets it at
/// the end if it is new.
fn language_number(languages: &mut Vec<String>, lang: &str) -> usize {
    match languages
        .iter()
        .position(|known| known.eq_ignore_ascii_case(lang))
    {
        Some(l) => l,
        None => {
            languages.push(lang.to_owned());
            languages.len() - 1
        }
    }
}

/// Concepts read on their own, their cells' languages renumbered as
/// `numbers` says (language `l` of the part is `numbers[l]` of the file).
fn renumber_languages(concepts: &mut [(String, Vec<Row>)], numbers: &[usize]) {
    let cells = concepts
        .iter_mut()
        .flat_map(|(_, rows)| rows.iter_mut())
        .flat_map(|row| row.cells.iter_mut());
    for (l, _) in cells {
        *l = numbers[*l];
    }
}

/// What the entries of a TBX file give, read one after the other.
struct Entries {
    file: usize,
    problems: Vec<Problem>,
    languages: Vec<String>,
    concepts: Vec<(String, Vec<Row>)>,
    keep: Vec<KeepSpec>,
    warnings: Vec<Problem>,
}

impl Entries {
    fn new(file: usize) -> Entries {
        Entries {
            file,
            problems: Vec::new(),
            languages: Vec::new(),
            concepts: Vec::new(),
            keep: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn problem(&self, span: Range<usize>, message: String, label: &str) -> Problem {
        Problem {
            file: self.file,
            span: Some(span),
            message,
            label: label.into(),
            related: None,
            rule: None,
        }
    }

    /// An entry, as its elements ([`Element`]; the entry's own first).
    fn read(&mut self, entry: &[Element<'_>]) {
        let descendants = |index: usize| &entry[index..entry[index].end];
        let notes: Vec<String> = entry
            .iter()
            .filter(|n| {
                n.typed("descrip", &["definition"])
                    || n.typed("termNote", &["usageNote"])
                    || n.typed("descrip", &["usageNote"])
                    || n.name == "note"
            })
            .filter_map(|n| n.first_text.as_deref().map(|t| t.trim().to_owned()))
            .filter(|t| !t.is_empty())
            .collect();
        if entry.iter().any(marks_do_not_translate) {
            let mut names: Vec<Spanned<String>> = Vec::new();
            for term in entry.iter().filter(|n| n.name == "term") {
                let text = term.text().trim();
                if !text.is_empty() && !names.iter().any(|n| n.get_ref() == text) {
                    names.push(Spanned::new(term.span.clone(), text.to_owned()));
                }
            }
            self.keep.push(KeepSpec {
                names,
                note: (!notes.is_empty()).then(|| notes.join(" ")),
            });
            return;
        }
        let mut rows = Vec::new();
        let sections = (1..entry.len())
            .filter(|&i| entry[i].parent == 0 && matches!(entry[i].name, "langSet" | "langSec"));
        for section in sections {
            let Some(lang) = entry[section].lang else {
                let problem = self.problem(
                    entry[section].span.clone(),
                    "a language section without `xml:lang`".into(),
                    "here",
                );
                self.problems.push(problem);
                continue;
            };
            let l = language_number(&mut self.languages, lang);
            let groups = (section..entry[section].end)
                .filter(|&i| matches!(entry[i].name, "tig" | "ntig" | "termSec"));
            for group in groups {
                let in_group = descendants(group);
                let Some(term) = in_group.iter().find(|n| n.name == "term") else {
                    continue;
                };
                let raw_text = term.text();
                let text = raw_text.trim().to_owned();
                if text.is_empty() {
                    self.warnings.push(Problem {
                        rule: Some(crate::rules::glossary::EMPTY_FORM.id),
                        ..self.problem(
                            term.span.clone(),
                            "empty term; skipped".into(),
                            "an empty string can never match",
                        )
                    });
                    continue;
                }
                if text.len() != raw_text.len() {
                    self.warnings.push(Problem {
                        rule: Some(crate::rules::glossary::EMPTY_FORM.id),
                        ..self.problem(
                            term.span.clone(),
                            format!("term `{text}` is padded with whitespace; used without it"),
                            "leading or trailing whitespace",
                        )
                    });
                }
                let status_value = in_group
                    .iter()
                    .find(|n| n.typed("termNote", &["administrativeStatus"]))
                    .map_or("", Element::text);
                let Some(row_status) = status(status_value) else {
                    let problem = self.problem(
                        entry[group].span.clone(),
                        format!("unknown administrativeStatus `{}`", status_value.trim()),
                        "preferred, admitted, deprecated or superseded",
                    );
                    self.problems.push(problem);
                    continue;
                };
                let contexts = in_group
                    .iter()
                    .filter(|n| n.typed("descrip", &["context"]))
                    .filter_map(|n| n.first_text.as_deref().map(|t| t.trim().to_owned()))
                    .filter(|t| !t.is_empty())
                    .collect();
                let cell = Cell {
                    text,
                    status: row_status,
                    span: term.span.clone(),
                    contexts,
                };
                rows.push(vec![(l, cell)]);
            }
        }
        // The concept's note once, on its first row, not once per term.
        let mut note = (!notes.is_empty()).then(|| notes.join(" "));
        // An entry is one concept: it needs no key to group its rows.
        self.concepts.push((
            String::new(),
            rows.into_iter()
                .map(|cells| Row {
                    cells,
                    note: note.take(),
                    case_sensitive: false,
                })
                .collect(),
        ));
    }

    /// The entries of the next part of the file, read on their own: their
    /// languages are numbered as if read after these.
    fn append(&mut self, next: Entries) {
        let numbers: Vec<usize> = next
            .languages
            .iter()
            .map(|lang| language_number(&mut self.languages, lang))
            .collect();
        let mut concepts = next.concepts;
        renumber_languages(&mut concepts, &numbers);
        self.concepts.extend(concepts);
        self.problems.extend(next.problems);
        self.keep.extend(next.keep);
        self.warnings.extend(next.warnings);
    }

    /// The termbase once every entry is read, or its problems.
    fn finish(
        self,
        source_lang: Option<String>,
        sink: &mut dyn TermSink,
    ) -> Result<(), Vec<Problem>> {
        let head = Head {
            source_lang,
            forms: count_forms(&self.concepts),
        };
        let tail = Tail {
            keep: self.keep,
            warnings: self.warnings,
        };
        let mut problems = self.problems;
        send_concepts(
            self.file,
            &self.languages,
            self.concepts,
            &mut problems,
            (head, tail),
            sink,
        );
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The termbase read whole.
    fn whole(text: &str) -> Result<Termbase, Vec<Problem>> {
        let (entries, lang) = read_tbx_whole(0, text)?;
        let mut termbase = Termbase::default();
        entries.finish(lang, &mut termbase).map(|()| termbase)
    }

    /// Whether it was read entry by entry (giving the same termbase as read
    /// whole) rather than whole.
    fn same_either_way(text: &str) -> bool {
        let mut by_entry = Termbase::default();
        let read = read_tbx_by_entry(0, text, &mut by_entry);
        assert_eq!(read_tbx(0, text), whole(text), "{text}");
        if let Streamed::Sent = read {
            assert_eq!(Ok(by_entry), whole(text), "{text}");
            return true;
        }
        false
    }

    /// The elements of each entry of a batch parsed as a tree (wrapped in
    /// `<r>`), the tree starting at byte `offset` of the file.
    fn entry_trees<'d>(doc: &'d roxmltree::Document<'_>, offset: usize) -> Vec<Vec<Element<'d>>> {
        doc.root_element()
            .children()
            .filter(|n| n.is_element())
            .map(|entry| tree_elements(entry, offset))
            .collect()
    }

    /// Whether every batch of `text`'s entries is scanned; what is scanned
    /// is checked to be what the tree reader makes of it.
    fn scanned_as_trees(text: &str) -> bool {
        let Some((batches, _)) = entry_batches(text) else {
            return false;
        };
        let mut all_read = true;
        for range in batches {
            let batch = &text[range.clone()];
            let wrapped = format!("<r>{batch}</r>");
            let Ok(doc) = roxmltree::Document::parse(&wrapped) else {
                assert!(scan_entries(batch, range.start).is_none(), "{batch}");
                all_read = false;
                continue;
            };
            let trees = entry_trees(&doc, range.start - "<r>".len());
            match scan_entries(batch, range.start) {
                Some(scanned) => assert_eq!(scanned, trees, "{batch}"),
                None => all_read = false,
            }
        }
        all_read
    }

    /// The TBX termbases among the test fixtures: (name, text).
    fn fixture_termbases() -> impl Iterator<Item = (&'static str, String)> {
        ["basic-v2.tbx", "core-v3.tbx"].into_iter().map(|fixture| {
            let path = format!(
                "{}/../../tests/fixtures/termbases/{fixture}",
                env!("CARGO_MANIFEST_DIR")
            );
            (fixture, std::fs::read_to_string(&path).unwrap())
        })
    }

    #[test]
    fn entries_scanned_as_trees_read_them() {
        for (fixture, text) in fixture_termbases() {
            assert!(scanned_as_trees(&text), "{fixture}");
        }
        let entry = |body: &str| {
            format!("<martif xml:lang=\"en\"><text><body>\n{body}\n</body></text></martif>")
        };
        // Scanned, as trees read them.
        for body in [
            "<termEntry id=\"a\"><descrip type=\"definition\">A note &amp; more &#x4E2D;&#25991; &lt;b&gt;</descrip><langSet xml:lang=\"en\"><tig><term>Maritime Silk Road</term></tig><tig><term> Sea Silk </term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>",
            "<termEntry/>\n  <termEntry><langSet lang='zh'><ntig><termGrp><term>海上&quot;丝绸&apos;之路</term></termGrp></ntig></langSet></termEntry>",
            "<conceptEntry xmlns=\"urn:iso:std:iso:30042:ed-2\" id=\"c1\"><langSec xml:lang=\"en\">\n  <termSec>\n    <term>Alpha</term>\n  </termSec>\n</langSec></conceptEntry>",
            // A first text cut short by a child; text after a child.
            "<termEntry><note>before <hi>inside</hi> after</note><langSet xml:lang=\"en\"><tig><term><b>bold</b> text</term></tig><tig><term/></tig><tig><term></term></tig></langSet></termEntry>",
            "<termEntry><langSet xml:lang=\"en\"><tig><term>A</term><descrip type=\"context\">Use A&amp;B here.</descrip><admin type=\"DNT\"/></tig></langSet></termEntry>",
            // Line ends as files exported on Windows have them.
            "<termEntry>\r\n<langSet\r\nxml:lang=\"en\"><tig><term>A\r\nB\rC</term\r\n></tig></langSet></termEntry>",
        ] {
            assert!(scanned_as_trees(&entry(body)), "{body}");
        }
        // Left to trees.
        for body in [
            "<termEntry><!-- a comment --><langSet xml:lang=\"en\"><tig><term>A</term></tig></langSet></termEntry>",
            "<termEntry><langSet xml:lang=\"en\"><tig><term><![CDATA[R&D]]></term></tig></langSet></termEntry>",
            "<termEntry><langSet xml:lang=\"en\"><tig><term>&co;</term></tig></langSet></termEntry>",
            "<termEntry><langSet xml:lang=\"en\"><tig><term>A&#13;B</term></tig></langSet></termEntry>",
            "<termEntry><x:langSet xmlns:x=\"urn:x\" xml:lang=\"en\"><tig><term>A</term></tig></x:langSet></termEntry>",
            "<termEntry><langSet xml:lang=\"e&#x6E;\"><tig><term>A</term></tig></langSet></termEntry>",
            "<termEntry><termEntry><langSet xml:lang=\"en\"><tig><term>nested</term></tig></langSet></termEntry></termEntry>",
            "<termEntry><langSet xml:lang=\"en\" xml:lang=\"de\"><tig><term>A</term></tig></langSet></termEntry>",
            "<termEntry><?pi here?><langSet xml:lang=\"en\"><tig><term>A</term></tig></langSet></termEntry>",
        ] {
            assert!(!scanned_as_trees(&entry(body)), "{body}");
        }
    }

    /// Pieces of entries, well-formed or not, for
    /// `any_entries_scan_as_trees_read_them`.
    const PIECES: &[&str] = &[
        "<termEntry>",
        "</termEntry>",
        "<termEntry id=\"c1\">",
        "<conceptEntry>",
        "</conceptEntry>",
        "<langSet xml:lang=\"en\">",
        "<langSet lang='zh'>",
        "<langSet>",
        "</langSet>",
        "<langSec xml:lang=\"de\" >",
        "</langSec>",
        "<tig>",
        "</tig>",
        "<ntig>",
        "</ntig>",
        "<termSec>",
        "</termSec>",
        "<termGrp>",
        "</termGrp>",
        "<term>",
        "</term>",
        "<term/>",
        "</term >",
        "<termNote type=\"administrativeStatus\">",
        "</termNote>",
        "deprecatedTerm-admn-sts",
        "preferred",
        "<descrip type=\"context\">",
        "<descrip type=\"definition\">",
        "</descrip>",
        "<note>",
        "</note>",
        "<admin type=\"DNT\"/>",
        "Do not translate",
        "Silk Road",
        " ",
        "\n  ",
        "\t",
        "海上丝绸之路",
        "&amp;",
        "&lt;",
        "&#x4E2D;",
        "&#20013;",
        "&#1;",
        "&co;",
        "&",
        "<",
        ">",
        "]]>",
        "\r\n",
        "<!-- c -->",
        "<![CDATA[x]]>",
        "<?pi x?>",
        "<hi>",
        "</hi>",
        "<x:term>",
        "<term xmlns=\"urn:x\">",
        "<term a=\"1\"b=\"2\">",
        "<term a=\"1\" a=\"2\">",
        "<term a=1>",
        "<term a=\"x&amp;y\">",
        "<term a=\"\n\">",
        "<1term>",
        "<term\n/>",
        "</ term>",
        "\u{1}",
        "é",
        "<térm>",
        "</termentry>",
    ];

    /// Entries as XML: elements named as in termbases, with their
    /// attributes, text (references among it) and children.
    fn entries_xml() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let text = proptest::sample::select(
            &[
                "Silk Road",
                " ",
                "\n  ",
                "海上丝绸之路",
                "&amp;",
                "&lt;b&gt;",
                "&#x4E2D;",
                "&#20013;",
                "Do not translate",
                "preferredTerm-admn-sts",
                "deprecatedTerm-admn-sts",
                "no",
                "&quot;&apos;",
            ][..],
        )
        .prop_map(str::to_owned);
        let leaf = prop_oneof![text.clone(), Just(String::new())];
        let names = &[
            "langSet", "langSec", "tig", "ntig", "termSec", "termGrp", "term", "termNote",
            "descrip", "note", "admin", "hi",
        ][..];
        let attributes = &[
            "",
            " type=\"administrativeStatus\"",
            " xml:lang=\"en\"",
            " lang='zh'",
            " type=\"context\"",
            " type=\"DNT\"",
            " type=\"definition\"",
            " id=\"c1\"",
            " xmlns=\"urn:x\"",
            " type = \"usageNote\" xml:lang=\"de\"",
        ][..];
        let element = leaf.prop_recursive(4, 48, 5, move |inner| {
            (
                proptest::sample::select(names),
                proptest::sample::select(attributes),
                proptest::collection::vec(inner, 0..5),
            )
                .prop_map(|(name, attributes, children)| {
                    if children.is_empty() {
                        format!("<{name}{attributes}/>")
                    } else {
                        format!("<{name}{attributes}>{}</{name}>", children.concat())
                    }
                })
        });
        let entry = (
            proptest::sample::select(&["termEntry", "conceptEntry"][..]),
            proptest::sample::select(attributes),
            proptest::collection::vec(element, 0..4),
        )
            .prop_map(|(name, attributes, children)| {
                format!("<{name}{attributes}>{}</{name}>", children.concat())
            });
        proptest::collection::vec(entry, 1..4).prop_map(|entries| entries.join("\n"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1000))]

        /// Entries, sound or with a piece put in anywhere: what the scanner
        /// reads, it reads as the tree reader does; what the tree reader
        /// refuses, the scanner leaves to it.
        #[test]
        fn any_entries_scan_as_trees_read_them(
            sound in entries_xml(),
            cut in proptest::option::of((0.0..1.0f64, proptest::sample::select(PIECES))),
        ) {
            let mut batch = sound;
            if let Some((at, piece)) = cut {
                let mut at = (at * batch.len() as f64) as usize;
                while !batch.is_char_boundary(at) {
                    at -= 1;
                }
                batch.insert_str(at, piece);
            }
            let wrapped = format!("<r>{batch}</r>");
            let scanned = scan_entries(&batch, "<r>".len());
            match roxmltree::Document::parse(&wrapped) {
                Err(_) => proptest::prop_assert!(scanned.is_none(), "{}", batch),
                Ok(doc) => {
                    let trees = entry_trees(&doc, 0);
                    // Left to the tree reader only for what it reads
                    // differently; a sound batch is always scanned.
                    if cut.is_none() {
                        proptest::prop_assert!(scanned.is_some(), "{}", batch);
                    }
                    if let Some(scanned) = scanned {
                        proptest::prop_assert_eq!(scanned, trees, "{}", batch);
                    }
                }
            }
        }

        /// Well-formed entries built from the pieces that termbases use
        /// are scanned, not left to the tree reader.
        #[test]
        fn plain_entries_are_scanned(
            terms in proptest::collection::vec(
                ("[A-Za-z 海丝&<>\"']{0,12}", proptest::sample::select(&["", "preferredTerm-admn-sts", "deprecatedTerm-admn-sts"][..])),
                0..6,
            ),
        ) {
            let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            let tigs: String = terms
                .iter()
                .map(|(term, status)| format!(
                    "<tig>\n<term>{}</term><termNote type=\"administrativeStatus\">{status}</termNote></tig>",
                    escape(term)
                ))
                .collect();
            let batch = format!("<termEntry id=\"c\">\n  <langSet xml:lang=\"en\">{tigs}</langSet>\n</termEntry>\n<termEntry/>");
            let wrapped = format!("<r>{batch}</r>");
            let doc = roxmltree::Document::parse(&wrapped).unwrap();
            let trees = entry_trees(&doc, 0);
            // Scanned as if it came right after the wrapper's `<r>`.
            proptest::prop_assert_eq!(scan_entries(&batch, "<r>".len()), Some(trees));
        }
    }

    #[test]
    fn spreadsheet_rows_of_a_concept_need_not_be_adjacent() {
        let termbase = read_spreadsheet(
            0,
            "en,zh,status\nbookmark,书签,preferred\nlog in,登录,\nbookmark,收藏夹,deprecated\n",
            b',',
        )
        .unwrap();
        let chinese: Vec<(&str, Vec<&str>)> = termbase
            .terms
            .iter()
            .filter(|t| t.langs.target.as_deref() == Some("zh"))
            .map(|t| {
                let variants = t.variants.iter().map(|v| v.get_ref().as_str()).collect();
                (t.canonical.get_ref().as_str(), variants)
            })
            .collect();
        assert_eq!(chinese, [("书签", vec!["收藏夹"]), ("登录", vec![])]);
    }

    #[test]
    fn spreadsheet_concepts_come_in_the_order_of_their_first_rows() {
        let termbase = read_spreadsheet(
            0,
            "en,zh,status\nb,乙,preferred\na,甲,\nb,乙二,deprecated\n\nc,丙,\na,甲二,admitted\n",
            b',',
        )
        .unwrap();
        fn forms(list: &[Spanned<String>]) -> Vec<&str> {
            list.iter().map(|f| f.get_ref().as_str()).collect()
        }
        let terms: Vec<(&str, Vec<&str>, Vec<&str>)> = termbase
            .terms
            .iter()
            .map(|t| {
                let canonical = t.canonical.get_ref().as_str();
                (canonical, forms(&t.variants), forms(&t.accept))
            })
            .collect();
        assert_eq!(
            terms,
            [
                ("b", vec![], vec![]),
                ("乙", vec!["乙二"], vec![]),
                ("a", vec![], vec![]),
                ("甲", vec![], vec!["甲二"]),
                ("c", vec![], vec![]),
                ("丙", vec![], vec![]),
            ]
        );
    }

    #[test]
    fn a_spreadsheet_with_a_bad_row_reports_its_concepts_problems_too() {
        let Err(problems) = read_spreadsheet(
            0,
            "en,zh,status\na,甲,deprecated\nx,y,unknown\nb,乙,\n",
            b',',
        ) else {
            panic!("a bad row is an error");
        };
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown status `unknown`",
                "the concept has only deprecated terms in `en`: one must be preferred",
                "the concept has only deprecated terms in `zh`: one must be preferred",
            ]
        );
    }

    #[test]
    fn a_concept_column_groups_the_rows_of_one_language() {
        let termbase = read_spreadsheet(
            0,
            "concept,en,status\n7,Wi-Fi,preferred\n8,log in,\n7,WiFi,deprecated\n",
            b',',
        )
        .unwrap();
        let terms: Vec<(&str, usize, Option<&str>)> = termbase
            .terms
            .iter()
            .map(|t| {
                let target = t.langs.target.as_deref();
                (t.canonical.get_ref().as_str(), t.variants.len(), target)
            })
            .collect();
        assert_eq!(terms, [("Wi-Fi", 1, Some("en")), ("log in", 0, Some("en"))]);
        assert_eq!(termbase.source_lang, None);
        // A column named for what it holds names no language.
        let termbase = read_spreadsheet(0, "concept,term\n1,Wi-Fi\n", b',').unwrap();
        assert_eq!(termbase.terms[0].langs.target, None);
        let Err(problems) = read_spreadsheet(0, "concept,en\n,Wi-Fi\n2,\n", b',') else {
            panic!("rows without a concept or a term are errors");
        };
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the `concept` cell is empty; it names the concept",
                "this row has no term in any language"
            ]
        );
        assert!(read_spreadsheet(0, "en,status\nWi-Fi,\n", b',').is_err());
    }

    #[test]
    fn do_not_translate_marks() {
        let marks = |xml: &str| {
            let doc = roxmltree::Document::parse(xml).unwrap();
            tree_elements(doc.root_element(), 0)
                .iter()
                .any(marks_do_not_translate)
        };
        for yes in [
            "<e><descrip type=\"Translation needed\">No</descrip></e>",
            "<e><termNote type=\"translation_needed\"> FALSE </termNote></e>",
            "<e><admin type=\"doNotTranslate\">yes</admin></e>",
            "<e><admin type=\"DNT\"/></e>",
            "<e><admin type=\"x-doNotTranslate\">true</admin></e>",
            "<e><note>Brand name. Do NOT translate.</note></e>",
            "<e><descrip type=\"usageNote\">don't translate</descrip></e>",
            "<e><termNote type=\"transferComment\">Not to be translated</termNote></e>",
        ] {
            assert!(marks(yes), "{yes}");
        }
        for no in [
            "<e><descrip type=\"Translation needed\">yes</descrip></e>",
            "<e><admin type=\"doNotTranslate\">no</admin></e>",
            "<e><admin type=\"DNTX\">yes</admin></e>",
            "<e><termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote></e>",
            "<e><term>do not translate</term></e>",
            "<e><note>Translate with care.</note></e>",
        ] {
            assert!(!marks(no), "{no}");
        }
    }

    #[test]
    fn languages_found_by_searching_the_text() {
        let found = |text: &str| section_languages(text);
        assert_eq!(
            found(
                "<langSet xml:lang=\"en\"><x:langSet  lang='zh-Hans' >\n<langSec\nxml:lang=\"EN\" lang=\"fr\"/></langSec></langSet>"
            ),
            Some(vec!["en".to_owned(), "zh-Hans".to_owned()])
        );
        // Not start tags: an end tag, another element, words in a note.
        assert_eq!(
            found("</langSet><langSets xml:lang=\"de\"><note>a langSet lang=\"fr\"</note>"),
            Some(Vec::new())
        );
        // A reference, or a section without a language: not read here.
        assert_eq!(found("<langSet xml:lang=\"&en;\">"), None);
        assert_eq!(found("<langSet id=\"a\">"), None);
    }

    #[test]
    fn statuses() {
        for (value, expected) in [
            ("", Some(Status::Preferred)),
            ("preferredTerm-admn-sts", Some(Status::Preferred)),
            (" Preferred ", Some(Status::Preferred)),
            ("approved", Some(Status::Preferred)),
            ("admittedTerm-admn-sts", Some(Status::Admitted)),
            ("ADMITTED_TERM admn sts", None),
            ("admittedTerm_admn_sts", Some(Status::Admitted)),
            ("deprecatedTerm-admn-sts", Some(Status::Deprecated)),
            ("supersededTerm-admn-sts", Some(Status::Deprecated)),
            ("Not recommended", Some(Status::Deprecated)),
            ("maybe", None),
        ] {
            assert!(status(value) == expected, "{value}");
        }
    }

    #[test]
    fn entry_by_entry_reads_what_the_whole_file_gives() {
        for (fixture, text) in fixture_termbases() {
            assert!(same_either_way(&text), "{fixture} was read whole");
        }
        let entry = |body: &str| {
            format!(
                "<?xml version=\"1.0\"?>\n<martif type=\"TBX\" xml:lang=\"en\"><text><body>\n{body}\n</body></text></martif>\n"
            )
        };
        let sound = [
            entry("<termEntry id=\"a\"><descrip type=\"definition\">A note &amp; more</descrip><langSet xml:lang=\"en\"><tig><term>Maritime Silk Road</term></tig><tig><term> Sea Silk </term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig></langSet><langSet xml:lang=\"zh\"><ntig><termGrp><term>海上丝绸之路</term></termGrp></ntig></langSet></termEntry>"),
            entry("<termEntry/><termEntry><langSet xml:lang=\"en\"><tig><term><![CDATA[R&D]]></term></tig></langSet><!-- a comment --></termEntry>"),
            entry("<termEntry><langSet xml:lang=\"en\"><tig><term>A</term></tig></langSet></termEntry><termEntry><note>Do not translate</note><langSet xml:lang=\"en\"><tig><term>Acme</term></tig></langSet></termEntry>"),
            entry("<termEntry><langSet xml:lang=\"en\"><tig><term></term></tig><tig><term>Beta</term></tig></langSet></termEntry>"),
            "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\" type=\"TBX-Core\" xml:lang=\"en\"><text><body><conceptEntry id=\"c1\"><langSec xml:lang=\"en\"><termSec><term>Alpha</term></termSec></langSec></conceptEntry></body></text></tbx>".to_owned(),
            "<martif lang=\"de\"><text><body><termEntry><langSet xml:lang=\"de\"><tig><term>Haus</term></tig></langSet></termEntry></body></text></martif>".to_owned(),
        ];
        for text in &sound {
            assert!(same_either_way(text), "read whole: {text}");
        }
        // Read whole, where the whole-file reader has something to say or
        // resolve.
        let whole = [
            entry("<termEntry><langSet><tig><term>no language</term></tig></langSet></termEntry>"),
            entry("<termEntry><langSet xml:lang=\"en\"><tig><term>X</term><termNote type=\"administrativeStatus\">maybe</termNote></tig></langSet></termEntry>"),
            entry("<termEntry><termEntry><langSet xml:lang=\"en\"><tig><term>nested</term></tig></langSet></termEntry></termEntry>"),
            entry("<termEntry><langSet xml:lang=\"en\"><tig><term>open"),
            "<?xml version=\"1.0\"?><!DOCTYPE martif [<!ENTITY co \"Acme\">]><martif><text><body><termEntry><langSet xml:lang=\"en\"><tig><term>&co;</term></tig></langSet></termEntry></body></text></martif>".to_owned(),
            "<martif xmlns:x=\"urn:x\"><text><body><termEntry><x:langSet xml:lang=\"en\"><tig><term>A</term></tig></x:langSet></termEntry></body></text></martif>".to_owned(),
            "<glossary><termEntry/></glossary>".to_owned(),
            // An end tag in a comment cuts no entry short.
            entry("<termEntry><!-- </termEntry> --><langSet xml:lang=\"en\"><tig><term>A</term></tig></langSet></termEntry>"),
            entry("<termEntry><![CDATA[</termEntry>]]><langSet xml:lang=\"en\"><tig><term>A</term></tig></langSet></termEntry>"),
            "<martif><text><body><termEntry/></bdy></text></martif>".to_owned(),
            "\u{FEFF}<martif><text><body><termEntry/></body></text></martif>".to_owned(),
        ];
        for text in &whole {
            assert!(!same_either_way(text), "read by entry: {text}");
        }
        // Entries beyond one batch are read in parts and joined: a
        // language first met in a later part is numbered after the others.
        let many: String = (0..3000)
            .map(|i| {
                let (first, second) = if i < 1500 { ("en", "fr") } else { ("de", "EN") };
                format!(
                    "<termEntry id=\"c{i}\"><langSet xml:lang=\"{first}\"><tig><term>t{i}</term></tig></langSet><langSet xml:lang=\"{second}\"><tig><term>u{i}</term></tig><tig><term>v{i}</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>\n"
                )
            })
            .collect();
        assert!(many.len() > 4 << 16);
        assert!(same_either_way(&entry(&many)));
        let termbase = read_tbx(0, &entry(&many)).unwrap();
        assert_eq!(termbase.terms.len(), 6000);
        // With two languages, the other is a term's source: the terms of
        // entries read before the second language appears have it too.
        let late: String = (0..3000)
            .map(|i| {
                let second = if i < 2500 {
                    String::new()
                } else {
                    format!("<langSet xml:lang=\"fr\"><tig><term>u{i}</term></tig></langSet>")
                };
                format!(
                    "<termEntry><langSet xml:lang=\"en\"><tig><term>t{i}</term></tig></langSet>{second}</termEntry>\n"
                )
            })
            .collect();
        assert!(same_either_way(&entry(&late)));
        let termbase = read_tbx(0, &entry(&late)).unwrap();
        assert_eq!(
            termbase.terms[0].langs,
            Langs::new(Some("fr".into()), Some("en".into()))
        );
        // Languages that the text shows in another order than the entries
        // number them (a "do not translate" entry's languages are no
        // terms'): read whole.
        let kept_first = entry(
            "<termEntry><note>Do not translate</note><langSet xml:lang=\"de\"><tig><term>Acme</term></tig></langSet></termEntry><termEntry><langSet xml:lang=\"en\"><tig><term>A</term></tig></langSet></termEntry>",
        );
        assert!(!same_either_way(&kept_first));
        // A concept with only deprecated terms is reported as the whole
        // file's reader reports it.
        let deprecated_only = entry(
            "<termEntry><langSet xml:lang=\"en\"><tig><term>X</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>",
        );
        assert!(!same_either_way(&deprecated_only));
        assert!(read_tbx(0, &deprecated_only).is_err());
    }
}
