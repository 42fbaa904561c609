#![no_main]
//! The fix path with every rule on: the first byte picks the format, the
//! rest is the file. A fix must keep the file's structure and sources,
//! read again, and leave nothing for a second fix.

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use termlint_core::document::Format;
use termlint_core::invariants;
use termlint_core::settings::Settings;

static SETTINGS: LazyLock<Settings> = LazyLock::new(invariants::all_rules);

const FORMATS: [Format; 6] = [
    Format::Text,
    Format::Markdown,
    Format::Tsv,
    Format::Po,
    Format::Xliff,
    Format::Tmx,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(selector) % FORMATS.len()];
    if let Err(broken) = invariants::check_fix(&SETTINGS, format, file) {
        panic!("{format:?}: {broken}");
    }
});
