//! Benchmark data for termlint, generated from a seed so that every run
//! and every machine sees the same bytes:
//!
//! - `termlint-bench glossary --terms N --out DIR`: `DIR/glossary-N/` with
//!   `terms.toml` (our schema), `terms.tbx`-ready data is made by
//!   `termlint glossary convert`; `patterns.txt` (one variant per line, for
//!   `rg -F -w -f`);
//! - `termlint-bench corpus --terms N --mb M --files F --out DIR`:
//!   `DIR/corpus-Mmb/` of wrapped English paragraphs (and some Chinese
//!   ones) with variants planted at known places, canonical forms and
//!   near-miss decoys (a variant glued to more letters, which must not be
//!   found), and the manifest `DIR/corpus-Mmb.planted.tsv`;
//! - `termlint-bench score MANIFEST OUTPUT`: the recall of the planted
//!   variants in `termlint check --format concise` output (or `rg
//!   --vimgrep` output), and how many other matches it reports.
//!
//! Terms are made of invented words (syllables of a fixed inventory), so
//! that no term occurs in the filler by chance.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// SplitMix64: small, fast and good enough to pick words; fixed so that
/// the data never changes with a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

const TERM_ONSETS: &[&str] = &[
    "k", "v", "z", "dr", "qu", "th", "br", "sk", "m", "n", "t", "gr", "l", "st", "pl",
];
const TERM_NUCLEI: &[&str] = &["a", "o", "e", "i", "u", "ae", "ou", "ia"];
const TERM_CODAS: &[&str] = &["", "n", "r", "x", "l", "th", "nd", "sk"];

/// A capitalised invented word: `Kaeroth`, `Vinax`.
fn term_word(rng: &mut Rng) -> String {
    let syllables = 2 + rng.below(2);
    let mut word = String::new();
    for _ in 0..syllables {
        word.push_str(rng.pick_str(TERM_ONSETS));
        word.push_str(rng.pick_str(TERM_NUCLEI));
    }
    word.push_str(rng.pick_str(TERM_CODAS));
    let mut chars = word.chars();
    let first = chars.next().unwrap().to_ascii_uppercase();
    std::iter::once(first).chain(chars).collect()
}

/// Plain English filler, none of it shaped like a term word.
const FILLER: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "was", "on", "with", "as",
    "by", "at", "from", "this", "have", "are", "which", "their", "has", "been", "were", "will",
    "more", "said", "year", "trade", "port", "city", "growth", "market", "export", "import",
    "region", "project", "council", "report", "plan", "people", "new", "policy", "center",
    "official", "during", "after", "local", "total", "value", "percent", "increase", "build",
    "open", "service", "industry", "coastal", "route", "zone", "pilot", "annual", "meeting",
];

const HAN: &str = "泉州市海上贸易港口城市发展经济合作建设项目会议报告年度增长出口进口区域政策中心官员服务产业沿海航线试验区";

struct Term {
    canonical: String,
    variants: Vec<String>,
}

/// The first `count` terms of the seeded master list: a canonical form of
/// two or three words, and one to four variants (a word swapped, words
/// reordered, a word dropped, or a respelling).
fn terms(count: usize, seed: u64) -> Vec<Term> {
    let mut rng = Rng(seed);
    let mut taken: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let words: Vec<String> = (0..2 + rng.below(2)).map(|_| term_word(&mut rng)).collect();
        let canonical = words.join(" ");
        if !taken.insert(canonical.to_lowercase()) {
            continue;
        }
        let mut variants = Vec::new();
        for attempt in 0..1 + rng.below(4) {
            let mut v = words.clone();
            match (attempt + rng.below(4)) % 4 {
                0 => {
                    let i = rng.below(v.len());
                    v[i] = term_word(&mut rng);
                }
                1 => v.reverse(),
                2 if v.len() > 2 => {
                    v.remove(rng.below(v.len()));
                }
                _ => {
                    let i = rng.below(v.len());
                    v[i].push_str(rng.pick_str(&["e", "a", "s", "o"]));
                }
            }
            let variant = v.join(" ");
            if taken.insert(variant.to_lowercase()) {
                variants.push(variant);
            }
        }
        if variants.is_empty() {
            taken.remove(&canonical.to_lowercase());
            continue;
        }
        out.push(Term {
            canonical,
            variants,
        });
    }
    out
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_glossary(terms: &[Term], dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut toml = String::from("[glossary]\nname = \"generated benchmark glossary\"\n");
    let mut patterns = String::new();
    for term in terms {
        let variants: Vec<String> = term.variants.iter().map(|v| toml_string(v)).collect();
        let _ = write!(
            toml,
            "\n[[term]]\ncanonical = {}\nvariants = [{}]\n",
            toml_string(&term.canonical),
            variants.join(", ")
        );
        for variant in &term.variants {
            patterns.push_str(variant);
            patterns.push('\n');
        }
    }
    std::fs::write(dir.join("terms.toml"), toml)?;
    std::fs::write(dir.join("patterns.txt"), patterns)
}

