//! Reading inputs: paths, encodings, byte-order marks, folders and stdin.

use serde_json::Value;

use crate::util::*;

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

/// `termlint check --no-config ARGS PATH`: standard output and error, and
/// the exit code;
/// with `part_bytes`, every file is read in parts of about that size.
fn check_in_parts(
    args: &[&str],
    path: &std::path::Path,
    part_bytes: Option<&str>,
) -> (String, String, Option<i32>) {
    let mut cmd = termlint();
    if let Some(bytes) = part_bytes {
        cmd.env("TERMLINT_PARTS_MIN_BYTES", "1")
            .env("TERMLINT_PART_BYTES", bytes);
    }
    texts(
        cmd.args(["check", "--no-config"])
            .args(args)
            .arg(path)
            .output()
            .unwrap(),
    )
}

/// A large plain-text file is read and linted in parts (here forced with
/// tiny parts): the same findings at the same lines, columns and bytes,
/// in every output format that joins parts, as when it is read whole;
/// with a byte-order mark and CRLF line ends, and read line by line.
#[test]
fn large_text_read_in_parts_reports_as_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let article = std::fs::read_to_string("examples/quanzhou-news.en.txt").unwrap();
    let mut text = b"\xEF\xBB\xBF".to_vec();
    for copy in 0..12 {
        let body = if copy % 2 == 0 {
            article.clone()
        } else {
            article.replace('\n', "\r\n")
        };
        text.extend_from_slice(body.as_bytes());
        text.extend_from_slice(b"\n\n");
    }
    write(dir.path(), "big.txt", &text);
    let path = dir.path().join("big.txt");
    let path = path.to_str().unwrap();
    // term/inconsistent weighs what it reads at once: the part, in parts.
    let rules = "punct,space,garble,term/variant,term/forbidden";
    for args in [
        &["--format", "json"][..],
        &["--format", "human"],
        &["--format", "sarif"],
        &["--format", "concise", "--input-format", "lines"],
    ] {
        let args = [&["--select", rules][..], args].concat();
        let run = |parts: bool| check_in_parts(&args, path.as_ref(), parts.then_some("2000"));
        let (whole, _, whole_code) = run(false);
        let (parts, _, parts_code) = run(true);
        assert!(whole.lines().count() > 100, "{args:?}: {whole}");
        assert_eq!(parts, whole, "{args:?}");
        assert_eq!(parts_code, whole_code);
    }
}

/// A large file that is not UTF-8 is read whole, as any other file: the
/// same error naming line and column without `--encoding`, and the same
/// findings with it.
#[test]
fn large_text_in_another_encoding_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    // Latin-1: `café. .` with a doubled stop.
    let mut text = Vec::new();
    for _ in 0..200 {
        text.extend_from_slice(b"The caf\xE9 opened. . It was full.\n\n");
    }
    write(dir.path(), "latin1.txt", &text);
    let path = dir.path().join("latin1.txt");
    let run = |parts: bool, encoding: &[&str]| {
        let args = [
            &["--format", "json", "--select", "punct/doubled"][..],
            encoding,
        ]
        .concat();
        let (out, _, code) = check_in_parts(&args, &path, parts.then_some("100"));
        let report: Value = serde_json::from_str(&out).unwrap();
        (report, code)
    };
    let (report, code) = run(true, &[]);
    assert_eq!((report.clone(), code), run(false, &[]));
    let errors = report["errors"].as_array().unwrap();
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("line 1, column 8"),
        "{report:#}"
    );
    let (report, code) = run(true, &["--encoding", "latin1"]);
    assert_eq!(code, Some(1));
    assert_eq!(diagnostics(&report).len(), 200, "{report:#}");
}

/// A large PO catalogue read in parts keeps its header's language and
/// plural forms in every part: the same findings as read whole (but for the
/// run-level consistency rules, which weigh each part).
#[test]
fn large_po_read_in_parts_keeps_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let mut po = String::from(
        "# A catalogue.\nmsgid \"\"\nmsgstr \"\"\n\"Language: zh_CN\\n\"\n\
         \"Plural-Forms: nplurals=1; plural=0;\\n\"\n\n",
    );
    for i in 0..150 {
        po.push_str(&format!(
            "#, c-format\nmsgid \"One file in slot {i}\"\nmsgid_plural \"%d files in slot {i}\"\n\
             msgstr[0] \"槽 {i} 中有 %d 个文件\"\n\n\
             msgid \"Delete entry {i}?\"\nmsgstr \"确定删除条目 {i} 吗?\"\n\n\
             msgid \"Saved %s\"\nmsgstr \"已保存\"\n\n"
        ));
    }
    write(dir.path(), "big.po", po.as_bytes());
    let path = dir.path().join("big.po");
    let args = ["--format", "json", "--ignore", "bitext/inconsistent-target"];
    let run = |parts: bool| check_in_parts(&args, &path, parts.then_some("1500"));
    let (whole, _, code) = run(false);
    let (parts, _, parts_code) = run(true);
    assert_eq!((parts, parts_code), (whole.clone(), code));
    let report: Value = serde_json::from_str(&whole).unwrap();
    let found = findings(&report);
    // Every `?` after Chinese, every dropped `%s`, and no plural form
    // (with one plural form, msgstr[0] is read against msgid_plural).
    assert_eq!(
        found.iter().filter(|f| f.0 == "zh/ascii-punct").count(),
        150
    );
    assert_eq!(
        found.iter().filter(|f| f.0 == "bitext/placeholder").count(),
        150
    );
    assert!(found.iter().all(|f| !f.3.contains("个文件")), "{found:#?}");
}

