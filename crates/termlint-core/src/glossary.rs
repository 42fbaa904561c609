//! The TOML glossary: loading, validation with precise error locations, and
//! the bundled default.

use std::ops::Range;

use serde::{Deserialize, Serialize};
pub use thin_vec::ThinVec;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::matcher::{Hit, Matcher};

/// The bundled default glossary, compiled into the binary.
pub const DEFAULT_GLOSSARY_NAME: &str = "glossary/zh-en-news.toml";
pub const DEFAULT_GLOSSARY: &str = include_str!("../../../glossary/zh-en-news.toml");

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub name: Option<String>,
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The approved target rendering.
    pub canonical: String,
    /// Renderings to flag.
    pub variants: ThinVec<String>,
    /// Other renderings that are correct: never flagged, and enough for
    /// bitext/term (`BRI` for `Belt and Road`).
    // Thin vectors (one word when empty) for the lists most terms leave
    // empty: a 100,000-term glossary is held in memory whole.
    pub accept: ThinVec<String>,
    /// Longer phrases inside which a variant is correct (an institution's
    /// official name that contains it).
    pub except: ThinVec<String>,
    /// Source-language forms.
    pub source: ThinVec<String>,
    pub note: Option<Box<str>>,
    pub case_sensitive: bool,
    pub severity: Option<Severity>,
    /// The languages of the glossary file the term comes from: a term
    /// applies only to targets in its target language.
    pub langs: Langs,
    /// Self-tests (`examples = { flag = [...], pass = [...] }`): sentences
    /// in which the term must be reported, and sentences in which it must
    /// not; run by `termlint glossary test`.
    pub examples: Examples,
    /// The index of the glossary file the term comes from.
    pub origin: usize,
    /// Whether spelling variants of the canonical form were derived (and
    /// added to `variants`), so that a converted glossary can say so
    /// instead of listing them.
    pub derive: bool,
}

/// A term's self-tests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub flag: ThinVec<String>,
    #[serde(default)]
    pub pass: ThinVec<String>,
}

/// A glossary file's source and target languages, from its `[glossary]`
/// table. Every term holds its file's, so they are shared: one allocation
/// for each distinct pair, not two for each of 100,000 terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Langs(std::sync::Arc<LangPair>);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangPair {
    pub source: Option<Box<str>>,
    pub target: Option<Box<str>>,
}

impl Langs {
    /// The shared pair of these languages.
    pub fn new(source: Option<Box<str>>, target: Option<Box<str>>) -> Langs {
        Langs::shared(LangPair { source, target })
    }

    fn shared(pair: LangPair) -> Langs {
        // A handful of distinct pairs in any run: a list is enough.
        static PAIRS: std::sync::Mutex<Vec<std::sync::Arc<LangPair>>> =
            std::sync::Mutex::new(Vec::new());
        let mut pairs = PAIRS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(known) = pairs.iter().find(|known| ***known == pair) {
            return Langs(known.clone());
        }
        let pair = std::sync::Arc::new(pair);
        pairs.push(pair.clone());
        Langs(pair)
    }
}

impl Default for Langs {
    fn default() -> Langs {
        Langs::new(None, None)
    }
}

impl std::ops::Deref for Langs {
    type Target = LangPair;
    fn deref(&self) -> &LangPair {
        &self.0
    }
}

impl Serialize for Langs {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Langs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Langs, D::Error> {
        LangPair::deserialize(deserializer).map(Langs::shared)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forbidden {
    pub phrases: Vec<String>,
    pub message: Option<String>,
    pub replacement: Option<String>,
    pub note: Option<String>,
    pub case_sensitive: bool,
    pub severity: Option<Severity>,
    pub langs: Langs,
}

/// Names that must appear unchanged in the target (products, brands).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keep {
    pub names: Vec<String>,
    pub note: Option<String>,
    pub severity: Option<Severity>,
    pub langs: Langs,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    pub meta: Meta,
    #[serde(deserialize_with = "crate::exact_vec::deserialize")]
    pub terms: Vec<Term>,
    pub forbidden: Vec<Forbidden>,
    pub keep: Vec<Keep>,
    /// The distinct target languages of the entries, found on first need:
    /// every linted file asks, and a large glossary has many entries.
    #[serde(skip)]
    target_langs: std::sync::OnceLock<Vec<Option<Box<str>>>>,
}

impl Glossary {
    /// The distinct target languages of the glossary's entries, as its
    /// files give them (`None`: a file without `target_lang`), in order of
    /// first use. Read once the glossary is complete.
    pub fn target_langs(&self) -> &[Option<Box<str>>] {
        self.target_langs.get_or_init(|| {
            let mut langs: Vec<Option<Box<str>>> = Vec::new();
            let term_langs = self.terms.iter().map(|t| &t.langs);
            let other_langs = self
                .forbidden
                .iter()
                .map(|f| &f.langs)
                .chain(self.keep.iter().map(|k| &k.langs));
            for entry in term_langs.chain(other_langs) {
                if !langs.contains(&entry.target) {
                    langs.push(entry.target.clone());
                }
            }
            langs
        })
    }
}

// ---- raw TOML schema -------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    glossary: Option<RawMeta>,
    #[serde(default)]
    term: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    forbidden: Vec<Spanned<RawForbidden>>,
    #[serde(default)]
    keep: Vec<Spanned<RawKeep>>,
}

/// The size of the pieces a large TOML glossary is parsed in (one of at
/// least twice this size is cut; see [`piece_cuts`]).
const PIECE_BYTES: usize = 128 * 1024;

/// Where a glossary file's TOML is cut into pieces that are parsed one at
/// a time: `toml` holds a whole document as a tree before deserialising
/// it (for 100,000 terms, over 200 MB), and each piece's terms are added
/// as soon as it is read. A large file is cut [`PIECE_BYTES`] apart, before
/// `[[term]]`, `[[forbidden]]` and `[[keep]]` lines; a small one is one
/// piece. Also the number of `[[term]]` lines, to make room for them.
fn piece_cuts(text: &str) -> (Vec<usize>, usize) {
    let mut cuts = vec![0];
    let mut line_start = 0;
    let mut terms = 0;
    for line in text.split_inclusive('\n') {
        let header = line.trim_start_matches([' ', '\t']);
        let starts_entry = ["[[term]]", "[[forbidden]]", "[[keep]]"]
            .iter()
            .any(|h| header.starts_with(h));
        terms += usize::from(header.starts_with("[[term]]"));
        if text.len() >= 2 * PIECE_BYTES
            && starts_entry
            && line_start - cuts[cuts.len() - 1] >= PIECE_BYTES
        {
            cuts.push(line_start);
        }
        line_start += line.len();
    }
    cuts.push(text.len());
    (cuts, terms)
}

/// A piece's raw entries with their spans moved `by` bytes on, to the
/// file's.
fn shifted(raw: RawFile, by: usize) -> RawFile {
    if by == 0 {
        return raw;
    }
    let shift = |spanned: Spanned<String>| moved(spanned, by);
    let shift_all = |list: Vec<Spanned<String>>| list.into_iter().map(shift).collect();
    RawFile {
        glossary: raw.glossary,
        term: raw
            .term
            .into_iter()
            .map(|table| {
                moved(table, by).map(|term| RawTerm {
                    canonical: term.canonical.map(shift),
                    variants: shift_all(term.variants),
                    accept: shift_all(term.accept),
                    except: shift_all(term.except),
                    source: shift_all(term.source),
                    severity: term.severity.map(shift),
                    ..term
                })
            })
            .collect(),
        forbidden: raw
            .forbidden
            .into_iter()
            .map(|table| {
                moved(table, by).map(|rule| RawForbidden {
                    phrases: shift_all(rule.phrases),
                    replacement: rule.replacement.map(shift),
                    severity: rule.severity.map(shift),
                    ..rule
                })
            })
            .collect(),
        keep: raw
            .keep
            .into_iter()
            .map(|table| {
                moved(table, by).map(|keep| RawKeep {
                    names: shift_all(keep.names),
                    severity: keep.severity.map(shift),
                    ..keep
                })
            })
            .collect(),
    }
}

/// A spanned value whose span is `by` bytes further on.
fn moved<T>(spanned: Spanned<T>, by: usize) -> Spanned<T> {
    let span = spanned.span();
    Spanned::new(span.start + by..span.end + by, spanned.into_inner())
}

/// A spanned value with its value changed and its span kept.
trait MapSpanned<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U>;
}

impl<T> MapSpanned<T> for Spanned<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        let span = self.span();
        Spanned::new(span, f(self.into_inner()))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeep {
    #[serde(default)]
    names: Vec<Spanned<String>>,
    note: Option<String>,
    severity: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    name: Option<String>,
    description: Option<String>,
    source_lang: Option<String>,
    target_lang: Option<String>,
    /// Derive spelling variants for every term of the file.
    derive: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    canonical: Option<Spanned<String>>,
    #[serde(default)]
    variants: Vec<Spanned<String>>,
    #[serde(default)]
    accept: Vec<Spanned<String>>,
    #[serde(default)]
    except: Vec<Spanned<String>>,
    #[serde(default)]
    source: Vec<Spanned<String>>,
    note: Option<String>,
    #[serde(default)]
    case_sensitive: bool,
    severity: Option<Spanned<String>>,
    #[serde(default)]
    examples: Examples,
    /// Derive spelling variants of the canonical form (`COVID19`,
    /// `Covid-19`, full-width letters); the file's `derive` by default.
    derive: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForbidden {
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    message: Option<String>,
    replacement: Option<Spanned<String>>,
    note: Option<String>,
    #[serde(default)]
    case_sensitive: bool,
    severity: Option<Spanned<String>>,
}

// ---- errors ----------------------------------------------------------------

/// A problem in a glossary file, located by byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: usize,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub label: String,
    /// Another place that the problem involves: (file, span, message).
    pub related: Option<(usize, Range<usize>, String)>,
    /// `None` for an error that stops the run (bad syntax, a missing
    /// field, a fix that never settles); else the `glossary/...` rule of a
    /// contradiction or duplicate whose entry was skipped.
    pub rule: Option<&'static str>,
}

