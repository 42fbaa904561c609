//! The compiled-glossary cache: used when sound, rebuilt when corrupt or
//! truncated, never stale, and filled by `termlint glossary compile`.

use std::path::Path;

use crate::util::*;

fn check_with_cache(dir: &Path, cache: &Path) -> (Vec<(String, String)>, i32) {
    let output = termlint()
        .current_dir(dir)
        .env_remove("TERMLINT_NO_CACHE")
        .env("TERMLINT_CACHE_DIR", cache)
        .env("TERMLINT_CACHE_MIN_BYTES", "0")
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "-g",
            "g.toml",
            "a.txt",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = findings(&report).into_iter().map(|f| (f.0, f.3)).collect();
    (found, output.status.code().unwrap())
}

fn cached_files(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(cache)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "bin"));
    files.sort();
    files
}

#[test]
fn compiled_glossary_is_reused_rebuilt_when_corrupt_and_never_stale() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    write(
        dir.path(),
        "g.toml",
        "[[term]]\ncanonical = \"Maritime Silk Road\"\nvariants = [\"Hai Silk\"]\nsource = [\"海丝\"]\n\n[[term]]\ncanonical = \"Alpha\"\nvariants = [\"Alfa\", \"Alfa\"]\n"
            .as_bytes(),
    );
    write(dir.path(), "a.txt", b"The Hai Silk and Alfa and Betta.\n");
    let expected = vec![
        ("term/variant".to_owned(), "Hai Silk".to_owned()),
        ("term/variant".to_owned(), "Alfa".to_owned()),
    ];

    // First run: compiled and stored.
    let (found, code) = check_with_cache(dir.path(), &cache);
    assert_eq!((found.clone(), code), (expected.clone(), 1));
    let stored = cached_files(&cache);
    assert_eq!(stored.len(), 1, "{stored:?}");
    let bytes = std::fs::read(&stored[0]).unwrap();

    // Second run: loaded from the cache, the same findings.
    assert_eq!(check_with_cache(dir.path(), &cache).0, expected);

    // Corrupt (a byte of the payload flipped) and truncated files are
    // detected, replaced, and the findings stay the same.
    let mut corrupt = bytes.clone();
    let last = corrupt.len() - 3;
    corrupt[last] ^= 0x55;
    for broken in [
        corrupt,
        bytes[..bytes.len() / 2].to_vec(),
        b"nonsense".to_vec(),
    ] {
        std::fs::write(&stored[0], &broken).unwrap();
        assert_eq!(check_with_cache(dir.path(), &cache).0, expected);
        assert_eq!(std::fs::read(&stored[0]).unwrap(), bytes, "not rebuilt");
    }

    // A changed glossary is compiled anew (another key): never stale.
    write(
        dir.path(),
        "g.toml",
        "[[term]]\ncanonical = \"Maritime Silk Road\"\nvariants = [\"Hai Silk\"]\n\n[[term]]\ncanonical = \"Beta\"\nvariants = [\"Betta\"]\n"
            .as_bytes(),
    );
    let (found, _) = check_with_cache(dir.path(), &cache);
    assert_eq!(
        found,
        vec![
            ("term/variant".to_owned(), "Hai Silk".to_owned()),
            ("term/variant".to_owned(), "Betta".to_owned()),
        ]
    );
    assert_eq!(cached_files(&cache).len(), 2);
}

/// The glossary's warnings come from the cache too.
#[test]
fn cached_glossary_keeps_its_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    write(
        dir.path(),
        "g.toml",
        b"[[term]]\ncanonical = \"A\"\nvariants = [\"x\"]\n[[term]]\ncanonical = \"B\"\nvariants = [\"X\"]\n",
    );
    write(dir.path(), "a.txt", b"x\n");
    for _ in 0..2 {
        let output = termlint()
            .current_dir(dir.path())
            .env_remove("TERMLINT_NO_CACHE")
            .env("TERMLINT_CACHE_DIR", &cache)
            .env("TERMLINT_CACHE_MIN_BYTES", "0")
            .args(["check", "--no-config", "-g", "g.toml", "a.txt"])
            .output()
            .unwrap();
        let err = String::from_utf8(output.stderr).unwrap();
        assert!(
            err.contains(
                "warning[glossary/duplicate-form]: `X` is already a variant of `A`; skipped"
            ),
            "{err}"
        );
        assert!(err.contains("g.toml:6:13"), "{err}");
    }
}

