//! Property tests of the invariants in `termlint_core::invariants`: reading
//! never panics, and fixing changes target text only and settles. Inputs
//! are built from fragments that the rules and the formats care about, so
//! that fixes land next to markup, escapes and string boundaries. The same
//! invariants are fuzzed without bounds by the targets in `fuzz/`.

use std::sync::LazyLock;

use proptest::prelude::*;
use termlint_core::document::Format;
use termlint_core::invariants::{self, all_rules};
use termlint_core::settings::Settings;

static SETTINGS: LazyLock<Settings> = LazyLock::new(all_rules);

/// Words, faults the rules fix, and characters the formats treat specially.
const FRAGMENTS: &[&str] = &[
    "Hai Silk",
    "Sea Silk",
    "Maritime Silk Road",
    "(Finish)",
    "the the",
    "route",
    "grew",
    "Quanzhou's",
    "海丝",
    "泉州",
    "343亿",
    "34.3 billion",
    ". .",
    ",,",
    "，",
    "。",
    "（",
    "）",
    "  ",
    " ",
    "\t",
    "\n",
    "\n\n",
    ".",
    ",",
    "'",
    "\"",
    "“",
    "”",
    "itâ€™s",
    "cafÃ©",
    "&",
    "&amp;",
    "&lt;",
    "<",
    ">",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "](http://x.y/z)",
    "`",
    "\\",
    "\\\"",
    "\\n",
    "%s",
    "{0}",
    "<b>",
    "</b>",
    "]]>",
    "<!--",
    "-->",
    "#",
    "|",
];

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..24).prop_map(|f| f.concat())
}

/// Text that is safe inside an XML element: markup characters escaped, or
/// inside CDATA, comments and inline elements.
fn xml_content() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        fragments().prop_map(|t| t
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")),
        fragments().prop_map(|t| format!("<![CDATA[{}]]>", t.replace("]]>", "]] >"))),
        Just("<!-- note -->".to_owned()),
        Just("<?pi data?>".to_owned()),
        Just("<x id=\"1\"/>".to_owned()),
        fragments().prop_map(|t| format!(
            "<g id=\"2\">{}</g>",
            t.replace('&', "&amp;").replace('<', "&lt;")
        )),
        fragments().prop_map(|t| format!(
            "<mrk mtype=\"x\">{}</mrk>",
            t.replace('&', "&amp;").replace('<', "&lt;")
        )),
    ];
    prop::collection::vec(piece, 0..5).prop_map(|p| p.concat())
}

fn po_string() -> impl Strategy<Value = String> {
    fragments().prop_map(|t| {
        t.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n\"\n\"")
            .replace('\t', "\\t")
    })
}

fn check(format: Format, text: &str) -> Result<(), TestCaseError> {
    invariants::read(format, text.as_bytes());
    invariants::check_fix(&SETTINGS, format, text.as_bytes()).map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_read_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        for format in [Format::Text, Format::Markdown, Format::Tsv, Format::Po, Format::Xliff, Format::Tmx] {
            invariants::read(format, &bytes);
        }
    }

    #[test]
    fn any_fragments_read_without_panicking(text in fragments()) {
        for format in [Format::Markdown, Format::Tsv, Format::Po, Format::Xliff, Format::Tmx] {
            invariants::read(format, text.as_bytes());
        }
    }

    #[test]
    fn fixes_in_plain_text(text in fragments()) {
        check(Format::Text, &text)?;
    }

    #[test]
    fn fixes_in_markdown(text in fragments()) {
        check(Format::Markdown, &text)?;
    }

    #[test]
    fn fixes_in_xliff(source in xml_content(), target in xml_content()) {
        let text = format!(
            "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file source-language=\"zh\" target-language=\"en\" datatype=\"plaintext\" original=\"f\"><body>\n<trans-unit id=\"1\"><source>{source}</source><target>{target}</target></trans-unit>\n</body></file></xliff>\n"
        );
        check(Format::Xliff, &text)?;
    }

    #[test]
    fn fixes_in_tmx(source in xml_content(), target in xml_content()) {
        let text = format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"zh\"/><body><tu><tuv xml:lang=\"zh\"><seg>{source}</seg></tuv><tuv xml:lang=\"en\"><seg>{target}</seg></tuv></tu></body></tmx>\n"
        );
        check(Format::Tmx, &text)?;
    }

    #[test]
    fn fixes_in_po(source in po_string(), target in po_string(), plural in po_string()) {
        let text = format!(
            "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\n#. termlint\nmsgid \"{source}\"\nmsgstr \"{target}\"\n\nmsgid \"{source}x\"\nmsgid_plural \"{plural}\"\nmsgstr[0] \"{target}\"\nmsgstr[1] \"{plural}\"\n"
        );
        check(Format::Po, &text)?;
    }

    #[test]
    fn fixes_in_tsv(source in fragments(), target in fragments()) {
        let cell = |t: &str| t.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n");
        let text = format!("{}\t{}\n{}\t{}\n", cell(&source), cell(&target), cell(&target), cell(&source));
        check(Format::Tsv, &text)?;
    }
}