impl Problem {
    /// An error that stops the run.
    pub fn error(
        file: usize,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Problem {
        Problem {
            file,
            span,
            message: message.into(),
            label: label.into(),
            related: None,
            rule: None,
        }
    }
}

/// Every problem found while loading the glossaries, with the files' text so
/// they can be shown in context.
#[derive(Debug)]
pub struct LoadError {
    /// What was being loaded (`glossary`, `config`), shown as the code.
    pub kind: &'static str,
    pub files: Vec<(String, String)>,
    pub problems: Vec<Problem>,
}

impl LoadError {
    /// 1-based line and column (in characters) of a problem's start.
    pub fn line_col(&self, problem: &Problem) -> Option<(usize, usize)> {
        let text = &self.files[problem.file].1;
        let start = problem.span.as_ref()?.start;
        Some(crate::line_index::LineIndex::new(text).location(start))
    }
}

// ---- loading ---------------------------------------------------------------

impl Glossary {
    /// The bundled default glossary.
    pub fn bundled() -> Result<Glossary, LoadError> {
        Glossary::from_sources(vec![(
            DEFAULT_GLOSSARY_NAME.to_owned(),
            DEFAULT_GLOSSARY.to_owned(),
        )])
    }

    /// Parse and validate glossaries given as (name, TOML text) pairs.
    pub fn from_sources(files: Vec<(String, String)>) -> Result<Glossary, LoadError> {
        let builder = Builder::read(&files);
        if builder.problems.is_empty() {
            Ok(builder.glossary)
        } else {
            Err(LoadError {
                kind: "glossary",
                files,
                problems: builder.problems,
            })
        }
    }

    pub fn from_toml(text: &str) -> Result<Glossary, LoadError> {
        Glossary::from_sources(vec![("glossary.toml".into(), text.into())])
    }
}

/// A glossary with its matcher, built once and checked whole: besides
/// what [`Glossary::from_sources`] checks, no fix may write text that the
/// glossary would flag again.
pub struct Compiled {
    pub glossary: Glossary,
    pub matcher: Matcher,
    /// Contradictions and duplicates whose entries were skipped: reported
    /// as warnings, never a reason to refuse the glossary.
    pub warnings: Vec<Problem>,
}

impl Compiled {
    /// The bundled default glossary.
    pub fn bundled() -> Result<Compiled, LoadError> {
        Compiled::from_sources(vec![(
            DEFAULT_GLOSSARY_NAME.to_owned(),
            DEFAULT_GLOSSARY.to_owned(),
        )])
    }

    /// Parse, validate and compile glossaries given as (name, text)
    /// pairs. Only errors refuse the glossary; warnings travel with it.
    pub fn from_sources(files: Vec<(String, String)>) -> Result<Compiled, LoadError> {
        Compiled::from_files(&files).map_err(|problems| LoadError {
            kind: "glossary",
            files,
            problems,
        })
    }

    /// [`Compiled::from_sources`] for files the caller keeps, to show the
    /// warnings or errors in context.
    pub fn from_files(files: &[(String, String)]) -> Result<Compiled, Vec<Problem>> {
        let (compiled, problems) = Compiled::build(files);
        compiled.ok_or(problems)
    }

    /// Every problem of the glossaries, errors and warnings, in file and
    /// position order: what `termlint glossary check` reports.
    pub fn check(files: &[(String, String)]) -> Vec<Problem> {
        let (compiled, mut problems) = Compiled::build(files);
        if let Some(compiled) = compiled {
            problems = compiled.warnings;
        }
        problems.sort_by_key(|p| (p.file, p.span.as_ref().map(|s| s.start)));
        problems
    }

    /// The compiled glossary when nothing stops it, and the problems: the
    /// errors when something does, else none (the warnings are inside).
    fn build(files: &[(String, String)]) -> (Option<Compiled>, Vec<Problem>) {
        match Compiled::parse(files).and_then(Parsed::compile) {
            Ok(compiled) => (Some(compiled), Vec::new()),
            Err(problems) => (None, problems),
        }
    }

    /// The first half of [`Compiled::from_files`]: the files read and
    /// checked, or their errors and warnings. The result no longer needs
    /// the files' texts, so a caller may free them (and the memory reading
    /// them took) before [`Parsed::compile`] builds the matcher.
    pub fn parse(files: &[(String, String)]) -> Result<Parsed, Vec<Problem>> {
        let mut builder = Builder::read(files);
        if !builder.problems.is_empty() {
            return Err(builder.into_problems());
        }
        // Who claimed which phrase is settled: free it before the matcher
        // is built, or a large termbase holds both at once.
        builder.owners = Default::default();
        builder.sources = Default::default();
        Ok(Parsed(builder))
    }
}

/// Glossary files read and checked, not yet compiled
/// ([`Compiled::parse`]).
pub struct Parsed(Builder);

impl Parsed {
    /// Whether there are warnings, which are shown in the files' texts.
    pub fn has_warnings(&self) -> bool {
        !self.0.warnings.is_empty()
    }

    /// The compiled glossary, or the errors (with the warnings) of a
    /// replacement that the glossary would flag again.
    pub fn compile(self) -> Result<Compiled, Vec<Problem>> {
        let mut builder = self.0;
        let matcher = Matcher::new(&builder.glossary);
        builder.check_fixed_points(&matcher);
        if builder.problems.is_empty() {
            return Ok(Compiled {
                glossary: builder.glossary,
                matcher,
                warnings: builder.warnings,
            });
        }
        Err(builder.into_problems())
    }
}

static RELEASE_MEMORY: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Have `release` called where reading a glossary has just freed much of
/// the memory it used (a termbase read into terms; the files read, before
/// the matcher is built): a program whose allocator keeps freed memory for
/// a while can hand it back to the system there, so that the phases of
/// reading a large termbase do not add up in its peak.
pub fn set_memory_release(release: fn()) {
    let _ = RELEASE_MEMORY.set(release);
}

/// Call the function given to [`set_memory_release`], if any.
pub fn release_memory() {
    if let Some(release) = RELEASE_MEMORY.get() {
        release();
    }
}

static COMPACT_MEMORY: std::sync::OnceLock<fn(bool)> = std::sync::OnceLock::new();

/// Have `compact` called with `true` while glossary files are read and
/// compiled (and while an automaton or the word segmenter is built), and
/// with `false` after: a program can trade a little speed for a lower peak
/// there (small memory pages instead of huge ones: those phases' tables are
/// many and short-lived), and keep its speed elsewhere (reading a stored
/// glossary, scanning text).
pub fn set_memory_compaction(compact: fn(bool)) {
    let _ = COMPACT_MEMORY.set(compact);
}

/// How many callers want memory compaction now.
static COMPACTING: std::sync::Mutex<usize> = std::sync::Mutex::new(0);

/// Call the function given to [`set_memory_compaction`], if any, when the
/// first caller starts compaction (`true`) and when the last stops it
/// (`false`): compiling a glossary builds automata too, and threads build
/// them at once. Called through [`Compacting`] only, so that every start
/// has its stop.
fn compact_memory(on: bool) {
    let Some(compact) = COMPACT_MEMORY.get() else {
        return;
    };
    let mut callers = COMPACTING.lock().unwrap_or_else(|e| e.into_inner());
    match (on, *callers) {
        (true, 0) => compact(true),
        (false, 1) => compact(false),
        _ => {}
    }
    *callers = if on {
        *callers + 1
    } else {
        callers.saturating_sub(1)
    };
}

/// Memory compaction (see [`set_memory_compaction`]) on while this lives.
pub struct Compacting(());

impl Compacting {
    pub fn start() -> Compacting {
        compact_memory(true);
        Compacting(())
    }
}

impl Drop for Compacting {
    fn drop(&mut self) {
        compact_memory(false);
    }
}

/// A compiled glossary as stored: everything but the automata, which are
/// rebuilt on loading.
#[derive(Serialize, Deserialize)]
struct CompiledParts {
    glossary: Glossary,
    matcher: crate::matcher::MatcherParts,
    warnings: Vec<StoredProblem>,
}

const PIECE: usize = 1 << 16;

/// A postcard source that reads its input in 64 KiB pieces: as fast as
/// decoding from a slice (a byte is an index into the piece), without the
/// whole input in memory. postcard's own reader goes through `read_exact`
/// for every byte, which costs a third of the decoding time.
struct Chunked<R> {
    reader: R,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
}

impl<R: std::io::Read> Chunked<R> {
    fn new(reader: R) -> Self {
        Chunked {
            reader,
            buffer: vec![0; PIECE],
            start: 0,
            end: 0,
        }
    }

    /// Makes at least `wanted` unread bytes available, in one piece.
    fn fill(&mut self, wanted: usize) -> postcard::Result<()> {
        if self.end - self.start >= wanted {
            return Ok(());
        }
        self.buffer.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        // Room for one long text (the matcher's texts are one string) is
        // given back once it has been taken.
        let size = wanted.max(PIECE);
        if self.buffer.len() != size {
            self.buffer.resize(size, 0);
            self.buffer.shrink_to_fit();
        }
        while self.end < wanted {
            match self.reader.read(&mut self.buffer[self.end..]) {
                Ok(0) | Err(_) => return Err(postcard::Error::DeserializeUnexpectedEnd),
                Ok(n) => self.end += n,
            }
        }
        Ok(())
    }
}

impl<'de, R: std::io::Read + 'de> postcard::de_flavors::Flavor<'de> for Chunked<R> {
    type Remainder = ();
    type Source = ();