/// A term rank with a Zipf-like (log-uniform) distribution: a few terms
/// often, most rarely, as in real text.
fn zipf(rng: &mut Rng, n: usize) -> usize {
    ((n as f64).powf(rng.unit()) as usize)
        .saturating_sub(1)
        .min(n - 1)
}

struct Plant {
    path: String,
    line: usize,
    column: usize,
    variant: String,
    canonical: String,
}

/// One paragraph of about `words` words, wrapped at 78 columns; planted
/// variants are recorded with their line and (1-based, character) column.
#[allow(clippy::too_many_arguments)]
fn paragraph(
    rng: &mut Rng,
    terms: &[Term],
    words: usize,
    path: &str,
    first_line: usize,
    plants: &mut Vec<Plant>,
    rate: f64,
    phrases: &HashSet<String>,
    out: &mut String,
) -> usize {
    let mut line = first_line;
    let mut column = 0usize; // characters on the current line
    let mut sentence_start = true;
    // The filler words since the last term, before capitals and
    // punctuation.
    let mut previous: Vec<String> = Vec::new();
    let emit = |token: &str, out: &mut String, line: &mut usize, column: &mut usize| {
        let len = token.chars().count();
        if *column > 0 && *column + 1 + len > 78 {
            out.push('\n');
            *line += 1;
            *column = 0;
        } else if *column > 0 {
            out.push(' ');
            *column += 1;
        }
        let at = *column + 1;
        out.push_str(token);
        *column += len;
        at
    };
    for i in 0..words {
        let roll = rng.unit();
        if roll < rate * 2.5 {
            previous.clear();
        }
        if roll < rate {
            let term = &terms[zipf(rng, terms.len())];
            let variant = rng.pick(&term.variants).clone();
            let start_line = line;
            let at = emit(&variant, out, &mut line, &mut column);
            // A phrase wrapped over two lines starts on the earlier one.
            let _ = start_line;
            plants.push(Plant {
                path: path.to_owned(),
                line,
                column: at,
                variant,
                canonical: term.canonical.clone(),
            });
        } else if roll < rate * 2.0 {
            let term = &terms[zipf(rng, terms.len())];
            emit(&term.canonical.clone(), out, &mut line, &mut column);
        } else if roll < rate * 2.5 {
            // A near miss: a variant run into more letters, unless a
            // shorter phrase is a true match inside it.
            let term = &terms[zipf(rng, terms.len())];
            let decoy = format!("{}ville", rng.pick(&term.variants));
            let words: Vec<&str> = decoy.split(' ').collect();
            let clean =
                (1..words.len()).all(|k| !phrases.contains(&words[..k].join(" ").to_lowercase()));
            if clean {
                emit(&decoy, out, &mut line, &mut column);
            }
        } else {
            // Never the same word twice in a row: real text does not do that
            // (and garble/repeated-word would rightly say so).
            // Nor a pair twice (`and plan and plan`).
            let repeats = |word: &str, h: &[String]| {
                h.last().is_some_and(|l| l == word)
                    || (h.len() >= 3 && h[h.len() - 2] == word && h[h.len() - 1] == h[h.len() - 3])
            };
            let mut word = rng.pick_str(FILLER).to_owned();
            while repeats(&word, &previous) {
                word = rng.pick_str(FILLER).to_owned();
            }
            previous.push(word.clone());
            if sentence_start {
                word[..1].make_ascii_uppercase();
                sentence_start = false;
            }
            if i + 1 == words || rng.below(14) == 0 {
                word.push('.');
                sentence_start = true;
            } else if rng.below(10) == 0 {
                word.push(',');
            }
            emit(&word, out, &mut line, &mut column);
        }
    }
    if !out.ends_with('.') {
        out.push('.');
    }
    out.push('\n');
    line + 1
}

