//! Bilingual and structured formats: PO, XLIFF, TMX, TSV, Markdown and aligned pairs.

use crate::util::*;

#[test]
fn bilingual_examples_report_at_file_positions() {
    let (out, _, code) = concise(&["examples/bilingual/"]);
    assert_eq!(code, Some(1));
    for expected in [
        // PO: through the `\"` escape and a multi-line msgstr.
        // A known variant for a source term: term/variant's, once.
        "quanzhou.zh-en.po:11:15: warning[term/variant] `Hai Silk` is a variant of `Maritime Silk Road`",
        // One mismatch, one finding: at the wrong number, with the source's.
        "quanzhou.zh-en.po:17:55: warning[bitext/number] the source has `343亿` (34,300,000,000), the target `3430 billion` (3,430,000,000,000)",
        "quanzhou.zh-en.po:32:9: error[bitext/placeholder] format directives missing from the target: `%d`",
        "quanzhou.zh-en.po:35:1: warning[bitext/untranslated] the target is empty",
        // XLIFF: inline elements, entities.
        "quanzhou.zh-en.xlf:11:17: error[bitext/placeholder] placeholders missing from the target: `<x 2>`",
        "quanzhou.zh-en.xlf:11:22: warning[bitext/number] the source has `30` (30), the target `13` (13)",
        "quanzhou.zh-en.xlf:15:59: warning[term/variant] `new crown pneumonia` is a variant of `COVID-19`",
        // TSV
        "quanzhou.zh-en.tsv:4:6: warning[term/variant] `One Belt and One Road` is a variant of `Belt and Road`",
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
    assert!(!out.contains("a known variant"), "{out}");
    assert!(!out.contains("tsv:2:"), "{out}");
    assert!(!out.contains("tsv:3:"), "{out}");
    assert!(!out.contains("bitext/end-punct"), "{out}");
}

#[test]
fn bitext_rules_on_pairs() {
    let (_dir, path) = bilingual_file(
        "pairs.tsv",
        "你好吗？\tHow are you\n\
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
            // Between Chinese and English only a lost final mark is reported.
            "info[bitext/end-punct] the source ends with a question mark, the target with no closing punctuation",
            // 一百二十 is in words: it may match, but is never reported.
            "warning[bitext/number] the target has `12` (12), which the source lacks",
            "error[bitext/placeholder] placeholders differ: missing `{0}`; not in the source `{1}`",
            "warning[bitext/untranslated] the target is identical to the source",
        ],
        "{out}"
    );
}