    #[inline]
    fn pop(&mut self) -> postcard::Result<u8> {
        if self.start == self.end {
            self.fill(1)?;
        }
        let byte = self.buffer[self.start];
        self.start += 1;
        Ok(byte)
    }

    /// Borrowed texts cannot outlive the piece they are in; the compiled
    /// glossary owns all its texts, so none is asked for.
    fn try_take_n(&mut self, _count: usize) -> postcard::Result<&'de [u8]> {
        Err(postcard::Error::DeserializeBadEncoding)
    }

    fn try_take_n_temp<'a>(&'a mut self, count: usize) -> postcard::Result<&'a [u8]>
    where
        'de: 'a,
    {
        self.fill(count)?;
        let taken = &self.buffer[self.start..self.start + count];
        self.start += count;
        Ok(taken)
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

/// A [`Problem`] as stored: its rule by name, read back as the registry's
/// own id.
#[derive(Serialize, Deserialize)]
struct StoredProblem {
    file: usize,
    span: Option<Range<usize>>,
    message: String,
    label: String,
    related: Option<(usize, Range<usize>, String)>,
    rule: Option<String>,
}

impl Compiled {
    /// The compiled glossary as bytes, for a cache ([`Compiled::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.write_to(&mut bytes).map_or(Vec::new(), |()| bytes)
    }

    /// [`Compiled::to_bytes`] written to `out` as they are made, so that a
    /// large termbase's compiled form (tens of MB) is never in memory next
    /// to the glossary it stores.
    pub fn write_to(&self, out: impl std::io::Write) -> std::io::Result<()> {
        Compiled::write_parts(&self.glossary, &self.matcher, &self.warnings, out)
    }

    /// [`Compiled::write_to`] for a compiled glossary taken apart (as
    /// settings hold it), so that it can be stored while it is used.
    pub fn write_parts(
        glossary: &Glossary,
        matcher: &Matcher,
        warnings: &[Problem],
        out: impl std::io::Write,
    ) -> std::io::Result<()> {
        // Borrowed, field for field as `CompiledParts`: storing a glossary
        // does not cost reading it back.
        #[derive(Serialize)]
        struct CompiledPartsRef<'a> {
            glossary: &'a Glossary,
            matcher: crate::matcher::MatcherPartsRef<'a>,
            warnings: Vec<StoredProblem>,
        }
        let parts = CompiledPartsRef {
            glossary,
            matcher: matcher.parts(),
            warnings: warnings
                .iter()
                .map(|p| StoredProblem {
                    file: p.file,
                    span: p.span.clone(),
                    message: p.message.clone(),
                    label: p.label.clone(),
                    related: p.related.clone(),
                    rule: p.rule.map(str::to_owned),
                })
                .collect(),
        };
        postcard::to_io(&parts, out)
            .map(|_| ())
            .map_err(std::io::Error::other)
    }

    /// A compiled glossary from [`Compiled::to_bytes`]; `None` for bytes
    /// that are not one. The caller checks that the bytes are the ones it
    /// stored (a checksum): these only have to decode.
    pub fn from_bytes(bytes: &[u8]) -> Option<Compiled> {
        Some(Compiled::from_parts(postcard::from_bytes(bytes).ok()?))
    }

    /// [`Compiled::from_bytes`] reading as it goes, so that the stored
    /// bytes are never all in memory next to what they decode to (a large
    /// termbase's compiled form is tens of megabytes).
    pub fn from_reader(reader: impl std::io::Read) -> Option<Compiled> {
        let mut deserializer = postcard::Deserializer::from_flavor(Chunked::new(reader));
        let parts = CompiledParts::deserialize(&mut deserializer).ok()?;
        Some(Compiled::from_parts(parts))
    }

    fn from_parts(parts: CompiledParts) -> Compiled {
        Compiled {
            glossary: parts.glossary,
            matcher: Matcher::from_parts(parts.matcher),
            warnings: parts
                .warnings
                .into_iter()
                .map(|p| Problem {
                    file: p.file,
                    span: p.span,
                    message: p.message,
                    label: p.label,
                    related: p.related,
                    rule: p
                        .rule
                        .and_then(|name| crate::rules::find(&name).map(|rule| rule.id)),
                })
                .collect(),
        }
    }
}

/// What of a term is added once every term's approved forms are: only
/// that is kept, and the rest of the raw term (a large termbase's raw
/// terms are as big as the glossary) is dropped as soon as it is read.
struct Pending {
    index: usize,
    variants: Vec<Spanned<String>>,
    except: Vec<Spanned<String>>,
    derive: Option<bool>,
}

impl RawTerm {
    /// How many phrases the term claims: its canonical, accepted and
    /// variant forms.
    fn claims(&self) -> usize {
        1 + self.accept.len() + self.variants.len()
    }
}

impl Pending {
    fn of(index: usize, raw: RawTerm) -> Pending {
        Pending {
            index,
            variants: raw.variants,
            except: raw.except,
            derive: raw.derive,
        }
    }
}

/// Who owns a (lower-cased) phrase, to catch the same text claimed twice.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    // Term and rule indices as `u32`: one claim per phrase of a termbase.
    Canonical(u32),
    Accepted(u32),
    Variant(u32),
    Forbidden(u32),
}

impl Owner {
    /// Whether the glossary approves the phrase (as opposed to flagging it).
    fn approves(self) -> bool {
        matches!(self, Owner::Canonical(_) | Owner::Accepted(_))
    }
}

/// Where a phrase was claimed, and by whom. A termbase has a million
/// claims, so a claim is small: positions as `u32`, and no text (the
/// owner's entry in the glossary has it).
#[derive(Clone)]
struct Claim {
    owner: Owner,
    file: u32,
    span: (u32, u32),
}

impl Claim {
    fn new(owner: Owner, file: usize, span: Range<usize>) -> Claim {
        Claim {
            owner,
            file: file as u32,
            span: (span.start as u32, span.end as u32),
        }
    }

    fn file(&self) -> usize {
        self.file as usize
    }

    fn span(&self) -> Range<usize> {
        self.span.0 as usize..self.span.1 as usize
    }
}

/// A text that a fix writes: a term's canonical form or a forbidden
/// rule's replacement (by index, not a copy: a termbase has 100,000).
#[derive(Clone, Copy)]
enum Written {
    Canonical(usize),
    Replacement(usize),
}

#[derive(Default)]
struct Builder {
    glossary: Glossary,
    /// Errors: the glossary cannot be used.
    problems: Vec<Problem>,
    /// Contradictions and duplicates, whose entries were skipped.
    warnings: Vec<Problem>,
    /// Claims by [`claim_key`]: a termbase has a million forms, and a
    /// string key of their own each would cost tens of MB.
    owners: rustc_hash::FxHashMap<ClaimKey, Claim>,
    /// Source forms by target language, to catch one claimed by two
    /// concepts: (term, file, span).
    sources: rustc_hash::FxHashMap<ClaimKey, (usize, usize, Range<usize>)>,
    /// The target language of the entries being added: a phrase is
    /// claimed within its language.
    claim_lang: Option<String>,
    /// The file's `derive` setting, for its terms that do not say.
    derive_default: bool,
    /// Whether a source form of two terms is reported (in our TOML) or
    /// silently kept for the first (in a termbase).
    report_shared_sources: bool,
    /// Every text a fix may write (canonical forms, forbidden
    /// replacements), with where it is defined.
    replacements: Vec<(usize, Range<usize>, Written)>,
    /// Files to read whole, not in pieces ([`Builder::add_file`]).
    read_whole: Vec<usize>,
}

/// How many of a termbase's terms are added between two calls to
/// [`release_memory`].
const RELEASE_EVERY: usize = 16 * 1024;

/// Adds a termbase's terms to a builder as they are read.
struct TermbaseSink<'a> {
    builder: &'a mut Builder,
    file: usize,
    /// Whether the head was added: after that, a problem means reading
    /// the termbase again.
    started: bool,
    /// How many terms were added.
    terms: usize,
    /// Where the termbase's warnings go among the builder's: before those
    /// of its terms.
    warnings_at: usize,
}

impl crate::termbase::TermSink for TermbaseSink<'_> {
    fn head(&mut self, head: crate::termbase::Head) {
        self.started = true;
        // What reading the termbase took, beyond what its terms need, is
        // free now.
        release_memory();
        let builder = &mut *self.builder;
        let meta = &mut builder.glossary.meta;
        meta.source_lang = meta.source_lang.take().or(head.source_lang);
        // A termbase's concepts may share terms (homonyms), and every
        // language direction is derived from them: a source form of two
        // concepts is the termbase's design, not a slip. It stays with
        // the first, unreported.
        builder.report_shared_sources = false;
        // Each term is claimed in its language and is a source form of
        // the others': tables grown by doubling would leave their old
        // copies behind (tens of MB for a large termbase).
        builder.owners.reserve(head.forms);
        self.warnings_at = builder.warnings.len();
    }

    fn tail(&mut self, tail: crate::termbase::Tail) {
        let (builder, file) = (&mut *self.builder, self.file);
        // The termbase's own warnings (and its names') come before those
        // its terms gave, as they do when it is read whole.
        let of_terms = builder.warnings.split_off(self.warnings_at);
        builder.warnings.extend(tail.warnings);
        for kept in tail.keep {
            let names = builder.names(file, &kept.names);
            builder.glossary.keep.push(Keep {
                names,
                note: kept.note,
                severity: None,
                langs: Langs::default(),
            });
        }
        builder.warnings.extend(of_terms);
    }

    fn term(&mut self, term: crate::termbase::TermSpec) {
        self.terms += 1;
        if self.terms.is_multiple_of(RELEASE_EVERY) {
            // The termbase's rows, dropped as their terms are added.
            release_memory();
        }
        let span = term.canonical.span();
        let raw = RawTerm {
            canonical: Some(term.canonical),
            variants: term.variants,
            accept: term.accept,
            except: Vec::new(),
            source: term.source,
            note: term.note,
            case_sensitive: term.case_sensitive,
            severity: None,
            examples: term.examples,
            derive: None,
        };
        let builder = &mut *self.builder;
        builder.add_terms(self.file, &term.langs, vec![Spanned::new(span, raw)]);
    }
}

