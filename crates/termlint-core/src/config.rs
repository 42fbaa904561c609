//! `termlint.toml`: project settings. Front ends find and read the file;
//! this parses it, with located errors. Command-line flags override it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::glossary::Problem;
use crate::rules::Selection;

/// File names looked for, in order, in each folder.
pub const CONFIG_NAMES: &[&str] = &["termlint.toml", ".termlint.toml"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    glossaries: Vec<String>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    fail_on: Option<Spanned<String>>,
    source_lang: Option<String>,
    target_lang: Option<String>,
    input_format: Option<Spanned<String>>,
    cjk_latin_space: Option<Spanned<String>>,
    end_punct: Option<Spanned<String>>,
    consistency_normalize: Option<Vec<Spanned<String>>>,
    xliff_states: Option<Vec<String>>,
    consistency_scope: Option<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    source_lang: Option<String>,
    target_lang: Option<String>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
}

/// Rule settings for the files that match some globs.
#[derive(Debug)]
pub struct Override {
    pub paths: GlobSet,
    pub selection: Selection,
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
}

#[derive(Debug, Default)]
pub struct Config {
    pub path: PathBuf,
    /// The folder holding the config; globs and glossaries are relative to it.
    pub root: PathBuf,
    pub glossaries: Vec<PathBuf>,
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    pub selection: Selection,
    pub fail_on: Option<Severity>,
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
    /// Read every file as this format (`lines` for one sentence per line).
    pub input_format: Option<crate::document::Format>,
    /// Spacing between Chinese and Latin (zh/cjk-latin-space).
    pub cjk_latin_space: Option<crate::rules::SpacingMode>,
    /// `end-punct = "match"` (`true`) or `"consistent"` (`false`).
    pub end_punct_match: Option<bool>,
    /// What bitext/inconsistent-target and -source ignore when comparing.
    pub consistency_normalize: Option<crate::consistency::Normalize>,
    /// The XLIFF states to lint; `None` lints every unit.
    pub xliff_states: Option<Vec<String>>,
    /// `consistency-scope = "project"`: term/inconsistent across the run.
    pub terms_across_files: Option<bool>,
    pub overrides: Vec<Override>,
}

struct Errors {
    problems: Vec<Problem>,
}

impl Errors {
    fn at(&mut self, span: std::ops::Range<usize>, message: String, label: &str) {
        self.problems.push(Problem {
            file: 0,
            span: Some(span),
            message,
            label: label.into(),
            related: None,
            rule: None,
        });
    }

    fn selectors(&mut self, values: &[Spanned<String>]) -> Vec<String> {
        values
            .iter()
            .filter(|v| {
                let known = Selection::is_known_selector(v.get_ref());
                if !known {
                    self.at(
                        v.span(),
                        format!("unknown rule or family `{}`", v.get_ref()),
                        "see `termlint rules`",
                    );
                }
                known
            })
            .map(|v| v.get_ref().clone())
            .collect()
    }

    fn severities(&mut self, map: &BTreeMap<String, Spanned<String>>) -> HashMap<String, Severity> {
        let mut out = HashMap::new();
        for (rule, value) in map {
            if !Selection::is_known_selector(rule) {
                self.at(
                    value.span(),
                    format!("unknown rule or family `{rule}`"),
                    "see `termlint rules`",
                );
                continue;
            }
            match value.get_ref().parse() {
                Ok(severity) => {
                    out.insert(rule.clone(), severity);
                }
                Err(message) => self.at(value.span(), message, "not a severity"),
            }
        }
        out
    }

    fn globs(&mut self, values: &[Spanned<String>]) -> Option<GlobSet> {
        if values.is_empty() {
            return None;
        }
        let mut builder = GlobSetBuilder::new();
        for value in values {
            match Glob::new(value.get_ref()) {
                Ok(glob) => {
                    builder.add(glob);
                    // `vendor/**` should also match `vendor` itself and
                    // `docs/legacy` a folder's contents.
                    if let Ok(glob) =
                        Glob::new(&format!("{}/**", value.get_ref().trim_end_matches('/')))
                    {
                        builder.add(glob);
                    }
                }
                Err(err) => self.at(value.span(), format!("bad glob: {err}"), "here"),
            }
        }
        builder.build().ok()
    }
}