/// A PO catalogue read in parts that cannot be read says where, as when it
/// is read whole.
#[test]
fn large_po_read_in_parts_names_the_line_of_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut po = String::from("msgid \"\"\nmsgstr \"\"\n\"Language: zh_CN\\n\"\n\n");
    for i in 0..300 {
        po.push_str(&format!("msgid \"Entry {i}\"\nmsgstr \"条目 {i}\"\n\n"));
    }
    po.push_str("msgid \"Broken\nmsgstr \"x\"\n\n");
    write(dir.path(), "broken.po", po.as_bytes());
    let path = dir.path().join("broken.po");
    let run = |parts: Option<&str>| check_in_parts(&[], &path, parts);
    let (_, whole, code) = run(None);
    assert!(
        whole.contains("broken.po: 905:7: unterminated string"),
        "{whole}"
    );
    let (_, parts, parts_code) = run(Some("2000"));
    assert_eq!((parts, parts_code), (whole, code));
}

/// The parts of a large file are written as they are done: bytes that are
/// not UTF-8 far into it end the file with an error naming their line,
/// after the findings of the parts before them, in a report that stays
/// well formed and counts the file as failed.
#[test]
fn large_text_with_bad_bytes_late_reports_the_parts_before_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = Vec::new();
    for i in 0..200 {
        text.extend_from_slice(format!("Paragraph {i} has the the error.\n\n").as_bytes());
    }
    text.extend_from_slice(b"Broken \xFF byte.\n\nThe the last.\n");
    write(dir.path(), "late.txt", &text);
    let path = dir.path().join("late.txt");
    let (out, err, code) = check_in_parts(&["--format", "json"], &path, Some("1000"));
    assert_eq!(code, Some(1), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let lines: Vec<u64> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    // One repeated word per paragraph of the parts before the bad bytes.
    assert!(lines.len() >= 150 && lines.len() < 200, "{lines:?}");
    assert_eq!(lines[..3], [1, 3, 5]);
    assert_eq!(report["summary"]["files_failed"], 1);
    assert_eq!(report["summary"]["files"], 0);
    let message = report["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("line 401"), "{message}");
}

/// Large XLIFF (1.2 and 2.0) and TMX files are read in parts, each part
/// inside the file's opening (its languages, a `translate="no"` file) and
/// closing: the same findings as read whole, but for bitext/inconsistent-
/// target, which weighs each part (and so shows that parts were read).
#[test]
fn large_xliff_and_tmx_read_in_parts_report_as_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let units = |unit: &dyn Fn(usize) -> String| (0..120).map(unit).collect::<String>();
    let xliff1 = format!(
        "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
         <file original=\"app\" source-language=\"en\" target-language=\"zh-CN\" datatype=\"plaintext\">\n\
         <header><note>Exported.</note></header>\n<body>\n{}\
         <trans-unit id=\"last\"><source>Save</source><target>储存</target></trans-unit>\n\
         </body>\n</file>\n</xliff>\n",
        units(&|i| format!(
            "<trans-unit id=\"a{i}\"><source>Delete %s files in slot {i}?</source>\
             <target>删除槽 {i} 中的文件?</target></trans-unit>\n\
             <trans-unit id=\"b{i}\" translate=\"no\"><source>Keep %d</source><target>保持</target></trans-unit>\n\
             <trans-unit id=\"c{i}\"><source>Save</source><target>保存</target></trans-unit>\r\n"
        ))
    );
    let xliff2 = format!(
        "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" \
         srcLang=\"en\" trgLang=\"zh-CN\">\n<file id=\"f1\">\n{}\
         <unit id=\"last\"><segment><source>Save</source><target>储存</target></segment></unit>\n</file>\n</xliff>\n",
        units(&|i| format!(
            "<unit id=\"u{i}\"><segment><source>Open {{0}} now, {i}!</source>\
             <target>现在打开 {i}!</target></segment></unit>\n\
             <unit id=\"s{i}\"><segment><source>Save</source><target>保存</target></segment></unit>\n"
        ))
    );
    let tmx = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n\
         <header srclang=\"en\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" \
         creationtool=\"t\" creationtoolversion=\"1\" o-tmf=\"t\"/>\n<body>\n{}\
         <tu><tuv xml:lang=\"en\"><seg>Save</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>储存</seg></tuv></tu>\n\
         </body>\n</tmx>\n",
        units(&|i| format!(
            "<tu><tuv xml:lang=\"en\"><seg>Print %s pages, {i}.</seg></tuv>\
             <tuv xml:lang=\"zh-CN\"><seg>打印页面 {i}.</seg></tuv></tu>\n\
             <tu><tuv xml:lang=\"en\"><seg>Save</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>保存</seg></tuv></tu>\n"
        ))
    );
    for (name, text) in [
        ("big.xlf", xliff1),
        ("big2.xliff", xliff2),
        ("big.tmx", tmx),
    ] {
        write(dir.path(), name, text.as_bytes());
        let path = dir.path().join(name);
        for format in ["json", "human", "sarif"] {
            let args = ["--format", format, "--ignore", "bitext/inconsistent-target"];
            let run = |parts: bool| check_in_parts(&args, &path, parts.then_some("2000"));
            let (whole, _, code) = run(false);
            let (parts, _, parts_code) = run(true);
            assert!(whole.len() > 1000, "{name}: {whole}");
            assert_eq!((parts, parts_code), (whole, code), "{name} {format}");
        }
        // The line of the one bitext/inconsistent-target finding.
        let inconsistent = |parts: bool| {
            let args = ["--format", "json", "--select", "bitext/inconsistent-target"];
            let (out, _, _) = check_in_parts(&args, &path, parts.then_some("2000"));
            let report: Value = serde_json::from_str(&out).unwrap();
            let found = diagnostics(&report);
            assert_eq!(found.len(), 1, "{name}: {report:#}");
            found[0]["line"].as_u64().unwrap()
        };
        // `Save` is 保存 throughout and 储存 in the last unit: read whole,
        // the finding is at the first 保存; in parts, at the first of the
        // last part.
        assert!(inconsistent(false) < 10, "{name}");
        assert!(inconsistent(true) > 100, "{name}");
    }
}

