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
            "3:45: warning[bitext/term] source term `海上丝绸之路` should be translated as `Maritime Silk Road`; the target has `Sea Silk`, a known variant",
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
