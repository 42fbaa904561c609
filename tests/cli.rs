//! The command line as a user sees it: output, spans and exit codes.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

const SEED: &str = "examples/quanzhou-news.en.txt";

fn termlint() -> Command {
    let mut cmd = Command::cargo_bin("termlint").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn json_report(args: &[&str]) -> (Value, i32) {
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

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().unwrap()
}

/// (rule, line, column, text) of every diagnostic.
fn findings(report: &Value) -> Vec<(String, u64, u64, String)> {
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

fn has(found: &[(String, u64, u64, String)], rule: &str, line: u64, column: u64, text: &str) {
    assert!(
        found
            .iter()
            .any(|f| f.0 == rule && f.1 == line && f.2 == column && f.3 == text),
        "missing {rule} {line}:{column} `{text}` in {found:#?}"
    );
}

#[test]
fn seed_article_reports_every_inconsistent_term() {
    let (report, code) = json_report(&[SEED]);
    assert_eq!(code, 1);
    let found = findings(&report);
    for (line, column, text) in [
        (1, 83, "Hai Silk"),
        (1, 202, "Hai Silk"),
        (5, 105, "Haisi"),
        (11, 366, "Hai Silk"),
        (13, 173, "Marine Silk"),
        (27, 153, "Sea Silk"),
        (27, 285, "Sea Silk"),
    ] {
        has(&found, "term/variant", line, column, text);
    }
    let silk_variants = diagnostics(&report)
        .iter()
        .filter(|d| {
            d["path"] == SEED
                && d["rule"] == "term/variant"
                && d["replacements"][0] == "Maritime Silk Road"
        })
        .count();
    assert_eq!(silk_variants, 7);
    has(&found, "term/variant", 13, 45, "new crown pneumonia");
    has(&found, "term/variant", 27, 70, "One Belt and One Road");
    has(
        &found,
        "term/variant",
        19,
        91,
        "Regional Comprehensive Economic Partnership Agreement",
    );
    has(&found, "term/forbidden", 27, 327, "(Finish)");
    has(&found, "term/inconsistent", 1, 83, "Hai Silk");
    assert!(
        !found
            .iter()
            .any(|f| f.3 == "Maritime Silk Road" && f.0 != "term/inconsistent"),
        "a canonical occurrence was flagged"
    );
    let d = diagnostics(&report)
        .iter()
        .find(|d| d["rule"] == "term/variant")
        .unwrap();
    assert_eq!(d["path"], "examples/quanzhou-news.en.txt");
    assert_eq!(d["byte_start"], 82);
    assert_eq!(d["byte_end"], 90);
    assert_eq!(d["end_line"], 1);
    assert_eq!(d["end_column"], 91);
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["files"], 1);
    let summary = &report["summary"];
    assert_eq!(
        summary["diagnostics"].as_u64().unwrap(),
        diagnostics(&report).len() as u64
    );
}

#[test]
fn the_readme_command_lints_every_example() {
    let (report, code) = json_report(&["examples/"]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files"], 4);
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

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

const GLOSSARY: &str = r#"
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
fn report_with_glossary(g: &tempfile::TempDir, name: &str) -> Value {
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

fn glossary_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "terms.toml", GLOSSARY.as_bytes());
    dir
}

#[test]
fn custom_glossary_word_boundaries_acronyms_and_canonicals() {
    let g = glossary_dir();
    let text =
        "Xianyang is not Xian. The Sea Silks decoy, the Maritime Silk Road, obor and OBOR.\n";
    write(g.path(), "a.txt", text.as_bytes());
    let glossary = g.path().join("terms.toml");
    let file = g.path().join("a.txt");
    let (report, code) = json_report(&["-g", glossary.to_str().unwrap(), file.to_str().unwrap()]);
    assert_eq!(code, 1);
    let texts: Vec<String> = findings(&report).into_iter().map(|f| f.3).collect();
    assert_eq!(texts, vec!["Xian", "OBOR"]);
}

#[test]
fn glossary_folder_is_loaded() {
    let g = glossary_dir();
    write(g.path(), "b.txt", b"the Hai Silk\n");
    let (report, _) = json_report(&[
        "--glossary",
        g.path().to_str().unwrap(),
        g.path().join("b.txt").to_str().unwrap(),
    ]);
    assert_eq!(findings(&report).len(), 1);
}

/// Check the seed article with a glossary of this text; returns the exit
/// code and what was printed on stderr.
fn check_with_broken_glossary(toml: &[u8]) -> (Option<i32>, String, bool) {
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

#[test]
fn glossary_errors_are_located_and_exit_2() {
    let (code, err, no_stdout) = check_with_broken_glossary(
        b"[[term]]\ncanonical = \"A\"\nvariants = [\"x\"]\n\n[[term]]\ncanonical = \"B\"\nvariants = [\"X\"]\n",
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("error[glossary]: `X` is already a variant of `A`"),
        "{err}"
    );
    assert!(err.contains("bad.toml:7:13"), "{err}");
    assert!(no_stdout);

    let (code, err, _) =
        check_with_broken_glossary(b"[[term]]\ncanonical = \"A\"\nvarients = [\"x\"]\n");
    assert_eq!(code, Some(2));
    assert!(err.contains("varients"), "{err}");
    assert!(err.contains("bad.toml:3:1"), "{err}");
}

#[test]
fn bad_files_are_reported_and_the_rest_is_still_linted() {
    let g = glossary_dir();
    let docs = g.path().join("docs");
    write(&docs, "a-bad.txt", b"Hai Silk \xff\xfe\xfd broken\n");
    write(&docs, "b-good.txt", b"the Sea Silk route\n");
    write(&docs, "c-empty.txt", b"");
    write(&docs, "d-binary.bin", b"\x7fELF\x00\x00Hai Silk");
    let output = termlint()
        .args(["check", "--format", "json", "-g"])
        .arg(g.path().join("terms.toml"))
        .arg(&docs)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("a-bad.txt: not valid UTF-8 at line 1, column 10"),
        "{err}"
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = findings(&report);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].3, "Sea Silk");
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["files_failed"], 1);
}

