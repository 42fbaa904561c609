//! The command line as a user sees it: output, spans and exit codes.
//! One test binary; a module per theme.

mod bilingual;
mod cache;
mod chinese;
mod config;
mod convert;
mod fix_safety;
mod fixes;
mod hostile;
mod inputs;
mod output;
mod rule_docs;
mod terms;
mod text_rules;
mod util;
