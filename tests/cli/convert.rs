//! `termlint glossary convert`: TOML, TBX (v2 and v3) and CSV round trips
//! keep what each format can hold and say what they cannot; Vale and prh
//! exports; "do not translate" entries read from termbases.

use std::path::Path;

use termlint_core::glossary::{Compiled, Term};

use crate::util::*;

fn convert(args: &[&str], dir: &Path) -> (Option<i32>, String) {
    let output = termlint()
        .current_dir(dir)
        .args(["glossary", "convert"])
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn load(path: &Path) -> Compiled {
    let text = std::fs::read_to_string(path).unwrap();
    Compiled::from_sources(vec![(path.display().to_string(), text)])
        .unwrap_or_else(|e| panic!("{:?}", e.problems))
}

/// What a term is, as the fields that both formats hold.
fn essence(term: &Term, with_examples: bool) -> String {
    format!(
        "{} | variants {:?} | accept {:?} | source {:?} | note {:?} | examples {:?}",
        term.canonical,
        term.variants,
        term.accept,
        term.source,
        term.note,
        if with_examples {
            Some(&term.examples)
        } else {
            None
        }
    )
}

fn terms_for<'a>(compiled: &'a Compiled, target: &str) -> Vec<&'a Term> {
    compiled
        .glossary
        .terms
        .iter()
        .filter(|t| t.langs.target.as_deref() == Some(target))
        .collect()
}

#[test]
fn bundled_glossary_round_trips_through_tbx_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let original_path = std::fs::canonicalize("glossary/zh-en-news.toml").unwrap();
    let original = load(&original_path);
    let original_path = original_path.to_str().unwrap();

    for (middle, with_examples, expected_losses) in [
        (
            "news.tbx",
            true,
            vec![
                "not kept: `except` phrases (1 entry)",
                "not kept: 3 [[forbidden]] rules",
            ],
        ),
        (
            "news.csv",
            false,
            vec![
                "not kept: examples (1 entry)",
                "not kept: `except` phrases (1 entry)",
            ],
        ),
    ] {
        let (code, err) = convert(&[original_path, middle], dir.path());
        assert_eq!(code, Some(0), "{err}");
        for loss in &expected_losses {
            assert!(err.contains(loss), "{middle}: {err}");
        }
        let (code, err) = convert(&[middle, "back.toml"], dir.path());
        assert_eq!(code, Some(0), "{err}");
        // The other direction of the termbase, which TOML (one target
        // language per file) cannot hold, is named.
        assert!(
            err.contains("terms for zh targets (written with --target-lang zh)"),
            "{err}"
        );
        let back = load(&dir.path().join("back.toml"));
        assert_eq!(back.glossary.meta.source_lang.as_deref(), Some("zh"));
        assert_eq!(back.glossary.meta.target_lang.as_deref(), Some("en"));
        let before: Vec<String> = original
            .glossary
            .terms
            .iter()
            .map(|t| essence(t, with_examples))
            .collect();
        let after: Vec<String> = terms_for(&back, "en")
            .into_iter()
            .map(|t| essence(t, with_examples))
            .collect();
        assert_eq!(before, after, "{middle}");
    }
}

