//! Settings, resolved once: what the user said (command-line flags, or a
//! language server's client settings), the project's `termlint.toml` and
//! the glossary become one [`Settings`] value. Everything downstream reads
//! it; nothing downstream reads raw flags or the raw config.
//!
//! Precedence, highest first: flags, the config (with its per-path
//! overrides), what the file itself declares, the glossary, defaults.

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::config::Config;
use crate::decode::{self, DecodeError};
use crate::diagnostic::Severity;
use crate::document::Format;
use crate::formats::ReadOptions;
use crate::glossary::{Compiled, Glossary};
use crate::matcher::Matcher;
use crate::rules::{self, RuleOptions, Selection, SpacingMode};

/// What the user asked for directly; `None` or empty means "not said".
#[derive(Clone, Debug, Default)]
pub struct Flags {
    /// `--select`/`--ignore`.
    pub selection: Selection,
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
    /// `--glossary` files or folders.
    pub glossaries: Vec<PathBuf>,
    /// `--encoding`: a WHATWG label for files without a byte-order mark.
    pub encoding: Option<String>,
    /// `--input-format`: read every file as this format.
    pub input_format: Option<Format>,
    /// `--include-fuzzy`.
    pub include_fuzzy: bool,
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
    /// `--as-of` year.
    pub as_of_year: Option<i32>,
    /// `--cjk-latin-space`: `always`, `never` or `consistent`.
    pub cjk_latin_space: Option<String>,
}

impl Flags {
    /// Check what can be checked before anything is loaded: rule selectors
    /// and the encoding label.
    pub fn validate(&self) -> Result<(), String> {
        self.selection.validate()?;
        self.encoding()?;
        if let Some(mode) = &self.cjk_latin_space {
            mode.parse::<SpacingMode>()?;
        }
        Ok(())
    }

    fn encoding(&self) -> Result<Option<&'static Encoding>, String> {
        match self.encoding.as_deref() {
            None => Ok(None),
            Some(label) => Encoding::for_label(label.as_bytes())
                .map(Some)
                .ok_or_else(|| format!("unknown encoding `{label}`")),
        }
    }

    /// The glossary files to load: the flags', else the config's; empty
    /// means the bundled glossary.
    pub fn glossary_paths(&self, config: Option<&Config>) -> Vec<PathBuf> {
        if self.glossaries.is_empty() {
            config.map(|c| c.glossaries.clone()).unwrap_or_default()
        } else {
            self.glossaries.clone()
        }
    }
}

/// Everything a lint needs, resolved once and shared by every document.
pub struct Settings {
    config: Option<Config>,
    /// Flags over the config; per-path overrides come on top in
    /// [`Settings::for_path`].
    selection: Selection,
    /// The lowest severity that fails a run.
    pub fail_on: Severity,
    encoding: Option<&'static Encoding>,
    input_format: Option<Format>,
    include_fuzzy: bool,
    /// The languages from the flags, which win over the config's (and its
    /// per-path overrides'), which win over what a file declares.
    flag_source_lang: Option<String>,
    flag_target_lang: Option<String>,
    as_of_year: i32,
    cjk_latin_space: SpacingMode,
    end_punct_match: bool,
    normalize: crate::consistency::Normalize,
    xliff_states: Option<Vec<String>>,
    terms_across_files: bool,
    pub glossary: Glossary,
    pub matcher: Matcher,
    /// The source text of a line-aligned pair (`--source FILE`).
    aligned_source: Option<String>,
}

/// The settings for one document.
pub struct FileSettings<'a> {
    pub settings: &'a Settings,
    pub format: Format,
    pub selection: Selection,
    /// The source and target languages given for this file by the flags or
    /// the config; `None` lets the file's header, then the text, decide.
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
}

