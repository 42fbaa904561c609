//! Glossary terms: the seed article, custom glossaries and glossary errors.

use crate::util::*;

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
    // The treaty's full name is correct, and is not flagged.
    assert!(
        !found.iter().any(|f| f.1 == 19 && f.2 == 91),
        "the RCEP Agreement's name was flagged"
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

#[test]
fn glossary_errors_are_located_and_exit_2() {
    let (code, err, no_stdout) =
        check_with_broken_glossary(b"[[term]]\ncanonical = \"A\"\nvarients = [\"x\"]\n");
    assert_eq!(code, Some(2));
    assert!(err.contains("varients"), "{err}");
    assert!(err.contains("bad.toml:3:1"), "{err}");
    assert!(no_stdout);

    let (code, err, no_stdout) = check_with_broken_glossary(b"[[term]\ncanonical = \"A\"\n");
    assert_eq!(code, Some(2));
    assert!(err.contains("bad.toml:1:"), "{err}");
    assert!(no_stdout);
}

/// A contradiction or a duplicate does not stop the run: it is a located
/// warning on stderr, the entry is skipped, and the rest of the glossary
/// is used.
#[test]
fn glossary_contradictions_are_warnings_and_the_run_goes_on() {
    let g = tempfile::tempdir().unwrap();
    write(
        g.path(),
        "g.toml",
        b"[[term]]\ncanonical = \"Alpha\"\nvariants = [\"Alfa\"]\n\n[[term]]\ncanonical = \"Beta\"\nvariants = [\"ALFA\", \"Betta\", \"Alpha\"]\n",
    );
    write(g.path(), "a.txt", b"Alfa and Betta and Alpha.\n");
    let output = termlint()
        .args([
            "check",
            "--select",
            "term/variant",
            "--format",
            "json",
            "-g",
        ])
        .arg(g.path().join("g.toml"))
        .arg(g.path().join("a.txt"))
        .output()
        .unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains(
            "warning[glossary/duplicate-form]: `ALFA` is already a variant of `Alpha`; skipped"
        ),
        "{err}"
    );
    assert!(err.contains("g.toml:7:13"), "{err}");
    assert!(
        err.contains("warning[glossary/contradiction]: `Alpha` is the canonical form of `Alpha`, so it cannot also be flagged; skipped"),
        "{err}"
    );
    assert!(err.contains("2 contradictions or duplicates"), "{err}");
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(String, String)> = findings(&report).into_iter().map(|f| (f.0, f.3)).collect();
    // `Alfa` stays Alpha's variant, `Betta` is Beta's; `Alpha` is never
    // flagged.
    assert_eq!(
        found,
        vec![
            ("term/variant".to_owned(), "Alfa".to_owned()),
            ("term/variant".to_owned(), "Betta".to_owned())
        ]
    );
}

/// `accept`: other correct renderings; `except`: longer phrases inside
/// which a variant is correct; `[[keep]]`: names that must stay as they are.
#[test]
fn accepted_renderings_exceptions_and_kept_names() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "terms.toml",
        r#"[glossary]
target_lang = "en"

[[term]]
canonical = "Belt and Road"
variants = ["One Belt and One Road", "OBOR"]
accept = ["Belt and Road Initiative", "BRI"]
source = ["一带一路"]

[[term]]
canonical = "Maritime Silk Road"
variants = ["Sea Silk"]
except = ["Sea Silk Trading Company"]
source = ["海上丝绸之路"]

[[keep]]
names = ["GitHub"]
note = "A product name."
"#
        .as_bytes(),
    );
    write(
        dir.path(),
        "pairs.tsv",
        "一带一路项目\tBRI projects\n\
         一带一路倡议\tthe Belt and Road Initiative and OBOR\n\
         海上丝绸之路\tthe Sea Silk Trading Company and the Sea Silk route\n\
         在GitHub上发布\tPublished on Github\n\
         在GitHub上\ton GitHub\n"
            .as_bytes(),
    );
    let (out, err, code) = concise(&[
        "--select",
        "term,bitext/term",
        "-g",
        dir.path().join("terms.toml").to_str().unwrap(),
        dir.path().join("pairs.tsv").to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1), "{err}");
    let found: Vec<&str> = out
        .lines()
        .map(|l| l.split_once("pairs.tsv:").unwrap().1)
        .collect();
    assert_eq!(
        found,
        vec![
            "2:41: warning[term/variant] `OBOR` is a variant of `Belt and Road` (fix: `Belt and Road`)",
            "3:45: warning[term/variant] `Sea Silk` is a variant of `Maritime Silk Road` (fix: `Maritime Silk Road`)",
            "4:12: warning[bitext/term] `GitHub` must appear unchanged in the target",
        ],
        "{out}"
    );
}