/// A file's pieces did not read as the whole file: read it whole.
struct ReadWhole(usize);

impl Builder {
    /// The errors, then the warnings: what a glossary that cannot be used
    /// reports.
    fn into_problems(self) -> Vec<Problem> {
        let mut problems = self.problems;
        problems.extend(self.warnings);
        problems
    }

    fn problem(&mut self, file: usize, span: Range<usize>, message: String, label: &str) {
        self.problems
            .push(Problem::error(file, Some(span), message, label));
    }

    fn warn(
        &mut self,
        rule: &'static crate::rules::Rule,
        file: usize,
        span: Range<usize>,
        message: String,
        label: &str,
        related: Option<(usize, Range<usize>, String)>,
    ) {
        self.warnings.push(Problem {
            file,
            span: Some(span),
            message,
            label: label.into(),
            related,
            rule: Some(rule.id),
        });
    }

    /// A glossary file by its name: a TBX termbase, a spreadsheet termbase
    /// (`.csv`, `.tsv`) or our TOML.
    fn add_source(&mut self, file: usize, name: &str, text: &str) -> Result<(), ReadWhole> {
        use crate::termbase::{read_spreadsheet_into, read_tbx_into};
        let lower = name.to_ascii_lowercase();
        // A spreadsheet's delimiter; `None` for TBX.
        let delimiter = if lower.ends_with(".csv") {
            Some(b',')
        } else if lower.ends_with(".tsv") {
            Some(b'\t')
        } else if lower.ends_with(".tbx") {
            None
        } else {
            return self.add_file(file, text);
        };
        let mut sink = TermbaseSink {
            builder: self,
            file,
            started: false,
            terms: 0,
            warnings_at: 0,
        };
        if sink.builder.read_whole.contains(&file) {
            // Terms first, added only if the termbase has no problem.
            let termbase = match delimiter {
                None => crate::termbase::read_tbx(file, text),
                Some(delimiter) => crate::termbase::read_spreadsheet(file, text, delimiter),
            };
            match termbase {
                Err(problems) => sink.builder.problems.extend(problems),
                Ok(termbase) => termbase.send_to(&mut sink),
            }
            return Ok(());
        }
        // Each term added as it is made; a problem found after the head or
        // some terms were means reading the file again, checked before
        // anything is added.
        let read = match delimiter {
            None => read_tbx_into(file, text, &mut sink),
            Some(delimiter) => read_spreadsheet_into(file, text, delimiter, &mut sink),
        };
        match read {
            Ok(()) => Ok(()),
            Err(_) if sink.started => Err(ReadWhole(file)),
            Err(problems) => {
                self.problems.extend(problems);
                Ok(())
            }
        }
    }

    /// The glossary files read: in pieces where that reads as the whole
    /// file would, else whole (starting again without the pieces of the
    /// file that did not, so that nothing of them is kept).
    fn read(files: &[(String, String)]) -> Builder {
        let mut read_whole = Vec::new();
        loop {
            let mut builder = Builder {
                read_whole: read_whole.clone(),
                ..Builder::default()
            };
            let read = files
                .iter()
                .enumerate()
                .try_for_each(|(index, (name, text))| builder.add_source(index, name, text));
            match read {
                Ok(()) => return builder,
                Err(ReadWhole(file)) => read_whole.push(file),
            }
        }
    }

    /// A TOML glossary file, a piece at a time ([`piece_cuts`]). Pieces
    /// that do not read as the whole file would (an error, a `[glossary]`
    /// table after the first piece) give up: the file is read again whole
    /// (see [`Builder::read`]), and what that says is what is reported.
    fn add_file(&mut self, file: usize, text: &str) -> Result<(), ReadWhole> {
        self.report_shared_sources = true;
        let (mut cuts, terms) = piece_cuts(text);
        if self.read_whole.contains(&file) {
            cuts = vec![0, text.len()];
        }
        let in_pieces = cuts.len() > 2;
        self.glossary.terms.reserve(terms);
        let mut langs = Langs::default();
        let mut pending = Vec::with_capacity(terms);
        let (mut keep, mut forbidden) = (Vec::new(), Vec::new());
        let parse = |piece: &[usize]| {
            toml::from_str::<RawFile>(&text[piece[0]..piece[1]]).map(|raw| shifted(raw, piece[0]))
        };
        // The pieces are parsed on every core while the terms of those
        // before are added (parsing is nearly half of reading a large
        // file), and memory holds a few parsed pieces at a time.
        let pieces: Vec<&[usize]> = cuts.windows(2).collect();
        let mut read = Ok(true);
        let mut first = true;
        crate::in_order::read_in_order(
            &pieces,
            |piece| parse(piece),
            |next| {
                let raw: RawFile = match next {
                    Ok(raw) => raw,
                    Err(_) if in_pieces => {
                        read = Err(ReadWhole(file));
                        return false;
                    }
                    Err(err) => {
                        self.problems.push(Problem::error(
                            file,
                            err.span(),
                            err.message().trim_end(),
                            "here",
                        ));
                        // Nothing of the file is used.
                        read = Ok(false);
                        return false;
                    }
                };
                if !first {
                    if raw.glossary.is_some() {
                        read = Err(ReadWhole(file));
                        return false;
                    }
                } else {
                    first = false;
                    self.derive_default = raw
                        .glossary
                        .as_ref()
                        .and_then(|m| m.derive)
                        .unwrap_or(false);
                    if let Some(meta) = raw.glossary {
                        // `description` is for readers of the file only.
                        let _ = meta.description;
                        langs = Langs::new(
                            meta.source_lang.as_deref().map(Into::into),
                            meta.target_lang.as_deref().map(Into::into),
                        );
                        let m = &mut self.glossary.meta;
                        m.name = m.name.take().or(meta.name);
                        m.source_lang = m.source_lang.take().or(meta.source_lang);
                        m.target_lang = m.target_lang.take().or(meta.target_lang);
                    }
                    if in_pieces {
                        // Room for the file's claims, guessed from the first
                        // piece's: a table that grows by doubling leaves its
                        // old copies behind (tens of MB for a large termbase).
                        let claims: usize = raw.term.iter().map(|t| t.get_ref().claims()).sum();
                        let per_term = claims as f64 / raw.term.len().max(1) as f64;
                        self.owners
                            .reserve((per_term * terms as f64).ceil() as usize);
                    }
                }
                self.add_approved_terms(file, &langs, raw.term, &mut pending);
                keep.extend(raw.keep);
                forbidden.extend(raw.forbidden);
                true
            },
        );
        if !read? {
            return Ok(());
        }
        self.add_pending(file, pending);
        self.add_keep(file, keep, &langs);
        self.claim_lang = langs.target.as_deref().map(str::to_owned);
        for spanned in forbidden {
            let table_span = spanned.span();
            let mut raw_rule = spanned.into_inner();
            if raw_rule.phrases.is_empty() {
                self.problem(
                    file,
                    table_span,
                    "forbidden rule has no `phrases`".into(),
                    "this [[forbidden]] needs `phrases = [\"...\"]`",
                );
                continue;
            }
            let index = self.glossary.forbidden.len();
            let severity = self.severity(file, raw_rule.severity.as_ref());
            self.glossary.forbidden.push(Forbidden {
                phrases: Vec::new(),
                message: raw_rule.message,
                replacement: raw_rule.replacement.as_ref().map(|r| r.get_ref().clone()),
                note: raw_rule.note,
                case_sensitive: raw_rule.case_sensitive,
                severity,
                langs: langs.clone(),
            });
            let phrases = self.claimed(
                file,
                std::mem::take(&mut raw_rule.phrases),
                "forbidden phrase",
                Owner::Forbidden(index as u32),
            );
            self.glossary.forbidden[index].phrases = phrases;
            if let Some(replacement) = &raw_rule.replacement {
                self.replacements
                    .push((file, replacement.span(), Written::Replacement(index)));
            }
        }
        Ok(())
    }

    /// The `[[term]]` entries of a file (or the concepts of a termbase),
    /// checked and added.
    fn add_terms(&mut self, file: usize, langs: &Langs, terms: Vec<Spanned<RawTerm>>) {
        let mut pending = Vec::with_capacity(terms.len());
        self.add_approved_terms(file, langs, terms, &mut pending);
        self.add_pending(file, pending);
    }

    /// The first half of adding terms: each term with its approved forms
    /// (canonical, accepted, source), and in `pending` what is added once
    /// every term's are ([`Builder::add_pending`]): approved forms first,
    /// so that a variant of an earlier term that equals a later canonical
    /// or accepted form is still caught.
    fn add_approved_terms(
        &mut self,
        file: usize,
        langs: &Langs,
        terms: Vec<Spanned<RawTerm>>,
        pending: &mut Vec<Pending>,
    ) {
        // A termbase sends its terms one at a time: no new string each.
        if self.claim_lang.as_deref() != langs.target.as_deref() {
            self.claim_lang = langs.target.as_deref().map(str::to_owned);
        }
        for spanned in terms {
            let table_span = spanned.span();
            let mut raw_term = spanned.into_inner();
            let Some(canonical) = raw_term.canonical.take() else {
                self.problem(
                    file,
                    table_span,
                    "term has no `canonical` rendering".into(),
                    "this [[term]] needs `canonical = \"...\"`",
                );
                continue;
            };
            let Some(canonical) = self.form_owned(file, canonical, "canonical") else {
                continue;
            };
            let key = claim_key(self.claim_lang.as_deref(), canonical.get_ref());
            if let Some(index) = self.duplicate_concept(file, &canonical, key, &raw_term) {
                // The same concept again: its forms join the first.
                self.add_approved_forms(file, index, &mut raw_term);
                pending.push(Pending::of(index, raw_term));
                continue;
            }
            let index = self.glossary.terms.len();
            let severity = self.severity(file, raw_term.severity.as_ref());
            self.glossary.terms.push(Term {
                canonical: canonical.get_ref().clone(),
                variants: ThinVec::new(),
                accept: ThinVec::new(),
                except: ThinVec::new(),
                source: ThinVec::new(),
                note: raw_term.note.as_deref().map(Into::into),
                case_sensitive: raw_term.case_sensitive,
                severity,
                langs: langs.clone(),
                examples: std::mem::take(&mut raw_term.examples),
                origin: file,
                derive: false,
            });
            self.claim(file, &canonical, Owner::Canonical(index as u32));
            self.replacements
                .push((file, canonical.span(), Written::Canonical(index)));
            // Accepted and source forms now: a later canonical form may
            // equal an accepted one, and a later duplicate of this term
            // compares its source forms with these.
            self.add_approved_forms(file, index, &mut raw_term);
            pending.push(Pending::of(index, raw_term));
        }
    }