impl Settings {
    /// Resolve flags, the config and the compiled glossary into settings.
    pub fn resolve(
        flags: Flags,
        config: Option<Config>,
        compiled: Compiled,
    ) -> Result<Settings, String> {
        let Compiled {
            glossary, matcher, ..
        } = compiled;
        flags.validate()?;
        let encoding = flags.encoding()?;
        let selection = match &config {
            Some(config) => config.selection.overridden_by(&flags.selection),
            None => flags.selection.clone(),
        };
        Ok(Settings {
            fail_on: flags
                .fail_on
                .or_else(|| config.as_ref().and_then(|c| c.fail_on))
                .unwrap_or(Severity::Warning),
            as_of_year: flags.as_of_year.unwrap_or_else(rules::current_year),
            end_punct_match: config
                .as_ref()
                .and_then(|c| c.end_punct_match)
                .unwrap_or(false),
            normalize: config
                .as_ref()
                .and_then(|c| c.consistency_normalize)
                .unwrap_or_default(),
            xliff_states: config.as_ref().and_then(|c| c.xliff_states.clone()),
            terms_across_files: config
                .as_ref()
                .and_then(|c| c.terms_across_files)
                .unwrap_or(false),
            cjk_latin_space: match &flags.cjk_latin_space {
                Some(mode) => mode.parse()?,
                None => config
                    .as_ref()
                    .and_then(|c| c.cjk_latin_space)
                    .unwrap_or_default(),
            },
            selection,
            encoding,
            input_format: flags
                .input_format
                .or_else(|| config.as_ref().and_then(|c| c.input_format)),
            include_fuzzy: flags.include_fuzzy,
            flag_source_lang: flags.source_lang.clone(),
            flag_target_lang: flags.target_lang.clone(),
            glossary,
            matcher,
            aligned_source: None,
            config,
        })
    }

    /// Lint every document as the target of a line-aligned pair whose
    /// source file has these bytes.
    pub fn set_aligned_source(&mut self, bytes: &[u8]) -> Result<(), String> {
        let text = match decode::decode(bytes, self.encoding) {
            Ok(decoded) => decoded.text,
            Err(DecodeError::Binary(_)) => return Err("binary file".to_owned()),
            Err(DecodeError::Invalid(message)) => return Err(message),
        };
        self.aligned_source = Some(text);
        Ok(())
    }

    pub fn aligned_source(&self) -> Option<&str> {
        self.aligned_source.as_deref()
    }

    pub fn encoding(&self) -> Option<&'static Encoding> {
        self.encoding
    }

    /// Whether a file is linted at all: not excluded by the config, and,
    /// when found by walking a folder, included.
    pub fn wants(&self, path: &Path, explicit: bool) -> bool {
        self.config
            .as_ref()
            .is_none_or(|config| config.wants(path, explicit))
    }

    /// The settings for one document: its format (the flag's, else by
    /// extension; plain text without a path) and its rule selection with
    /// the config's per-path overrides.
    pub fn for_path(&self, path: Option<&Path>) -> FileSettings<'_> {
        let format = match (self.input_format, path) {
            (Some(format), _) => format,
            (None, Some(path)) => Format::from_path(path),
            (None, None) => Format::Text,
        };
        let selection = match (&self.config, path) {
            (Some(config), Some(path)) => config.selection_for(&self.selection, path),
            _ => self.selection.clone(),
        };
        let (config_source, config_target) = match &self.config {
            Some(config) => config.langs_for(path),
            None => (None, None),
        };
        FileSettings {
            settings: self,
            format,
            selection,
            source_lang: self.flag_source_lang.clone().or(config_source),
            target_lang: self.flag_target_lang.clone().or(config_target),
        }
    }
}

