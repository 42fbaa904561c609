#![no_main]
//! Any glossary text compiles or gives located errors; it never panics.

use libfuzzer_sys::fuzz_target;
use termlint_core::glossary::Compiled;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Err(error) = Compiled::from_sources(vec![("fuzz.toml".into(), text)]) {
        for problem in &error.problems {
            let _ = error.line_col(problem);
        }
    }
});