#[test]
fn term_consistency_across_the_project_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "termlint.toml",
        b"consistency-scope = \"project\"\n",
    );
    write(dir.path(), "a.txt", b"The Maritime Silk Road is old.\n");
    write(dir.path(), "b.txt", b"The Hai Silk route.\n");
    write(
        dir.path(),
        "c.txt",
        b"Sea Silk again. And the Maritime Silk Road.\n",
    );
    let (report, code) = {
        let output = termlint()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "--select", "term/inconsistent"])
            .args(["a.txt", "b.txt", "c.txt"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        (report, output.status.code())
    };
    assert_eq!(code, Some(1));
    let found = diagnostics(&report);
    // Once for the run, not once for c.txt on its own.
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["path"], "a.txt");
    assert_eq!(
        found[0]["message"],
        "`Maritime Silk Road` is rendered 3 different ways across 3 files"
    );
    assert_eq!(
        found[0]["related"],
        serde_json::json!([
            {"path": "b.txt", "line": 1, "column": 5, "message": "`Hai Silk`, once in this file"},
            {"path": "c.txt", "line": 1, "column": 1, "message": "`Sea Silk`, once in this file"},
            {"path": "c.txt", "line": 1, "column": 25, "message": "`Maritime Silk Road`, once in this file"},
        ])
    );
    // The default scope is the file: only c.txt mixes renderings itself.
    write(
        dir.path(),
        "termlint.toml",
        b"consistency-scope = \"file\"\n",
    );
    let (out, _) = concise_in(
        dir.path(),
        &["--select", "term/inconsistent", "a.txt", "b.txt", "c.txt"],
    );
    assert_eq!(
        out,
        "c.txt:1:1: warning[term/inconsistent] `Maritime Silk Road` is rendered 2 different ways in this file\n"
    );
}

#[test]
fn spreadsheet_termbases_load_as_glossaries() {
    let dir = tempfile::tempdir().unwrap();
    // As a spreadsheet saves it: a byte-order mark, CRLF, quoted fields.
    write(
        dir.path(),
        "terms.csv",
        "\u{FEFF}en,zh-CN,status,note\r\n\
         bookmark,书签,preferred,\"Browsers say 书签, not 收藏夹.\"\r\n\
         bookmark,收藏夹,deprecated,\r\n\
         \"log in\",登录,,\r\n\
         \"log in\",登入,admitted,\r\n\
         \"log in\",登陆,deprecated,\r\n"
            .as_bytes(),
    );
    write(
        dir.path(),
        "app.po",
        "msgid \"\"\nmsgstr \"\"\n\"Language: zh_CN\\n\"\n\n\
         msgid \"Add a bookmark\"\nmsgstr \"加入收藏夹\"\n\n\
         msgid \"Log in\"\nmsgstr \"登入\"\n\n\
         msgid \"Logged in\"\nmsgstr \"已登陆\"\n"
            .as_bytes(),
    );
    let (out, code) = concise_in(
        dir.path(),
        &[
            "--select",
            "term/variant,bitext/term",
            "-g",
            "terms.csv",
            "app.po",
        ],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "app.po:6:11: warning[term/variant] `收藏夹` is a variant of `书签` (fix: `书签`)",
            "app.po:12:10: warning[term/variant] `登陆` is a variant of `登录` (fix: `登录`)",
        ]
    );
    // The same termbase serves the other direction: English targets get
    // the English terms, with the Chinese ones as source forms.
    write(
        dir.path(),
        "pairs.tsv",
        "书签\tthe bookmark\n收藏夹\ta favourite\n".as_bytes(),
    );
    let (out, _) = concise_in(
        dir.path(),
        &["--select", "bitext/term", "-g", "terms.csv", "pairs.tsv"],
    );
    assert_eq!(
        out,
        "pairs.tsv:2:5: warning[bitext/term] source term `收藏夹` should be translated as `bookmark`; the target has neither it nor a known variant\n"
    );
    // Errors name the file, line and column.
    write(
        dir.path(),
        "bad.csv",
        b"en,zh-CN,status\nbookmark,\xe4\xb9\xa6\xe7\xad\xbe\nfolder,x,unknown\n",
    );
    let output = termlint()
        .current_dir(dir.path())
        .args(["check", "-g", "bad.csv", "app.po"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("this row has 2 fields; the header has 3"),
        "{err}"
    );
    assert!(err.contains("bad.csv:2:1"), "{err}");
    assert!(err.contains("unknown status `unknown`"), "{err}");
    assert!(err.contains("bad.csv:3:1"), "{err}");
}