#[test]
fn everyday_human_translations_are_not_flagged() {
    // Real pairs (Tatoeba, CC BY 2.0 FR) that drew false alarms, with one
    // planted fault of each kind after them; then Weblate's duplicate case.
    let (_dir, path) = bilingual_file(
        "everyday.zh-en.tsv",
        "他看上去老，但他还不到30岁。\tHe looks old, but he is still in his twenties.\n\
         你选谁当总统？\tWho will you vote for for president?\n\
         The short answer is yes.\t短回答是是。\n\
         他还不到30岁。\tHe is still in his forties.\n\
         他申请了签证。\tHe applied for for a visa.\n\
         他是学生。\t他是是学生。\n\
         HAH HAH! HEH HEH HEH!\tХАХ ХАХ! ХЕ ХЕ ХЕ!\n\
         HEH HEH HEH! HAH HAH!\tХАХ ХАХ! ХЕ ХЕ!\n",
    );
    let (out, _, code) = concise(&[&path]);
    assert_eq!(code, Some(1), "{out}");
    let rules: Vec<(&str, &str)> = out
        .lines()
        .filter_map(|l| {
            let (_, rest) = l.split_once("everyday.zh-en.tsv:")?;
            let line = rest.split(':').next()?;
            let rule = rest.split_once('[')?.1.split_once(']')?.0;
            Some((line, rule))
        })
        .collect();
    assert_eq!(
        rules,
        vec![
            ("4", "bitext/number"),
            ("5", "garble/repeated-word"),
            ("6", "zh/repeated-char"),
            // Repeats that are the source's, run for run, are not reported.
            ("8", "garble/repeated-word"),
            ("8", "garble/repeated-word"),
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
        out.contains("en.txt:2:12: warning[bitext/number] the source has `343亿` (34,300,000,000), the target `3430 billion`"),
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
    let zh_to_en = |rules: &str| {
        let args = [
            "--select",
            rules,
            "--source-lang",
            "zh",
            "--target-lang",
            "en",
            &path,
        ];
        concise(&args).0
    };
    let out = zh_to_en("term/variant,bitext/term");
    assert!(
        out.contains("m.tmx:1:80: warning[term/variant] `Hai Silk`"),
        "{out}"
    );
    // bitext/term alone names the variant; with term/variant it leaves the
    // finding to it.
    assert!(!out.contains("bitext/term"), "{out}");
    let out = zh_to_en("bitext/term");
    assert!(
        out.contains("m.tmx:1:80: warning[bitext/term] source term `海丝` should be translated as `Maritime Silk Road`; the target has `Hai Silk`, a known variant"),
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
            "5:9: warning[bitext/number] the source has `3430亿` (343,000,000,000), the target `3430 billion` (3,430,000,000,000)",
            "11:9: warning[bitext/number] the target has `12` (12), which the source lacks",
            "17:9: warning[bitext/untranslated] the target is identical to the source",
            "23:20: warning[punct/fullwidth] full-width `。` in English text (fix: `.`)",
            // Across the run, after the per-file findings.
            "2:9: warning[bitext/inconsistent-target] `3430亿元` is translated 2 different ways",
        ],
        "{out}"
    );
}

#[test]
fn large_catalogues_are_checked_in_order_across_cores() {
    let rows: String = (0..5000)
        .map(|i| format!("第{}条：海丝。\tItem {}: the Hai Silk.\n", i + 1, i + 2))
        .collect();
    let (_dir, path) = bilingual_file("big.tsv", &rows);
    let (out, _, _) = concise(&["--select", "term/variant,bitext", &path]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 10_000, "{}", &out[..out.len().min(2000)]);
    for (i, pair) in lines.chunks(2).enumerate() {
        let line = format!("big.tsv:{}:", i + 1);
        assert!(pair.iter().all(|l| l.contains(&line)), "{pair:?}");
        assert!(
            pair[0].contains("bitext/number") && pair[1].contains("term/variant"),
            "{pair:?}"
        );
    }
}

/// zh/cjk-latin-space: the modes, from the flag and from the config.
#[test]
fn cjk_latin_spacing_modes() {
    let (_dir, path) = bilingual_file(
        "ui.po",
        "msgid \"\"\nmsgstr \"\"\n\"Language: zh_CN\\n\"\n\n\
         msgid \"XYZ object\"\nmsgstr \"XYZ对象\"\n\n\
         msgid \"object id\"\nmsgstr \"对象 id\"\n",
    );
    let run = |mode: &str| {
        let (out, _, _) = concise(&[
            "--select",
            "zh/cjk-latin-space",
            "--cjk-latin-space",
            mode,
            &path,
        ]);
        out.lines()
            .map(|l| l.split_once("ui.po:").unwrap().1.to_owned())
            .collect::<Vec<_>>()
    };
    // One of each: a tie, so `consistent` reports nothing.
    assert!(run("consistent").is_empty());
    assert_eq!(
        run("always"),
        vec!["6:11: warning[zh/cjk-latin-space] no space between Chinese and Latin (fix: ` `)"]
    );
    assert_eq!(
        run("never"),
        vec!["9:10: warning[zh/cjk-latin-space] a space between Chinese and Latin (fix: ``)"]
    );
    let (_, err, code) = concise(&["--cjk-latin-space", "sometimes", &path]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn one_source_translated_two_ways_across_files_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let header = "msgid \"\"\nmsgstr \"\"\n\"Language: zh_CN\\n\"\n\n";
    write(
        dir.path(),
        "a/app.po",
        format!("{header}msgid \"Save\"\nmsgstr \"保存\"\n\nmsgid \"Open %(name)s\"\nmsgstr \"打开 %(name)s\"\n").as_bytes(),
    );
    write(
        dir.path(),
        "b/app.po",
        format!(
            "{header}msgid \"save\"\nmsgstr \"存储\"\n\nmsgid \"Open %(file)s\"\nmsgstr \"打开 %(file)s\"\n\n\
             msgctxt \"menu\"\nmsgid \"Save\"\nmsgstr \"存盘\"\n"
        )
        .as_bytes(),
    );
    write(
        dir.path(),
        "c/app.xlf",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="zh_CN" datatype="plaintext" original="app">
    <body>
      <trans-unit id="1"><source>Save</source><target>保存</target></trans-unit>
      <trans-unit id="2" translate="no"><source>Save</source><target>Save</target></trans-unit>
    </body>
  </file>
</xliff>
"#
        .as_bytes(),
    );
    // A Traditional catalogue is another language pair.
    write(
        dir.path(),
        "d/app.po",
        "msgid \"\"\nmsgstr \"\"\n\"Language: zh_TW\\n\"\n\nmsgid \"Save\"\nmsgstr \"儲存\"\n"
            .as_bytes(),
    );
    let (out, code) = concise_in(
        dir.path(),
        &["--select", "bitext/inconsistent-target", "a", "b", "c", "d"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "a/app.po:6:9: warning[bitext/inconsistent-target] `Save` is translated 2 different ways\n"
    );
    let output = termlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "a",
            "b",
            "c",
            "d",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let finding = diagnostics(&report)
        .iter()
        .find(|d| d["rule"] == "bitext/inconsistent-target")
        .unwrap();
    assert_eq!(finding["path"], "a/app.po");
    assert_eq!(
        finding["related"],
        serde_json::json!([
            {"path": "b/app.po", "line": 6, "column": 9, "message": "translated as `存储`"},
            {"path": "c/app.xlf", "line": 5, "column": 55, "message": "translated as `保存`"},
        ])
    );
    let output = termlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "sarif",
            "a",
            "b",
            "c",
            "d",
        ])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "bitext/inconsistent-target")
        .unwrap();
    let related = result["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    assert_eq!(
        related[0]["physicalLocation"]["artifactLocation"]["uri"],
        "b/app.po"
    );
    assert_eq!(related[0]["physicalLocation"]["region"]["startLine"], 6);
    // Human output names every other occurrence.
    let output = termlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--select",
            "bitext/inconsistent-target",
            "a",
            "b",
            "c",
            "d",
        ])
        .output()
        .unwrap();
    let human = String::from_utf8(output.stdout).unwrap();
    assert!(
        human.contains("= note: b/app.po:6:9: translated as `存储`"),
        "{human}"
    );
}