/// Parse config text that lives at `path`.
pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Problem>> {
    let raw: RawConfig = toml::from_str(text).map_err(|err| {
        vec![Problem {
            file: 0,
            span: err.span(),
            message: err.message().trim_end().to_owned(),
            label: "here".into(),
            related: None,
            rule: None,
        }]
    })?;
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .to_path_buf();
    let mut errors = Errors {
        problems: Vec::new(),
    };
    let selection = Selection {
        select: errors.selectors(&raw.select),
        ignore: errors.selectors(&raw.ignore),
        severity: errors.severities(&raw.severity),
    };
    let fail_on = raw.fail_on.and_then(|value| match value.get_ref().parse() {
        Ok(severity) => Some(severity),
        Err(message) => {
            errors.at(value.span(), message, "not a severity");
            None
        }
    });
    let input_format = raw.input_format.and_then(|value| {
        let format = crate::document::Format::parse_name(value.get_ref());
        if format.is_none() {
            errors.at(
                value.span(),
                format!("unknown input format `{}`", value.get_ref()),
                "text, lines, markdown, tsv, po, xliff or tmx",
            );
        }
        format
    });
    let cjk_latin_space = raw
        .cjk_latin_space
        .and_then(|value| match value.get_ref().parse() {
            Ok(mode) => Some(mode),
            Err(message) => {
                errors.at(value.span(), message, "not a spacing mode");
                None
            }
        });
    let end_punct_match = raw
        .end_punct
        .and_then(|value| match value.get_ref().as_str() {
            "match" => Some(true),
            "consistent" => Some(false),
            other => {
                errors.at(
                    value.span(),
                    format!("unknown end-punct mode `{other}`"),
                    "match or consistent",
                );
                None
            }
        });
    let consistency_normalize = raw.consistency_normalize.as_ref().and_then(|names| {
        let mut valid = Vec::new();
        for name in names {
            match crate::consistency::Normalize::from_names(std::slice::from_ref(name.get_ref())) {
                Ok(_) => valid.push(name.get_ref().clone()),
                Err(message) => errors.at(name.span(), message, "not a normalisation"),
            }
        }
        crate::consistency::Normalize::from_names(&valid).ok()
    });
    let terms_across_files =
        raw.consistency_scope
            .and_then(|value| match value.get_ref().as_str() {
                "file" => Some(false),
                "project" => Some(true),
                other => {
                    errors.at(
                        value.span(),
                        format!("unknown consistency scope `{other}`"),
                        "file or project",
                    );
                    None
                }
            });
    let include = errors.globs(&raw.include);
    let exclude = errors.globs(&raw.exclude);
    let overrides = raw
        .overrides
        .iter()
        .filter_map(|o| {
            let paths = errors.globs(&o.paths)?;
            Some(Override {
                paths,
                selection: Selection {
                    select: errors.selectors(&o.select),
                    ignore: errors.selectors(&o.ignore),
                    severity: errors.severities(&o.severity),
                },
                source_lang: o.source_lang.clone(),
                target_lang: o.target_lang.clone(),
            })
        })
        .collect();
    if !errors.problems.is_empty() {
        return Err(errors.problems);
    }
    Ok(Config {
        path: path.to_path_buf(),
        glossaries: raw.glossaries.iter().map(|g| root.join(g)).collect(),
        root,
        include,
        exclude,
        selection,
        fail_on,
        source_lang: raw.source_lang,
        target_lang: raw.target_lang,
        input_format,
        cjk_latin_space,
        end_punct_match,
        consistency_normalize,
        xliff_states: raw.xliff_states,
        terms_across_files,
        overrides,
    })
}

impl Config {
    /// A path as the config's globs see it: relative to the config folder.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let root = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        absolute
            .strip_prefix(&root)
            .map(Path::to_path_buf)
            .unwrap_or(absolute)
    }

    /// Whether a file is linted: not excluded, and, when found by walking a
    /// folder, included.
    pub fn wants(&self, path: &Path, explicit: bool) -> bool {
        let relative = self.relative(path);
        if self.exclude.as_ref().is_some_and(|g| g.is_match(&relative)) {
            return false;
        }
        explicit || self.include.as_ref().is_none_or(|g| g.is_match(&relative))
    }

    /// The source and target languages for one file: the last matching
    /// override that gives one, else the config's own.
    pub fn langs_for(&self, path: Option<&Path>) -> (Option<String>, Option<String>) {
        let (mut source, mut target) = (self.source_lang.clone(), self.target_lang.clone());
        if let Some(path) = path {
            let relative = self.relative(path);
            for o in self
                .overrides
                .iter()
                .filter(|o| o.paths.is_match(&relative))
            {
                source = o.source_lang.clone().or(source);
                target = o.target_lang.clone().or(target);
            }
        }
        (source, target)
    }

    /// The rule selection for one file, with matching overrides applied.
    pub fn selection_for(&self, base: &Selection, path: &Path) -> Selection {
        let relative = self.relative(path);
        let mut selection = base.clone();
        for o in self
            .overrides
            .iter()
            .filter(|o| o.paths.is_match(&relative))
        {
            selection = selection.overridden_by(&o.selection);
        }
        selection
    }
}

/// The starter config that `termlint init` writes.
pub const STARTER: &str = r#"# termlint configuration. Paths are relative to this file.
# Command-line flags override these settings.

