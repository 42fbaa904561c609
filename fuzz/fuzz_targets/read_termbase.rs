#![no_main]
//! Any TBX, CSV or TSV termbase compiles or gives located errors; it never
//! panics.

use libfuzzer_sys::fuzz_target;
use termlint_core::glossary::Compiled;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    for name in ["fuzz.tbx", "fuzz.csv", "fuzz.tsv"] {
        if let Err(error) = Compiled::from_sources(vec![(name.into(), text.clone())]) {
            for problem in &error.problems {
                let _ = error.line_col(problem);
            }
        }
    }
});
