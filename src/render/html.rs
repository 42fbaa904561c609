//! `--format html`: one self-contained page for reviewers. A summary (by
//! rule, severity and file, with an inline SVG bar chart), then every
//! file's findings in order: the line with the span marked for monolingual
//! text, source and target side by side with the spans marked on both sides
//! for a translation unit, and the suggested fix. Filters by rule, severity
//! and file need scripts; without them the page is still whole and readable.
//!
//! Every piece of file text is escaped, the page loads nothing from
//! anywhere (its Content-Security-Policy forbids it), and long lines are cut
//! to a window around the span so that the page stays small.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::ops::Range;

use termlint_core::diagnostic::{Diagnostic, Severity};
use termlint_core::document::{Document, Piece};

use super::{LineIndex, Summary, Tally};

/// Text shown on each side of a marked span, at most.
const CONTEXT_BYTES: usize = 160;

use termlint_core::escape::xml as escape;

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `text` with the `marks` (sorted, not overlapping, in `text`'s offsets)
/// wrapped in `<mark>`, cut to a window around them. The first mark is the
/// finding's own span when `primary` says so.
fn marked(text: &str, marks: &[(Range<usize>, &str)]) -> String {
    let (from, to) = match (marks.first(), marks.last()) {
        (Some(first), Some(last)) => (
            floor(text, first.0.start.saturating_sub(CONTEXT_BYTES)),
            ceil(text, last.0.end + CONTEXT_BYTES),
        ),
        _ => (0, ceil(text, 2 * CONTEXT_BYTES)),
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = from;
    for (span, class) in marks {
        let start = span.start.max(at);
        let end = span.end.max(start);
        out.push_str(&escape(&text[at..start]));
        let _ = write!(
            out,
            "<mark class=\"{class}\">{}</mark>",
            escape(&text[start..end])
        );
        at = end;
    }
    out.push_str(&escape(&text[at..to.max(at)]));
    if to < text.len() {
        out.push('…');
    }
    out
}

/// A file range as a range of the piece's text, when the piece holds it.
fn piece_range(piece: &Piece, file: Range<usize>) -> Option<Range<usize>> {
    let whole = piece.file_span(0..piece.text.len());
    if file.start < whole.start || file.end > whole.end.max(whole.start) {
        return None;
    }
    // The first piece position whose file offset reaches `target`. Units
    // are short, so a scan is enough.
    let locate = |target: usize| {
        piece
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(piece.text.len()))
            .find(|&p| piece.file_span(p..p).start >= target)
            .unwrap_or(piece.text.len())
    };
    let start = locate(file.start);
    let end = locate(file.end).max(start);
    Some(start..end)
}

fn severity_class(severity: Severity) -> &'static str {
    severity.as_str()
}