#[test]
fn missing_path_is_an_error_naming_it() {
    let output = termlint()
        .args(["check", "no/such/file.txt", SEED])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("no/such/file.txt"), "{err}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("term/variant"));
}

#[test]
fn bom_and_crlf_do_not_shift_columns() {
    let g = glossary_dir();
    write(
        g.path(),
        "bom.txt",
        "\u{feff}first line\r\nthe Hai Silk\r\n".as_bytes(),
    );
    let report = report_with_glossary(&g, "bom.txt");
    let d = &diagnostics(&report)[0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(5))
    );
    assert_eq!(d["end_column"], 13);
    // Byte offsets are into the file, BOM included.
    assert_eq!(d["byte_start"], 3 + 12 + 4);
}

#[test]
fn columns_count_characters_in_cjk_text() {
    let g = glossary_dir();
    write(g.path(), "cjk.txt", "推进海丝 Sea Silk 建设\n".as_bytes());
    let report = report_with_glossary(&g, "cjk.txt");
    let d = &diagnostics(&report)[0];
    assert_eq!(d["column"], 6);
    assert_eq!(d["end_column"], 14);
    assert_eq!(d["byte_start"], 13);
}

#[test]
fn legacy_encodings_with_encoding_flag() {
    let g = glossary_dir();
    let (bytes, _, _) = encoding_rs::GB18030.encode("海上丝绸之路: the Hai Silk\n");
    write(g.path(), "gbk.txt", &bytes);
    let glossary = g.path().join("terms.toml");
    let file = g.path().join("gbk.txt");
    let output = termlint()
        .args(["check", "-g"])
        .arg(&glossary)
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not valid UTF-8"));
    let (report, code) = json_report(&[
        "--select",
        "term",
        "--encoding",
        "gb18030",
        "-g",
        glossary.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report)[0].2, 13);
    termlint()
        .args(["check", "--encoding", "klingon", SEED])
        .assert()
        .code(2);
}

#[test]
fn utf16_with_bom_is_read() {
    let g = glossary_dir();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "the Hai Silk\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    write(g.path(), "wide.txt", &bytes);
    let report = report_with_glossary(&g, "wide.txt");
    assert_eq!(findings(&report)[0].2, 5);
}

#[test]
fn folders_honour_gitignore_and_skip_hidden_files() {
    let g = glossary_dir();
    let root = g.path().join("repo");
    write(&root, ".gitignore", b"ignored/\n");
    write(&root, "ignored/x.txt", b"Hai Silk\n");
    write(&root, ".hidden.txt", b"Hai Silk\n");
    write(&root, "sub/kept.txt", b"Hai Silk\n");
    let report = report_with_glossary(&g, "repo");
    let paths: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 1);
    assert!(paths[0].ends_with("kept.txt"));
}

