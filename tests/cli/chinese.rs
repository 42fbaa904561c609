//! English to Chinese: the example catalogues with the software glossary,
//! fixes in Simplified and Traditional catalogues, and what is left alone.

use std::fs;

use crate::util::*;

const SOFTWARE: &str = "glossary/en-zh-software.toml";

fn concise_lines(args: &[&str]) -> (Vec<String>, Option<i32>) {
    let output = termlint()
        .args(["check", "--no-config", "--format", "concise"])
        .args(args)
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    (
        out.lines().map(str::to_owned).collect(),
        output.status.code(),
    )
}

#[test]
fn simplified_example_catalogue_shows_every_chinese_rule() {
    let (lines, code) = concise_lines(&["-g", SOFTWARE, "examples/en-zh/app.zh_CN.po"]);
    assert_eq!(code, Some(1));
    let expected = [
        "19:27: warning[zh/ascii-punct] ASCII `.` in Chinese text (fix: `。`)",
        "19:36: warning[zh/ascii-punct] ASCII `.` in Chinese text (fix: `。`)",
        "23:11: warning[zh/fullwidth-alnum] full-width `１２` in Chinese text (fix: `12`)",
        "27:11: warning[zh/script-mix] `這` is Traditional Chinese in Simplified Chinese text (fix: `这`)",
        "31:11: warning[zh/quotes] straight quotes around Chinese text (fix: `“保存”`)",
        "35:12: warning[zh/ellipsis-dash] `...` in Chinese text (fix: `……`)",
        "35:21: warning[zh/ellipsis-dash] a lone `—` in Chinese text (fix: `——`)",
        "39:13: warning[zh/punct-space] a space next to full-width punctuation (fix: ``)",
        "43:13: warning[zh/repeated-char] `的` twice (fix: ``)",
        "47:9: warning[term/inconsistent] `登录` is rendered 2 different ways in this file",
        "47:9: warning[term/variant] `登陆` is a variant of `登录` (fix: `登录`)",
        "51:13: warning[term/variant] `剪切板` is a variant of `剪贴板` (fix: `剪贴板`)",
        "55:14: warning[bitext/number] the source has `15` (15), the target `50` (50)",
        "61:12: error[bitext/placeholder] format directives missing from the target: `%(folder)s`",
        "65:1: warning[bitext/untranslated] the target is empty",
    ];
    let found: Vec<&str> = lines
        .iter()
        .map(|l| l.split_once("app.zh_CN.po:").unwrap().1)
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn traditional_catalogue_gets_the_glossary_in_traditional_script() {
    let (lines, _) = concise_lines(&["-g", SOFTWARE, "examples/en-zh/app.zh_TW.po"]);
    let found: Vec<&str> = lines
        .iter()
        .map(|l| l.split_once("app.zh_TW.po:").unwrap().1)
        .collect();
    assert_eq!(
        found,
        [
            "13:11: warning[zh/script-mix] `为` is Simplified Chinese in Traditional Chinese text (fix: `為`)",
            "17:9: warning[term/variant] `登陸` is a variant of `登錄` (fix: `登錄`)",
            "21:13: warning[zh/quotes] `“...”` breaks the file's quotation style (fix: `「允許萬用字元」`)",
        ]
    );
}

#[test]
fn fixes_are_written_in_the_target_script_and_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["app.zh_CN.po", "app.zh_TW.po"] {
        fs::copy(format!("examples/en-zh/{name}"), dir.path().join(name)).unwrap();
    }
    let fix = || {
        termlint()
            .args(["check", "--no-config", "--fix", "-q", "-g", SOFTWARE])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    fix();
    let simplified = fs::read_to_string(dir.path().join("app.zh_CN.po")).unwrap();
    for fixed in [
        "msgstr \"请输入账户 %(name)s 和密码。注意区分大小写。\"",
        "msgstr \"最多12个文件\"",
        "msgstr \"点击这里继续\"",
        "msgstr \"选择“保存”以保留更改。\"",
        "msgstr \"请稍候……上传尚未完成——请不要关闭窗口。\"",
        "msgstr \"对不起，您不能这样做。\"",
        "msgstr \"登录以同步您的书签。\"",
        "msgstr \"已复制到剪贴板。\"",
        // Left alone: a UI ellipsis, a URL, a version.
        "msgstr \"正在保存...\"",
        "msgstr \"需要 Node.js 3.14 版本，参见 https://example.com/a,b。\"",
    ] {
        assert!(simplified.contains(fixed), "{fixed}\n{simplified}");
    }
    let traditional = fs::read_to_string(dir.path().join("app.zh_TW.po")).unwrap();
    for fixed in [
        "msgstr \"另存為\"",
        "msgstr \"登錄以同步您的書籤\"",
        "msgstr \"請先啟用「允許萬用字元」。\"",
        "msgstr \"社群帳號的使用者名稱\"",
    ] {
        assert!(traditional.contains(fixed), "{fixed}\n{traditional}");
    }
    fix();
    assert_eq!(
        fs::read_to_string(dir.path().join("app.zh_CN.po")).unwrap(),
        simplified
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("app.zh_TW.po")).unwrap(),
        traditional
    );
}