/// One file's findings.
pub fn render(doc: &Document, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let index = LineIndex::of(doc);
    let path = escape(&doc.path);
    let units = super::Units::new(doc);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<section class=\"file\" data-path=\"{path}\">\n<h2>{path} <span class=\"count\">{}</span></h2>",
        diagnostics.len()
    );
    for d in diagnostics {
        let (line, column) = index.location(d.span.start);
        let _ = write!(
            out,
            "<article class=\"finding {sev}\" data-rule=\"{rule}\" data-severity=\"{sev}\" data-path=\"{path}\" data-line=\"{line}\" data-column=\"{column}\">\
<p class=\"head\"><span class=\"sev\">{sev}</span> <code class=\"rule\">{rule}</code> <span class=\"loc\">{path}:{line}:{column}</span></p>\
<p class=\"msg\">{message}</p>",
            sev = severity_class(d.severity),
            rule = escape(d.rule),
            message = escape(&d.message),
        );
        match units.of(d.span.clone()) {
            Some(unit) => {
                let source = unit.source.as_ref().expect("a bilingual unit");
                let mut source_marks = Vec::new();
                let mut target_marks = Vec::new();
                let spans = std::iter::once((d.span.clone(), "primary"))
                    .chain(d.labels.iter().map(|l| (l.span.clone(), "secondary")));
                for (span, class) in spans {
                    if let Some(range) = piece_range(&unit.target, span.clone()) {
                        target_marks.push((range, class));
                    } else if let Some(range) = piece_range(source, span) {
                        source_marks.push((range, class));
                    }
                }
                for marks in [&mut source_marks, &mut target_marks] {
                    marks.sort_by_key(|(r, _)| (r.start, r.end));
                    marks.dedup_by(|b, a| b.0.start < a.0.end);
                }
                let _ = write!(
                    out,
                    "<div class=\"unit\"><div class=\"side\"><span class=\"label\">source</span><p>{}</p></div>\
<div class=\"side\"><span class=\"label\">target</span><p>{}</p></div></div>",
                    marked(&source.text, &source_marks),
                    marked(&unit.target.text, &target_marks),
                );
            }
            None => {
                let line_start = doc.text[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = doc.text[d.span.start..]
                    .find('\n')
                    .map_or(doc.text.len(), |i| d.span.start + i);
                let line_text = &doc.text[line_start..line_end.max(d.span.end.min(doc.text.len()))];
                let span =
                    d.span.start - line_start..(d.span.end - line_start).min(line_text.len());
                let _ = write!(
                    out,
                    "<pre class=\"line\"><span class=\"ln\">{line}</span>{}</pre>",
                    marked(line_text, &[(span, "primary")])
                );
            }
        }
        if let Some(fix) = &d.fix {
            let _ = write!(
                out,
                "<p class=\"fix\">fix: {}</p>",
                if fix.replacement.is_empty() {
                    "delete it".to_owned()
                } else {
                    format!("<ins>{}</ins>", escape(&fix.replacement))
                }
            );
        } else if !d.replacements.is_empty() {
            let suggestions: Vec<String> = d
                .replacements
                .iter()
                .map(|r| format!("<ins>{}</ins>", escape(r)))
                .collect();
            let _ = write!(
                out,
                "<p class=\"fix\">suggested: {}</p>",
                suggestions.join(", ")
            );
        }
        for note in &d.notes {
            let _ = write!(out, "<p class=\"note\">{}</p>", escape(note));
        }
        for related in &d.related {
            let _ = write!(
                out,
                "<p class=\"note\">{}: {}:{}:{}</p>",
                escape(&related.message),
                escape(&related.path),
                related.line,
                related.column
            );
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
    out.into_bytes()
}

const STYLE: &str = "
:root{color-scheme:light dark;--fg:#1d2430;--muted:#5b6573;--bg:#fff;--card:#f6f7f9;--line:#d9dde3;--error:#b42318;--warning:#b54708;--info:#175cd3;--mark:#fde68a;--mark2:#c7d7fe}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8eb;--muted:#9aa4b2;--bg:#111418;--card:#1b2027;--line:#2d333b;--mark:#7a5d00;--mark2:#2b3f7a}}
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI','Noto Sans','PingFang SC','Microsoft YaHei',sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:1rem 1.5rem}
h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.05rem;margin:1.5rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem;word-break:break-all}
.count{color:var(--muted);font-weight:normal}
table{border-collapse:collapse;margin:.25rem 1.5rem 1rem 0;font-size:.9rem}th,td{border-bottom:1px solid var(--line);padding:.2rem .6rem;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.tables{display:flex;flex-wrap:wrap;align-items:flex-start}
.finding{background:var(--card);border-left:4px solid var(--muted);border-radius:4px;margin:.5rem 0;padding:.4rem .8rem}
.finding.error{border-color:var(--error)}.finding.warning{border-color:var(--warning)}.finding.info{border-color:var(--info)}
.head{margin:0;font-size:.85rem;color:var(--muted)}.sev{text-transform:uppercase;font-weight:600}
.error .sev{color:var(--error)}.warning .sev{color:var(--warning)}.info .sev{color:var(--info)}
.msg{margin:.2rem 0;font-weight:500}
.line{margin:.2rem 0;white-space:pre-wrap;word-break:break-word;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.ln{color:var(--muted);margin-right:.8rem;user-select:none}
mark.primary{background:var(--mark);color:inherit;border-radius:2px;outline:1px solid var(--warning)}
mark.secondary{background:var(--mark2);color:inherit;border-radius:2px}
.unit{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}.side p{margin:.1rem 0;white-space:pre-wrap;word-break:break-word}
.label{font-size:.75rem;text-transform:uppercase;color:var(--muted)}
.fix,.note{margin:.2rem 0;font-size:.9rem}.fix ins{text-decoration:none;background:#d1fadf;color:#05603a;padding:0 .2rem;border-radius:2px}
.note{color:var(--muted)}
.filters{position:sticky;top:0;background:var(--bg);padding:.5rem 0;border-bottom:1px solid var(--line);z-index:1}
.filters label{margin-right:1rem;font-size:.9rem}
.errors li{color:var(--error)}
svg text{font:12px system-ui,sans-serif;fill:currentColor}
";

/// The script behind the filters: it only hides and shows findings.
const SCRIPT: &str = "
(function(){
  var findings=Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var files=Array.prototype.slice.call(document.querySelectorAll('section.file'));
  var form=document.getElementById('filters');
  var selects={rule:document.getElementById('f-rule'),severity:document.getElementById('f-severity'),path:document.getElementById('f-path')};
  function fill(select,key){
    var seen={};
    findings.forEach(function(f){seen[f.dataset[key]]=(seen[f.dataset[key]]||0)+1;});
    Object.keys(seen).sort().forEach(function(v){
      var o=document.createElement('option');o.value=v;o.textContent=v+' ('+seen[v]+')';select.appendChild(o);
    });
  }
  fill(selects.rule,'rule');fill(selects.severity,'severity');fill(selects.path,'path');
  function apply(){
    var shown=0;
    findings.forEach(function(f){
      var ok=Object.keys(selects).every(function(k){var v=selects[k].value;return !v||f.dataset[k]===v;});
      f.hidden=!ok;if(ok){shown++;}
    });
    files.forEach(function(s){s.hidden=!s.querySelector('.finding:not([hidden])');});
    document.getElementById('shown').textContent=shown+' of '+findings.length+' shown';
  }
  Object.keys(selects).forEach(function(k){selects[k].addEventListener('change',apply);});
  form.hidden=false;apply();
})();
";

fn table(out: &mut String, title: &str, rows: &[(String, usize)]) {
    let _ = write!(
        out,
        "<table><thead><tr><th>{title}</th><th>findings</th></tr></thead><tbody>"
    );
    for (name, count) in rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{count}</td></tr>",
            escape(name)
        );
    }
    out.push_str("</tbody></table>");
}

/// A horizontal bar per rule, in inline SVG.
fn chart(out: &mut String, rows: &[(String, usize)]) {
    let shown = &rows[..rows.len().min(20)];
    let max = shown.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let bar_height = 18;
    let height = shown.len() * (bar_height + 4) + 4;
    let _ = write!(
        out,
        "<svg role=\"img\" aria-label=\"findings by rule\" width=\"640\" height=\"{height}\" viewBox=\"0 0 640 {height}\">"
    );
    for (i, (name, count)) in shown.iter().enumerate() {
        let y = 4 + i * (bar_height + 4);
        let width = 360 * count / max;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{ty}\">{name}</text><rect x=\"220\" y=\"{y}\" width=\"{width}\" height=\"{bar_height}\" fill=\"#f79009\" rx=\"2\"></rect><text x=\"{tx}\" y=\"{ty}\">{count}</text>",
            ty = y + 13,
            tx = 226 + width,
            name = escape(name),
        );
    }
    out.push_str("</svg>");
}

/// The whole page around the per-file chunks.
pub fn finish(
    chunks: &[Vec<u8>],
    summary: &Summary,
    tally: &Tally,
    errors: &[(String, String)],
) -> Vec<u8> {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing is loaded from anywhere; only the page's own style and script
    // run.
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    out.push_str("<title>termlint report</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style></head><body>\n<h1>termlint report</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"summary\">{} findings ({} errors, {} warnings, {} infos) in {} files{}.</p>",
        summary.diagnostics(),
        summary.errors,
        summary.warnings,
        summary.infos,
        summary.files,
        if summary.files_failed > 0 {
            format!("; {} could not be checked", summary.files_failed)
        } else {
            String::new()
        }
    );
    let mut by_rule: Vec<(String, usize)> = tally
        .by_rule
        .iter()
        .map(|(rule, n)| ((*rule).to_owned(), *n))
        .collect();
    by_rule.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let by_severity: Vec<(String, usize)> = [
        ("error", summary.errors),
        ("warning", summary.warnings),
        ("info", summary.infos),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(s, n)| (s.to_owned(), n))
    .collect();
    let mut by_file: Vec<(String, usize)> = tally
        .by_file
        .iter()
        .fold(BTreeMap::<&str, usize>::new(), |mut m, (p, n)| {
            *m.entry(p.as_str()).or_default() += n;
            m
        })
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(p, n)| (p.to_owned(), n))
        .collect();
    by_file.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if !by_rule.is_empty() {
        out.push_str("<section id=\"summary\">");
        chart(&mut out, &by_rule);
        out.push_str("<div class=\"tables\">");
        table(&mut out, "rule", &by_rule);
        table(&mut out, "severity", &by_severity);
        table(&mut out, "file", &by_file);
        out.push_str("</div></section>\n");
    }
    if !errors.is_empty() {
        out.push_str("<h2>Files that could not be checked</h2><ul class=\"errors\">");
        for (path, message) in errors {
            let _ = write!(out, "<li>{}: {}</li>", escape(path), escape(message));
        }
        out.push_str("</ul>\n");
    }
    out.push_str(
        "<form id=\"filters\" class=\"filters\" hidden>\
<label>rule <select id=\"f-rule\"><option value=\"\">all</option></select></label>\
<label>severity <select id=\"f-severity\"><option value=\"\">all</option></select></label>\
<label>file <select id=\"f-path\"><option value=\"\">all</option></select></label>\
<span id=\"shown\"></span></form>\n",
    );
    for chunk in chunks {
        out.push_str(&String::from_utf8_lossy(chunk));
    }
    out.push_str("<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body></html>\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_text_cannot_break_out_of_its_place() {
        let text = "a <b> \"c\" d";
        assert_eq!(
            marked(text, &[(2..5, "primary")]),
            "a <mark class=\"primary\">&lt;b&gt;</mark> &quot;c&quot; d"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!("{}TARGET{}", "x".repeat(1000), "y".repeat(1000));
        let out = marked(&text, &[(1000..1006, "primary")]);
        assert!(out.len() < 400, "{}", out.len());
        assert!(out.contains("<mark class=\"primary\">TARGET</mark>"));
        assert!(out.starts_with('…') && out.ends_with('…'));
    }
}