#[test]
fn stdin_is_linted() {
    let output = termlint()
        .args(["check", "--format", "concise", "-"])
        .write_stdin("Trade on the new crown pneumonia front.\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "<stdin>:1:14: warning[term/variant] `new crown pneumonia` is a variant of `COVID-19` (fix: `COVID-19`)\n"
    );
}

#[test]
fn clean_text_exits_zero() {
    termlint()
        .args(["check", "-"])
        .write_stdin("The Maritime Silk Road and COVID-19.\n")
        .assert()
        .code(0)
        .stdout("No problems found in 1 file.\n");
}

#[test]
fn very_long_lines_are_fine() {
    let mut text = "word ".repeat(400_000);
    text.push_str("Hai Silk");
    let output = termlint()
        .args(["check", "--format", "concise", "--select", "term", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("<stdin>:1:2000001:"));
}

#[test]
fn rule_selection() {
    let (report, _) = json_report(&[
        "--select",
        "term",
        "--ignore",
        "term/inconsistent,term/forbidden",
        SEED,
    ]);
    assert!(findings(&report).iter().all(|f| f.0 == "term/variant"));
    let (report, _) = json_report(&["--select", "term/forbidden", SEED]);
    assert!(findings(&report).iter().all(|f| f.0 == "term/forbidden"));
    termlint()
        .args(["check", "--select", "nonsense", SEED])
        .assert()
        .code(2);
}

#[test]
fn rules_and_explain() {
    let output = termlint().arg("rules").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    for id in ["term/variant", "term/forbidden", "term/inconsistent"] {
        assert!(text.contains(id), "{text}");
    }
    let output = termlint()
        .args(["explain", "term/variant"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("word boundaries")
    );
    termlint().args(["explain", "term/nope"]).assert().code(2);
}

fn text_findings(path: &str) -> Vec<(String, u64, u64, String)> {
    let (report, _) = json_report(&[
        "--select",
        "punct,space,garble",
        "--as-of",
        "2026-11-25",
        path,
    ]);
    findings(&report)
}

#[test]
fn seed_article_text_defects() {
    let found = text_findings(SEED);
    has(&found, "punct/spacing", 1, 82, "'");
    has(&found, "punct/spacing", 1, 201, "'");
    has(&found, "punct/unbalanced", 1, 71, "\"");
    has(&found, "punct/doubled", 23, 422, ". .");
    has(&found, "space/leading", 3, 1, "  ");
    has(&found, "garble/tense-year", 15, 48, "will");
    has(&found, "garble/tense-year", 13, 186, "will");
}

#[test]
fn carefully_edited_english_is_clean() {
    let found = text_findings("tests/fixtures/clean-english.txt");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn planted_machine_translation_faults_are_found() {
    let found = text_findings("tests/fixtures/mt-faults.txt");
    let rules: Vec<(&str, &str)> = found.iter().map(|f| (f.0.as_str(), f.3.as_str())).collect();
    for expected in [
        ("punct/spacing", ","),
        ("garble/repeated-word", " the"),
        ("punct/spacing", " ,"),
        ("punct/spacing", "."),
        ("space/leading", "  "),
        ("garble/untranslated", "十四五"),
        ("punct/fullwidth", "，"),
        ("punct/fullwidth", "。"),
        ("garble/tense-year", "will"),
        ("garble/mojibake", "â€™"),
        ("punct/doubled", ". ."),
        ("punct/unbalanced", "\""),
        ("punct/spacing", "'"),
    ] {
        assert!(
            rules.contains(&expected),
            "missing {expected:?} in {rules:#?}"
        );
    }
}

#[test]
fn target_language_decides_untranslated() {
    let output = termlint()
        .args([
            "check",
            "--select",
            "garble/untranslated",
            "--format",
            "concise",
            "-",
        ])
        .write_stdin("the 十四五 plan\n")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "<stdin>:1:5: warning[garble/untranslated] untranslated text `十四五`\n"
    );
    termlint()
        .args(["check", "--select", "garble", "--target-lang", "zh", "-"])
        .write_stdin("the 十四五 plan\n")
        .assert()
        .code(0);
}

#[test]
fn as_of_decides_which_years_are_past() {
    let text = "In 2020, exports will grow by 3.4%.\n";
    termlint()
        .args([
            "check",
            "--select",
            "garble/tense-year",
            "--as-of",
            "2020-01-16",
            "-",
        ])
        .write_stdin(text)
        .assert()
        .code(0);
    termlint()
        .args([
            "check",
            "--select",
            "garble/tense-year",
            "--as-of",
            "2021",
            "-",
        ])
        .write_stdin(text)
        .assert()
        .code(1);
    termlint()
        .args(["check", "--as-of", "20x1", "-"])
        .write_stdin(text)
        .assert()
        .code(2);
}

/// Diagnostics of a file that still carry a fix.
fn fixable_left(path: &Path) -> Vec<(String, u64, u64, String)> {
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

#[test]
fn fix_on_the_seed_relints_clean_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seed.txt");
    fs::copy(SEED, &file).unwrap();
    assert!(!fixable_left(&file).is_empty());
    let output = termlint()
        .args(["check", "--fix"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("Fixed "));
    assert_eq!(fixable_left(&file), vec![]);
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(fixed.contains("Quanzhou's 'Maritime Silk Road' pilot zone"));
    assert!(fixed.contains("the COVID-19 epidemic"));
    assert!(fixed.contains("between Quanzhou and Macao.\n"));
    assert!(
        fixed.ends_with("exchanges and cooperation."),
        "(Finish) and its space are gone"
    );
    assert!(fixed.contains("\nOn the morning of the same day"));
    assert!(!fixed.contains("COVID-19-19"));
    // A second run changes nothing.
    termlint()
        .args(["check", "--fix"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(fs::read_to_string(&file).unwrap(), fixed);
    termlint()
        .args(["check", "--diff"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn fix_keeps_bom_line_endings_and_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("crlf.txt");
    let original = "\u{feff}Trade on the Hai Silk route.\r\nIt's fine; keep   this.\r\n";
    fs::write(&file, original).unwrap();
    termlint()
        .args(["check", "--fix", "--select", "term"])
        .arg(&file)
        .assert()
        .code(0);
    assert_eq!(
        fs::read(&file).unwrap(),
        "\u{feff}Trade on the Maritime Silk Road route.\r\nIt's fine; keep   this.\r\n".as_bytes()
    );
}

#[test]
fn fix_keeps_legacy_encodings_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gbk.txt");
    let (bytes, _, _) = encoding_rs::GB18030.encode("海丝，the Hai Silk route\n");
    fs::write(&file, &bytes).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    termlint()
        .args([
            "check",
            "--fix",
            "--select",
            "term",
            "--encoding",
            "gb18030",
        ])
        .arg(&file)
        .assert()
        .code(0);
    let (expected, _, _) = encoding_rs::GB18030.encode("海丝，the Maritime Silk Road route\n");
    assert_eq!(fs::read(&file).unwrap(), expected.into_owned());
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn diff_shows_fixes_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    fs::write(&file, "the Hai Silk route\n").unwrap();
    let output = termlint()
        .args(["check", "--diff"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(
        diff.contains("-the Hai Silk route\n+the Maritime Silk Road route\n"),
        "{diff}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "the Hai Silk route\n");
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    termlint()
        .args(["check", "--fix", "-"])
        .write_stdin("Growth,the new crown pneumonia. .\n")
        .assert()
        .code(0)
        .stdout("Growth, the COVID-19.\n");
}

#[test]
fn fix_never_touches_a_file_that_failed_to_decode() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.txt");
    let bytes = b"the Hai Silk \xff route\n";
    fs::write(&file, bytes).unwrap();
    termlint()
        .args(["check", "--fix"])
        .arg(&file)
        .assert()
        .code(1);
    assert_eq!(fs::read(&file).unwrap(), bytes);
}

fn stdout_of(args: &[&str], stdin: &str) -> String {
    let output = termlint().args(args).write_stdin(stdin).output().unwrap();
    String::from_utf8(output.stdout).unwrap()
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
    assert!(first.trim_start().starts_with("13  term/variant"), "{text}");
    assert!(first.contains("13 fixable"));
}

/// A project folder with a config, a glossary and some files.
fn project(config: &str) -> tempfile::TempDir {
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

fn concise_in(dir: &Path, args: &[&str]) -> (String, Option<i32>) {
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

const CONFIG: &str = r#"
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

#[test]
fn config_is_discovered_upwards_and_applied() {
    let dir = project(CONFIG);
    let (text, code) = concise_in(&dir.path().join("docs"), &["."]);
    // fail-on = "error": warnings do not fail.
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("a.txt:1:5: warning[term/variant]"), "{text}");
    assert!(text.contains("a.txt:1:19: info[punct/spacing]"), "{text}");
    // The override silences punct under docs/legacy; the glossary still applies.
    assert!(text.contains("b.txt:1:5: warning[term/variant]"), "{text}");
    assert!(!text.contains("b.txt:1:19"), "{text}");
    // vendor/ is excluded even when named.
    let (text, _) = concise_in(dir.path(), &["vendor/c.txt", "docs/a.txt"]);
    assert!(!text.contains("c.txt"), "{text}");
}

#[test]
fn command_line_overrides_the_config() {
    let dir = project(CONFIG);
    let (_, code) = concise_in(dir.path(), &["--fail-on", "warning", "docs"]);
    assert_eq!(code, Some(1));
    let (text, _) = concise_in(dir.path(), &["--select", "punct", "docs"]);
    assert!(!text.contains("term/variant"), "{text}");
    let (text, _) = concise_in(dir.path(), &["--no-config", "docs"]);
    // Without the config: bundled glossary, every rule, vendor not excluded.
    assert!(text.contains("warning[punct/spacing]"), "{text}");
    let other = dir.path().join("other.toml");
    fs::write(&other, "select = [\"punct\"]\n").unwrap();
    let (text, _) = concise_in(dir.path(), &["--config", "other.toml", "docs"]);
    assert!(
        text.contains("punct/spacing") && !text.contains("term/variant"),
        "{text}"
    );
}

#[test]
fn config_errors_are_located_and_exit_2() {
    let dir = project("fail-on = \"error\"\nexlude = [\"vendor/**\"]\n");
    let (text, code) = concise_in(dir.path(), &["docs"]);
    assert_eq!(code, Some(2));
    assert!(text.contains("error[config]"), "{text}");
    assert!(text.contains("termlint.toml:2:1"), "{text}");
    let dir = project("ignore = [\"punkt\"]\n");
    let (text, code) = concise_in(dir.path(), &["docs"]);
    assert_eq!(code, Some(2));
    assert!(
        text.contains("unknown rule or family `punkt`") && text.contains("termlint.toml:1:11"),
        "{text}"
    );
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = tempfile::tempdir().unwrap();
    termlint()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(0);
    let written = fs::read_to_string(dir.path().join("termlint.toml")).unwrap();
    assert!(written.contains("fail-on = \"warning\""));
    termlint()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2);
    // The starter config is valid and in force.
    write(dir.path(), "a.txt", b"the Hai Silk\n");
    let (text, code) = concise_in(dir.path(), &["a.txt"]);
    assert_eq!(code, Some(1), "{text}");
}

#[test]
fn inline_suppressions() {
    let text = "\
The Hai Silk route. termlint: ignore[term/variant]
The Sea Silk route,the end. termlint: ignore[punct]
termlint-disable-next-line
The Marine Silk route.
termlint-disable[term]
The Haisi route and the Sea Silk.
termlint-enable
The Hai Silk again.
The Maritime Silk Road. termlint: ignore[term/variant]
";
    let out = stdout_of(
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "term/variant,punct,meta",
            "-",
        ],
        text,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        vec![
            "<stdin>:2:5: warning[term/variant] `Sea Silk` is a variant of `Maritime Silk Road` (fix: `Maritime Silk Road`)",
            "<stdin>:8:5: warning[term/variant] `Hai Silk` is a variant of `Maritime Silk Road` (fix: `Maritime Silk Road`)",
            "<stdin>:9:25: warning[meta/unused-suppression] this suppression suppresses nothing",
        ],
        "{out}"
    );
    // A directive for a rule that is not enabled is not reported unused.
    let out = stdout_of(
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "punct,meta",
            "-",
        ],
        "Fine. termlint: ignore[term/variant]\n",
    );
    assert_eq!(out, "");
}

#[test]
fn baseline_hides_known_findings_and_keeps_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        b"The Hai Silk route.\n\nThe Sea Silk route.\n",
    );
    let run = |args: &[&str]| {
        termlint()
            .current_dir(dir.path())
            .args(["check", "--select", "term/variant", "--format", "concise"])
            .args(args)
            .output()
            .unwrap()
    };
    let written = run(&["--baseline", "baseline.json", "--write-baseline", "a.txt"]);
    assert_eq!(written.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&written.stderr).contains("Recorded 2 findings"));
    let clean = run(&["--baseline", "baseline.json", "a.txt"]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(String::from_utf8(clean.stdout).unwrap(), "");
    // Lines move and a new finding appears: only the new one counts.
    write(
        dir.path(),
        "a.txt",
        b"Intro.\n\nThe Hai Silk route.\n\nThe Sea Silk route.\n\nNew crown pneumonia.\n",
    );
    let new = run(&["--baseline", "baseline.json", "a.txt"]);
    assert_eq!(new.status.code(), Some(1));
    let text = String::from_utf8(new.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("a.txt:7:1: warning[term/variant] `New crown pneumonia`"));
    let missing = run(&["--baseline", "nope.json", "a.txt"]);
    assert_eq!(missing.status.code(), Some(2));
}

fn concise(args: &[&str]) -> (String, String, Option<i32>) {
    let output = termlint()
        .args(["check", "--format", "concise", "--as-of", "2026-11-25"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code(),
    )
}

#[test]
fn bilingual_examples_report_at_file_positions() {
    let (out, _, code) = concise(&["examples/bilingual/"]);
    assert_eq!(code, Some(1));
    for expected in [
        // PO: through the `\"` escape and a multi-line msgstr.
        "quanzhou.zh-en.po:11:15: warning[bitext/term] source term `海丝` should be translated as `Maritime Silk Road`; the target has `Hai Silk`, a known variant",
        "quanzhou.zh-en.po:11:15: warning[term/variant] `Hai Silk` is a variant of `Maritime Silk Road`",
        "quanzhou.zh-en.po:17:2: warning[bitext/number] the source has `343亿` (34,300,000,000), which the target lacks",
        "quanzhou.zh-en.po:17:55: warning[bitext/number] the target has `3430 billion` (3,430,000,000,000), which the source lacks",
        "quanzhou.zh-en.po:32:9: error[bitext/placeholder] placeholders missing from the target: `%d`",
        "quanzhou.zh-en.po:35:1: warning[bitext/untranslated] the target is empty",
        // XLIFF: inline elements, entities.
        "quanzhou.zh-en.xlf:11:17: error[bitext/placeholder] placeholders missing from the target: `<x 2>`",
        "quanzhou.zh-en.xlf:11:22: warning[bitext/number] the target has `13` (13), which the source lacks",
        "quanzhou.zh-en.xlf:15:59: warning[bitext/term] source term `新冠肺炎` should be translated as `COVID-19`",
        // TSV
        "quanzhou.zh-en.tsv:4:6: warning[bitext/term] source term `一带一路` should be translated as `Belt and Road`; the target has `One Belt and One Road`, a known variant",
        "quanzhou.zh-en.tsv:5:6: warning[bitext/untranslated] the target is identical to the source",
    ] {
        assert!(out.contains(expected), "missing {expected}\n{out}");
    }
    // Correct translations are not flagged: 千亿 = 100 billion, 950万 = 9.5
    // million, 第十六届 = Sixteenth / 16th, 98.2%, and the canonical term.
    for line in [":21:", ":22:", ":26:", ":11:5", ":3:"] {
        assert!(
            !out.lines()
                .any(|l| l.contains(&format!("quanzhou.zh-en.po{line}"))
                    && l.contains("bitext/number")),
            "false alarm at {line}\n{out}"
        );
    }
    assert!(!out.contains("tsv:2:"), "{out}");
    assert!(!out.contains("tsv:3:"), "{out}");
    assert!(!out.contains("bitext/end-punct"), "{out}");
}

fn bilingual_file(name: &str, content: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), name, content.as_bytes());
    let path = dir.path().join(name).display().to_string();
    (dir, path)
}

#[test]
fn bitext_rules_on_pairs() {
    let (_dir, path) = bilingual_file(
        "pairs.tsv",
        "你好吗？\tHow are you.\n\
         第六届\tthe sixth\n\
         百分之三点四\t3.4%\n\
         1.2万人\t12,000 people\n\
         一百二十个国家\t12 countries\n\
         海上丝绸之路\tthe Maritime Silk Road\n\
         %1$s 和 {0}\t%1$s and {1}\n\
         <b>粗体</b>\t<b>bold</b>\n\
         RCEP协定\tRCEP协定\n\
         GitHub\tGitHub\n",
    );
    let (out, _, _) = concise(&["--select", "bitext", &path]);
    let lines: Vec<&str> = out.lines().map(|l| l.split_once(": ").unwrap().1).collect();
    assert_eq!(
        lines,
        vec![
            "info[bitext/end-punct] the source ends with a question mark, the target with a full stop",
            "warning[bitext/number] the target has `12` (12), which the source lacks",
            "warning[bitext/number] the source has `一百二十` (120), which the target lacks",
            "error[bitext/placeholder] placeholders differ: missing `{0}`; not in the source `{1}`",
            "warning[bitext/untranslated] the target is identical to the source",
        ],
        "{out}"
    );
}

#[test]
fn markdown_lints_prose_only() {
    let (_dir, path) = bilingual_file(
        "doc.md",
        "---\ntitle: Hai Silk\n---\n\n# The Hai Silk\n\nSee `Hai Silk`, <https://x.y/Hai%20Silk> and [the Sea Silk](https://x.y/Hai-Silk).\n\n```\nHai Silk  ,,\n```\n\n    indented code Hai Silk\n\nThe Hai Silk ignored. <!-- termlint: ignore[term/variant] -->\n\n  Indented paragraph is fine in Markdown.\n",
    );
    let (out, _, _) = concise(&["--ignore", "term/inconsistent", &path]);
    let found: Vec<&str> = out
        .lines()
        .map(|l| l.split_once("doc.md:").unwrap().1)
        .collect();
    assert_eq!(
        found,
        vec![
            "5:7: warning[term/variant] `Hai Silk` is a variant of `Maritime Silk Road` (fix: `Maritime Silk Road`)",
            "7:51: warning[term/variant] `Sea Silk` is a variant of `Maritime Silk Road` (fix: `Maritime Silk Road`)",
        ],
        "{out}"
    );
}

#[test]
fn malformed_files_are_located_and_the_rest_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.po",
        b"msgid \"a\"\nmsgstr \"unterminated\n",
    );
    write(dir.path(), "bad.xlf", b"<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>a</target></trans-unit></body></file></xliff>\n");
    write(dir.path(), "bad.tsv", b"a\tb\nc\td\te\n");
    write(dir.path(), "good.txt", b"the Hai Silk\n");
    let (out, err, code) = concise(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(err.contains("bad.po: 2:8: unterminated string"), "{err}");
    assert!(err.contains("bad.tsv: 2:1: row 2 has 3 columns"), "{err}");
    assert!(
        err.contains("bad.xlf: 1:") && err.contains("malformed XML"),
        "{err}"
    );
    assert!(out.contains("good.txt:1:5: warning[term/variant]"), "{out}");
}

#[test]
fn aligned_pairs_and_line_count_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "zh.txt", "海丝建设\n出口额343亿元\n".as_bytes());
    write(
        dir.path(),
        "en.txt",
        b"Hai Silk construction\nexports of 3430 billion yuan\n",
    );
    write(dir.path(), "short.txt", b"one line\n");
    let zh = dir.path().join("zh.txt");
    let (out, _, code) = concise(&[
        "--select",
        "bitext",
        "--source",
        zh.to_str().unwrap(),
        "--target",
        dir.path().join("en.txt").to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("en.txt:1:1: warning[bitext/term] source term `海丝`"),
        "{out}"
    );
    assert!(
        out.contains("en.txt:2:12: warning[bitext/number] the target has `3430 billion`"),
        "{out}"
    );
    let (_, err, code) = concise(&[
        "--source",
        zh.to_str().unwrap(),
        "--target",
        dir.path().join("short.txt").to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("the source has 2 lines and the target 1"),
        "{err}"
    );
}

#[test]
fn fix_in_po_and_xliff_changes_only_targets_and_stays_valid() {
    let dir = tempfile::tempdir().unwrap();
    let po = "msgid \"海丝\"\nmsgstr \"the \\\"Hai Silk\\\"\"\n\nmsgid \"Hai Silk\"\nmsgstr \"Hai Silk\"\n";
    write(dir.path(), "a.po", po.as_bytes());
    let xlf = "<xliff version=\"1.2\"><file source-language=\"zh\" target-language=\"en\"><body><trans-unit id=\"1\"><source>Hai Silk &amp; 海丝</source><target>the Hai Silk &amp; <g id=\"1\">more</g></target></trans-unit></body></file></xliff>\n";
    write(dir.path(), "a.xlf", xlf.as_bytes());
    termlint()
        .args(["check", "--fix", "--select", "term"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("a.po")).unwrap(),
        "msgid \"海丝\"\nmsgstr \"the \\\"Maritime Silk Road\\\"\"\n\nmsgid \"Hai Silk\"\nmsgstr \"Maritime Silk Road\"\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.xlf")).unwrap(),
        xlf.replace("<target>the Hai Silk", "<target>the Maritime Silk Road")
    );
    // A second run changes nothing.
    termlint()
        .args(["check", "--diff", "--select", "term"])
        .arg(dir.path())
        .assert()
        .code(0);
}

