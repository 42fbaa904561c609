//! Inputs that once crashed termlint or broke a fix invariant, found by the
//! fuzzers and property tests: each must now read without panicking and
//! fix safely. Add a file to `tests/regressions/` (its extension picks the
//! format) whenever a fuzzer finds a new one.

use std::path::Path;

use termlint_core::document::Format;
use termlint_core::invariants;

#[test]
fn regressions_read_and_fix_safely() {
    let settings = invariants::all_rules();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let format = Format::from_path(&path);
        let bytes = std::fs::read(&path).unwrap();
        invariants::read(format, &bytes);
        if let Err(broken) = invariants::check_fix(&settings, format, &bytes) {
            panic!("{}: {broken}", path.display());
        }
        seen += 1;
    }
    assert!(seen >= 6, "{seen} regression inputs");
}
