//! termlint.toml, `init`, inline suppressions and baselines.

use std::fs;

use crate::util::*;

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

/// `end-punct`: Chinese catalogues often drop the final `。` on purpose, so
/// `consistent` (the default) reports only the file's minority habit;
/// `match` compares every unit.
#[test]
fn end_punct_mode_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ui.po",
        "msgid \"\"\nmsgstr \"\"\n\"Language: zh_CN\\n\"\n\n\
         msgid \"Saved.\"\nmsgstr \"已保存\"\n\n\
         msgid \"Deleted.\"\nmsgstr \"已删除\"\n"
            .as_bytes(),
    );
    let run = |config: &str| {
        write(dir.path(), "termlint.toml", config.as_bytes());
        termlint()
            .current_dir(dir.path())
            .args([
                "check",
                "--select",
                "bitext/end-punct",
                "--format",
                "concise",
                "ui.po",
            ])
            .output()
            .unwrap()
    };
    let consistent = run("");
    assert_eq!(String::from_utf8_lossy(&consistent.stdout), "");
    let matched = run("end-punct = \"match\"\n");
    assert_eq!(String::from_utf8_lossy(&matched.stdout).lines().count(), 2);
    let bad = run("end-punct = \"always\"\n");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown end-punct mode `always`"));
}

#[test]
fn languages_per_path_give_each_catalogue_its_own_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "termlint.toml",
        b"target-lang = \"en\"\n\
          [[overrides]]\npaths = [\"locale/zh_CN/**\"]\ntarget-lang = \"zh-CN\"\n\
          [[overrides]]\npaths = [\"locale/zh_TW/**\"]\ntarget-lang = \"zh-TW\"\n\
          [[overrides]]\npaths = [\"locale/ja/**\"]\ntarget-lang = \"ja\"\n",
    );
    // The same text in three folders; the files say nothing of their
    // language, so only the config can tell.
    let text = "点击這里继续.\n".as_bytes();
    for lang in ["zh_CN", "zh_TW"] {
        write(dir.path(), &format!("locale/{lang}/app.txt"), text);
    }
    write(
        dir.path(),
        "locale/ja/app.txt",
        "ここをクリック.続行する\n".as_bytes(),
    );
    let (out, code) = concise_in(dir.path(), &["--select", "zh,punct,garble", "locale"]);
    assert_eq!(code, Some(1), "{out}");
    let found: Vec<&str> = out.lines().collect();
    assert_eq!(
        found,
        [
            "locale/zh_CN/app.txt:1:3: warning[zh/script-mix] `這` is Traditional Chinese in Simplified Chinese text (fix: `这`)",
            "locale/zh_CN/app.txt:1:7: warning[zh/ascii-punct] ASCII `.` in Chinese text (fix: `。`)",
            // 這 and 里 are right in Traditional text; the rest is not.
            "locale/zh_TW/app.txt:1:1: warning[zh/script-mix] `点击` is Simplified Chinese in Traditional Chinese text (fix: `點擊`)",
            "locale/zh_TW/app.txt:1:5: warning[zh/script-mix] `继续` is Simplified Chinese in Traditional Chinese text (fix: `繼續`)",
            "locale/zh_TW/app.txt:1:7: warning[zh/ascii-punct] ASCII `.` in Chinese text (fix: `。`)",
            // Nothing for the Japanese file: the zh rules are not for it.
        ],
        "{out}"
    );
}

#[test]
fn xliff_states_choose_the_units_to_lint() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "termlint.toml",
        b"xliff-states = [\"needs-translation\", \"translated\"]\n",
    );
    write(
        dir.path(),
        "app.xlf",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="zh-CN" datatype="plaintext" original="app">
    <body>
      <trans-unit id="1"><source>Saved.</source><target state="translated">已保存.</target></trans-unit>
      <trans-unit id="2"><source>Saved.</source><target state="final">已保存.</target></trans-unit>
      <trans-unit id="3" approved="yes"><source>Saved.</source><target>已保存.</target></trans-unit>
      <trans-unit id="4"><source>Saved.</source><target>已保存.</target></trans-unit>
    </body>
  </file>
</xliff>
"#
        .as_bytes(),
    );
    let (out, _) = concise_in(dir.path(), &["--select", "zh/ascii-punct", "app.xlf"]);
    // Unit 1 is in a listed state, unit 4 has none: both are linted; the
    // final and the approved unit are not.
    let lines: Vec<&str> = out.lines().map(|l| l.split(": ").next().unwrap()).collect();
    assert_eq!(lines, ["app.xlf:5:79", "app.xlf:8:60"], "{out}");
}
