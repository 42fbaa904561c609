//! termlint's engine, without I/O: it never reads or writes files, walks
//! folders or prints. Front ends (the CLI, later a language server) read
//! bytes, resolve [`settings::Settings`] once, and call [`lint::lint`] for
//! every document.
//!
//! Data flows one way: bytes are decoded ([`decode`]) and parsed by an input
//! format ([`formats`]) into a [`document::Document`] of segments; the
//! [`glossary::Glossary`] is compiled once into a shared
//! [`matcher::Matcher`]; [`rules`] turn both into
//! [`diagnostic::Diagnostic`]s; [`fix`] applies their safe fixes.
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod ascii_bits;
pub mod chinese_script;
pub mod config;
pub mod consistency;
pub mod decode;
pub mod diagnostic;
pub mod document;
pub mod escape;
mod exact_vec;
pub mod export;
pub mod fix;
pub mod formats;
pub mod glossary;
mod in_order;
pub mod invariants;
pub mod language;
pub mod line_index;
pub mod lint;
pub mod matcher;
mod phrase_table;
mod repeats;
pub mod rules;
pub mod segmenter;
pub mod settings;
pub mod suppress;
pub mod termbase;