# Glossaries: files or folders of *.toml, *.tbx, *.csv or *.tsv. Without
# any, the bundled Chinese-English news glossary is used.
# glossaries = ["glossary/"]

# Which files to lint when walking folders, and which never to lint.
# include = ["docs/**", "*.txt"]
exclude = ["target/**", "node_modules/**"]

# Rules or families to run (empty: all) and to skip. See `termlint rules`.
# select = ["term", "punct", "space", "garble"]
# ignore = ["term/inconsistent"]

# The lowest severity that fails the run (exit code 1).
fail-on = "warning"

# Languages of bilingual files and of the text.
# source-lang = "zh"
target-lang = "en"

# Chinese targets: spacing between Chinese and Latin (always, never or
# consistent) and final punctuation (consistent: the file's habit; match).
# cjk-latin-space = "consistent"
# end-punct = "consistent"

# What bitext/inconsistent-target ignores when it compares units across
# files (all three by default).
# consistency-normalize = ["whitespace", "case", "placeholders"]

# term/inconsistent within each file ("file") or across every file of
# the run ("project").
# consistency-scope = "file"

# XLIFF: the unit states to lint (default: all). A unit with no state is
# always linted; approved="yes" counts as "final".
# xliff-states = ["new", "needs-translation", "translated"]

# Per-rule severities: "error", "warning" or "info".
[severity]
# "punct/spacing" = "info"

# Settings for some paths only; later matches win.
# [[overrides]]
# paths = ["docs/legacy/**"]
# ignore = ["punct"]
#
# Languages per path, for catalogues in several languages:
# [[overrides]]
# paths = ["locale/zh_TW/**"]
# target-lang = "zh-TW"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<Problem> {
        parse(Path::new("termlint.toml"), text).unwrap_err()
    }

    #[test]
    fn parses_the_documented_example() {
        let config = parse(
            Path::new("/repo/termlint.toml"),
            r#"
glossaries = ["glossary/", "../shared-terms/news.toml"]
exclude = ["vendor/**"]
select = ["term", "punct", "bitext"]
ignore = ["term/inconsistent"]
fail-on = "warning"
source-lang = "zh"
target-lang = "en"

[severity]
"punct/spacing" = "info"

[[overrides]]
paths = ["docs/legacy/**"]
ignore = ["punct"]
"#,
        );
        let config = config.unwrap();
        assert_eq!(
            config.glossaries,
            vec![
                PathBuf::from("/repo/glossary/"),
                PathBuf::from("/repo/../shared-terms/news.toml")
            ]
        );
        assert_eq!(config.fail_on, Some(Severity::Warning));
        assert_eq!(config.target_lang.as_deref(), Some("en"));
        assert!(!config.selection.enabled("term/inconsistent"));
        assert!(config.selection.enabled("term/variant"));
        assert!(!config.selection.enabled("garble/mojibake"));
        assert!(
            problems("select = [\"nonsense\"]\n")[0]
                .message
                .contains("nonsense")
        );
    }

    #[test]
    fn overrides_and_globs() {
        let config = parse(
            Path::new("/repo/termlint.toml"),
            "exclude = [\"vendor/**\"]\nignore = [\"term/inconsistent\"]\n[severity]\n\"punct/spacing\" = \"info\"\n[[overrides]]\npaths = [\"docs/legacy/**\"]\nignore = [\"punct\"]\n",
        )
        .unwrap();
        assert_eq!(config.glossaries, Vec::<PathBuf>::new());
        assert!(!config.wants(Path::new("/repo/vendor/a.txt"), false));
        assert!(!config.wants(Path::new("/repo/vendor/a.txt"), true));
        assert!(config.wants(Path::new("/repo/docs/a.txt"), false));
        let legacy = config.selection_for(&config.selection, Path::new("/repo/docs/legacy/x.txt"));
        assert!(!legacy.enabled("punct/spacing"));
        assert!(!legacy.enabled("term/inconsistent"));
        let other = config.selection_for(&config.selection, Path::new("/repo/docs/x.txt"));
        assert!(other.enabled("punct/spacing"));
        assert_eq!(other.severity.get("punct/spacing"), Some(&Severity::Info));
    }

    #[test]
    fn unknown_keys_and_values_are_located() {
        let p = problems("fail-on = \"warning\"\nselekt = [\"term\"]\n");
        assert!(p[0].message.contains("selekt"), "{}", p[0].message);
        assert_eq!(p[0].span.clone().unwrap().start, 20);
        let p = problems("fail-on = \"loud\"\n");
        assert!(p[0].message.contains("loud"));
        assert_eq!(p[0].span.clone().unwrap(), 10..16);
    }

    #[test]
    fn the_starter_config_is_valid() {
        parse(Path::new("termlint.toml"), STARTER).unwrap();
    }
}
