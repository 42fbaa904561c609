//! The TOML glossary: loading, validation with precise error locations, and
//! the bundled default.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::matcher::{Hit, Matcher};

/// The bundled default glossary, compiled into the binary.
pub const DEFAULT_GLOSSARY_NAME: &str = "glossary/zh-en-news.toml";
pub const DEFAULT_GLOSSARY: &str = include_str!("../../../glossary/zh-en-news.toml");

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub name: Option<String>,
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The approved target rendering.
    pub canonical: String,
    /// Renderings to flag.
    pub variants: Vec<String>,
    /// Other renderings that are correct: never flagged, and enough for
    /// bitext/term (`BRI` for `Belt and Road`).
    pub accept: Vec<String>,
    /// Longer phrases inside which a variant is correct (an institution's
    /// official name that contains it).
    pub except: Vec<String>,
    /// Source-language forms.
    pub source: Vec<String>,
    pub note: Option<String>,
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
}

/// A term's self-tests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub flag: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

/// A glossary file's source and target languages, from its `[glossary]`
/// table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Langs {
    pub source: Option<String>,
    pub target: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keep {
    pub names: Vec<String>,
    pub note: Option<String>,
    pub severity: Option<Severity>,
    pub langs: Langs,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Glossary {
    pub meta: Meta,
    pub terms: Vec<Term>,
    pub forbidden: Vec<Forbidden>,
    pub keep: Vec<Keep>,
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
        let mut builder = Builder::default();
        for (index, (name, text)) in files.iter().enumerate() {
            builder.add_source(index, name, text);
        }
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
}

impl Compiled {
    /// The bundled default glossary.
    pub fn bundled() -> Result<Compiled, LoadError> {
        Compiled::from_sources(vec![(
            DEFAULT_GLOSSARY_NAME.to_owned(),
            DEFAULT_GLOSSARY.to_owned(),
        )])
    }

    /// Parse, validate and compile glossaries given as (name, TOML text)
    /// pairs.
    pub fn from_sources(files: Vec<(String, String)>) -> Result<Compiled, LoadError> {
        let mut builder = Builder::default();
        for (index, (name, text)) in files.iter().enumerate() {
            builder.add_source(index, name, text);
        }
        if builder.problems.is_empty() {
            let matcher = Matcher::new(&builder.glossary);
            builder.check_fixed_points(&matcher);
            if builder.problems.is_empty() {
                return Ok(Compiled {
                    glossary: builder.glossary,
                    matcher,
                });
            }
        }
        Err(LoadError {
            kind: "glossary",
            files,
            problems: builder.problems,
        })
    }
}

/// Who owns a (lower-cased) phrase, to catch the same text claimed twice.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Canonical(usize),
    Variant(usize),
    Forbidden(usize),
}

#[derive(Default)]
struct Builder {
    glossary: Glossary,
    problems: Vec<Problem>,
    owners: rustc_hash::FxHashMap<String, (Owner, usize, Range<usize>, String)>,
    /// The target language of the entries being added: a phrase is
    /// claimed within its language.
    claim_lang: Option<String>,
    /// The file's `derive` setting, for its terms that do not say.
    derive_default: bool,
    /// Every text a fix may write (canonical forms, forbidden
    /// replacements), with where it is defined.
    replacements: Vec<(usize, Range<usize>, String)>,
}

impl Builder {
    fn problem(&mut self, file: usize, span: Range<usize>, message: String, label: &str) {
        self.problems.push(Problem {
            file,
            span: Some(span),
            message,
            label: label.into(),
            related: None,
        });
    }

    /// A glossary file by its name: a TBX termbase, a spreadsheet termbase
    /// (`.csv`, `.tsv`) or our TOML.
    fn add_source(&mut self, file: usize, name: &str, text: &str) {
        let lower = name.to_ascii_lowercase();
        let read = if lower.ends_with(".csv") {
            crate::termbase::read_spreadsheet(file, text, b',')
        } else if lower.ends_with(".tsv") {
            crate::termbase::read_spreadsheet(file, text, b'\t')
        } else if lower.ends_with(".tbx") {
            crate::termbase::read_tbx(file, text)
        } else {
            return self.add_file(file, text);
        };
        match read {
            Err(problems) => self.problems.extend(problems),
            Ok(terms) => {
                for term in terms {
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
                    self.add_terms(file, &term.langs, vec![Spanned::new(span, raw)]);
                }
            }
        }
    }