#[test]
fn suppression_comments_cover_their_unit_in_po() {
    let (_dir, path) = bilingual_file(
        "s.po",
        "# termlint: ignore[term/variant]\nmsgid \"海丝\"\nmsgstr \"the Hai Silk\"\n\nmsgid \"海丝\"\nmsgstr \"the Sea Silk\"\n",
    );
    let (out, _, _) = concise(&["--select", "term/variant,meta", &path]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("s.po:6:13: warning[term/variant] `Sea Silk`"),
        "{out}"
    );
}

#[test]
fn tmx_sides_follow_the_languages_asked_for() {
    let (_dir, path) = bilingual_file(
        "m.tmx",
        "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu>\
         <tuv xml:lang=\"en\"><seg>The Hai Silk</seg></tuv>\
         <tuv xml:lang=\"zh-CN\"><seg>海丝</seg></tuv></tu></body></tmx>\n",
    );
    // The header says English is the source: the Chinese side is linted.
    let (out, _, _) = concise(&["--select", "term/variant", &path]);
    assert_eq!(out, "");
    let (out, _, _) = concise(&[
        "--select",
        "term/variant,bitext/term",
        "--source-lang",
        "zh",
        "--target-lang",
        "en",
        &path,
    ]);
    assert!(out.contains("m.tmx:1:80: warning[bitext/term]"), "{out}");
    assert!(
        out.contains("m.tmx:1:80: warning[term/variant] `Hai Silk`"),
        "{out}"
    );
}

