//! Writing a loaded glossary in another form: our TOML, TBX (TBX-Basic v2
//! `martif`, or v3 `tbx`), a CSV termbase, a Vale `substitution` rule and a
//! prh rule file. Each writer also says what its format cannot hold, so
//! that `termlint glossary convert` can tell the user instead of dropping it
//! silently.

use std::fmt::Write;

use crate::glossary::{Glossary, Keep, Term, derive_spellings};

/// The formats a glossary can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Toml,
    /// TBX-Basic v2 (`martif`) or v3 (`tbx`).
    Tbx {
        version: u8,
    },
    Csv,
    /// A Vale `substitution` rule (YAML); export only.
    Vale,
    /// A prh rule file (YAML); export only.
    Prh,
}

impl Kind {
    /// The kind a file name implies, if its extension says.
    pub fn from_extension(path: &str) -> Option<Kind> {
        let lower = path.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
        match ext {
            "toml" => Some(Kind::Toml),
            "tbx" => Some(Kind::Tbx { version: 2 }),
            "csv" => Some(Kind::Csv),
            _ => None,
        }
    }
}

/// A written glossary, and what its format could not keep (one line each).
#[derive(Debug, Default)]
pub struct Written {
    pub text: String,
    pub not_kept: Vec<String>,
}

/// The languages to write for: the terms of `target` (a multilingual
/// termbase holds one term per concept and language), whose source forms
/// are in `source`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pair {
    pub source: Option<String>,
    pub target: Option<String>,
}

/// Which language pair a glossary is written for: the one asked for, else
/// the glossary's own, else the only target language its terms have. An
/// error names the choices when there are several.
pub fn choose_pair(glossary: &Glossary, asked: Pair) -> Result<Pair, String> {
    let mut targets: Vec<&str> = glossary
        .terms
        .iter()
        .filter_map(|t| t.langs.target.as_deref())
        .collect();
    targets.sort_unstable();
    targets.dedup();
    // A termbase names its source language; its terms for the other one
    // are the pair's.
    let source_named = asked
        .source
        .as_deref()
        .or(glossary.meta.source_lang.as_deref());
    let others: Vec<&str> = targets
        .iter()
        .copied()
        .filter(|t| !source_named.is_some_and(|s| s.eq_ignore_ascii_case(t)))
        .collect();
    let target = asked
        .target
        .or_else(|| glossary.meta.target_lang.clone())
        .or_else(|| (targets.len() == 1).then(|| targets[0].to_owned()))
        .or_else(|| (others.len() == 1).then(|| others[0].to_owned()));
    if target.is_none() && targets.len() > 1 {
        return Err(format!(
            "the glossary has terms for {} target languages ({}); choose one with --target-lang",
            targets.len(),
            targets.join(", ")
        ));
    }
    let source = asked.source.or_else(|| {
        let mut sources: Vec<&str> = glossary
            .terms
            .iter()
            .filter(|t| same_lang(t.langs.target.as_deref(), target.as_deref()))
            .filter_map(|t| t.langs.source.as_deref())
            .collect();
        sources.sort_unstable();
        sources.dedup();
        match sources.as_slice() {
            [only] => Some((*only).to_owned()),
            _ => glossary.meta.source_lang.clone(),
        }
    });
    Ok(Pair { source, target })
}

fn same_lang(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (None, _) | (_, None) => true,
    }
}

/// Write `glossary` as `kind`, for the language pair `pair`.
pub fn write(glossary: &Glossary, kind: Kind, pair: &Pair) -> Written {
    let terms: Vec<&Term> = glossary
        .terms
        .iter()
        .filter(|t| same_lang(t.langs.target.as_deref(), pair.target.as_deref()))
        .collect();
    let keep: Vec<&Keep> = glossary
        .keep
        .iter()
        .filter(|k| same_lang(k.langs.target.as_deref(), pair.target.as_deref()))
        .collect();
    let mut written = match kind {
        Kind::Toml => toml(glossary, &terms, &keep, pair),
        Kind::Tbx { version } => tbx(glossary, &terms, &keep, pair, version),
        Kind::Csv => csv(&terms, &keep, pair),
        Kind::Vale => vale(glossary, &terms, &keep),
        Kind::Prh => prh(glossary, &terms, &keep),
    };
    let mut others: Vec<(&str, usize)> = Vec::new();
    for term in &glossary.terms {
        let lang = term.langs.target.as_deref().unwrap_or("-");
        if same_lang(Some(lang), pair.target.as_deref()) {
            continue;
        }
        match others.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, n)) => *n += 1,
            None => others.push((lang, 1)),
        }
    }
    for (i, (lang, n)) in others.into_iter().enumerate() {
        written.not_kept.insert(
            i,
            format!(
                "{n} term{} for {lang} targets (written with --target-lang {lang})",
                plural(n)
            ),
        );
    }
    written
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The variants a writer lists: without the derived ones when the format
/// can say `derive = true` instead.
fn listed_variants(term: &Term, can_derive: bool) -> Vec<&str> {
    if !(can_derive && term.derive) {
        return term.variants.iter().map(String::as_str).collect();
    }
    let derived = derive_spellings(&term.canonical);
    term.variants
        .iter()
        .filter(|v| !derived.contains(v))
        .map(String::as_str)
        .collect()
}