#[test]
fn glossaries_of_both_directions_check_their_own_targets() {
    // The default news glossary (zh -> en) and the software glossary
    // (en -> zh) together: English targets get only news terms, Chinese
    // targets only software terms.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pairs.tsv",
        "Log in to sync your bookmarks\t登陆以同步您的书签\n\
         海丝先行区\tthe Hai Silk pilot zone\n\
         log in\tthe Hai Silk\n"
            .as_bytes(),
    );
    let (lines, _) = concise_lines(&[
        "--select",
        "term/variant",
        "-g",
        SOFTWARE,
        "-g",
        "glossary/zh-en-news.toml",
        dir.path().join("pairs.tsv").to_str().unwrap(),
    ]);
    let found: Vec<&str> = lines
        .iter()
        .map(|l| l.split_once("pairs.tsv:").unwrap().1)
        .collect();
    assert_eq!(
        found,
        [
            "1:31: warning[term/variant] `登陆` is a variant of `登录` (fix: `登录`)",
            "2:11: warning[term/variant] `Hai Silk` is a variant of `Maritime Silk Road` (fix: `Maritime Silk Road`)",
            "3:12: warning[term/variant] `Hai Silk` is a variant of `Maritime Silk Road` (fix: `Maritime Silk Road`)",
        ]
    );
}

#[test]
fn english_source_terms_match_inflected_and_not_inside_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.po",
        "msgid \"\"\nmsgstr \"\"\n\"Language: zh_CN\\n\"\n\n\
         msgid \"Bookmarked pages\"\nmsgstr \"已收藏的页面\"\n\n\
         msgid \"Hello %(username)s\"\nmsgstr \"%(username)s 你好\"\n\n\
         msgid \"Bookmarks\"\nmsgstr \"书签\"\n"
            .as_bytes(),
    );
    let (lines, _) = concise_lines(&[
        "--select",
        "bitext/term",
        "-g",
        SOFTWARE,
        dir.path().join("app.po").to_str().unwrap(),
    ]);
    let found: Vec<&str> = lines
        .iter()
        .map(|l| l.split_once("app.po:").unwrap().1)
        .collect();
    assert_eq!(
        found,
        [
            "6:9: warning[bitext/term] source term `Bookmarked` should be translated as `书签`; the target has neither it nor a known variant"
        ]
    );
}

#[test]
fn chinese_fixes_inside_xliff_and_tmx_targets() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.xlf",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="zh-TW" datatype="plaintext" original="app">
    <body>
      <trans-unit id="1"><source>Save as</source><target>另存为</target></trans-unit>
      <trans-unit id="2"><source>Wait... not done.</source><target>請稍候...尚未完成.</target></trans-unit>
      <trans-unit id="3"><source>Choose "Save" &amp; go.</source><target>選擇"儲存"&amp;繼續。</target></trans-unit>
    </body>
  </file>
</xliff>
"#
        .as_bytes(),
    );
    write(
        dir.path(),
        "memory.tmx",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/>
<body>
<tu><tuv xml:lang="en"><seg>Click here to continue.</seg></tuv><tuv xml:lang="zh-CN"><seg>点击這里继续.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Up to 12 files</seg></tuv><tuv xml:lang="zh-CN"><seg>最多１２个文件</seg></tuv></tu>
</body></tmx>
"#
        .as_bytes(),
    );
    let fix = || {
        termlint()
            .args(["check", "--no-config", "--fix", "-q"])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    fix();
    let xliff = fs::read_to_string(dir.path().join("app.xlf")).unwrap();
    assert!(xliff.contains("<target>另存為</target>"), "{xliff}");
    assert!(
        xliff.contains("<target>請稍候……尚未完成。</target>"),
        "{xliff}"
    );
    // The locale's corner quotes, and the escaped ampersand kept.
    assert!(
        xliff.contains("<target>選擇「儲存」&amp;繼續。</target>"),
        "{xliff}"
    );
    let tmx = fs::read_to_string(dir.path().join("memory.tmx")).unwrap();
    assert!(tmx.contains("<seg>点击这里继续。</seg>"), "{tmx}");
    assert!(tmx.contains("<seg>最多12个文件</seg>"), "{tmx}");
    // Nothing left, and a second run changes nothing.
    let output = fix();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("app.xlf")).unwrap(),
        xliff
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("memory.tmx")).unwrap(),
        tmx
    );
}
