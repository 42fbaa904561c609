//! One buffer linted through the core's entry point, and what the editor
//! is shown: diagnostics, quick fixes, suppressions and hovers.

use std::path::Path;
use std::sync::Arc;

use lsp_types::{
    CodeAction, CodeActionKind, CodeDescription, Diagnostic as LspDiagnostic,
    DiagnosticRelatedInformation, DiagnosticSeverity, Hover, HoverContents, Location,
    MarkupContent, MarkupKind, NumberOrString, Position, TextEdit, Uri, WorkspaceEdit,
};
use termlint_core::diagnostic::{Diagnostic, Severity};
use termlint_core::document::Format;
use termlint_core::lint::{self, Linted};
use termlint_core::matcher::Hit;
use termlint_core::settings::Settings;

use crate::position::LineIndex;

/// A linted buffer: the version it was linted at, the document as parsed,
/// and its findings (spans into the buffer's text after any BOM).
pub struct Analysis {
    pub version: i32,
    pub linted: Linted,
    pub settings: Arc<Settings>,
}

/// Lint a buffer as `termlint check` lints that file alone: the per-file
/// rules and, a file being a run of its own, the consistency rules.
pub fn analyse(
    text: &str,
    path: Option<&Path>,
    version: i32,
    settings: Arc<Settings>,
) -> Result<Analysis, String> {
    let mut linted =
        lint::lint(text.as_bytes(), path, &settings, false).map_err(|e| e.to_string())?;
    let file = settings.for_path(path);
    let run_level = termlint_core::consistency::within_document(&linted.document, &file);
    linted.diagnostics.extend(run_level);
    Ok(Analysis {
        version,
        linted,
        settings,
    })
}

/// Where the rule is explained: docs/rules/<id>.md in the repository, when
/// Cargo.toml names one.
fn rule_link(rule: &str) -> Option<CodeDescription> {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    if repository.is_empty() {
        return None;
    }
    let href = format!("{repository}/blob/main/docs/rules/{rule}.md");
    Some(CodeDescription {
        href: href.parse().ok()?,
    })
}

pub fn uri_of_path(path: &str) -> Option<Uri> {
    let absolute = std::path::absolute(path).ok()?;
    url::Url::from_file_path(absolute)
        .ok()?
        .as_str()
        .parse()
        .ok()
}

impl Analysis {
    fn base(&self) -> usize {
        self.linted.document.file_offset_base
    }

    /// The findings as LSP diagnostics, positioned in `buffer` (the text the
    /// editor has, byte-order mark included).
    pub fn diagnostics(&self, uri: &Uri, buffer: &str) -> Vec<LspDiagnostic> {
        let index = LineIndex::new(buffer);
        let base = self.base();
        self.linted
            .diagnostics
            .iter()
            .map(|d| to_lsp(d, uri, &index, base))
            .collect()
    }