/// Tally of the fields a format cannot hold: (what, how many terms).
#[derive(Default)]
struct Lost(Vec<(&'static str, usize)>);

impl Lost {
    fn add(&mut self, what: &'static str, present: bool) {
        if !present {
            return;
        }
        match self.0.iter_mut().find(|(w, _)| *w == what) {
            Some((_, n)) => *n += 1,
            None => self.0.push((what, 1)),
        }
    }

    fn lines(self) -> Vec<String> {
        self.0
            .into_iter()
            .map(|(what, n)| format!("{what} ({n} entr{})", if n == 1 { "y" } else { "ies" }))
            .collect()
    }
}

// ---- TOML ------------------------------------------------------------------

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn toml(glossary: &Glossary, terms: &[&Term], keep: &[&Keep], pair: &Pair) -> Written {
    let mut out = String::new();
    let meta = &glossary.meta;
    out.push_str("[glossary]\n");
    if let Some(name) = &meta.name {
        let _ = writeln!(out, "name = {}", toml_str(name));
    }
    if let Some(source) = &pair.source {
        let _ = writeln!(out, "source_lang = {}", toml_str(source));
    }
    if let Some(target) = &pair.target {
        let _ = writeln!(out, "target_lang = {}", toml_str(target));
    }
    for term in terms {
        out.push_str("\n[[term]]\n");
        let _ = writeln!(out, "canonical = {}", toml_str(&term.canonical));
        let variants = listed_variants(term, true);
        let lists: [(&str, Vec<&str>); 4] = [
            ("variants", variants),
            ("accept", term.accept.iter().map(String::as_str).collect()),
            ("except", term.except.iter().map(String::as_str).collect()),
            ("source", term.source.iter().map(String::as_str).collect()),
        ];
        for (key, items) in lists {
            if !items.is_empty() {
                let _ = writeln!(out, "{key} = {}", toml_list(&items));
            }
        }
        if let Some(note) = &term.note {
            let _ = writeln!(out, "note = {}", toml_str(note));
        }
        if term.case_sensitive {
            out.push_str("case_sensitive = true\n");
        }
        if let Some(severity) = term.severity {
            let _ = writeln!(out, "severity = {}", toml_str(severity.as_str()));
        }
        if term.derive {
            out.push_str("derive = true\n");
        }
        let examples = &term.examples;
        if !examples.flag.is_empty() || !examples.pass.is_empty() {
            let flag: Vec<&str> = examples.flag.iter().map(String::as_str).collect();
            let pass: Vec<&str> = examples.pass.iter().map(String::as_str).collect();
            let _ = writeln!(
                out,
                "examples = {{ flag = {}, pass = {} }}",
                toml_list(&flag),
                toml_list(&pass)
            );
        }
    }
    for kept in keep {
        out.push_str("\n[[keep]]\n");
        let names: Vec<&str> = kept.names.iter().map(String::as_str).collect();
        let _ = writeln!(out, "names = {}", toml_list(&names));
        if let Some(note) = &kept.note {
            let _ = writeln!(out, "note = {}", toml_str(note));
        }
        if let Some(severity) = kept.severity {
            let _ = writeln!(out, "severity = {}", toml_str(severity.as_str()));
        }
    }
    for rule in &glossary.forbidden {
        if !same_lang(rule.langs.target.as_deref(), pair.target.as_deref()) {
            continue;
        }
        out.push_str("\n[[forbidden]]\n");
        let phrases: Vec<&str> = rule.phrases.iter().map(String::as_str).collect();
        let _ = writeln!(out, "phrases = {}", toml_list(&phrases));
        if let Some(message) = &rule.message {
            let _ = writeln!(out, "message = {}", toml_str(message));
        }
        if let Some(replacement) = &rule.replacement {
            let _ = writeln!(out, "replacement = {}", toml_str(replacement));
        }
        if let Some(note) = &rule.note {
            let _ = writeln!(out, "note = {}", toml_str(note));
        }
        if rule.case_sensitive {
            out.push_str("case_sensitive = true\n");
        }
        if let Some(severity) = rule.severity {
            let _ = writeln!(out, "severity = {}", toml_str(severity.as_str()));
        }
    }
    Written {
        text: out,
        not_kept: Vec::new(),
    }
}

// ---- TBX -------------------------------------------------------------------

use crate::escape::xml as xml_escape;

const PREFERRED: &str = "preferredTerm-admn-sts";
const ADMITTED: &str = "admittedTerm-admn-sts";
const DEPRECATED: &str = "deprecatedTerm-admn-sts";

/// One term of a language section: its text, status (none for source
/// forms, which are all equally source forms) and context sentences.
struct TbxTerm<'a> {
    text: &'a str,
    status: Option<&'static str>,
    contexts: Vec<&'a str>,
}

fn tbx(glossary: &Glossary, terms: &[&Term], keep: &[&Keep], pair: &Pair, version: u8) -> Written {
    let v3 = version >= 3;
    let (entry, section, group) = if v3 {
        ("conceptEntry", "langSec", "termSec")
    } else {
        ("termEntry", "langSet", "tig")
    };
    let source_lang = pair.source.as_deref().unwrap_or("und");
    let target_lang = pair.target.as_deref().unwrap_or("und");
    let mut lost = Lost::default();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let title = xml_escape(glossary.meta.name.as_deref().unwrap_or("termlint glossary"));
    if v3 {
        let _ = writeln!(
            out,
            "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{}\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n<tbxHeader><fileDesc><sourceDesc><p>{title}</p></sourceDesc></fileDesc></tbxHeader>",
            xml_escape(source_lang)
        );
    } else {
        let _ = writeln!(
            out,
            "<martif type=\"TBX-Basic\" xml:lang=\"{}\">\n<martifHeader><fileDesc><sourceDesc><p>{title}</p></sourceDesc></fileDesc><encodingDesc><p type=\"XCSURI\">TBXBasicXCSV02.xcs</p></encodingDesc></martifHeader>",
            xml_escape(source_lang)
        );
    }
    out.push_str("<text><body>\n");
    let write_section = |out: &mut String, lang: &str, items: &[TbxTerm<'_>]| {
        let _ = write!(out, "  <{section} xml:lang=\"{}\">", xml_escape(lang));
        for item in items {
            let _ = write!(out, "<{group}><term>{}</term>", xml_escape(item.text));
            if let Some(status) = item.status {
                let _ = write!(
                    out,
                    "<termNote type=\"administrativeStatus\">{status}</termNote>"
                );
            }
            for context in &item.contexts {
                let _ = write!(
                    out,
                    "<descrip type=\"context\">{}</descrip>",
                    xml_escape(context)
                );
            }
            let _ = write!(out, "</{group}>");
        }
        let _ = writeln!(out, "</{section}>");
    };
    for (i, term) in terms.iter().enumerate() {
        let _ = writeln!(out, "<{entry} id=\"c{}\">", i + 1);
        if let Some(note) = &term.note {
            let _ = writeln!(out, "  <note>{}</note>", xml_escape(note));
        }
        if !term.source.is_empty() {
            let sources: Vec<TbxTerm<'_>> = term
                .source
                .iter()
                .map(|s| TbxTerm {
                    text: s,
                    status: None,
                    contexts: Vec::new(),
                })
                .collect();
            write_section(&mut out, source_lang, &sources);
        }
        let mut items = vec![TbxTerm {
            text: &term.canonical,
            status: Some(PREFERRED),
            contexts: term.examples.pass.iter().map(String::as_str).collect(),
        }];
        items.extend(term.accept.iter().map(|a| TbxTerm {
            text: a,
            status: Some(ADMITTED),
            contexts: Vec::new(),
        }));
        // A context under a deprecated term is a `flag` example: they go
        // under the first variant.
        for (v, variant) in term.variants.iter().enumerate() {
            items.push(TbxTerm {
                text: variant,
                status: Some(DEPRECATED),
                contexts: if v == 0 {
                    term.examples.flag.iter().map(String::as_str).collect()
                } else {
                    Vec::new()
                },
            });
        }
        lost.add(
            "`flag` examples of a term without variants",
            term.variants.is_empty() && !term.examples.flag.is_empty(),
        );
        write_section(&mut out, target_lang, &items);
        let _ = writeln!(out, "</{entry}>");
        lost.add("`except` phrases", !term.except.is_empty());
        lost.add("`case_sensitive = true`", term.case_sensitive);
        lost.add("`severity`", term.severity.is_some());
        lost.add(
            "`derive = true` (its derived variants are written out)",
            term.derive,
        );
    }
    for (k, kept) in keep.iter().enumerate() {
        let _ = writeln!(out, "<{entry} id=\"k{}\">", k + 1);
        // translate-toolkit's way of saying "do not translate".
        out.push_str("  <descrip type=\"Translation needed\">no</descrip>\n");
        if let Some(note) = &kept.note {
            let _ = writeln!(out, "  <note>{}</note>", xml_escape(note));
        }
        let items: Vec<TbxTerm<'_>> = kept
            .names
            .iter()
            .map(|n| TbxTerm {
                text: n,
                status: None,
                contexts: Vec::new(),
            })
            .collect();
        write_section(&mut out, source_lang, &items);
        let _ = writeln!(out, "</{entry}>");
        lost.add("`severity` of a [[keep]]", kept.severity.is_some());
    }
    out.push_str("</body></text>\n");
    out.push_str(if v3 { "</tbx>\n" } else { "</martif>\n" });
    let mut not_kept = lost.lines();
    let forbidden = forbidden_count(glossary, pair);
    if forbidden > 0 {
        not_kept.push(format!(
            "{forbidden} [[forbidden]] rule{} (TBX has no phrase without an approved term)",
            plural(forbidden)
        ));
    }
    Written {
        text: out,
        not_kept,
    }
}

fn forbidden_count(glossary: &Glossary, pair: &Pair) -> usize {
    glossary
        .forbidden
        .iter()
        .filter(|f| same_lang(f.langs.target.as_deref(), pair.target.as_deref()))
        .count()
}

// ---- CSV -------------------------------------------------------------------

fn csv(terms: &[&Term], keep: &[&Keep], pair: &Pair) -> Written {
    // A term without source forms has nothing to name its concept by:
    // then a `concept` column numbers the concepts, and a source column
    // is written only if some term has source forms.
    let numbered = terms.iter().any(|term| term.source.is_empty());
    let with_source = terms.iter().any(|term| !term.source.is_empty());
    let source_lang = pair.source.as_deref().unwrap_or("source");
    // A lone column of terms for no language in particular.
    let unnamed = if with_source { "target" } else { "term" };
    let target_lang = pair.target.as_deref().unwrap_or(unnamed);
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut lost = Lost::default();
    let mut concept = String::new();
    // (concept, source cell, target cell, status, note, case_sensitive),
    // the columns that this file has.
    let mut row = |cells: [&str; 6]| {
        let [concept, source, rest @ ..] = cells;
        let mut record: Vec<&str> = Vec::with_capacity(6);
        if numbered {
            record.push(concept);
        }
        if with_source || !numbered {
            record.push(source);
        }
        record.extend(rest);
        let _ = writer.write_record(record);
    };
    row([
        "concept",
        source_lang,
        target_lang,
        "status",
        "note",
        "case_sensitive",
    ]);
    for (index, term) in terms.iter().enumerate() {
        let note = term.note.as_deref().unwrap_or("");
        let case = if term.case_sensitive { "true" } else { "" };
        if numbered {
            concept.clear();
            concept.push_str(&(index + 1).to_string());
            let first = term.source.first().map_or("", String::as_str);
            row([&concept, first, &term.canonical, "preferred", note, case]);
            for accepted in &term.accept {
                row([&concept, "", accepted, "admitted", "", ""]);
            }
            for variant in &term.variants {
                row([&concept, "", variant, "deprecated", "", ""]);
            }
            for source in term.source.iter().skip(1) {
                row([&concept, source, "", "preferred", "", ""]);
            }
        } else {
            // The rows sharing the source cell are one concept: the first
            // source form names it; each further source form is a concept
            // of its own with the same canonical form, which reads back as
            // one term.
            let first = &term.source[0];
            row(["", first, &term.canonical, "preferred", note, case]);
            for accepted in &term.accept {
                row(["", first, accepted, "admitted", "", ""]);
            }
            for variant in &term.variants {
                row(["", first, variant, "deprecated", "", ""]);
            }
            for source in &term.source[1..] {
                row(["", source, &term.canonical, "preferred", "", case]);
            }
        }
        lost.add("`except` phrases", !term.except.is_empty());
        lost.add("`severity`", term.severity.is_some());
        lost.add(
            "examples",
            !term.examples.flag.is_empty() || !term.examples.pass.is_empty(),
        );
        lost.add(
            "`derive = true` (its derived variants are written out)",
            term.derive,
        );
    }
    for kept in keep {
        for name in &kept.names {
            let note = kept.note.as_deref().unwrap_or("");
            row(["", name, name, "do not translate", note, ""]);
        }
    }
    let text = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
    Written {
        text,
        not_kept: lost.lines(),
    }
}

// ---- Vale and prh ----------------------------------------------------------

fn yaml_str(s: &str) -> String {
    // Single-quoted YAML: only the quote itself needs escaping.
    format!("'{}'", s.replace('\'', "''"))
}

/// A literal phrase as a regular expression (Go's RE2 for Vale, and
/// JavaScript for prh share these metacharacters).
fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn export_losses(glossary: &Glossary, terms: &[&Term], keep: &[&Keep]) -> Lost {
    let mut lost = Lost::default();
    for term in terms {
        lost.add("source forms", !term.source.is_empty());
        lost.add("`except` phrases", !term.except.is_empty());
        lost.add(
            "examples",
            !term.examples.flag.is_empty() || !term.examples.pass.is_empty(),
        );
    }
    for _ in keep {
        lost.add("[[keep]] names", true);
    }
    for rule in &glossary.forbidden {
        lost.add(
            "[[forbidden]] rules without a replacement",
            rule.replacement.as_deref().is_none_or(str::is_empty),
        );
    }
    lost
}

fn vale(glossary: &Glossary, terms: &[&Term], keep: &[&Keep]) -> Written {
    let mut out = String::new();
    let name = glossary.meta.name.as_deref().unwrap_or("termlint glossary");
    let _ = writeln!(out, "# {name}: written by `termlint glossary convert`.");
    out.push_str("extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: warning\nignorecase: true\nswap:\n");
    let mut lost = export_losses(glossary, terms, keep);
    for term in terms {
        for variant in &term.variants {
            let pattern = if term.case_sensitive {
                format!("(?-i:{})", regex_escape(variant))
            } else {
                regex_escape(variant)
            };
            let _ = writeln!(
                out,
                "  {}: {}",
                yaml_str(&pattern),
                yaml_str(&term.canonical)
            );
        }
        lost.add("notes", term.note.is_some());
    }
    for rule in &glossary.forbidden {
        if let Some(replacement) = rule.replacement.as_deref().filter(|r| !r.is_empty()) {
            for phrase in &rule.phrases {
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    yaml_str(&regex_escape(phrase)),
                    yaml_str(replacement)
                );
            }
        }
    }
    Written {
        text: out,
        not_kept: lost.lines(),
    }
}