fn write_corpus(
    terms: &[Term],
    dir: &Path,
    manifest: &Path,
    bytes: usize,
    files: usize,
    seed: u64,
) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng(seed ^ 0xC0FF_EE00);
    let han: Vec<char> = HAN.chars().collect();
    let phrases: HashSet<String> = terms
        .iter()
        .flat_map(|t| std::iter::once(&t.canonical).chain(&t.variants))
        .map(|p| p.to_lowercase())
        .collect();
    let mut plants = Vec::new();
    let per_file = bytes / files.max(1);
    let mut total = 0;
    for f in 0..files {
        let name = format!("doc-{f:05}.txt");
        let path = dir.join(&name);
        let display = path.display().to_string();
        let mut text = String::with_capacity(per_file + 1024);
        let mut line = 1;
        while text.len() < per_file {
            if rng.below(10) == 0 {
                // A Chinese paragraph: no spaces, full-width punctuation.
                let length = 40 + rng.below(80);
                for i in 0..length {
                    text.push(*rng.pick(&han));
                    if i % 17 == 16 {
                        text.push('，');
                    }
                }
                text.push_str("。\n");
                line += 1;
            } else {
                let words = 40 + rng.below(120);
                line = paragraph(
                    &mut rng,
                    terms,
                    words,
                    &display,
                    line,
                    &mut plants,
                    0.006,
                    &phrases,
                    &mut text,
                );
            }
            text.push('\n');
            line += 1;
        }
        total += text.len();
        std::fs::write(&path, text)?;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(manifest)?);
    writeln!(out, "path\tline\tcolumn\tvariant\tcanonical")?;
    for p in &plants {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            p.path, p.line, p.column, p.variant, p.canonical
        )?;
    }
    eprintln!(
        "{}: {files} files, {total} bytes, {} planted variants",
        dir.display(),
        plants.len()
    );
    Ok(total)
}

/// Recall of the planted variants in a report: `path:line:column: ...`
/// lines (termlint's concise format, or rg's `--vimgrep`).
/// A project of `files` gettext catalogues (English to Chinese), each of
/// `units` units drawn from `distinct` source strings, each translated one
/// way, except `planted` sources that get a second translation at one later
/// occurrence. Each catalogue also holds controls that must not be reported:
/// one source in two PO contexts, plural forms, and placeholders whose names
/// differ between files. The manifest lists the planted sources.
fn write_project(
    dir: &Path,
    manifest: &Path,
    files: usize,
    units: usize,
    distinct: usize,
    planted: usize,
    seed: u64,
) -> std::io::Result<usize> {
    let mut rng = Rng(seed ^ 0x0050_0110);
    let han: Vec<char> = HAN.chars().collect();
    let pool: Vec<(String, String)> = (0..distinct)
        .map(|i| {
            let words = 2 + rng.below(6);
            let mut source = term_word(&mut rng);
            for _ in 0..words {
                source.push(' ');
                source.push_str(rng.pick_str(FILLER));
            }
            source.push_str(&format!(" {i}"));
            let target: String = (0..4 + rng.below(12)).map(|_| *rng.pick(&han)).collect();
            (source, format!("{target}{i}"))
        })
        .collect();
    let mut to_plant: HashSet<usize> = HashSet::new();
    while to_plant.len() < planted.min(distinct) {
        to_plant.insert(rng.below(distinct));
    }
    let mut seen = vec![false; distinct];
    let mut plants = Vec::new();
    let mut total = 0;
    for f in 0..files {
        let folder = dir.join(format!("module-{:03}", f / 100));
        std::fs::create_dir_all(&folder)?;
        let path = folder.join(format!("messages-{f:05}.po"));
        let mut po = String::from(
            "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\
             \"Language: zh_CN\\n\"\n\"Plural-Forms: nplurals=1; plural=0;\\n\"\n\n",
        );
        // Controls: never compared, or equal once normalised.
        let context = if f % 2 == 0 { "verb" } else { "adjective" };
        let opened = if f % 2 == 0 { "打开" } else { "已打开" };
        let name = if f % 2 == 0 { "name" } else { "item" };
        let noun = if f % 2 == 0 { "个文件" } else { "份文件" };
        po.push_str(&format!(
            "msgctxt \"{context}\"\nmsgid \"Open\"\nmsgstr \"{opened}\"\n\n\
             msgid \"Delete %({name})s\"\nmsgstr \"删除 %({name})s\"\n\n\
             msgid \"%d file\"\nmsgid_plural \"%d files\"\nmsgstr[0] \"%d {noun}\"\n\n"
        ));
        let mut used = HashSet::new();
        for _ in 0..units {
            let i = rng.below(distinct);
            if !used.insert(i) {
                continue;
            }
            let (source, target) = &pool[i];
            let target = if seen[i] && to_plant.remove(&i) {
                plants.push(source.clone());
                format!("{target}（另译）")
            } else {
                target.clone()
            };
            seen[i] = true;
            po.push_str(&format!("msgid \"{source}\"\nmsgstr \"{target}\"\n\n"));
        }
        total += po.len();
        std::fs::write(&path, po)?;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(manifest)?);
    writeln!(out, "source")?;
    for source in &plants {
        writeln!(out, "{source}")?;
    }
    Ok(total)
}