    /// The findings whose span overlaps `range` (in buffer offsets).
    fn overlapping(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = &Diagnostic> {
        let base = self.base();
        self.linted.diagnostics.iter().filter(move |d| {
            let (start, end) = (d.span.start + base, d.span.end + base);
            start <= range.end && range.start <= end
        })
    }

    /// Quick fixes, suppressions and "fix all" for the findings that
    /// overlap `range`.
    pub fn code_actions(
        &self,
        uri: &Uri,
        buffer: &str,
        path: Option<&Path>,
        range: lsp_types::Range,
        only: Option<&[CodeActionKind]>,
    ) -> Vec<CodeAction> {
        let wants = |kind: &CodeActionKind| {
            only.is_none_or(|only| {
                only.iter().any(|o| {
                    kind.as_str() == o.as_str()
                        || kind.as_str().starts_with(&format!("{}.", o.as_str()))
                })
            })
        };
        let index = LineIndex::new(buffer);
        let base = self.base();
        let wanted = index.offset(range.start)..index.offset(range.end);
        let mut actions = Vec::new();
        let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
            changes: Some([(uri.clone(), edits)].into_iter().collect()),
            ..WorkspaceEdit::default()
        };
        if wants(&CodeActionKind::QUICKFIX) {
            for d in self.overlapping(wanted) {
                let lsp = to_lsp(d, uri, &index, base);
                if let Some(fix) = &d.fix {
                    let span = fix.span.start + base..fix.span.end + base;
                    let title = if fix.replacement.is_empty() {
                        format!("Delete `{}`", &buffer[span.clone()])
                    } else {
                        format!(
                            "Replace `{}` with `{}`",
                            &buffer[span.clone()],
                            fix.replacement
                        )
                    };
                    actions.push(CodeAction {
                        title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![lsp.clone()]),
                        edit: Some(edit(vec![TextEdit::new(
                            index.range(span),
                            fix.replacement.clone(),
                        )])),
                        is_preferred: Some(true),
                        ..CodeAction::default()
                    });
                }
                if let Some(insert) = suppression(&self.linted.document, d, buffer, base) {
                    actions.push(CodeAction {
                        title: format!("Suppress {} here", d.rule),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![lsp]),
                        edit: Some(edit(vec![TextEdit::new(
                            index.range(insert.0..insert.0),
                            insert.1,
                        )])),
                        ..CodeAction::default()
                    });
                }
            }
        }
        let fix_all_kind = CodeActionKind::from("source.fixAll.termlint");
        let fixable = self.linted.diagnostics.iter().any(|d| d.fix.is_some());
        if fixable
            && (wants(&fix_all_kind) || wants(&CodeActionKind::QUICKFIX))
            && let Some(edit_all) = self.fix_all(buffer, path)
        {
            actions.push(CodeAction {
                title: "Fix all safe problems in this file".into(),
                kind: Some(fix_all_kind),
                edit: Some(edit(vec![edit_all])),
                ..CodeAction::default()
            });
        }
        actions
    }

    /// One edit that turns the buffer into what `termlint check --fix`
    /// would write: the changed middle between the common prefix and
    /// suffix, so that the editor keeps the rest (and the cursor) as is.
    fn fix_all(&self, buffer: &str, path: Option<&Path>) -> Option<TextEdit> {
        let fixed = lint::lint(buffer.as_bytes(), path, &self.settings, true).ok()?;
        if fixed.fixes_applied == 0 {
            return None;
        }
        let bom = &buffer[..self.base()];
        let new = format!("{bom}{}", fixed.document.text);
        let prefix = common_prefix(buffer, &new);
        let suffix = common_suffix(&buffer[prefix..], &new[prefix..]);
        let index = LineIndex::new(buffer);
        Some(TextEdit::new(
            index.range(prefix..buffer.len() - suffix),
            new[prefix..new.len() - suffix].to_owned(),
        ))
    }

    /// What to show over `position`: the findings there, and the glossary
    /// entry of any term there.
    pub fn hover(&self, buffer: &str, position: Position) -> Option<Hover> {
        let index = LineIndex::new(buffer);
        let offset = index.offset(position);
        let mut sections = Vec::new();
        for d in self.overlapping(offset..offset) {
            sections.push(format!("**{}**: {}", d.rule, d.message));
        }
        // The glossary terms on this line, in the text as it stands.
        let line_start = buffer[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = buffer[offset..]
            .find('\n')
            .map_or(buffer.len(), |i| offset + i);
        let line = &buffer[line_start..line_end];
        let at = offset - line_start;
        let mut hits = Vec::new();
        self.settings.matcher.find_all(line, &mut hits);
        let mut terms: Vec<usize> = hits
            .iter()
            .filter(|h| h.span.start <= at && at <= h.span.end)
            .filter_map(|h| match h.hit {
                Hit::Canonical { term }
                | Hit::Accepted { term, .. }
                | Hit::Variant { term, .. } => Some(term),
                Hit::Forbidden { .. } => None,
            })
            .collect();
        terms.extend(
            self.settings
                .matcher
                .source
                .find_all(line)
                .into_iter()
                .filter(|(span, _)| span.start <= at && at <= span.end)
                .map(|(_, term)| term),
        );
        terms.sort_unstable();
        terms.dedup();
        let glossary = &self.settings.glossary;
        for term in terms {
            let term = &glossary.terms[term];
            let mut text = format!("**{}** (approved)", term.canonical);
            let list = |items: &[String]| {
                items
                    .iter()
                    .map(|i| format!("`{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !term.accept.is_empty() {
                text.push_str(&format!("\n\nAlso correct: {}", list(&term.accept)));
            }
            if !term.variants.is_empty() {
                text.push_str(&format!("\n\nFlagged: {}", list(&term.variants)));
            }
            if !term.source.is_empty() {
                text.push_str(&format!("\n\nSource forms: {}", list(&term.source)));
            }
            if let Some(note) = &term.note {
                text.push_str(&format!("\n\n{note}"));
            }
            sections.push(text);
        }
        if sections.is_empty() {
            return None;
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: sections.join("\n\n---\n\n"),
            }),
            range: None,
        })
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(n) || !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(a.len() - n) || !b.is_char_boundary(b.len() - n) {
        n -= 1;
    }
    n
}