#[test]
fn tbx_termbases_v2_and_v3_load_as_glossaries() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.po",
        "msgid \"\"\nmsgstr \"\"\n\"Language: zh_CN\\n\"\n\n\
         msgid \"Add a bookmark\"\nmsgstr \"加入收藏夹\"\n\n\
         msgid \"Log in\"\nmsgstr \"登入\"\n\n\
         msgid \"Logged in\"\nmsgstr \"已登陆\"\n"
            .as_bytes(),
    );
    let fixtures = std::fs::canonicalize("tests/fixtures/termbases").unwrap();
    let v2 = fixtures.join("basic-v2.tbx");
    let v3 = fixtures.join("core-v3.tbx");
    let (report, code) = json_report(&[
        "--select",
        "term/variant",
        "-g",
        v2.to_str().unwrap(),
        "-g",
        v3.to_str().unwrap(),
        dir.path().join("app.po").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let found: Vec<(String, String)> = diagnostics(&report)
        .iter()
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_owned(),
                d["notes"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            // TBX-Basic: deprecatedTerm-admn-sts is a variant; the
            // definition is the note.
            (
                "`收藏夹` is a variant of `书签`".to_owned(),
                "[\"A saved link to a web page.\"]".to_owned()
            ),
            // TBX v3: superseded is a variant, admitted (登入) is accepted.
            ("`登陆` is a variant of `登录`".to_owned(), "[]".to_owned()),
        ]
    );
    // A language section with only deprecated terms is a located error.
    write(
        dir.path(),
        "bad.tbx",
        b"<?xml version=\"1.0\"?>\n<tbx><text><body><conceptEntry id=\"1\">\n\
          <langSec xml:lang=\"en\"><termSec><term>folder</term></termSec></langSec>\n\
          <langSec xml:lang=\"de\"><termSec><term>Mappe</term>\
          <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></termSec></langSec>\n\
          </conceptEntry></body></text></tbx>\n",
    );
    let output = termlint()
        .current_dir(dir.path())
        .args(["check", "-g", "bad.tbx", "app.po"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("the concept has only deprecated terms in `de`"),
        "{err}"
    );
    assert!(err.contains("bad.tbx:4:"), "{err}");
}

#[test]
fn glossary_test_runs_each_terms_examples() {
    // The bundled glossaries' own examples hold.
    termlint()
        .args(["glossary", "test", "glossary/"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("8 examples run, 0 failed."));
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "terms.toml",
        r#"[[term]]
canonical = "Maritime Silk Road"
variants = ["Hai Silk"]
examples = { flag = ["the Hai Silk zone", "the Sea Silk zone"], pass = ["the Maritime Silk Road", "a Hai Silk route"] }
"#
        .as_bytes(),
    );
    let output = termlint()
        .current_dir(dir.path())
        .args(["glossary", "test", "terms.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        out,
        "FAIL terms.toml: `Maritime Silk Road`: flag example not reported: \"the Sea Silk zone\"\n\
         FAIL terms.toml: `Maritime Silk Road`: pass example reported (`Hai Silk`): \"a Hai Silk route\"\n\
         4 examples run, 2 failed.\n"
    );
}

#[test]
fn tbx_context_sentences_are_examples_and_stats_count_them() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "terms.tbx",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="1">
  <langSec xml:lang="en"><termSec><term>bookmark</term></termSec></langSec>
  <langSec xml:lang="zh-CN">
    <termSec><term>书签</term><descrip type="context">添加书签</descrip></termSec>
    <termSec><term>收藏夹</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
      <descrip type="context">加入收藏夹</descrip></termSec>
  </langSec>
</conceptEntry>
</body></text></tbx>
"#
        .as_bytes(),
    );
    termlint()
        .current_dir(dir.path())
        .args(["glossary", "test", "terms.tbx"])
        .assert()
        .code(0)
        .stdout("2 examples run, 0 failed.\n");
    termlint()
        .current_dir(dir.path())
        .args(["glossary", "stats", "terms.tbx"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("terms:          2\n"))
        .stdout(predicates::str::contains("examples:       2\n"))
        .stdout(predicates::str::contains("languages:      en, zh-CN\n"))
        .stdout(predicates::str::contains("       2 terms  terms.tbx\n"));
}

#[test]
fn derived_variants_catch_spellings_nobody_listed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "terms.toml",
        r#"[[term]]
canonical = "COVID-19"
derive = true
examples = { flag = ["COVID 19 cases", "covid19 cases", "Covid-19 cases", "ＣＯＶＩＤ-１９"], pass = ["COVID-19 cases"] }

[[term]]
canonical = "Xi'an"
accept = ["Xian"]
derive = true
examples = { flag = ["Xi’an"], pass = ["Xi'an", "Xian"] }

[[term]]
canonical = "Hong Kong"
examples = { pass = ["HongKong"] }
"#
        .as_bytes(),
    );
    termlint()
        .current_dir(dir.path())
        .args(["glossary", "test", "terms.toml"])
        .assert()
        .code(0)
        .stdout("9 examples run, 0 failed.\n");
    write(
        dir.path(),
        "t.txt",
        "COVID 19, covid19, Covid-19, COVID-19, Xi’an, Xian.\n".as_bytes(),
    );
    let (out, _) = concise_in(
        dir.path(),
        &[
            "--select",
            "term/variant",
            "-g",
            "terms.toml",
            "--fix",
            "t.txt",
        ],
    );
    assert!(out.is_empty() || out.contains("Fixed"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.txt")).unwrap(),
        "COVID-19, COVID-19, COVID-19, COVID-19, Xi'an, Xian.\n"
    );
}

