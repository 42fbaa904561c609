//! Rules about the glossary itself, reported by `termlint glossary check`
//! (and as warnings when `check` loads the glossary). None of them runs on
//! a linted file; the glossary loader finds them.

use super::{Rule, Script};
use crate::diagnostic::Severity;

const GLOSSARY_RULE: Rule = Rule {
    id: "",
    severity: Severity::Warning,
    summary: "",
    explain: "",
    fixable: false,
    check: None,
    reads_terms: false,
    script: Script::Any,
    excused_by_source: false,
    on_by_default: true,
    precision: "",
};

pub const INVALID: Rule = Rule {
    id: "glossary/invalid",
    severity: Severity::Error,
    summary: "a glossary that cannot be loaded: bad syntax, a missing field, a fix that never settles",
    explain: "\
The glossary file cannot be used, and `termlint check` stops with exit code 2
before linting anything:

- a TOML, XML (TBX) or CSV syntax error, or a CSV row with the wrong number
  of fields;
- an unknown key, a `[[term]]` without `canonical`, a `[[forbidden]]`
  without `phrases`, an unknown severity;
- a TBX language section that holds only deprecated terms;
- a replacement that the glossary would flag again (a canonical form that
  contains another term's variant), so that `--fix` would never settle.

Each is located by line and column.",
    ..GLOSSARY_RULE
};

pub const CONTRADICTION: Rule = Rule {
    id: "glossary/contradiction",
    summary: "a form that one entry approves and another flags",
    explain: "\
A phrase that the glossary both approves (a canonical or accepted form) and
flags (a variant or a forbidden phrase):

    [[term]]
    canonical = \"Belt and Road Initiative\"
    accept = [\"BRI\"]

    [[term]]
    canonical = \"Bank for Reconstruction and Investment\"
    variants = [\"BRI\"]        <- reported

The approval wins: the variant (or forbidden phrase) is skipped wherever it
is listed, and the rest of the glossary is used.",
    ..GLOSSARY_RULE
};

pub const DUPLICATE_FORM: Rule = Rule {
    id: "glossary/duplicate-form",
    summary: "the same variant, accepted form or forbidden phrase listed twice",
    explain: "\
A variant listed under two terms, an accepted form of two terms, or the same
phrase listed twice by one entry (letter case aside). Only the first is
used; the later one is skipped:

    [[term]]
    canonical = \"COVID-19\"
    variants = [\"new crown pneumonia\"]

    [[term]]
    canonical = \"novel coronavirus pneumonia\"
    variants = [\"new crown pneumonia\"]   <- reported",
    ..GLOSSARY_RULE
};

pub const SHARED_SOURCE: Rule = Rule {
    id: "glossary/shared-source",
    summary: "a source form that two terms of the same target language claim",
    explain: "\
Two terms for the same target language list the same source form, so
bitext/term cannot know which translation the source asks for:

    [[term]]
    canonical = \"Maritime Silk Road\"
    source = [\"海丝\"]

    [[term]]
    canonical = \"Silk Road Economic Belt\"
    source = [\"海丝\"]      <- reported

The source form stays with the first term. Terms for different target
languages (one concept of a multilingual termbase) may share source forms.",
    ..GLOSSARY_RULE
};

pub const EMPTY_FORM: Rule = Rule {
    id: "glossary/empty-form",
    summary: "an empty or whitespace-padded string",
    explain: "\
An empty string can never match and is skipped. A string with leading or
trailing whitespace would match only with those spaces around it; it is used
without them:

    variants = [\"\", \" Hai Silk\"]    <- both reported",
    ..GLOSSARY_RULE
};

pub const DUPLICATE_CONCEPT: Rule = Rule {
    id: "glossary/duplicate-concept",
    summary: "a term defined twice (a canonical form that an earlier term approves)",
    explain: "\
Two terms with the same canonical form (letter case aside) for the same
target language, or a canonical form that is an earlier term's accepted form.
Their variants, accepted forms and source forms are merged into the first
term, so nothing is lost, but one of the two entries is redundant.

Not reported when both terms list source forms and share none: different
source terms with one approved translation are common in real termbases
(`sign in` and `log on`, both 登录), and they are merged silently.",
    ..GLOSSARY_RULE
};
