//! Hostile and broken input: no crash, no runaway output, nothing raw
//! reaching the terminal.

use crate::util::*;

/// A non-ASCII character right after `encoding=` once panicked for any
/// file type; now the file is read as UTF-8 and the other files still are.
#[test]
fn odd_xml_declarations_do_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"<?xml encoding=\xc3\xa9x?>\n");
    write(dir.path(), "b.txt", b"The Hai Silk route.\n");
    let output = termlint()
        .args(["check", "--format", "concise"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("b.txt:1:5: warning[term/variant]"),
        "{stdout}"
    );
}

/// Escape sequences in a linted file are shown, never sent to the terminal.
#[test]
fn control_characters_are_shown_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let text = "The Hai Silk route \x1b[2J\x1b]0;title\x07 grew\r. Hai Silk again\u{9b}.\n";
    write(dir.path(), "esc.txt", text.as_bytes());
    for format in ["human", "concise"] {
        let output = termlint()
            .args(["check", "--color", "never", "--format", format])
            .arg(dir.path().join("esc.txt"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stdout = String::from_utf8(output.stdout).unwrap();
        for raw in ['\x1b', '\x07', '\r', '\u{9b}'] {
            assert!(!stdout.contains(raw), "{format}: raw {raw:?} in {stdout}");
        }
        assert!(stdout.contains("term/variant"), "{stdout}");
        if format == "human" {
            assert!(stdout.contains("route ␛[2J␛]0;title␇ grew␍."), "{stdout}");
            assert!(stdout.contains("again\\u{9B}."), "{stdout}");
        }
    }
}

/// Thousands of findings on one long line: each shows a window of the line,
/// so the output grows with the findings, not with findings x line length.
#[test]
fn long_lines_are_shown_as_windows() {
    let units: String = (0..2000)
        .map(|i| {
            format!(
                "<trans-unit id=\"u{i}\"><source>海丝 {i}</source><target>The Hai Silk {i}</target></trans-unit>"
            )
        })
        .collect();
    let xliff = format!(
        "<?xml version=\"1.0\"?><xliff version=\"1.2\"><file source-language=\"zh\" target-language=\"en\" datatype=\"plaintext\" original=\"x\"><body>{units}</body></file></xliff>"
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "one-line.xlf", xliff.as_bytes());
    let output = termlint()
        .args(["check", "--color", "never", "--select", "term/variant"])
        .arg(dir.path().join("one-line.xlf"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.matches("warning[term/variant]").count(), 2000);
    let longest = stdout.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 250, "a line of {longest} characters");
    // The real line and column are kept, and the span is marked in its window.
    let last = xliff.rfind("Hai Silk").unwrap();
    let column = xliff[..last].chars().count() + 1;
    assert!(
        stdout.contains(&format!("one-line.xlf:1:{column}\n")),
        "no 1:{column}"
    );
    assert!(stdout.contains("<target>The Hai Silk 1999</target>"));
}

/// `--statistics` counts findings without rendering them.
#[test]
fn statistics_print_only_counts() {
    let output = termlint()
        .args(["check", "--statistics", SEED])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.lines().all(|l| !l.contains('│')), "{stdout}");
    assert!(stdout.contains("term/variant"), "{stdout}");
}

/// Broken files are located errors, and the other files are still linted.
#[test]
fn broken_structured_files_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let unit = "<trans-unit id=\"1\"><source>海丝</source><target>Hai Silk</target></trans-unit>";
    let whole = format!("<xliff version=\"1.2\"><file><body>{unit}</body></file></xliff>\n");
    write(
        dir.path(),
        "a-truncated.xlf",
        &whole.as_bytes()[..whole.len() - 30],
    );
    write(
        dir.path(),
        "b-bad-ref.tmx",
        b"<tmx><body><tu><tuv xml:lang=\"en\"><seg>a &#0; b</seg></tuv></tu></body></tmx>\n",
    );
    write(
        dir.path(),
        "c-lost.po",
        b"msgid \"a\"\nmsgstr \"b\"\n\nmsgstr \"lost\"\n",
    );
    write(dir.path(), "d-good.txt", b"The Hai Silk route.\n");
    let output = termlint()
        .args(["check", "--format", "concise"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "a-truncated.xlf: 1:103: malformed XML: the file ends before the document does"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("b-bad-ref.tmx: 1:42: malformed XML"),
        "{stderr}"
    );
    assert!(
        stderr.contains("c-lost.po: 4:1: a msgstr without a msgid"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("d-good.txt:1:5"), "{stdout}");
}

/// A folder of UTF-16 files without a byte-order mark is not silently
/// skipped: each gets a warning naming the flag that reads it.
#[test]
fn utf16_without_bom_is_named_when_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let wide: Vec<u8> = "The Hai Silk route.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    write(dir.path(), "wide.txt", &wide);
    let output = termlint().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("wide.txt: looks like UTF-16LE text without a byte-order mark"),
        "{stderr}"
    );
    assert!(stderr.contains("--encoding utf-16le"), "{stderr}");
    let output = termlint()
        .args(["check", "--encoding", "utf-16le", "--format", "concise"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("wide.txt:1:5"));
}

#[test]
fn settings_files_with_bad_bytes_are_located() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "g.toml", b"[[term]]\ncanonical = \"a\xff\"\n");
    let output = termlint()
        .args(["check", "-g"])
        .arg(dir.path().join("g.toml"))
        .arg(SEED)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not valid UTF-8 at line 2, column 15 (byte 0xFF)"),
        "{stderr}"
    );
}

/// Error messages quote the file too: escaped as well.
#[test]
fn errors_quoting_the_file_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "evil.po",
        b"msgid \"a\"\nmsgstr \"b\"\n\x1b[31mevil \"x\"\n",
    );
    let output = termlint()
        .arg("check")
        .arg(dir.path().join("evil.po"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(stderr.contains("3:1: unexpected `␛[31mevil`"), "{stderr}");
}