    /// The second half of adding terms: their variants and exceptions.
    fn add_pending(&mut self, file: usize, pending: Vec<Pending>) {
        for raw_term in pending {
            let index = raw_term.index;
            let variants = self.claimed(
                file,
                raw_term.variants,
                "variant",
                Owner::Variant(index as u32),
            );
            self.glossary.terms[index].variants.extend(variants);
            for exception in &raw_term.except {
                if let Some(exception) = self.form(file, exception, "exception") {
                    self.glossary.terms[index]
                        .except
                        .push(exception.into_inner());
                }
            }
            if raw_term.derive.unwrap_or(self.derive_default) {
                self.glossary.terms[index].derive = true;
                self.add_derived_variants(index);
            }
        }
    }

    /// A term whose canonical form an earlier term already approves: the
    /// earlier term's index, so that the forms of both become one term.
    /// That is reported, unless both canonical forms name source forms and
    /// share none:
    /// two source terms with one approved translation are common in real
    /// termbases (`sign in` and `log on`, both 登录).
    fn duplicate_concept(
        &mut self,
        file: usize,
        canonical: &Spanned<String>,
        key: ClaimKey,
        raw_term: &RawTerm,
    ) -> Option<usize> {
        let prior = self.owners.get(&key)?.clone();
        let (Owner::Canonical(index) | Owner::Accepted(index)) = prior.owner else {
            return None;
        };
        let index = index as usize;
        let earlier = &self.glossary.terms[index];
        let lower: Vec<String> = earlier.source.iter().map(|s| s.to_lowercase()).collect();
        let distinct_sources = matches!(prior.owner, Owner::Canonical(_))
            && !raw_term.source.is_empty()
            && !earlier.source.is_empty()
            && raw_term
                .source
                .iter()
                .all(|s| !lower.contains(&s.get_ref().trim().to_lowercase()));
        if !distinct_sources {
            let message = match prior.owner {
                Owner::Canonical(_) => format!(
                    "term `{}` is defined twice; the two are merged into the first",
                    canonical.get_ref()
                ),
                _ => format!(
                    "`{}` is already an accepted form of `{}`; the two terms are merged into that one",
                    canonical.get_ref(),
                    self.glossary.terms[index].canonical
                ),
            };
            self.warn(
                &crate::rules::glossary::DUPLICATE_CONCEPT,
                file,
                canonical.span(),
                message,
                "defined again here",
                Some((prior.file(), prior.span(), "first defined here".into())),
            );
        }
        Some(index)
    }

    /// The strings of a list that are usable ([`Builder::form`]) and that
    /// `owner` may claim ([`Builder::claim`]), in order.
    fn claimed(
        &mut self,
        file: usize,
        values: Vec<Spanned<String>>,
        what: &str,
        owner: Owner,
    ) -> Vec<String> {
        let mut kept = Vec::new();
        for value in values {
            if let Some(value) = self.form_owned(file, value, what)
                && self.claim(file, &value, owner)
            {
                kept.push(value.into_inner());
            }
        }
        kept
    }

    /// A term's accepted and source forms, claimed with its canonical form
    /// so that all approved forms come before any flagged one.
    fn add_approved_forms(&mut self, file: usize, index: usize, raw_term: &mut RawTerm) {
        let accepted = self.claimed(
            file,
            std::mem::take(&mut raw_term.accept),
            "accepted rendering",
            Owner::Accepted(index as u32),
        );
        self.glossary.terms[index].accept.extend(accepted);
        for source in std::mem::take(&mut raw_term.source) {
            if let Some(source) = self.form_owned(file, source, "source form") {
                self.add_source_form(file, index, source);
            }
        }
    }

    /// A source form of a term, unless another term of the same target
    /// language already has it.
    fn add_source_form(&mut self, file: usize, index: usize, source: Spanned<String>) {
        let key = claim_key(self.claim_lang.as_deref(), source.get_ref());
        match self.sources.get(&key).cloned() {
            Some((owner, ..)) if owner == index => {}
            Some(_) if !self.report_shared_sources => {}
            Some((owner, prior_file, prior_span)) => {
                let message = format!(
                    "source form `{}` belongs to two terms, `{}` and `{}`; kept for the first",
                    source.get_ref(),
                    self.glossary.terms[owner].canonical,
                    self.glossary.terms[index].canonical,
                );
                self.warn(
                    &crate::rules::glossary::SHARED_SOURCE,
                    file,
                    source.span(),
                    message,
                    "listed again here",
                    Some((prior_file, prior_span, "first listed here".into())),
                );
            }
            None => {
                self.sources.insert(key, (index, file, source.span()));
                self.glossary.terms[index].source.push(source.into_inner());
            }
        }
    }

    /// Spelling variants of a term's canonical form that nobody should have
    /// to list: case, a hyphen, space or nothing between parts, full-width
    /// letters and digits, and straight or curly apostrophes. Never the
    /// canonical itself, an accepted form, or a phrase another entry owns.
    fn add_derived_variants(&mut self, index: usize) {
        let term = &self.glossary.terms[index];
        let canonical = term.canonical.clone();
        let mut correct: Vec<String> = term.accept.to_vec();
        correct.push(canonical.clone());
        let mut derived: Vec<String> = Vec::new();
        for form in derive_spellings(&canonical) {
            let taken =
                correct.contains(&form) || term.variants.contains(&form) || derived.contains(&form);
            let key = claim_key(term.langs.target.as_deref(), &form);
            // A case-only variant shares its key with the canonical: that
            // one is the point (`Covid-19` for `COVID-19`).
            let owned_elsewhere = self.owners.get(&key).is_some_and(|claim| {
                !matches!(claim.owner, Owner::Canonical(i) | Owner::Variant(i) if i as usize == index)
            });
            if !taken && !owned_elsewhere {
                derived.push(form);
            }
        }
        self.glossary.terms[index].variants.extend(derived);
    }

    fn add_keep(&mut self, file: usize, raw: Vec<Spanned<RawKeep>>, langs: &Langs) {
        for spanned in raw {
            let table_span = spanned.span();
            let raw_keep = spanned.into_inner();
            if raw_keep.names.is_empty() {
                self.problem(
                    file,
                    table_span,
                    "keep entry has no `names`".into(),
                    "this [[keep]] needs `names = [\"...\"]`",
                );
                continue;
            }
            let names = self.names(file, &raw_keep.names);
            let severity = self.severity(file, raw_keep.severity.as_ref());
            self.glossary.keep.push(Keep {
                names,
                note: raw_keep.note,
                severity,
                langs: langs.clone(),
            });
        }
    }

    fn severity(&mut self, file: usize, raw: Option<&Spanned<String>>) -> Option<Severity> {
        let raw = raw?;
        match raw.get_ref().parse() {
            Ok(severity) => Some(severity),
            Err(message) => {
                self.problem(file, raw.span(), message, "not a severity");
                None
            }
        }
    }

    /// A string of the glossary as it should be used: `None` (reported)
    /// when it is empty, trimmed (reported) when spaces pad it. Padding
    /// would make the phrase match only with those spaces around it.
    /// The usable names of a keep entry ([`Builder::form`]).
    fn names(&mut self, file: usize, names: &[Spanned<String>]) -> Vec<String> {
        names
            .iter()
            .filter_map(|n| self.form(file, n, "name"))
            .map(Spanned::into_inner)
            .collect()
    }

    fn form(
        &mut self,
        file: usize,
        value: &Spanned<String>,
        what: &str,
    ) -> Option<Spanned<String>> {
        self.form_owned(file, value.clone(), what)
    }

