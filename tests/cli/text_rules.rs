//! Rule selection, `rules`/`explain`, and the text rules on real and planted text.

use crate::util::*;

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

/// garble/repeated-word runs on every spaced script, except languages
/// whose grammar doubles short words (Sesotho `ba ba`).
#[test]
fn repeated_words_in_languages_that_double_words() {
    let text = "Banna ba ba tlileng\n";
    for lang in ["st", "st-ZA", "zh-CN"] {
        termlint()
            .args(["check", "--select", "garble/repeated-word"])
            .args(["--target-lang", lang, "-"])
            .write_stdin(text)
            .assert()
            .code(0);
    }
    for lang in [
        &["--target-lang", "en-GB"][..],
        &["--target-lang", "fr"],
        &[],
    ] {
        let out = stdout_of(
            &[
                &[
                    "check",
                    "--select",
                    "garble/repeated-word",
                    "--format",
                    "concise",
                ],
                lang,
                &["-"],
            ]
            .concat(),
            text,
        );
        assert!(out.contains("garble/repeated-word"), "{lang:?}: {out}");
    }
}

/// An opt-in rule runs only when named by its id or `all`: never by
/// default, never through its family.
#[test]
fn opt_in_rules_run_only_when_named() {
    let text = "In 2020, exports will grow by 3.4%.\n";
    for args in [&["check", "-"][..], &["check", "--select", "garble", "-"]] {
        termlint().args(args).write_stdin(text).assert().code(0);
    }
    for selector in ["garble/tense-year", "all"] {
        termlint()
            .args(["check", "--as-of", "2021", "--select", selector, "-"])
            .write_stdin(text)
            .assert()
            .code(1);
    }
    let rules = termlint().arg("rules").output().unwrap();
    let rules = String::from_utf8(rules.stdout).unwrap();
    let line = rules
        .lines()
        .find(|l| l.starts_with("garble/tense-year"))
        .unwrap();
    assert!(line.contains("opt-in"), "{line}");
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

/// One sentence per line: no finding joins the end of one line to the start
/// of the next (the year of one line, the future tense of the next).
#[test]
fn line_per_sentence_input() {
    let text = "In 2020 exports rose\nExports will grow next year\n";
    let args = |format: &'static str| {
        [
            "check",
            "--select",
            "garble/tense-year",
            "--as-of",
            "2021",
            "--input-format",
            format,
            "-",
        ]
    };
    termlint()
        .args(args("text"))
        .write_stdin(text)
        .assert()
        .code(1);
    termlint()
        .args(args("lines"))
        .write_stdin(text)
        .assert()
        .code(0);
    // A config can say it too.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "termlint.toml", b"input-format = \"lines\"\n");
    write(dir.path(), "mt.txt", text.as_bytes());
    termlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--select",
            "garble/tense-year",
            "--as-of",
            "2021",
            "mt.txt",
        ])
        .assert()
        .code(0);
}