/// `termlint glossary check`: every planted contradiction and duplicate,
/// located, in human and machine formats; exit 1 on any, 0 on the bundled
/// glossaries, 2 on a glossary that cannot be loaded.
#[test]
fn glossary_check_reports_contradictions_with_locations() {
    let g = tempfile::tempdir().unwrap();
    write(
        g.path(),
        "a.toml",
        "[[term]]\ncanonical = \"Maritime Silk Road\"\nvariants = [\"Sea Silk\"]\nsource = [\"海丝\"]\n"
            .as_bytes(),
    );
    write(
        g.path(),
        "b.toml",
        "[[term]]\ncanonical = \"Sea Silk\"\n\n[[term]]\ncanonical = \"Silk Road\"\nvariants = [\"\"]\nsource = [\"海丝\"]\n"
            .as_bytes(),
    );
    let output = termlint()
        .args(["glossary", "check", "--format", "json"])
        .arg(g.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(String, String, u64, u64)> = diagnostics(&report)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["path"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "glossary/contradiction".to_owned(),
                "b.toml".to_owned(),
                2,
                13
            ),
            ("glossary/empty-form".to_owned(), "b.toml".to_owned(), 6, 13),
            (
                "glossary/shared-source".to_owned(),
                "b.toml".to_owned(),
                7,
                11
            ),
        ]
    );
    // The entry it contradicts, in the other file.
    let related = &diagnostics(&report)[0]["related"][0];
    assert!(related["path"].as_str().unwrap().ends_with("a.toml"));
    assert_eq!(
        (related["line"].as_u64(), related["column"].as_u64()),
        (Some(3), Some(13))
    );

    let human = termlint()
        .args(["glossary", "check", "--color", "never"])
        .arg(g.path())
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("warning[glossary/contradiction]: `Sea Silk` is approved here but is a variant of `Maritime Silk Road` listed earlier; that entry is skipped"),
        "{text}"
    );
    assert!(
        text.contains("Found 3 problems (0 errors, 3 warnings, 0 infos) in 2 files."),
        "{text}"
    );

    let sarif = termlint()
        .args(["glossary", "check", "--format", "sarif"])
        .arg(g.path())
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        3,
        "{sarif}"
    );
}

#[test]
fn glossary_check_passes_the_bundled_glossaries_and_refuses_broken_ones() {
    let output = termlint()
        .args(["glossary", "check", "glossary/"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("No problems found in 2 files.")
    );

    let g = tempfile::tempdir().unwrap();
    write(g.path(), "bad.toml", b"[[term]]\nvariants = [\"x\"]\n");
    let output = termlint()
        .args(["glossary", "check", "--format", "json"])
        .arg(g.path().join("bad.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let d = &diagnostics(&report)[0];
    assert_eq!(d["rule"], "glossary/invalid");
    assert_eq!(d["severity"], "error");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
}