/// An XML file whose units are not all in one frame (a second `<file>`
/// with another language) is read whole; so is one that is not well
/// formed, whose error names its place as read whole.
#[test]
fn large_xliff_that_parts_cannot_follow_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = |lang: &str, units: &str| {
        format!(
            "<file original=\"{lang}\" source-language=\"en\" target-language=\"{lang}\">\n<body>\n{units}</body>\n</file>\n"
        )
    };
    let units = |target: &str| {
        (0..80)
            .map(|i| {
                format!(
                    "<trans-unit id=\"{i}\"><source>Save %s</source><target>{target}</target></trans-unit>\n"
                )
            })
            .collect::<String>()
    };
    let two_files = format!(
        "<xliff version=\"1.2\">\n{}{}</xliff>\n",
        file("zh-CN", &units("保存?")),
        file("de", &units("Speichern?"))
    );
    let broken = format!(
        "<xliff version=\"1.2\">\n{}",
        file("zh-CN", &units("保存?")).replace(
            "<trans-unit id=\"79\">",
            "<trans-unit id=\"79\" a=\"1\" a=\"2\">"
        )
    );
    // UTF-16, as TMX files often are.
    let tmx = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n{}</body></tmx>\n",
        (0..80)
            .map(|i| format!("<tu><tuv xml:lang=\"en\"><seg>Save %s {i}</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>保存 {i}?</seg></tuv></tu>\n"))
            .collect::<String>()
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(tmx.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    write(dir.path(), "utf16.tmx", &utf16);
    let path = dir.path().join("utf16.tmx");
    let run = |parts: bool| check_in_parts(&["--format", "json"], &path, parts.then_some("1000"));
    let (whole, _, code) = run(false);
    assert_eq!(run(true).0, whole);
    assert_eq!(code, Some(1), "{whole}");
    for (name, text) in [("two.xlf", two_files), ("broken.xlf", broken)] {
        write(dir.path(), name, text.as_bytes());
        let path = dir.path().join(name);
        let run =
            |parts: bool| check_in_parts(&["--format", "json"], &path, parts.then_some("1000"));
        let (whole, whole_err, code) = run(false);
        assert_eq!(
            run(true),
            (whole.clone(), whole_err.clone(), code),
            "{name}"
        );
        let report: Value = serde_json::from_str(&whole).unwrap();
        if name == "two.xlf" {
            // The German units, read with their own file's language... or
            // the first file's: whatever reading whole gives, parts give.
            assert!(!findings(&report).is_empty(), "{report:#}");
        } else {
            let errors = report["errors"].as_array().unwrap();
            assert!(
                errors[0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("malformed XML"),
                "{report:#}"
            );
        }
    }
}