impl FileSettings<'_> {
    /// Whether a unit in this workflow state is linted (config
    /// `xliff-states`); a unit with no state always is.
    pub fn lints_state(&self, state: Option<&str>) -> bool {
        match (&self.settings.xliff_states, state) {
            (Some(states), Some(state)) => states.iter().any(|s| s == state),
            _ => true,
        }
    }

    /// Which run-level consistency summaries this file gives: its
    /// bilingual units (when a bitext consistency rule runs on it), and
    /// with `consistency-scope = "project"` its renderings of glossary
    /// terms.
    fn consistency_wanted(&self, doc: &crate::document::Document) -> (bool, bool) {
        use crate::consistency::{INCONSISTENT_SOURCE, INCONSISTENT_TARGET};
        let units = (self.selection.enabled(INCONSISTENT_TARGET.id)
            || self.selection.enabled(INCONSISTENT_SOURCE.id))
            && doc.segments.iter().any(|s| s.source.is_some());
        let terms = self.settings.terms_across_files
            && self.selection.enabled(crate::rules::term::INCONSISTENT.id);
        (units, terms)
    }

    fn term_renderings(
        &self,
        doc: &crate::document::Document,
    ) -> Vec<crate::rules::term::TermRendering> {
        let options = self.rule_options(doc.target_lang.as_deref());
        let cx = crate::rules::Context::new(
            doc,
            &self.settings.glossary,
            &self.settings.matcher,
            &options,
            true,
            false,
            false,
        );
        crate::rules::term::renderings(&cx)
    }

    /// The document's units in full for the consistency rules, as a run of
    /// its own (the language server); `None` when no such rule runs on it.
    pub fn consistency_units(
        &self,
        doc: &crate::document::Document,
    ) -> Option<crate::consistency::FileUnits> {
        let (units_wanted, terms_wanted) = self.consistency_wanted(doc);
        if !units_wanted && !terms_wanted {
            return None;
        }
        let mut units = if units_wanted {
            crate::consistency::units(
                doc,
                self.source_lang.as_deref(),
                self.target_lang.as_deref(),
                &self.normalize(),
            )
        } else {
            crate::consistency::FileUnits {
                path: doc.path.clone(),
                ..Default::default()
            }
        };
        if terms_wanted {
            units.terms = self.term_renderings(doc);
        }
        Some(units)
    }

    /// How units are compared in this file: with a loose source key only
    /// where bitext/inconsistent-source reads it.
    fn normalize(&self) -> crate::consistency::Normalize {
        crate::consistency::Normalize {
            loose_sources: self
                .selection
                .enabled(crate::consistency::INCONSISTENT_SOURCE.id),
            ..self.settings.normalize
        }
    }

    /// The document's contribution to the first pass of a run's
    /// consistency rules ([`crate::consistency::Index`]); `None` when no
    /// such rule runs on it.
    pub fn consistency_summary(
        &self,
        doc: &crate::document::Document,
    ) -> Option<crate::consistency::FileSummary> {
        let (units_wanted, terms_wanted) = self.consistency_wanted(doc);
        if !units_wanted && !terms_wanted {
            return None;
        }
        let mut summary = if units_wanted {
            crate::consistency::summary(
                doc,
                self.source_lang.as_deref(),
                self.target_lang.as_deref(),
                &self.normalize(),
            )
        } else {
            crate::consistency::FileSummary {
                path: doc.path.clone(),
                ..Default::default()
            }
        };
        if terms_wanted {
            summary.terms = self.term_renderings(doc);
        }
        Some(summary)
    }

    /// The second pass: the document's units that sit in the run's
    /// inconsistent groups; `file` is its index in the run.
    pub fn consistency_members(
        &self,
        plan: &crate::consistency::Plan,
        file: usize,
        doc: &crate::document::Document,
    ) -> Vec<crate::consistency::Unit> {
        plan.members(
            file,
            doc,
            self.source_lang.as_deref(),
            self.target_lang.as_deref(),
            &self.normalize(),
        )
    }

    /// How this file's formats are read.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            include_fuzzy: self.settings.include_fuzzy,
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
        }
    }

    /// The options rules read for a document that declares `declared` as
    /// its target language: the flag or config (with its per-path
    /// overrides), else the file's own declaration; else none, and the
    /// script of each segment decides. A glossary's `target_lang` describes
    /// the glossary, not the files.
    pub fn rule_options(&self, declared: Option<&str>) -> RuleOptions {
        let settings = self.settings;
        RuleOptions {
            target_lang: self.target_lang.as_deref().or(declared).map(str::to_owned),
            as_of_year: settings.as_of_year,
            cjk_latin_space: settings.cjk_latin_space,
            end_punct_match: settings.end_punct_match,
            terms_across_files: settings.terms_across_files,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        crate::config::parse(Path::new("termlint.toml"), text).unwrap()
    }

    fn resolve(flags: Flags, config: Option<Config>) -> Settings {
        Settings::resolve(flags, config, Compiled::bundled().unwrap()).unwrap()
    }

    #[test]
    fn target_language_precedence() {
        let target = |settings: &Settings, path: &str, declared: Option<&str>| {
            settings
                .for_path(Some(Path::new(path)))
                .rule_options(declared)
                .target_lang
        };
        let bare = resolve(Flags::default(), None);
        assert_eq!(target(&bare, "a.po", None), None);
        assert_eq!(target(&bare, "a.po", Some("de")).as_deref(), Some("de"));
        let configured = resolve(Flags::default(), Some(config("target-lang = \"fr\"")));
        assert_eq!(
            target(&configured, "a.po", Some("de")).as_deref(),
            Some("fr")
        );
        let flagged = Flags {
            target_lang: Some("zh-CN".into()),
            ..Flags::default()
        };
        let flagged = resolve(flagged, Some(config("target-lang = \"fr\"")));
        assert_eq!(
            target(&flagged, "a.po", Some("de")).as_deref(),
            Some("zh-CN")
        );
    }

    #[test]
    fn languages_per_path() {
        let per_path = config(
            "target-lang = \"en\"\n\
             [[overrides]]\npaths = [\"locale/zh_CN/**\"]\ntarget-lang = \"zh-CN\"\n\
             [[overrides]]\npaths = [\"locale/zh_TW/**\"]\ntarget-lang = \"zh-TW\"\nsource-lang = \"en-US\"\n",
        );
        let settings = resolve(Flags::default(), Some(per_path));
        let file = |path: &str| settings.for_path(Some(Path::new(path)));
        assert_eq!(
            file("locale/zh_CN/a.po").target_lang.as_deref(),
            Some("zh-CN")
        );
        assert_eq!(
            file("locale/zh_TW/a.po").target_lang.as_deref(),
            Some("zh-TW")
        );
        assert_eq!(
            file("locale/zh_TW/a.po").source_lang.as_deref(),
            Some("en-US")
        );
        assert_eq!(file("docs/a.md").target_lang.as_deref(), Some("en"));
        // The flag wins over every override.
        let flags = Flags {
            target_lang: Some("ja".into()),
            ..Flags::default()
        };
        let settings = resolve(
            flags,
            Some(config(
                "[[overrides]]\npaths = [\"**\"]\ntarget-lang = \"zh-CN\"\n",
            )),
        );
        assert_eq!(
            settings
                .for_path(Some(Path::new("a.po")))
                .target_lang
                .as_deref(),
            Some("ja")
        );
    }

    #[test]
    fn flags_override_config_and_overrides_apply_per_path() {
        let config = config(
            "fail-on = \"error\"\nselect = [\"term\"]\n[[overrides]]\npaths = [\"legacy/**\"]\nignore = [\"term/variant\"]\n",
        );
        let flags = Flags {
            fail_on: Some(Severity::Info),
            ..Flags::default()
        };
        let settings = resolve(flags, Some(config));
        assert_eq!(settings.fail_on, Severity::Info);
        let plain = settings.for_path(Some(Path::new("a.txt")));
        assert!(plain.selection.enabled("term/variant"));
        assert!(!plain.selection.enabled("punct/doubled"));
        let legacy = settings.for_path(Some(Path::new("legacy/a.po")));
        assert!(!legacy.selection.enabled("term/variant"));
        assert_eq!(legacy.format, Format::Po);
        assert_eq!(settings.for_path(None).format, Format::Text);
    }

    #[test]
    fn bad_flags_are_errors() {
        let bad_rule = Flags {
            selection: Selection {
                select: vec!["nope".into()],
                ..Selection::default()
            },
            ..Flags::default()
        };
        assert!(bad_rule.validate().unwrap_err().contains("`nope`"));
        let bad_encoding = Flags {
            encoding: Some("klingon".into()),
            ..Flags::default()
        };
        assert_eq!(
            bad_encoding.validate().unwrap_err(),
            "unknown encoding `klingon`"
        );
    }
}