#[test]
fn tbx_v3_round_trip_keeps_kept_names_and_accepted_forms() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "g.toml",
        "[glossary]\nsource_lang = \"en\"\ntarget_lang = \"zh-CN\"\n\n[[term]]\ncanonical = \"登录\"\nvariants = [\"登陆\"]\naccept = [\"登入\"]\nsource = [\"log in\", \"sign in\"]\nnote = \"登陆 is to land.\"\nexamples = { flag = [\"请登陆\"], pass = [\"请登录\"] }\n\n[[keep]]\nnames = [\"GitHub\", \"WeChat\"]\nnote = \"Product names.\"\n"
            .as_bytes(),
    );
    let (code, err) = convert(&["g.toml", "g.tbx", "--tbx-version", "3"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("keeping everything"), "{err}");
    let tbx = std::fs::read_to_string(dir.path().join("g.tbx")).unwrap();
    assert!(
        tbx.contains("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\""),
        "{tbx}"
    );
    assert!(tbx.contains("<conceptEntry id=\"c1\">"), "{tbx}");
    let (code, err) = convert(&["g.tbx", "back.toml"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    let back = std::fs::read_to_string(dir.path().join("back.toml")).unwrap();
    assert_eq!(
        back,
        "[glossary]\nsource_lang = \"en\"\ntarget_lang = \"zh-CN\"\n\n[[term]]\ncanonical = \"登录\"\nvariants = [\"登陆\"]\naccept = [\"登入\"]\nsource = [\"log in\", \"sign in\"]\nnote = \"登陆 is to land.\"\nexamples = { flag = [\"请登陆\"], pass = [\"请登录\"] }\n\n[[keep]]\nnames = [\"GitHub\", \"WeChat\"]\nnote = \"Product names.\"\n"
    );
}

#[test]
fn csv_round_trip_and_what_it_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "g.toml",
        b"[glossary]\nsource_lang = \"en\"\ntarget_lang = \"zh\"\n\n[[term]]\ncanonical = \"\xe4\xb9\xa6\xe7\xad\xbe\"\nvariants = [\"\xe6\x94\xb6\xe8\x97\x8f\xe5\xa4\xb9\"]\nsource = [\"bookmark\"]\nnote = \"Say \\\"\xe4\xb9\xa6\xe7\xad\xbe\\\", not 1,2.\"\ncase_sensitive = true\nseverity = \"error\"\n\n[[term]]\ncanonical = \"Wi-Fi\"\nvariants = [\"WiFi\"]\n",
    );
    let (code, err) = convert(&["g.toml", "g.csv"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("not kept: `severity` (1 entry)"), "{err}");
    // Wi-Fi has no source form to name its concept by: a `concept` column
    // numbers the concepts.
    let csv = std::fs::read_to_string(dir.path().join("g.csv")).unwrap();
    assert_eq!(
        csv,
        "concept,en,zh,status,note,case_sensitive\r\n1,bookmark,书签,preferred,\"Say \"\"书签\"\", not 1,2.\",true\r\n1,,收藏夹,deprecated,,\r\n2,,Wi-Fi,preferred,,\r\n2,,WiFi,deprecated,,\r\n"
    );
    let (code, err) = convert(&["g.csv", "back.toml"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    let back = load(&dir.path().join("back.toml"));
    let terms = terms_for(&back, "zh");
    let term = &terms[0];
    assert_eq!(term.canonical, "书签");
    assert_eq!(term.variants, vec!["收藏夹"]);
    assert_eq!(term.source, vec!["bookmark"]);
    assert!(term.case_sensitive);
    assert_eq!(term.note.as_deref(), Some("Say \"书签\", not 1,2."));
    assert_eq!(terms[1].canonical, "Wi-Fi");
    assert_eq!(terms[1].variants, vec!["WiFi"]);
    assert!(terms[1].source.is_empty());
}

/// A glossary of one language, with no source forms, goes to CSV with a
/// `concept` column and a column of terms, and back unchanged; linted
/// with the CSV, a file in any language gets the same findings.
#[test]
fn a_glossary_without_source_forms_round_trips_through_csv() {
    let dir = tempfile::tempdir().unwrap();
    let toml = "[[term]]\ncanonical = \"Maritime Silk Road\"\nvariants = [\"Hai Silk\", \"Sea Silk\"]\naccept = [\"21st Century Maritime Silk Road\"]\n\n[[term]]\ncanonical = \"COVID-19\"\nvariants = [\"new crown pneumonia\"]\ncase_sensitive = true\n";
    write(dir.path(), "g.toml", toml.as_bytes());
    let (code, err) = convert(&["g.toml", "g.csv"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("keeping everything"), "{err}");
    let csv = std::fs::read_to_string(dir.path().join("g.csv")).unwrap();
    assert_eq!(
        csv,
        "concept,term,status,note,case_sensitive\r\n1,Maritime Silk Road,preferred,,\r\n1,21st Century Maritime Silk Road,admitted,,\r\n1,Hai Silk,deprecated,,\r\n1,Sea Silk,deprecated,,\r\n2,COVID-19,preferred,,true\r\n2,new crown pneumonia,deprecated,,\r\n"
    );
    // Back, as the TOML itself is written.
    let (code, err) = convert(&["g.csv", "back.toml"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = convert(&["g.toml", "same.toml"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("back.toml"), read("same.toml"));
    assert!(read("back.toml").ends_with(toml), "{}", read("back.toml"));
    write(
        dir.path(),
        "a.txt",
        b"The Hai Silk route and the new crown pneumonia.\n",
    );
    for glossary in ["g.toml", "g.csv"] {
        let output = termlint()
            .current_dir(dir.path())
            .args([
                "check",
                "--no-config",
                "--format",
                "concise",
                "--target-lang",
                "en",
            ])
            .args(["-g", glossary, "a.txt"])
            .output()
            .unwrap();
        let out = String::from_utf8(output.stdout).unwrap();
        assert!(out.contains("`Hai Silk`"), "{glossary}: {out}");
        assert!(out.contains("`new crown pneumonia`"), "{glossary}: {out}");
    }
}

#[test]
fn vale_and_prh_exports() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "g.toml",
        b"[[term]]\ncanonical = \"COVID-19\"\nvariants = [\"new crown pneumonia\", \"Covid-19\"]\ncase_sensitive = true\nsource = [\"x\"]\n\n[[term]]\ncanonical = \"Node.js\"\nvariants = [\"NodeJS\", \"node (js)\"]\n\n[[forbidden]]\nphrases = [\"(Finish)\"]\nreplacement = \"\"\n",
    );
    let (code, err) = convert(&["g.toml", "vale.yml", "--to", "vale"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("not kept: source forms (1 entry)"), "{err}");
    assert!(
        err.contains("not kept: [[forbidden]] rules without a replacement (1 entry)"),
        "{err}"
    );
    let vale = std::fs::read_to_string(dir.path().join("vale.yml")).unwrap();
    assert!(vale.contains("extends: substitution\n"), "{vale}");
    assert!(
        vale.contains("  '(?-i:new crown pneumonia)': 'COVID-19'\n"),
        "{vale}"
    );
    assert!(vale.contains("  'node \\(js\\)': 'Node.js'\n"), "{vale}");

    let (code, err) = convert(&["g.toml", "prh.yml", "--to", "prh"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    let prh = std::fs::read_to_string(dir.path().join("prh.yml")).unwrap();
    assert!(prh.starts_with("# "), "{prh}");
    assert!(
        prh.contains("  - expected: 'COVID-19'\n    patterns:\n      - 'new crown pneumonia'\n      - 'Covid-19'\n"),
        "{prh}"
    );
    assert!(prh.contains("      - '/NodeJS/i'\n"), "{prh}");

    // No kind from the extension, and none given.
    let (code, err) = convert(&["g.toml", "rules.yml"], dir.path());
    assert_eq!(code, Some(2));
    assert!(err.contains("--to"), "{err}");
}

/// A TBX concept marked "do not translate" (translate-toolkit's
/// `Translation needed: no`, or a note saying so) and a CSV row with that
/// status are names to keep, not terms.
#[test]
fn do_not_translate_entries_become_kept_names() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.tbx",
        "<?xml version=\"1.0\"?>\n<martif type=\"TBX-Basic\" xml:lang=\"en\"><text><body>\n\
<termEntry><descrip type=\"Translation needed\">no</descrip><langSet xml:lang=\"en\"><tig><term>GitHub</term></tig></langSet></termEntry>\n\
<termEntry><langSet xml:lang=\"en\"><tig><term>WeChat</term><termNote type=\"usageNote\">Do not translate.</termNote></tig></langSet></termEntry>\n\
<termEntry><langSet xml:lang=\"en\"><tig><term>bookmark</term></tig></langSet><langSet xml:lang=\"zh\"><tig><term>书签</term></tig></langSet></termEntry>\n\
</body></text></martif>\n"
            .as_bytes(),
    );
    write(
        dir.path(),
        "t.csv",
        "en,zh,status\nAlipay,Alipay,do not translate\nbookmark,书签,\n".as_bytes(),
    );
    for termbase in ["t.tbx", "t.csv"] {
        let compiled = load(&dir.path().join(termbase));
        let names: Vec<&str> = compiled
            .glossary
            .keep
            .iter()
            .flat_map(|k| k.names.iter().map(String::as_str))
            .collect();
        let expected: &[&str] = if termbase == "t.tbx" {
            &["GitHub", "WeChat"]
        } else {
            &["Alipay"]
        };
        assert_eq!(names, expected, "{termbase}");
        assert!(
            compiled
                .glossary
                .terms
                .iter()
                .all(|t| t.canonical == "书签" || t.canonical == "bookmark"),
            "{termbase}"
        );
    }
    // And they are checked: a source that has the name needs it in the
    // target.
    write(
        dir.path(),
        "a.tsv",
        "Open GitHub\t打开吉特哈布\n".as_bytes(),
    );
    let output = termlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "-g",
            "t.tbx",
            "--target-lang",
            "zh",
            "a.tsv",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"bitext/term"), "{report}");
}

/// A glossary that names no language is written with `xml:lang="und"`,
/// and such a termbase applies to every file, as the TOML did; the file
/// written has ordinary permissions.
#[test]
fn glossary_without_languages_converts_and_still_applies() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "g.toml",
        b"[[term]]\ncanonical = \"Maritime Silk Road\"\nvariants = [\"Hai Silk\"]\n",
    );
    write(dir.path(), "a.txt", b"The Hai Silk route.\n");
    let (code, err) = convert(&["g.toml", "g.tbx"], dir.path());
    assert_eq!(code, Some(0), "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("g.tbx"))
            .unwrap()
            .permissions()
            .mode();
        assert_ne!(mode & 0o044, 0, "not readable by others: {mode:o}");
    }
    for glossary in ["g.toml", "g.tbx"] {
        let output = termlint()
            .current_dir(dir.path())
            .args([
                "check",
                "--no-config",
                "--format",
                "json",
                "-g",
                glossary,
                "a.txt",
            ])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let found: Vec<String> = findings(&report).into_iter().map(|f| f.3).collect();
        assert_eq!(found, vec!["Hai Silk"], "{glossary}");
    }
}