fn score(manifest: &Path, report: &Path) -> std::io::Result<String> {
    let mut planted: HashSet<(String, usize, usize)> = HashSet::new();
    for line in std::io::BufReader::new(std::fs::File::open(manifest)?)
        .lines()
        .skip(1)
    {
        let line = line?;
        let fields: Vec<&str> = line.split('\t').collect();
        if let [path, l, c, ..] = fields[..] {
            planted.insert((
                path.to_owned(),
                l.parse().unwrap_or(0),
                c.parse().unwrap_or(0),
            ));
        }
    }
    let mut found = HashSet::new();
    let mut other = 0;
    for line in std::io::BufReader::new(std::fs::File::open(report)?).lines() {
        let line = line?;
        let mut parts = line.splitn(4, ':');
        let (Some(path), Some(l), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(l), Ok(c)) = (l.parse::<usize>(), c.parse::<usize>()) else {
            continue;
        };
        let key = (path.to_owned(), l, c);
        if planted.contains(&key) && (line.contains("term/variant") || !line.contains('[')) {
            found.insert(key);
        } else {
            other += 1;
        }
    }
    Ok(format!(
        "recall {}/{} ({:.2}%), {} other reports",
        found.len(),
        planted.len(),
        100.0 * found.len() as f64 / planted.len().max(1) as f64,
        other
    ))
}

fn flag<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const SEED: u64 = 20_261_126;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = PathBuf::from(flag(&args, "--out", "bench-data".to_owned()));
    match args.first().map(String::as_str) {
        Some("glossary") => {
            let count = flag(&args, "--terms", 10_000usize);
            let dir = out.join(format!("glossary-{count}"));
            let list = terms(count, SEED);
            write_glossary(&list, &dir)?;
            let variants: usize = list.iter().map(|t| t.variants.len()).sum();
            eprintln!("{}: {count} terms, {variants} variants", dir.display());
        }
        Some("corpus") => {
            let count = flag(&args, "--terms", 10_000usize);
            let mb = flag(&args, "--mb", 100usize);
            let files = flag(&args, "--files", 1000usize);
            let name = format!("corpus-{mb}mb");
            write_corpus(
                &terms(count, SEED),
                &out.join(&name),
                &out.join(format!("{name}.planted.tsv")),
                mb * 1_000_000,
                files,
                SEED,
            )?;
        }
        Some("project") => {
            let files = flag(&args, "--files", 10_000usize);
            let units = flag(&args, "--units", 200usize);
            let distinct = flag(&args, "--distinct", 50_000usize);
            let planted = flag(&args, "--planted", 1000usize);
            let name = format!("project-{files}");
            let bytes = write_project(
                &out.join(&name),
                &out.join(format!("{name}.planted.tsv")),
                files,
                units,
                distinct,
                planted,
                SEED,
            )?;
            eprintln!(
                "{}: {files} catalogues, {:.0} MB",
                out.join(&name).display(),
                bytes as f64 / 1e6
            );
        }
        Some("score") if args.len() >= 3 => {
            println!("{}", score(Path::new(&args[1]), Path::new(&args[2]))?);
        }
        _ => {
            eprintln!(
                "usage: termlint-bench glossary --terms N [--out DIR]\n       termlint-bench corpus --terms N --mb M --files F [--out DIR]\n       termlint-bench project --files F --units U --distinct D --planted P [--out DIR]\n       termlint-bench score MANIFEST REPORT"
            );
            std::process::exit(2);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_terms_and_none_repeats() {
        let a = terms(2000, SEED);
        let b = terms(2000, SEED);
        assert_eq!(
            a.iter().map(|t| &t.canonical).collect::<Vec<_>>(),
            b.iter().map(|t| &t.canonical).collect::<Vec<_>>()
        );
        let mut seen = HashSet::new();
        for term in &a {
            assert!(seen.insert(term.canonical.to_lowercase()));
            for variant in &term.variants {
                assert!(seen.insert(variant.to_lowercase()), "{variant}");
            }
        }
        // A smaller glossary is the start of a larger one.
        assert_eq!(terms(100, SEED)[99].canonical, a[99].canonical);
    }
}
