//! SARIF 2.1.0, for code-scanning services: rule metadata, results with
//! regions in Unicode code points, related locations and fixes.

use serde_json::{Value, json};

use super::{LineIndex, Summary};
use termlint_core::diagnostic::{Diagnostic, Severity};
use termlint_core::document::Document;
use termlint_core::rules::RULES;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference: relative paths stay relative, absolute ones
/// become `file://` URIs; reserved and non-ASCII bytes are percent-encoded.
pub fn path_uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for &b in path.trim_start_matches("./").as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(index: &LineIndex<'_>, doc: &Document, span: &std::ops::Range<usize>) -> Value {
    let (start_line, start_column) = index.location(span.start);
    let (end_line, end_column) = index.location(span.end);
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "snippet": {"text": &doc.text[span.clone()]},
    })
}

/// One file's results, comma-separated.
pub fn render(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let index = LineIndex::of(doc);
    let uri = path_uri(&doc.path);
    let location = |span: &std::ops::Range<usize>| {
        json!({"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": region(&index, doc, span),
        }})
    };
    let mut out = Vec::new();
    for (n, d) in diagnostics.iter().enumerate() {
        let rule_index = RULES.iter().position(|r| r.id == d.rule);
        let mut message = d.message.clone();
        if let [replacement] = d.replacements.as_slice() {
            if replacement.is_empty() {
                message.push_str(" Delete it.");
            } else {
                message.push_str(&format!(" Use `{replacement}`."));
            }
        }
        let mut result = json!({
            "ruleId": d.rule,
            "level": level(d.severity),
            "message": {"text": message},
            "locations": [location(&d.span)],
        });
        if let Some(i) = rule_index {
            result["ruleIndex"] = json!(i);
        }
        if !d.labels.is_empty() || !d.related.is_empty() {
            let in_file = d.labels.iter().map(|label| {
                let mut l = location(&label.span);
                l["message"] = json!({"text": label.message});
                l
            });
            // Locations in other files of the run, located when found.
            let in_run = d.related.iter().map(|related| {
                json!({
                    "physicalLocation": {
                        "artifactLocation": {"uri": path_uri(&related.path)},
                        "region": {"startLine": related.line, "startColumn": related.column},
                    },
                    "message": {"text": related.message},
                })
            });
            result["relatedLocations"] = in_file
                .chain(in_run)
                .enumerate()
                .map(|(i, mut l)| {
                    l["id"] = json!(i + 1);
                    l
                })
                .collect();
        }
        if let Some(fix) = &d.fix {
            let mut deleted = region(&index, doc, &fix.span);
            if let Some(map) = deleted.as_object_mut() {
                map.remove("snippet");
            }
            result["fixes"] = json!([{
                "description": {"text": if fix.replacement.is_empty() {
                    "Delete the text.".to_owned()
                } else {
                    format!("Replace with `{}`.", fix.replacement)
                }},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri},
                    "replacements": [{
                        "deletedRegion": deleted,
                        "insertedContent": {"text": fix.replacement},
                    }],
                }],
            }]);
        }
        if n > 0 {
            out.extend_from_slice(b",\n");
        }
        let _ = serde_json::to_writer(&mut out, &result);
    }
    out
}

pub fn finish(chunks: &[Vec<u8>], _summary: &Summary, errors: &[(String, String)]) -> Vec<u8> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule_name(rule.id),
                "shortDescription": {"text": sentence(rule.summary)},
                "fullDescription": {"text": rule.explain},
                "help": {"text": format!("Run `termlint explain {}` for examples.", rule.id)},
                "defaultConfiguration": {"level": level(rule.severity)},
                "properties": {"fixable": rule.fixable},
            })
        })
        .collect();
    let notifications: Vec<Value> = errors
        .iter()
        .map(|(path, message)| {
            json!({
                "level": "error",
                "message": {"text": sentence(message)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": path_uri(path)}}}],
            })
        })
        .collect();
    let run_head = json!({
        "tool": {"driver": {
            "name": "termlint",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "invocations": [{
            "executionSuccessful": errors.is_empty(),
            "toolExecutionNotifications": notifications,
        }],
    });
    // Splice the results array into the run object.
    let mut head = serde_json::to_string(&run_head).unwrap_or_default();
    head.pop(); // the closing brace
    let mut out = format!(
        "{{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"version\": \"2.1.0\", \"runs\": [{head}, \"results\": [\n"
    )
    .into_bytes();
    super::join_chunks(&mut out, chunks);
    out.extend_from_slice(b"]}]}\n");
    out
}

/// `term/variant` -> `TermVariant`: SARIF's readable rule name.
fn rule_name(id: &str) -> String {
    id.split(['/', '-'])
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// SARIF messages are sentences: capitalised and ending in a period.
fn sentence(text: &str) -> String {
    let mut s = text.trim().to_owned();
    if let Some(first) = s.chars().next() {
        let upper: String = first.to_uppercase().collect();
        s.replace_range(..first.len_utf8(), &upper);
    }
    if !s.ends_with(['.', '?', '!']) {
        s.push('.');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_names() {
        assert_eq!(path_uri("examples/a b.txt"), "examples/a%20b.txt");
        assert_eq!(path_uri("/tmp/海.txt"), "file:///tmp/%E6%B5%B7.txt");
        assert_eq!(path_uri("./x.txt"), "x.txt");
        assert_eq!(rule_name("garble/repeated-word"), "GarbleRepeatedWord");
        assert_eq!(sentence("a glossary variant"), "A glossary variant.");
    }
}
