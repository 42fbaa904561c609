//! Output formats, colour, summaries and exit codes.

use std::fs;

use serde_json::Value;

use crate::util::*;

#[test]
fn the_readme_command_lints_every_example() {
    let (report, code) = json_report(&["examples/"]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files"], 6);
    assert_eq!(report["summary"]["files_failed"], 0);
}

#[test]
fn human_output_shows_location_suggestion_note_and_summary() {
    let output = termlint().args(["check", SEED]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("warning[term/variant]: `Hai Silk` is a variant of `Maritime Silk Road`")
    );
    assert!(text.contains("┌─ examples/quanzhou-news.en.txt:1:83"));
    assert!(text.contains("= help: replace with `Maritime Silk Road`"));
    assert!(text.contains("= note: Short for the 21st Century Maritime Silk Road"));
    assert!(text.trim_end().ends_with("in 1 file."), "{text}");
    assert!(!text.contains('\u{1b}'), "colour when not on a terminal");
}

#[test]
fn color_can_be_forced_and_no_color_is_honoured() {
    let output = termlint()
        .args(["check", "--color", "always", SEED])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains('\u{1b}'));
    let output = termlint()
        .env("NO_COLOR", "1")
        .args(["check", SEED])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains('\u{1b}'));
}

#[test]
fn fail_on_and_quiet() {
    termlint()
        .args(["check", "--fail-on", "error", SEED])
        .assert()
        .code(0);
    let output = termlint()
        .args([
            "check", "--quiet", "--format", "concise", "--select", "term", SEED,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with(
        "examples/quanzhou-news.en.txt:1:83: warning[term/inconsistent] `Maritime Silk Road` is rendered 5 different ways"
    ));
    assert!(text.contains(
        "examples/quanzhou-news.en.txt:1:83: warning[term/variant] `Hai Silk` is a variant of `Maritime Silk Road` (fix: `Maritime Silk Road`)"
    ));
    assert!(!text.contains("Found"));
}

#[test]
fn sarif_report_has_rules_results_columns_and_fixes() {
    let output = termlint()
        .args(["check", "--format", "sarif", SEED])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "term/variant"));
    let results = run["results"].as_array().unwrap();
    let hai = results
        .iter()
        .find(|r| r["ruleId"] == "term/variant")
        .unwrap();
    assert_eq!(
        rules[hai["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "term/variant"
    );
    let region = &hai["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(83))
    );
    assert_eq!(region["endColumn"], 91);
    let replacement = &hai["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "Maritime Silk Road");
    assert_eq!(
        hai["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "examples/quanzhou-news.en.txt"
    );
    let inconsistent = results
        .iter()
        .find(|r| r["ruleId"] == "term/inconsistent")
        .unwrap();
    assert_eq!(
        inconsistent["relatedLocations"].as_array().unwrap().len(),
        4
    );
}

#[test]
fn github_annotations_escape_properties_and_count_cjk_columns() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a,b:c%.txt");
    fs::write(&file, "海丝，the Hai Silk route\n").unwrap();
    let output = termlint()
        .args(["check", "--format", "github", "--select", "term"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let escaped_path = file
        .display()
        .to_string()
        .replace('%', "%25")
        .replace(':', "%3A")
        .replace(',', "%2C");
    assert_eq!(
        text,
        format!(
            "::warning file={escaped_path},line=1,col=8,endLine=1,endColumn=16,title=termlint term/variant::`Hai Silk` is a variant of `Maritime Silk Road` (fix: `Maritime Silk Road`)\n"
        )
    );
    let multiline = stdout_of(
        &["check", "--format", "github", "--select", "term", "-"],
        "a 50% new crown pneumonia\n",
    );
    assert!(
        multiline.starts_with("::warning file=<stdin>,line=1,col=7,"),
        "{multiline}"
    );
}

#[test]
fn checkstyle_and_junit_reports() {
    let checkstyle = stdout_of(
        &["check", "--format", "checkstyle", "--select", "term", "-"],
        "the \"Hai Silk\" & more\n",
    );
    assert!(checkstyle.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle"));
    assert!(checkstyle.contains(
        "<error line=\"1\" column=\"6\" severity=\"warning\" message=\"`Hai Silk` is a variant of `Maritime Silk Road`\" source=\"termlint.term/variant\"/>"
    ));
    let junit = stdout_of(
        &["check", "--format", "junit", "--select", "term", "-"],
        "the Hai Silk\n",
    );
    assert!(
        junit.contains("<testsuites name=\"termlint\" tests=\"1\" failures=\"1\" errors=\"0\">"),
        "{junit}"
    );
    assert!(junit.contains("<failure type=\"term/variant\""));
    let clean = stdout_of(&["check", "--format", "junit", "-"], "Fine.\n");
    assert!(clean.contains("tests=\"1\" failures=\"0\""), "{clean}");
    assert!(clean.contains("<testcase name=\"termlint\" classname=\"&lt;stdin&gt;\"/>"));
}

#[test]
fn statistics_count_per_rule() {
    let text = stdout_of(&["check", "--statistics", "--select", "term", SEED], "");
    let first = text.lines().next().unwrap();
    assert!(first.trim_start().starts_with("12  term/variant"), "{text}");
    assert!(first.contains("12 fixable"));
}

/// A cell as the report writes it: formula-like text quoted.
fn neutral(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// `--format csv` and `tsv`: one row per finding, the same findings as
/// JSON, the unit's source and target beside each bilingual one, and no
/// cell that a spreadsheet would run as a formula.
#[test]
fn csv_and_tsv_rows_match_json_and_are_safe_in_spreadsheets() {
    let (report, json_code) = json_report(&["examples/"]);
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let output = termlint()
            .args(["check", "--format", format, "examples/"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(json_code));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(output.stdout.as_slice());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            [
                "path",
                "line",
                "column",
                "end_line",
                "end_column",
                "rule",
                "severity",
                "message",
                "text",
                "replacement",
                "source",
                "target"
            ]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let from_rows: Vec<(String, String, String, String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r[0].to_owned(),
                    format!("{}:{}-{}:{}", &r[1], &r[2], &r[3], &r[4]),
                    r[5].to_owned(),
                    r[7].to_owned(),
                    r[8].to_owned(),
                )
            })
            .collect();
        let from_json: Vec<(String, String, String, String, String)> = diagnostics(&report)
            .iter()
            .map(|d| {
                (
                    d["path"].as_str().unwrap().to_owned(),
                    format!(
                        "{}:{}-{}:{}",
                        d["line"], d["column"], d["end_line"], d["end_column"]
                    ),
                    d["rule"].as_str().unwrap().to_owned(),
                    neutral(d["message"].as_str().unwrap()),
                    neutral(d["text"].as_str().unwrap()),
                )
            })
            .collect();
        assert_eq!(from_rows, from_json, "{format}");
        let number = rows
            .iter()
            .find(|r| &r[5] == "bitext/number" && r[0].ends_with(".po"))
            .unwrap();
        assert!(number[10].contains("343亿"), "{number:?}");
        assert!(number[11].contains("3430 billion"), "{number:?}");
    }

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "g.toml",
        b"[[forbidden]]\nphrases = [\"@everyone\"]\nmessage = \"=HYPERLINK(\\\"x\\\")\"\n",
    );
    write(dir.path(), "a.tsv", b"-1 @everyone\t=1+1 @everyone\n");
    let output = termlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--select",
            "term/forbidden",
            "--format",
            "csv",
            "-g",
            "g.toml",
            "a.tsv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[5], "term/forbidden", "{text}");
    for (i, cell) in row.iter().enumerate() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "column {i} would run as a formula: {cell:?}"
        );
    }
    assert_eq!(&row[8], "'@everyone");
    assert_eq!(&row[10], "'-1 @everyone");
    assert_eq!(&row[11], "'=1+1 @everyone");
}

/// `--format html`: one self-contained page; every finding an element with
/// data-rule, data-severity and data-path; file text escaped; the exit
/// code of every other format.
#[test]
fn html_report_is_self_contained_and_escapes_file_text() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "evil.txt",
        b"The Hai Silk <script>alert(1)</script> \"route\" 'x'\n",
    );
    let output = termlint()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "html", "evil.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script>alert"), "file text not escaped");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        page.contains(
            "data-rule=\"term/variant\" data-severity=\"warning\" data-path=\"evil.txt\""
        )
    );
    assert!(page.contains("<mark class=\"primary\">Hai Silk</mark>"));
    assert!(page.contains("<svg"));
    // Nothing is loaded from elsewhere.
    for external in ["src=\"http", "href=\"http", "@import", "url("] {
        assert!(!page.contains(external), "{external}");
    }
    // Exactly the page's own script.
    assert_eq!(page.matches("<script>").count(), 1);
}