    fn add_file(&mut self, file: usize, text: &str) {
        let raw: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(err) => {
                self.problems.push(Problem {
                    file,
                    span: err.span(),
                    message: err.message().trim_end().to_owned(),
                    label: "here".into(),
                    related: None,
                });
                return;
            }
        };
        let mut langs = Langs::default();
        self.derive_default = raw
            .glossary
            .as_ref()
            .and_then(|m| m.derive)
            .unwrap_or(false);
        if let Some(meta) = raw.glossary {
            // `description` is for readers of the file only.
            let _ = meta.description;
            langs = Langs {
                source: meta.source_lang.clone(),
                target: meta.target_lang.clone(),
            };
            let m = &mut self.glossary.meta;
            m.name = m.name.take().or(meta.name);
            m.source_lang = m.source_lang.take().or(meta.source_lang);
            m.target_lang = m.target_lang.take().or(meta.target_lang);
        }
        self.add_terms(file, &langs, raw.term);
        self.add_keep(file, raw.keep, &langs);
        self.claim_lang = langs.target.clone();
        for spanned in raw.forbidden {
            let table_span = spanned.span();
            let raw_rule = spanned.into_inner();
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
            let mut phrases = Vec::new();
            for phrase in &raw_rule.phrases {
                if self.non_empty(file, phrase, "forbidden phrase") {
                    self.claim(file, phrase, Owner::Forbidden(index));
                    phrases.push(phrase.get_ref().clone());
                }
            }
            if let Some(replacement) = &raw_rule.replacement {
                self.replacements
                    .push((file, replacement.span(), replacement.get_ref().clone()));
            }
            let severity = self.severity(file, raw_rule.severity.as_ref());
            self.glossary.forbidden.push(Forbidden {
                phrases,
                message: raw_rule.message,
                replacement: raw_rule.replacement.as_ref().map(|r| r.get_ref().clone()),
                note: raw_rule.note,
                case_sensitive: raw_rule.case_sensitive,
                severity,
                langs: langs.clone(),
            });
        }
    }

    /// The `[[term]]` entries of a file (or the concepts of a termbase),
    /// checked and added.
    fn add_terms(&mut self, file: usize, langs: &Langs, terms: Vec<Spanned<RawTerm>>) {
        self.claim_lang = langs.target.clone();
        // Canonical forms first, so that a variant of an earlier term that
        // equals a later canonical is still caught.
        let mut pending = Vec::new();
        for spanned in terms {
            let table_span = spanned.span();
            let raw_term = spanned.into_inner();
            let Some(canonical) = raw_term.canonical.clone() else {
                self.problem(
                    file,
                    table_span,
                    "term has no `canonical` rendering".into(),
                    "this [[term]] needs `canonical = \"...\"`",
                );
                continue;
            };
            if !self.non_empty(file, &canonical, "canonical") {
                continue;
            }
            let index = self.glossary.terms.len();
            self.claim(file, &canonical, Owner::Canonical(index));
            self.replacements
                .push((file, canonical.span(), canonical.get_ref().clone()));
            let severity = self.severity(file, raw_term.severity.as_ref());
            self.glossary.terms.push(Term {
                canonical: canonical.get_ref().clone(),
                variants: Vec::new(),
                accept: Vec::new(),
                except: Vec::new(),
                source: Vec::new(),
                note: raw_term.note.clone(),
                case_sensitive: raw_term.case_sensitive,
                severity,
                langs: langs.clone(),
                examples: raw_term.examples.clone(),
                origin: file,
            });
            pending.push((index, raw_term));
        }
        for (index, raw_term) in pending {
            for variant in &raw_term.variants {
                if self.non_empty(file, variant, "variant") {
                    self.claim(file, variant, Owner::Variant(index));
                    self.glossary.terms[index]
                        .variants
                        .push(variant.get_ref().clone());
                }
            }
            for accepted in &raw_term.accept {
                if self.non_empty(file, accepted, "accepted rendering") {
                    self.claim(file, accepted, Owner::Canonical(index));
                    self.glossary.terms[index]
                        .accept
                        .push(accepted.get_ref().clone());
                }
            }
            for exception in &raw_term.except {
                if self.non_empty(file, exception, "exception") {
                    self.glossary.terms[index]
                        .except
                        .push(exception.get_ref().clone());
                }
            }
            for source in &raw_term.source {
                if self.non_empty(file, source, "source form") {
                    self.glossary.terms[index]
                        .source
                        .push(source.get_ref().clone());
                }
            }
            if raw_term.derive.unwrap_or(self.derive_default) {
                self.add_derived_variants(index);
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
        let mut correct: Vec<String> = term.accept.clone();
        correct.push(canonical.clone());
        let mut derived: Vec<String> = Vec::new();
        for form in derive_spellings(&canonical) {
            let taken =
                correct.contains(&form) || term.variants.contains(&form) || derived.contains(&form);
            let key = claim_key(term.langs.target.as_deref(), &form);
            // A case-only variant shares its key with the canonical: that
            // one is the point (`Covid-19` for `COVID-19`).
            let owned_elsewhere = self.owners.get(&key).is_some_and(|(owner, ..)| {
                !matches!(owner, Owner::Canonical(i) | Owner::Variant(i) if *i == index)
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
            let names = raw_keep
                .names
                .iter()
                .filter(|n| self.non_empty(file, n, "name"))
                .map(|n| n.get_ref().clone())
                .collect();
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

    fn non_empty(&mut self, file: usize, value: &Spanned<String>, what: &str) -> bool {
        if value.get_ref().trim().is_empty() {
            self.problem(
                file,
                value.span(),
                format!("empty {what}"),
                "an empty string can never match",
            );
            return false;
        }
        true
    }

    /// Reject a replacement that the glossary would flag again: a fix that
    /// writes it would need fixing itself, and `--fix` would never settle
    /// (or two entries would undo each other). The real matcher decides,
    /// so a variant inside a longer canonical form is not a cycle.
    fn check_fixed_points(&mut self, matcher: &Matcher) {
        let replacements = std::mem::take(&mut self.replacements);
        let mut hits = Vec::new();
        for (file, span, text) in &replacements {
            hits.clear();
            matcher.find_all(text, &mut hits);
            let Some(hit) = hits
                .iter()
                .find(|h| !matches!(h.hit, Hit::Canonical { .. } | Hit::Accepted { .. }))
            else {
                continue;
            };
            let flagged = &text[hit.span.clone()];
            let related = self
                .owners
                .get(&flagged.to_lowercase())
                .map(|(_, file, span, _)| (*file, span.clone(), "flagged here".to_owned()));
            self.problems.push(Problem {
                file: *file,
                span: Some(span.clone()),
                message: format!(
                    "`{text}` contains `{flagged}`, which this glossary flags, so a fix writing it would never settle"
                ),
                label: "a fix writes this".into(),
                related,
            });
        }
    }

    /// Record who owns a phrase; report it if somebody else already does.
    fn claim(&mut self, file: usize, value: &Spanned<String>, owner: Owner) {
        let text = value.get_ref();
        // A phrase is claimed within one target language: a termbase may
        // spell a term the same way in two languages.
        let key = claim_key(self.claim_lang.as_deref(), text);
        let Some((prior, prior_file, prior_span, prior_text)) = self.owners.get(&key).cloned()
        else {
            self.owners
                .insert(key, (owner, file, value.span(), text.clone()));
            return;
        };
        let name = |owner: Owner, g: &Glossary| match owner {
            Owner::Canonical(i) | Owner::Variant(i) => format!("`{}`", g.terms[i].canonical),
            Owner::Forbidden(_) => "a forbidden rule".to_owned(),
        };
        let (message, label, related) = match (prior, owner) {
            // A variant may differ from its own canonical only in case
            // (`Covid-19` for `COVID-19`).
            (Owner::Canonical(a), Owner::Variant(b)) if a == b => {
                if prior_text != *text {
                    return;
                }
                (
                    format!("variant `{text}` is identical to its canonical form"),
                    "remove this variant",
                    "the canonical form",
                )
            }
            (Owner::Canonical(_), Owner::Canonical(_)) => (
                format!("canonical `{text}` is defined by two terms"),
                "defined again here",
                "first defined here",
            ),
            (Owner::Canonical(_), _) => (
                format!(
                    "`{text}` is the canonical form of {}, so it cannot also be flagged",
                    name(prior, &self.glossary)
                ),
                "listed here",
                "canonical form here",
            ),
            (Owner::Variant(a), Owner::Variant(b)) if a == b => (
                format!("variant `{text}` is listed twice"),
                "listed again here",
                "first listed here",
            ),
            (Owner::Variant(_), Owner::Canonical(_)) => (
                format!(
                    "canonical `{text}` is also listed as a variant of {}",
                    name(prior, &self.glossary)
                ),
                "canonical form here",
                "listed as a variant here",
            ),
            (Owner::Variant(_), _) => (
                format!(
                    "`{text}` is already a variant of {}",
                    name(prior, &self.glossary)
                ),
                "listed again here",
                "first listed here",
            ),
            (Owner::Forbidden(_), _) => (
                format!("`{text}` is already a forbidden phrase"),
                "listed again here",
                "first listed here",
            ),
        };
        self.problems.push(Problem {
            file,
            span: Some(value.span()),
            message,
            label: label.into(),
            related: Some((prior_file, prior_span, related.into())),
        });
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

    #[test]
    fn empty_strings_are_rejected() {
        let (message, at) =
            first_problem("[[term]]\ncanonical = \"A\"\nvariants = [\"B\", \" \"]\n");
        assert_eq!(message, "empty variant");
        assert_eq!(at, (3, 18));
    }

    #[test]
    fn variant_under_two_terms_is_rejected() {
        let text = "[[term]]\ncanonical = \"A\"\nvariants = [\"x\"]\n[[term]]\ncanonical = \"B\"\nvariants = [\"X\"]\n";
        let err = Glossary::from_toml(text).unwrap_err();
        let problem = &err.problems[0];
        assert_eq!(problem.message, "`X` is already a variant of `A`");
        assert_eq!(err.line_col(problem), Some((6, 13)));
        assert!(problem.related.is_some());
    }

    #[test]
    fn variant_equal_to_another_canonical_is_rejected() {
        let (message, at) = first_problem(
            "[[term]]\ncanonical = \"A\"\nvariants = [\"b\"]\n[[term]]\ncanonical = \"B\"\nvariants = [\"c\"]\n",
        );
        assert_eq!(
            message,
            "`b` is the canonical form of `B`, so it cannot also be flagged"
        );
        assert_eq!(at, (3, 13));
    }

    #[test]
    fn variant_may_differ_from_its_canonical_in_case_only() {
        let glossary =
            Glossary::from_toml("[[term]]\ncanonical = \"COVID-19\"\nvariants = [\"Covid-19\"]\n")
                .unwrap();
        assert_eq!(glossary.terms[0].variants, vec!["Covid-19"]);
        let (message, _) =
            first_problem("[[term]]\ncanonical = \"COVID-19\"\nvariants = [\"COVID-19\"]\n");
        assert!(message.contains("identical"), "{message}");
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

/// The key under which a phrase is claimed: within its target language,
/// ignoring case.
fn claim_key(target_lang: Option<&str>, text: &str) -> String {
    format!(
        "{}\u{0}{}",
        target_lang.unwrap_or_default(),
        text.to_lowercase()
    )
}

/// The spellings `derive = true` generates for a canonical form.
fn derive_spellings(canonical: &str) -> Vec<String> {
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
