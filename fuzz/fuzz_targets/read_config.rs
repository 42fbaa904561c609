#![no_main]
//! Any config text parses or gives located errors; it never panics.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = termlint_core::config::parse(std::path::Path::new("termlint.toml"), &text);
});
