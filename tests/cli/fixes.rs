//! `--fix` and `--diff`: what is written, and what is kept.

use std::fs;

use crate::util::*;

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
    // Nothing to fix: the text still comes out, unchanged.
    termlint()
        .args(["check", "--fix", "-"])
        .write_stdin("Nothing to fix here.\n")
        .assert()
        .code(0)
        .stdout("Nothing to fix here.\n");
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
