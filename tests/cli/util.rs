//! Helpers shared by the command-line tests.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

pub const SEED: &str = "examples/quanzhou-news.en.txt";

pub fn termlint() -> Command {
    let mut cmd = Command::cargo_bin("termlint").unwrap();
    cmd.env_remove("NO_COLOR");
    // Hermetic: no compiled glossaries from (or into) the user's cache;
    // the cache's own tests turn it back on in a folder of theirs.
    cmd.env("TERMLINT_NO_CACHE", "1");
    cmd
}

pub fn json_report(args: &[&str]) -> (Value, i32) {
    let output = termlint()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&output.stdout));
    });
    (report, output.status.code().unwrap())
}

pub fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().unwrap()
}

/// (rule, line, column, text) of every diagnostic.
pub fn findings(report: &Value) -> Vec<(String, u64, u64, String)> {
    diagnostics(report)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub fn has(found: &[(String, u64, u64, String)], rule: &str, line: u64, column: u64, text: &str) {
    assert!(
        found
            .iter()
            .any(|f| f.0 == rule && f.1 == line && f.2 == column && f.3 == text),
        "missing {rule} {line}:{column} `{text}` in {found:#?}"
    );
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

pub const GLOSSARY: &str = r#"
[[term]]
canonical = "Maritime Silk Road"
variants = ["Hai Silk", "Sea Silk"]
[[term]]
canonical = "Xi'an"
variants = ["Xian"]
[[term]]
canonical = "Belt and Road"
variants = ["OBOR"]
"#;

/// JSON report for `name` (inside the glossary's folder), checked with the
/// test glossary and `--select term`.
pub fn report_with_glossary(g: &tempfile::TempDir, name: &str) -> Value {
    let glossary = g.path().join("terms.toml");
    let file = g.path().join(name);
    json_report(&[
        "--select",
        "term",
        "-g",
        glossary.to_str().unwrap(),
        file.to_str().unwrap(),
    ])
    .0
}

pub fn glossary_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "terms.toml", GLOSSARY.as_bytes());
    dir
}

/// Check the seed article with a glossary of this text; returns the exit
/// code and what was printed on stderr.
pub fn check_with_broken_glossary(toml: &[u8]) -> (Option<i32>, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.toml", toml);
    let output = termlint()
        .args(["check", "-g"])
        .arg(dir.path().join("bad.toml"))
        .arg(SEED)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
        output.stdout.is_empty(),
    )
}

pub fn text_findings(path: &str) -> Vec<(String, u64, u64, String)> {
    let (report, _) = json_report(&[
        "--select",
        // garble/tense-year is opt-in: named by its id.
        "punct,space,garble,garble/tense-year",
        "--as-of",
        "2026-11-25",
        path,
    ]);
    findings(&report)
}

/// Diagnostics of a file that still carry a fix.
pub fn fixable_left(path: &Path) -> Vec<(String, u64, u64, String)> {
    let (report, _) = json_report(&["--as-of", "2026-11-25", path.to_str().unwrap()]);
    diagnostics(&report)
        .iter()
        .filter(|d| !d["fix"].is_null())
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub fn stdout_of(args: &[&str], stdin: &str) -> String {
    let output = termlint().args(args).write_stdin(stdin).output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// A project folder with a config, a glossary and some files.
pub fn project(config: &str) -> tempfile::TempDir {
    let dir = glossary_dir();
    write(dir.path(), "termlint.toml", config.as_bytes());
    write(dir.path(), "docs/a.txt", b"the Hai Silk route,the end\n");
    write(
        dir.path(),
        "docs/legacy/b.txt",
        b"the Sea Silk route,the end\n",
    );
    write(dir.path(), "vendor/c.txt", b"the Hai Silk route\n");
    dir
}

pub fn concise_in(dir: &Path, args: &[&str]) -> (String, Option<i32>) {
    let output = termlint()
        .current_dir(dir)
        .args(["check", "--format", "concise"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap(),
        output.status.code(),
    )
}

pub const CONFIG: &str = r#"
glossaries = ["terms.toml"]
exclude = ["vendor/**"]
select = ["term", "punct"]
ignore = ["term/inconsistent"]
fail-on = "error"

[severity]
"punct/spacing" = "info"

[[overrides]]
paths = ["docs/legacy/**"]
ignore = ["punct"]
"#;

pub fn concise(args: &[&str]) -> (String, String, Option<i32>) {
    texts(
        termlint()
            .args(["check", "--format", "concise", "--as-of", "2026-11-25"])
            .args(args)
            .output()
            .unwrap(),
    )
}

/// A run's standard output and error, as text, and its exit code.
pub fn texts(output: std::process::Output) -> (String, String, Option<i32>) {
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code(),
    )
}

pub fn bilingual_file(name: &str, content: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), name, content.as_bytes());
    let path = dir.path().join(name).display().to_string();
    (dir, path)
}
