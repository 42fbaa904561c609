//! docs/rules/<id>.md, where the language server's rule links point: one
//! page per rule, the text of `termlint explain ID`. Regenerate with
//! `TERMLINT_BLESS=1 cargo test --test cli rule_docs`.

use crate::util::*;

fn rule_ids() -> Vec<String> {
    let output = termlint().arg("rules").output().unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
fn every_rule_has_a_page_with_its_explanation() {
    let bless = std::env::var_os("TERMLINT_BLESS").is_some();
    let ids = rule_ids();
    assert!(ids.len() > 30, "{ids:?}");
    for id in ids {
        let output = termlint().args(["explain", &id]).output().unwrap();
        let explained = String::from_utf8(output.stdout).unwrap();
        let expected = format!("# {id}\n\n```text\n{}```\n", explained);
        let path = std::path::Path::new("docs/rules").join(format!("{id}.md"));
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &expected).unwrap();
        }
        let page = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("no {}; run with TERMLINT_BLESS=1", path.display()));
        assert_eq!(
            page,
            expected,
            "{} is out of date; run with TERMLINT_BLESS=1",
            path.display()
        );
    }
}
