#![no_main]
//! Any bytes read as Xliff give a document or a located error, never a panic.

use libfuzzer_sys::fuzz_target;
use termlint_core::document::Format;

fuzz_target!(|data: &[u8]| termlint_core::invariants::read(Format::Xliff, data));
