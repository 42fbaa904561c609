//! Compiles jieba's word list (`data/jieba/dict.txt`) into a finite-state
//! map from word to frequency, embedded in the library: the segmenter then
//! costs nothing to load, where reading the list at run time took a quarter
//! of a second of one core and tens of MB.

use std::{env, fs, path::PathBuf};

fn main() {
    let list = "data/jieba/dict.txt";
    println!("cargo:rerun-if-changed={list}");
    let text = fs::read_to_string(list).expect("the segmenter's word list is readable");
    let mut words: Vec<(&str, u64)> = Vec::new();
    let mut total: u64 = 0;
    for line in text.lines() {
        // `word frequency tag`; jieba reads a missing frequency as 0.
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        let frequency = fields
            .next()
            .map_or(0, |f| f.parse().expect("a frequency is a number"));
        total += frequency;
        words.push((word, frequency));
    }
    words.sort_unstable();
    let before = words.len();
    words.dedup_by_key(|&mut (word, _)| word);
    // A word listed twice would count twice in jieba's total but once here.
    assert_eq!(before, words.len(), "the word list has no duplicates");
    let mut map = fst::MapBuilder::memory();
    map.extend_iter(words)
        .expect("sorted distinct words build a map");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(
        out.join("jieba.fst"),
        map.into_inner().expect("an in-memory map"),
    )
    .expect("OUT_DIR is writable");
    fs::write(out.join("jieba_total.rs"), format!("{total}\n")).expect("OUT_DIR is writable");
}