fn prh(glossary: &Glossary, terms: &[&Term], keep: &[&Keep]) -> Written {
    let mut out = String::new();
    let name = glossary.meta.name.as_deref().unwrap_or("termlint glossary");
    let _ = writeln!(out, "# {name}: written by `termlint glossary convert`.");
    out.push_str("version: 1\nrules:\n");
    let lost = export_losses(glossary, terms, keep);
    let mut rule = |expected: &str, patterns: &[&str], case_sensitive: bool, note: Option<&str>| {
        if patterns.is_empty() {
            return;
        }
        let _ = writeln!(out, "  - expected: {}", yaml_str(expected));
        out.push_str("    patterns:\n");
        for pattern in patterns {
            // prh takes a plain string literally (and case-sensitively);
            // `/.../i` is a regular expression that ignores case.
            let written = if case_sensitive || !pattern.chars().any(char::is_alphabetic) {
                (*pattern).to_owned()
            } else {
                format!("/{}/i", regex_escape(pattern).replace('/', "\\/"))
            };
            let _ = writeln!(out, "      - {}", yaml_str(&written));
        }
        if expected.chars().all(|c| c.is_ascii() || !c.is_alphabetic()) {
            out.push_str("    options:\n      wordBoundary: true\n");
        }
        if let Some(note) = note {
            let _ = writeln!(out, "    prh: {}", yaml_str(note));
        }
    };
    for term in terms {
        let patterns: Vec<&str> = term.variants.iter().map(String::as_str).collect();
        rule(
            &term.canonical,
            &patterns,
            term.case_sensitive,
            term.note.as_deref(),
        );
    }
    for forbidden in &glossary.forbidden {
        if let Some(replacement) = forbidden.replacement.as_deref().filter(|r| !r.is_empty()) {
            let patterns: Vec<&str> = forbidden.phrases.iter().map(String::as_str).collect();
            rule(
                replacement,
                &patterns,
                forbidden.case_sensitive,
                forbidden.note.as_deref(),
            );
        }
    }
    Written {
        text: out,
        not_kept: lost.lines(),
    }
}