#[test]
fn glossary_compile_fills_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let output = termlint()
        .env_remove("TERMLINT_NO_CACHE")
        .env("TERMLINT_CACHE_DIR", &cache)
        .args(["glossary", "compile", "glossary/zh-en-news.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(
        out.starts_with("Compiled ") && out.contains(" terms into "),
        "{out}"
    );
    let stored = cached_files(&cache);
    assert_eq!(stored.len(), 1);
    // With the automata and segmenter words that runs would build on need.
    let mut kept: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".auto"))
        .map(|name| name.split('.').nth(1).unwrap().to_owned())
        .collect();
    kept.sort();
    assert_eq!(kept, ["segmenter-dictionary", "source-all", "target-all"]);
    // A check of that glossary consults it even though it is small: a
    // broken one is found (and removed) rather than ignored.
    std::fs::write(&stored[0], b"broken").unwrap();
    let dir2 = tempfile::tempdir().unwrap();
    write(dir2.path(), "a.txt", b"The Hai Silk.\n");
    let output = termlint()
        .env_remove("TERMLINT_NO_CACHE")
        .env("TERMLINT_CACHE_DIR", &cache)
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "-g",
            "glossary/zh-en-news.toml",
        ])
        .arg(dir2.path().join("a.txt"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("term/variant")
    );
    assert!(
        cached_files(&cache).is_empty(),
        "the broken file was not removed"
    );
    // Off: a clear error.
    let output = termlint()
        .args(["glossary", "compile", "glossary/zh-en-news.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// Every edit of a glossary makes a new compiled file; only the most
/// recent few are kept.
#[test]
fn old_compiled_glossaries_are_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    write(dir.path(), "a.txt", b"The Hai Silk.\n");
    for edit in 0..12 {
        write(
            dir.path(),
            "g.toml",
            format!("[[term]]\ncanonical = \"Maritime Silk Road\"\nvariants = [\"Hai Silk\"]\nnote = \"edit {edit}\"\n")
                .as_bytes(),
        );
        let (found, _) = check_with_cache(dir.path(), &cache);
        assert_eq!(found.len(), 1);
    }
    assert_eq!(cached_files(&cache).len(), 8);
}

const CHINESE_TERMS: &str = "[glossary]\ntarget_lang = \"zh\"\n\n[[term]]\ncanonical = \"海上丝绸之路\"\nvariants = [\"海上丝路\"]\n\n[[term]]\ncanonical = \"一带一路\"\nvariants = [\"一路一带\"]\n";

/// The automata and segmenter files kept in `cache`, sorted.
fn automata(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "auto"))
        .collect();
    files.sort();
    files
}

/// A short file's Chinese terms are looked up in a table: no automaton is
/// built (over a termbase's Chinese terms, that takes a third of a
/// second), and the findings are those the automaton gives.
#[test]
fn a_short_file_builds_no_automaton() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    write(dir.path(), "g.toml", CHINESE_TERMS.as_bytes());
    write(
        dir.path(),
        "a.txt",
        "我们讨论海上丝路和一路一带。\n".as_bytes(),
    );
    let expected = vec![
        ("term/variant".to_owned(), "海上丝路".to_owned()),
        ("term/variant".to_owned(), "一路一带".to_owned()),
    ];
    assert_eq!(check_with_cache(dir.path(), &cache).0, expected);
    let names: Vec<String> = automata(&cache)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|name| name.contains(".target-")),
        "{names:?}"
    );
}

/// The automata built on first need (here over Chinese terms, for Chinese
/// text long enough to pay for one) and the frequencies of the word
/// segmenter's glossary words are kept beside the compiled glossary, read
/// back when sound, rebuilt when not, and removed with their glossary.
#[test]
fn automata_built_on_need_are_kept_with_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    write(dir.path(), "g.toml", CHINESE_TERMS.as_bytes());
    let text = format!(
        "我们讨论海上丝路和一路一带。\n{}\n",
        "今天天气很好。".repeat(100)
    );
    write(dir.path(), "a.txt", text.as_bytes());
    let expected = vec![
        ("term/variant".to_owned(), "海上丝路".to_owned()),
        ("term/variant".to_owned(), "一路一带".to_owned()),
    ];

    assert_eq!(check_with_cache(dir.path(), &cache).0, expected);
    let kept = automata(&cache);
    let names: Vec<String> = kept
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names[0].ends_with(".segmenter-dictionary.auto"),
        "{names:?}"
    );
    assert!(names[1].ends_with(".target-all.auto"), "{names:?}");
    for file in &kept {
        let bytes = std::fs::read(file).unwrap();
        assert_eq!(check_with_cache(dir.path(), &cache).0, expected);
        assert_eq!(std::fs::read(file).unwrap(), bytes);

        // A damaged file is never used: rebuilt, the same findings.
        let mut corrupt = bytes.clone();
        let middle = corrupt.len() / 2;
        corrupt[middle] ^= 0x55;
        for broken in [corrupt, bytes[..bytes.len() / 2].to_vec(), b"x".to_vec()] {
            std::fs::write(file, &broken).unwrap();
            assert_eq!(check_with_cache(dir.path(), &cache).0, expected);
            assert_eq!(std::fs::read(file).unwrap(), bytes, "not rebuilt");
        }
    }

    // Once its glossary is gone from the cache, so is the automaton.
    for glossary in cached_files(&cache) {
        std::fs::remove_file(glossary).unwrap();
    }
    write(
        dir.path(),
        "g.toml",
        "[[term]]\ncanonical = \"Beta\"\nvariants = [\"Betta\"]\n".as_bytes(),
    );
    check_with_cache(dir.path(), &cache);
    assert_eq!(automata(&cache), Vec::<std::path::PathBuf>::new());
}