/// Units from real catalogues (JupyterLab, django CMS, Django Debug Toolbar,
/// django-import-export; BSD-licensed) that a default rule once reported
/// wrongly: names kept as they are, numbers glued to a name, an ordinal in
/// Chinese numerals, text and metavariables in angle brackets, a type
/// written in braces, marks quoted in brackets, Chinese in a translation
/// of a source without any, and a file whose quotes follow its own habit.
#[test]
fn real_units_that_are_not_defects() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "real.po",
        "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n\
         msgid \"Common Lisp\"\nmsgstr \"Common Lisp\"\n\n\
         msgid \"django CMS\"\nmsgstr \"django CMS\"\n\n\
         msgid \"Static Menu2\"\nmsgstr \"静态菜单2\"\n\n\
         msgid \"Enable 1st headings numbering\"\nmsgstr \"启用第一级标题编号\"\n\n\
         msgid \"<no view>\"\nmsgstr \"<没有 view>\"\n\n\
         msgid \"enable <plugin-name> again\"\nmsgstr \"再次启用 <插件名称>\"\n\n\
         msgid \"Described by {id: string, message: string}.\"\nmsgstr \"格式是 {id: string, message: string}。\"\n\n\
         msgid \"three points (...).\"\nmsgstr \"三个点（...）。\"\n\n\
         msgid \"%s through import_export\"\nmsgstr \"%s 通过 django-import-export导入\"\n\n\
         msgid \"Add the \\\"disabled\\\" key\"\nmsgstr \"添加「disabled」键\"\n\n\
         msgid \"Select \\\"%1\\\"\"\nmsgstr \"选择「%1」\"\n\n\
         msgid \"Close \\\"%1\\\"?\"\nmsgstr \"关闭“%1”？\"\n"
            .as_bytes(),
    );
    let path = dir.path().join("real.po");
    let (report, code) = json_report(&[
        "--no-config",
        "--target-lang",
        "zh-CN",
        path.to_str().unwrap(),
    ]);
    assert_eq!(findings(&report), vec![], "{report:#}");
    assert_eq!(code, 0);
}