fn to_lsp(d: &Diagnostic, uri: &Uri, index: &LineIndex<'_>, base: usize) -> LspDiagnostic {
    let shift = |span: &std::ops::Range<usize>| span.start + base..span.end + base;
    let mut related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), index.range(shift(&label.span))),
            message: label.message.clone(),
        })
        .collect();
    related.extend(d.related.iter().filter_map(|r| {
        // Another file: its line and column are known, in characters.
        let position = Position::new(
            r.line.saturating_sub(1) as u32,
            r.column.saturating_sub(1) as u32,
        );
        Some(DiagnosticRelatedInformation {
            location: Location::new(
                uri_of_path(&r.path)?,
                lsp_types::Range::new(position, position),
            ),
            message: r.message.clone(),
        })
    }));
    let mut message = d.message.clone();
    if d.fix.is_none() && !d.replacements.is_empty() {
        message.push_str(&format!(" (suggested: {})", d.replacements.join(", ")));
    }
    LspDiagnostic {
        range: index.range(shift(&d.span)),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_owned())),
        code_description: rule_link(d.rule),
        source: Some("termlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..LspDiagnostic::default()
    }
}

/// Where to insert a suppression of `d`'s rule, and the text, in the
/// file's own comment syntax: a translator comment opening a PO entry, an
/// XML comment inside an XLIFF or TMX unit, an HTML comment at the end of
/// a Markdown line, the bare directive at the end of a plain-text line.
/// TSV has no comment syntax, so nothing is offered there.
fn suppression(
    doc: &termlint_core::document::Document,
    d: &Diagnostic,
    buffer: &str,
    base: usize,
) -> Option<(usize, String)> {
    let directive = format!("termlint: ignore[{}]", d.rule);
    let unit = || {
        doc.units
            .iter()
            .find(|u| u.start <= d.span.start && d.span.start < u.end.max(u.start + 1))
    };
    let line_end = |offset: usize| {
        buffer[offset..]
            .find(['\n', '\r'])
            .map_or(buffer.len(), |i| offset + i)
    };
    match doc.format {
        Format::Po => {
            let unit = unit()?;
            let start = unit.start + base;
            let line_start = buffer[..start].rfind('\n').map_or(0, |i| i + 1);
            let newline = if buffer.contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            Some((line_start, format!("# {directive}{newline}")))
        }
        Format::Xliff | Format::Tmx => {
            let unit = unit()?;
            let start = unit.start + base;
            let tag_end = start + buffer[start..].find('>')? + 1;
            if buffer[..tag_end].ends_with("/>") {
                return None;
            }
            Some((tag_end, format!("<!-- {directive} -->")))
        }
        Format::Markdown => Some((
            line_end(d.span.start + base),
            format!(" <!-- {directive} -->"),
        )),
        Format::Text | Format::Lines => {
            Some((line_end(d.span.start + base), format!(" {directive}")))
        }
        Format::Tsv | Format::Aligned => None,
    }
}