    /// [`Builder::form`] of a string the caller gives up: kept as it is
    /// unless it needs trimming (no copy: a termbase has a million).
    fn form_owned(
        &mut self,
        file: usize,
        value: Spanned<String>,
        what: &str,
    ) -> Option<Spanned<String>> {
        let text = value.get_ref();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            self.warn(
                &crate::rules::glossary::EMPTY_FORM,
                file,
                value.span(),
                format!("empty {what}; skipped"),
                "an empty string can never match",
                None,
            );
            return None;
        }
        if trimmed.len() != text.len() {
            self.warn(
                &crate::rules::glossary::EMPTY_FORM,
                file,
                value.span(),
                format!("{what} `{trimmed}` is padded with whitespace; used without it"),
                "leading or trailing whitespace",
                None,
            );
            return Some(Spanned::new(value.span(), trimmed.to_owned()));
        }
        Some(value)
    }

    /// Reject a replacement that the glossary would flag again: a fix that
    /// writes it would need fixing itself, and `--fix` would never settle
    /// (or two entries would undo each other). The real matcher decides,
    /// so a variant inside a longer canonical form is not a cycle.
    fn check_fixed_points(&mut self, matcher: &Matcher) {
        let replacements = std::mem::take(&mut self.replacements);
        if !matcher.flags_anything() {
            // Only approved forms (a dictionary): nothing can be flagged,
            // and scanning every canonical form would build the automata.
            return;
        }
        let glossary = &self.glossary;
        let written_text = |written: Written| match written {
            Written::Canonical(term) => Some(glossary.terms[term].canonical.as_str()),
            Written::Replacement(rule) => glossary.forbidden[rule].replacement.as_deref(),
        };
        // Each text scanned on its own (a 100,000-term glossary's canonical
        // forms take a tenth of its cold start), spread over the cores; the
        // problems in the glossary's order.
        use rayon::prelude::*;
        let flagged: Vec<Option<Range<usize>>> = replacements
            .par_iter()
            .map_init(Vec::new, |hits, &(_, _, written)| {
                let text = written_text(written)?;
                hits.clear();
                matcher.find_all(text, hits);
                hits.iter()
                    .find(|h| !matches!(h.hit, Hit::Canonical { .. } | Hit::Accepted { .. }))
                    .map(|hit| hit.span.clone())
            })
            .collect();
        for (&(file, ref span, written), flagged) in replacements.iter().zip(flagged) {
            let (Some(text), Some(flagged)) = (written_text(written), flagged) else {
                continue;
            };
            let flagged = &text[flagged];
            self.problems.push(Problem {
                ..Problem::error(
                    file,
                    Some(span.clone()),
                    format!(
                        "`{text}` contains `{flagged}`, which this glossary flags, so a fix writing it would never settle"
                    ),
                    "a fix writes this",
                )
            });
        }
    }

    fn describe(&self, owner: Owner) -> String {
        match owner {
            Owner::Canonical(i) => format!(
                "the canonical form of `{}`",
                self.glossary.terms[i as usize].canonical
            ),
            Owner::Accepted(i) => {
                format!(
                    "an accepted form of `{}`",
                    self.glossary.terms[i as usize].canonical
                )
            }
            Owner::Variant(i) => format!(
                "a variant of `{}`",
                self.glossary.terms[i as usize].canonical
            ),
            Owner::Forbidden(_) => "a forbidden phrase".to_owned(),
        }
    }

    /// Record who owns a phrase. When somebody already does, report it and
    /// say whether the new entry is kept: of a phrase both approved and
    /// flagged, the approval wins (the flagged entry is dropped wherever
    /// it is); of anything else claimed twice, the first entry wins.
    fn claim(&mut self, file: usize, value: &Spanned<String>, owner: Owner) -> bool {
        use crate::rules::glossary::{CONTRADICTION, DUPLICATE_FORM};
        let text = value.get_ref();
        // A phrase is claimed within one target language: a termbase may
        // spell a term the same way in two languages.
        let key = claim_key(self.claim_lang.as_deref(), text);
        let Some(prior) = self.owners.get(&key).cloned() else {
            self.owners
                .insert(key, Claim::new(owner, file, value.span()));
            return true;
        };
        let related = |message: &str| Some((prior.file(), prior.span(), message.to_owned()));
        match (prior.owner, owner) {
            // A variant may differ from its own canonical only in case
            // (`Covid-19` for `COVID-19`).
            (Owner::Canonical(a), Owner::Variant(b))
                if a == b && self.glossary.terms[a as usize].canonical != **text =>
            {
                true
            }
            (Owner::Canonical(a) | Owner::Accepted(a), Owner::Variant(b)) if a == b => {
                let message = format!(
                    "variant `{text}` is also {}; skipped",
                    self.describe(prior.owner)
                );
                self.warn(
                    &CONTRADICTION,
                    file,
                    value.span(),
                    message,
                    "listed as a variant here",
                    related("approved here"),
                );
                false
            }
            (prior_owner, new) if prior_owner.approves() && !new.approves() => {
                let message = format!(
                    "`{text}` is {}, so it cannot also be flagged; skipped",
                    self.describe(prior_owner)
                );
                self.warn(
                    &CONTRADICTION,
                    file,
                    value.span(),
                    message,
                    "flagged here",
                    related("approved here"),
                );
                false
            }
            (prior_owner, new) if !prior_owner.approves() && new.approves() => {
                let message = format!(
                    "`{text}` is approved here but is {} listed earlier; that entry is skipped",
                    self.describe(prior_owner)
                );
                self.warn(
                    &CONTRADICTION,
                    file,
                    value.span(),
                    message,
                    "approved here",
                    related("flagged here"),
                );
                self.unflag(prior_owner, key);
                self.owners
                    .insert(key, Claim::new(owner, file, value.span()));
                true
            }
            (prior_owner, _) => {
                let message = format!(
                    "`{text}` is already {}; skipped",
                    self.describe(prior_owner)
                );
                self.warn(
                    &DUPLICATE_FORM,
                    file,
                    value.span(),
                    message,
                    "listed again here",
                    related("first listed here"),
                );
                false
            }
        }
    }

    /// Drop a flagged phrase from the entry that lists it.
    fn unflag(&mut self, owner: Owner, key: ClaimKey) {
        let lang = self.claim_lang.clone();
        let same = |phrase: &String| claim_key(lang.as_deref(), phrase) == key;
        match owner {
            Owner::Variant(i) => self.glossary.terms[i as usize]
                .variants
                .retain(|v| !same(v)),
            Owner::Forbidden(i) => self.glossary.forbidden[i as usize]
                .phrases
                .retain(|p| !same(p)),
            Owner::Canonical(_) | Owner::Accepted(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_problem(text: &str) -> (String, (usize, usize)) {
        let err = Glossary::from_toml(text).expect_err("glossary should be rejected");
        let problem = &err.problems[0];
        (problem.message.clone(), err.line_col(problem).unwrap())
    }

    /// A reader that hands out at most one byte per call, so that every
    /// piece boundary falls everywhere.
    struct Trickle<'a>(&'a [u8]);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some((&first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn claim_keys_fold_case_as_to_lowercase_does() {
        for c in (0x3040..=0x30FF)
            .chain(0x3400..=0x4DBF)
            .chain(0x4E00..=0x9FFF)
            .chain(0xAC00..=0xD7A3)
            .chain(0x20000..=0x3FFFF)
            .filter_map(char::from_u32)
        {
            assert!(is_caseless_cjk(c));
            assert!(c.to_lowercase().eq([c]), "{c}");
        }
        for text in [
            "Maritime Silk Road",
            "ÜRÜMQI",
            "Ürümqi 乌鲁木齐",
            "ΟΔΥΣΣΕΥΣ",
            "İstanbul",
            "ＣＯＶＩＤ",
            "新冠肺炎",
            "ǅemal",
        ] {
            let lower = text.to_lowercase();
            assert_eq!(
                claim_key(Some("en"), text),
                claim_key(Some("en"), &lower),
                "{text}"
            );
            assert_ne!(claim_key(Some("en"), text), claim_key(Some("zh"), text));
        }
        assert_ne!(claim_key(None, "ab"), claim_key(None, "ba"));
    }

    #[test]
    fn a_compiled_glossary_reads_back_in_pieces_as_it_does_whole() {
        // A note longer than one 64 KiB piece, and the bundled glossary.
        let long = format!(
            "[[term]]\ncanonical = \"Quanzhou\"\nvariants = [\"Chuanchou\"]\nnote = \"{}\"\n",
            "x".repeat(100_000)
        );
        for text in [DEFAULT_GLOSSARY, long.as_str()] {
            let compiled = || Compiled::from_files(&[("g.toml".into(), text.into())]).unwrap();
            let kept = compiled();
            let bytes = kept.to_bytes();
            let whole = Compiled::from_bytes(&bytes).unwrap();
            // The glossary that was stored and the one read back are one.
            assert_eq!(kept.glossary, whole.glossary);
            assert_eq!(whole.to_bytes(), bytes);
            let chinese = "泉州是海上丝绸之路的起点，海丝申遗成功。";
            assert_eq!(
                kept.matcher.source.find_all(chinese),
                whole.matcher.source.find_all(chinese)
            );
            for read in [
                kept,
                Compiled::from_reader(&bytes[..]).unwrap(),
                Compiled::from_reader(Trickle(&bytes)).unwrap(),
            ] {
                assert_eq!(read.glossary, whole.glossary);
                let sentence = "Chuanchou, the Maritime Silk Road and Hai Silk.";
                let (mut a, mut b) = (Vec::new(), Vec::new());
                read.matcher.find_all(sentence, &mut a);
                whole.matcher.find_all(sentence, &mut b);
                assert_eq!(a, b);
            }
            // Cut short: no glossary, not a wrong one.
            assert!(Compiled::from_reader(&bytes[..bytes.len() / 2]).is_none());
        }
    }

    /// Every span and spanned text of a parsed glossary file, in order.
    fn spans(raw: &RawFile) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        let mut add = |s: &Spanned<String>| out.push((s.span(), s.get_ref().clone()));
        let mut tables = Vec::new();
        for term in &raw.term {
            tables.push(term.span());
            let t = term.get_ref();
            t.canonical.iter().for_each(&mut add);
            for list in [&t.variants, &t.accept, &t.except, &t.source] {
                list.iter().for_each(&mut add);
            }
            t.severity.iter().for_each(&mut add);
        }
        for rule in &raw.forbidden {
            tables.push(rule.span());
            let r = rule.get_ref();
            r.phrases.iter().for_each(&mut add);
            r.replacement.iter().chain(&r.severity).for_each(&mut add);
        }
        for keep in &raw.keep {
            tables.push(keep.span());
            let k = keep.get_ref();
            k.names.iter().chain(&k.severity).for_each(&mut add);
        }
        out.extend(tables.into_iter().map(|span| (span, String::new())));
        out
    }

    #[test]
    fn a_large_glossary_parsed_in_pieces_reads_as_parsed_whole() {
        let mut text = String::from(
            "# A large glossary.\n[glossary]\nname = \"big\"\ntarget_lang = \"en\"\n\n",
        );
        for i in 0..6000 {
            text.push_str(&format!(
                "[[term]]\ncanonical = \"Term {i}\"\nvariants = [\"Trem {i}\", 'Tirm {i}']\n\
                 accept = [\"T{i}\"]\nexcept = [\"The Trem {i} Cup\"]\nsource = [\"术语{i}\"]\n\
                 severity = \"error\"\nnote = \"\"\"A note\nover lines.\"\"\"\n\
                 examples = {{ flag = [\"a Trem {i}\"], pass = [\"a Term {i}\"] }}\n\n"
            ));
            if i % 1000 == 0 {
                text.push_str(&format!(
                    "  [[forbidden]]\nphrases = [\"bad {i}\"]\nreplacement = \"good {i}\"\n\n\
                     [[keep]]\nnames = [\"Name{i}\"]\nseverity = \"info\"\n\n"
                ));
            }
        }
        // Terms of a later piece that meet earlier ones: warnings whose
        // spans point into two pieces.
        text.push_str(
            "[[term]]\ncanonical = \"Term 10\"\nvariants = [\"Term 20\"]\n\n\
             [[term]]\ncanonical = \"Trem 30\"\n",
        );
        assert!(text.len() > 4 * PIECE_BYTES);
        let whole: RawFile = toml::from_str(&text).unwrap();
        let (cuts, terms) = piece_cuts(&text);
        assert!(cuts.len() > 4, "{cuts:?}");
        assert_eq!(terms, 6002);
        let mut pieces = RawFile {
            glossary: None,
            term: Vec::new(),
            forbidden: Vec::new(),
            keep: Vec::new(),
        };
        for piece in cuts.windows(2) {
            let raw = shifted(toml::from_str(&text[piece[0]..piece[1]]).unwrap(), piece[0]);
            pieces.glossary = pieces.glossary.or(raw.glossary);
            pieces.term.extend(raw.term);
            pieces.forbidden.extend(raw.forbidden);
            pieces.keep.extend(raw.keep);
        }
        assert_eq!(spans(&pieces), spans(&whole));
        assert_eq!(pieces.glossary.unwrap().name, whole.glossary.unwrap().name);

        // Built a piece at a time, the glossary and its problems are those
        // of the whole file; so for an error, or a `[glossary]` table in a
        // later piece, which are read whole.
        let late_meta = format!("{text}[glossary]\nname = \"again\"\n");
        let bad = text.replacen("canonical = \"Term 5000\"", "canonical = \"Term 5000", 1);
        for (other, whole_read) in [(text, false), (late_meta, true), (bad, true)] {
            let files = [("big.toml".to_owned(), other)];
            let in_pieces = Builder::read(&files);
            assert_eq!(in_pieces.read_whole.is_empty(), !whole_read);
            let whole = read_first_whole(&files);
            assert_same_build(&in_pieces, &whole);
            assert!(!whole.warnings.is_empty() || !whole.problems.is_empty());
        }
    }

    /// A builder that has read the first of `files` whole: a TOML file
    /// not in pieces, a termbase checked before any term is added.
    fn read_first_whole(files: &[(String, String)]) -> Builder {
        let mut builder = Builder {
            read_whole: vec![0],
            ..Builder::default()
        };
        assert!(builder.add_source(0, &files[0].0, &files[0].1).is_ok());
        builder
    }

    fn assert_same_build(a: &Builder, b: &Builder) {
        assert_eq!(a.glossary, b.glossary);
        assert_eq!(a.problems, b.problems);
        assert_eq!(a.warnings, b.warnings);
    }

    #[test]
    fn a_termbase_added_as_it_is_read_is_the_one_read_first() {
        let good: String = (0..50)
            .map(|i| format!("术语{i},Term {i},preferred\n术语{i},Trem {i},deprecated\n"))
            .collect();
        let header = "zh,en,status\n";
        let texts = [
            format!("{header}{good}"),
            // Problems only known once every row is read.
            format!("{header}{good}孤,Lone,deprecated\n"),
            format!("{header}{good}术语3,Term 3,preferred\n"),
            // A problem before any term is made, after the head is sent.
            format!("{header}孤,Lone,deprecated\n"),
        ];
        for (k, text) in texts.into_iter().enumerate() {
            let files = [("terms.csv".to_owned(), text)];
            let streamed = Builder::read(&files);
            assert_eq!(streamed.read_whole.is_empty(), k != 1 && k != 3);
            let first = read_first_whole(&files);
            assert_same_build(&streamed, &first);
            assert_eq!(
                streamed.glossary.terms.is_empty(),
                !first.problems.is_empty()
            );
        }
    }

    #[test]
    fn bundled_glossary_is_valid_and_substantial() {
        let glossary = Glossary::bundled().unwrap_or_else(|e| panic!("{:?}", e.problems));
        assert!(glossary.terms.len() >= 60, "{} terms", glossary.terms.len());
        assert!(glossary.terms.iter().all(|t| t.note.is_some()));
        assert!(
            glossary
                .terms
                .iter()
                .all(|t| !t.variants.is_empty() || !t.accept.is_empty())
        );
        assert!(glossary.terms.iter().all(|t| !t.source.is_empty()));
        assert_eq!(glossary.meta.target_lang.as_deref(), Some("en"));
    }

    #[test]
    fn parses_the_documented_schema() {
        let glossary = Glossary::from_toml(
            r#"
[glossary]
name = "test"
source_lang = "zh"
target_lang = "en"

[[term]]
canonical = "Maritime Silk Road"
variants = ["Hai Silk", "Sea Silk"]
source = ["海上丝绸之路", "海丝"]
note = "why"
case_sensitive = false

[[forbidden]]
phrases = ["(Finish)"]
message = "delete it"
replacement = ""
"#,
        )
        .unwrap();
        assert_eq!(glossary.terms[0].variants, vec!["Hai Silk", "Sea Silk"]);
        assert_eq!(glossary.terms[0].source, vec!["海上丝绸之路", "海丝"]);
        assert_eq!(glossary.forbidden[0].replacement.as_deref(), Some(""));
        assert_eq!(glossary.meta.source_lang.as_deref(), Some("zh"));
    }

    #[test]
    fn syntax_error_is_located() {
        let (message, at) = first_problem("[[term]]\ncanonical = \"A\nvariants = []\n");
        assert!(!message.is_empty());
        assert_eq!(at.0, 2);
    }

    #[test]
    fn unknown_key_is_located() {
        let (message, at) = first_problem("[[term]]\ncanonical = \"A\"\nvariant = [\"B\"]\n");
        assert!(message.contains("variant"), "{message}");
        assert_eq!(at, (3, 1));
    }

    #[test]
    fn missing_canonical_is_located_at_the_table() {
        let (message, at) =
            first_problem("[[term]]\ncanonical = \"A\"\n\n[[term]]\nvariants = [\"B\"]\n");
        assert!(message.contains("canonical"), "{message}");
        assert_eq!(at.0, 4);
    }

    /// A warning as (rule, message, file, (line, column)).
    type Located = (String, String, usize, (usize, usize));

    /// The warnings of glossaries given as (name, TOML), located; and the
    /// compiled glossary.
    fn warnings(files: &[(&str, &str)]) -> (Vec<Located>, Compiled) {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let compiled =
            Compiled::from_sources(files.clone()).unwrap_or_else(|e| panic!("{:?}", e.problems));
        let located = compiled
            .warnings
            .iter()
            .map(|w| {
                let text = &files[w.file].1;
                let at =
                    crate::line_index::LineIndex::new(text).location(w.span.clone().unwrap().start);
                (w.rule.unwrap().to_owned(), w.message.clone(), w.file, at)
            })
            .collect();
        (located, compiled)
    }

    #[test]
    fn empty_and_padded_strings_are_warnings() {
        let (found, compiled) = warnings(&[(
            "g.toml",
            "[[term]]\ncanonical = \"A\"\nvariants = [\"B\", \" \", \" C \"]\n",
        )]);
        assert_eq!(
            found,
            vec![
                (
                    "glossary/empty-form".into(),
                    "empty variant; skipped".into(),
                    0,
                    (3, 18)
                ),
                (
                    "glossary/empty-form".into(),
                    "variant `C` is padded with whitespace; used without it".into(),
                    0,
                    (3, 23)
                ),
            ]
        );
        assert_eq!(compiled.glossary.terms[0].variants, vec!["B", "C"]);
        // Every kind of form is used trimmed.
        let (found, compiled) = warnings(&[(
            "g.toml",
            "[[term]]\ncanonical = \" Sea \"\naccept = [\" sea road\"]\nexcept = [\"Sea Silk \"]\nsource = [\" 海 \"]\n\n[[keep]]\nnames = [\"Acme \"]\n",
        )]);
        assert_eq!(found.len(), 5, "{found:?}");
        let term = &compiled.glossary.terms[0];
        assert_eq!(term.canonical, "Sea");
        assert_eq!(term.accept.to_vec(), vec!["sea road"]);
        assert_eq!(term.except.to_vec(), vec!["Sea Silk"]);
        assert_eq!(term.source.to_vec(), vec!["海"]);
        assert_eq!(compiled.glossary.keep[0].names, vec!["Acme"]);
    }

    #[test]
    fn variant_under_two_terms_is_kept_for_the_first() {
        let text = "[[term]]\ncanonical = \"A\"\nvariants = [\"x\"]\n[[term]]\ncanonical = \"B\"\nvariants = [\"X\"]\n";
        let (found, compiled) = warnings(&[("g.toml", text)]);
        assert_eq!(
            found,
            vec![(
                "glossary/duplicate-form".into(),
                "`X` is already a variant of `A`; skipped".into(),
                0,
                (6, 13)
            )]
        );
        assert_eq!(compiled.glossary.terms[0].variants, vec!["x"]);
        assert!(compiled.glossary.terms[1].variants.is_empty());
        assert!(compiled.warnings[0].related.is_some());
    }

    #[test]
    fn approval_wins_over_a_variant_in_either_order() {
        let (found, compiled) = warnings(&[(
            "g.toml",
            "[[term]]\ncanonical = \"A\"\nvariants = [\"b\"]\n[[term]]\ncanonical = \"B\"\n",
        )]);
        assert_eq!(
            found,
            vec![(
                "glossary/contradiction".into(),
                "`b` is the canonical form of `B`, so it cannot also be flagged; skipped".into(),
                0,
                (3, 13)
            )]
        );
        assert!(compiled.glossary.terms[0].variants.is_empty());

        // The variant in an earlier file, the canonical in a later one.
        let (found, compiled) = warnings(&[
            (
                "a.toml",
                "[[term]]\ncanonical = \"A\"\nvariants = [\"b\", \"c\"]\n",
            ),
            ("b.toml", "[[term]]\ncanonical = \"B\"\n"),
        ]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "glossary/contradiction");
        assert_eq!(found[0].2, 1);
        assert_eq!(compiled.glossary.terms[0].variants, vec!["c"]);
        assert_eq!(compiled.glossary.terms[1].canonical, "B");
    }

    #[test]
    fn variant_may_differ_from_its_canonical_in_case_only() {
        let (found, compiled) = warnings(&[(
            "g.toml",
            "[[term]]\ncanonical = \"COVID-19\"\nvariants = [\"Covid-19\"]\n",
        )]);
        assert!(found.is_empty());
        assert_eq!(compiled.glossary.terms[0].variants, vec!["Covid-19"]);
        let (found, compiled) = warnings(&[(
            "g.toml",
            "[[term]]\ncanonical = \"COVID-19\"\nvariants = [\"COVID-19\"]\n",
        )]);
        assert_eq!(found[0].0, "glossary/contradiction");
        assert!(compiled.glossary.terms[0].variants.is_empty());
    }

    #[test]
    fn duplicate_concept_is_merged_into_the_first() {
        let (found, compiled) = warnings(&[(
            "g.toml",
            "[[term]]\ncanonical = \"A\"\nvariants = [\"a1\"]\nsource = [\"甲\"]\n\n[[term]]\ncanonical = \"A\"\nvariants = [\"a2\"]\nsource = [\"甲\", \"乙\"]\n",
        )]);
        assert_eq!(
            found,
            vec![(
                "glossary/duplicate-concept".into(),
                "term `A` is defined twice; the two are merged into the first".into(),
                0,
                (7, 13)
            )]
        );
        let terms = &compiled.glossary.terms;
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].variants, vec!["a1", "a2"]);
        assert_eq!(terms[0].source, vec!["甲", "乙"]);
    }

    #[test]
    fn one_translation_of_distinct_source_terms_is_no_duplicate() {
        let (found, compiled) = warnings(&[(
            "g.toml",
            "[glossary]\ntarget_lang = \"zh\"\n[[term]]\ncanonical = \"登录\"\nsource = [\"sign in\"]\n[[term]]\ncanonical = \"登录\"\nsource = [\"log on\"]\n",
        )]);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(compiled.glossary.terms[0].source, vec!["sign in", "log on"]);
    }

    #[test]
    fn source_form_of_two_terms_is_kept_for_the_first() {
        let (found, compiled) = warnings(&[(
            "g.toml",
            "[[term]]\ncanonical = \"A\"\nsource = [\"甲\"]\n[[term]]\ncanonical = \"B\"\nsource = [\"甲\"]\n",
        )]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "glossary/shared-source");
        assert_eq!(found[0].3, (6, 11));
        assert!(compiled.glossary.terms[1].source.is_empty());
        // Not across target languages: one concept of a multilingual
        // termbase.
        let (found, _) = warnings(&[
            (
                "a.toml",
                "[glossary]\ntarget_lang = \"en\"\n[[term]]\ncanonical = \"A\"\nsource = [\"甲\"]\n",
            ),
            (
                "b.toml",
                "[glossary]\ntarget_lang = \"fr\"\n[[term]]\ncanonical = \"Ah\"\nsource = [\"甲\"]\n",
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn bundled_glossaries_have_no_warnings() {
        let files = vec![
            (
                DEFAULT_GLOSSARY_NAME.to_owned(),
                DEFAULT_GLOSSARY.to_owned(),
            ),
            (
                "glossary/en-zh-software.toml".to_owned(),
                include_str!("../../../glossary/en-zh-software.toml").to_owned(),
            ),
        ];
        let problems = Compiled::check(&files);
        assert!(problems.is_empty(), "{problems:?}");
    }
}

/// A term's self-test that did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    pub term: usize,
    pub sentence: String,
    /// The sentence is a `flag` example (it should have been reported).
    pub should_flag: bool,
    /// What was found in it instead, for a `pass` example.
    pub found: Vec<String>,
}

impl Compiled {
    /// Run every term's examples through the matcher: each `flag` sentence
    /// must hold a variant of its term, and each `pass` sentence none.
    /// Returns how many examples ran and the ones that failed.
    pub fn run_examples(&self) -> (usize, Vec<ExampleFailure>) {
        let mut ran = 0;
        let mut failures = Vec::new();
        let mut hits = Vec::new();
        for (t, term) in self.glossary.terms.iter().enumerate() {
            let cases = term
                .examples
                .flag
                .iter()
                .map(|s| (s, true))
                .chain(term.examples.pass.iter().map(|s| (s, false)));
            for (sentence, should_flag) in cases {
                ran += 1;
                hits.clear();
                self.matcher.find_all(sentence, &mut hits);
                let found: Vec<String> = hits
                    .iter()
                    .filter(|h| matches!(h.hit, Hit::Variant { term, .. } if term == t))
                    .map(|h| sentence[h.span.clone()].to_owned())
                    .collect();
                if found.is_empty() == should_flag {
                    failures.push(ExampleFailure {
                        term: t,
                        sentence: sentence.clone(),
                        should_flag,
                        found,
                    });
                }
            }
        }
        (ran, failures)
    }
}

/// Han ideographs, kana and Hangul syllables: letters without case.
pub(crate) fn is_caseless_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// The key under which a phrase is claimed: within its target language,
/// ignoring case.
type ClaimKey = [u64; 2];

/// [`ClaimKey`] of a phrase: a 128-bit hash of its target language and its
/// lower-cased characters, made without allocating. Two streams of 64 bits
/// each, so that two distinct phrases of even a huge termbase never meet.
fn claim_key(target_lang: Option<&str>, text: &str) -> ClaimKey {
    const K1: u64 = 0x9E37_79B9_7F4A_7C15;
    const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    let (mut a, mut b) = (0x243F_6A88_85A3_08D3u64, 0x1319_8A2E_0370_7344u64);
    let mut add = |unit: u64| {
        a = (a.rotate_left(5) ^ unit).wrapping_mul(K1);
        b = (b ^ unit).wrapping_mul(K2).rotate_left(29);
    };
    for c in target_lang.unwrap_or_default().chars() {
        add(u64::from(c));
    }
    // Not a character: the language ends here.
    add(u64::MAX);
    // As `str::to_lowercase`, whose only context-dependent case is a
    // final capital sigma.
    // A key for each of a termbase's forms: ASCII, and the scripts
    // without case, skip the case tables.
    if text.is_ascii() {
        text.bytes()
            .for_each(|b| add(u64::from(b.to_ascii_lowercase())));
    } else if text.contains('Σ') {
        text.to_lowercase().chars().for_each(|c| add(u64::from(c)));
    } else {
        for c in text.chars() {
            if c.is_ascii() {
                add(u64::from(c.to_ascii_lowercase()));
            } else if is_caseless_cjk(c) {
                add(u64::from(c));
            } else {
                c.to_lowercase().for_each(|c| add(u64::from(c)));
            }
        }
    }
    let finish = |mut h: u64| {
        // MurmurHash3's finaliser: every bit of the state reaches every
        // bit of the key.
        h ^= h >> 33;
        h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        h ^= h >> 33;
        h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        h ^ (h >> 33)
    };
    [finish(a), finish(b)]
}

/// The spellings `derive = true` generates for a canonical form.
pub(crate) fn derive_spellings(canonical: &str) -> Vec<String> {
    let mut out = Vec::new();
    // A hyphen, a space or nothing between the parts, all alike; each in
    // every case: all lower, all upper, and first letter only.
    let mut bases = vec![canonical.to_owned()];
    if canonical.contains(['-', ' ']) {
        for joiner in ["-", " ", ""] {
            bases.push(canonical.replace(['-', ' '], joiner));
        }
    }
    for base in &bases {
        out.push(base.clone());
        out.push(base.to_lowercase());
        out.push(base.to_uppercase());
        let mut chars = base.chars();
        if let Some(first) = chars.next() {
            out.push(
                first
                    .to_uppercase()
                    .chain(chars.as_str().to_lowercase().chars())
                    .collect(),
            );
        }
    }
    // Full-width letters and digits.
    if canonical.chars().any(|c| c.is_ascii_alphanumeric()) {
        out.push(
            canonical
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
                    } else {
                        c
                    }
                })
                .collect(),
        );
    }
    // Straight and curly apostrophes.
    if canonical.contains('\'') {
        out.push(canonical.replace('\'', "\u{2019}"));
    }
    if canonical.contains('\u{2019}') {
        out.push(canonical.replace('\u{2019}', "'"));
    }
    out.retain(|form| form != canonical && !form.trim().is_empty());
    let mut seen = Vec::new();
    out.retain(|form| {
        let fresh = !seen.contains(form);
        seen.push(form.clone());
        fresh
    });
    out
}