#[test]
fn utf16_xliff_is_read_by_its_declaration() {
    let dir = tempfile::tempdir().unwrap();
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<xliff version=\"1.2\"><file source-language=\"zh\" target-language=\"en\"><body><trans-unit id=\"1\"><source>海丝</source><target>Hai Silk</target></trans-unit></body></file></xliff>\n";
    let mut bytes = Vec::new();
    for unit in xml.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    write(dir.path(), "w.xlf", &bytes);
    let (out, err, _) = concise(&[
        "--select",
        "term/variant",
        dir.path().join("w.xlf").to_str().unwrap(),
    ]);
    assert!(
        out.contains("w.xlf:2:122: warning[term/variant] `Hai Silk`"),
        "{out}{err}"
    );
}

/// Cases where digit-string comparison (as in pofilter) is wrong for
/// Chinese: termlint must judge them by value instead.
#[test]
fn chinese_numbers_judged_by_value_in_po() {
    let (_dir, path) = bilingual_file(
        "zh.po",
        "msgid \"3430亿元\"\nmsgstr \"343 billion yuan\"\n\n\
         msgid \"3430亿元\"\nmsgstr \"3430 billion yuan\"\n\n\
         msgid \"1.2万\"\nmsgstr \"12,000\"\n\n\
         msgid \"一百二十个国家\"\nmsgstr \"12 countries\"\n\n\
         msgid \"百分之五十\"\nmsgstr \"50%\"\n\n\
         msgid \"RCEP协定\"\nmsgstr \"RCEP协定\"\n\n\
         msgid \"东盟（ASEAN）成员国\"\nmsgstr \"ASEAN (Association of Southeast Asian Nations) member states\"\n\n\
         msgid \"各方。\"\nmsgstr \"all parties。\"\n",
    );
    let (out, _, _) = concise(&["--select", "bitext,punct/fullwidth", &path]);
    let found: Vec<&str> = out
        .lines()
        .map(|l| l.split_once("zh.po:").unwrap().1)
        .collect();
    assert_eq!(
        found,
        vec![
            "5:9: warning[bitext/number] the target has `3430 billion` (3,430,000,000,000), which the source lacks",
            "5:9: warning[bitext/number] the source has `3430亿` (343,000,000,000), which the target lacks",
            "11:9: warning[bitext/number] the target has `12` (12), which the source lacks",
            "11:9: warning[bitext/number] the source has `一百二十` (120), which the target lacks",
            "17:9: warning[bitext/untranslated] the target is identical to the source",
            "23:20: warning[punct/fullwidth] full-width `。` in English text (fix: `.`)",
        ],
        "{out}"
    );
}

#[test]
fn large_catalogues_are_checked_in_order_across_cores() {
    let rows: String = (0..5000)
        .map(|i| format!("第{}条：海丝。\tItem {}: the Hai Silk.\n", i + 1, i + 1))
        .collect();
    let (_dir, path) = bilingual_file("big.tsv", &rows);
    let (out, _, _) = concise(&["--select", "term/variant,bitext", &path]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 10_000, "{}", &out[..out.len().min(2000)]);
    for (i, pair) in lines.chunks(2).enumerate() {
        let line = format!("big.tsv:{}:", i + 1);
        assert!(pair.iter().all(|l| l.contains(&line)), "{pair:?}");
        assert!(
            pair[0].contains("bitext/term") && pair[1].contains("term/variant"),
            "{pair:?}"
        );
    }
}
