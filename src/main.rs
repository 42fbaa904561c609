//! The command line: parse arguments, call the library, exit with its code.

use std::io::IsTerminal;

// Loading a large glossary is mostly small allocations and frees; mimalloc
// makes start-up with 100,000 terms markedly faster than the system
// allocator (see benches/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hand the memory mimalloc keeps after freeing back to the system: once a
/// large glossary is read, before its matcher is built, so that the peak
/// is that of the larger phase and not of both (see benches/README.md).
fn release_freed_memory() {
    // SAFETY: mi_collect takes no pointers; any thread may call it.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// Huge pages off while a glossary is compiled and on after: with them,
/// the many short-lived tables of compiling a 100,000-term glossary took a
/// fifth more memory at the peak; without them, reading a stored glossary
/// or scanning text takes more page faults (see benches/README.md).
fn compact_memory(on: bool) {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integers only; it sets a flag of
    // this process that the kernel reads when it next maps a page.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, libc::c_ulong::from(on), 0, 0, 0);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = on;
}

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use termcolor::{ColorChoice, StandardStream};

use termlint_core::diagnostic::Severity;
use termlint_core::document::Format as DocFormat;
use termlint_core::rules::Selection;
use termlint_core::settings::Flags;

use crate::check::{CheckOptions, ConfigChoice, FixMode};
use crate::render::OutputFormat;

mod baseline;
mod check;
mod commands;
mod load;
mod parts;
mod project;
mod render;
mod walk;
mod write;

#[derive(Parser)]
#[command(
    name = "termlint",
    version,
    about = "Terminology and translation-QA linter"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint files and folders (`-` reads standard input).
    Check(Box<CheckArgs>),
    /// List the rules.
    Rules,
    /// Explain one rule, e.g. `termlint explain term/variant`.
    Explain { rule: String },
    /// Write a commented starter `termlint.toml` in the current folder.
    Init,
    /// Work on the glossaries themselves.
    #[command(subcommand)]
    Glossary(GlossaryCommand),
    /// Run the language server on stdin and stdout (for editors).
    Server,
}

#[derive(Subcommand)]
enum GlossaryCommand {
    /// Run every term's examples: `flag` sentences must be reported, `pass`
    /// sentences not (exit 1 if any fails).
    Test {
        /// Glossary files or folders (default: the config's, else the
        /// bundled glossary).
        glossaries: Vec<PathBuf>,
    },
    /// Report contradictions, duplicates and errors in the glossaries
    /// (exit 1 on any, 2 when a glossary cannot be loaded).
    Check {
        /// Glossary files or folders (default: the config's, else the
        /// bundled glossary).
        glossaries: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// When to use colour.
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
    },
    /// Convert a glossary between TOML, TBX and CSV, or export it as a Vale
    /// substitution rule or prh rules (the kind from OUT's extension, or
    /// --to).
    Convert {
        /// The glossary to read (TOML, TBX, CSV or TSV).
        input: PathBuf,
        /// The file to write.
        output: PathBuf,
        /// Output kind, where the extension does not say (`.yml` for Vale
        /// or prh).
        #[arg(long, value_enum)]
        to: Option<ConvertTo>,
        /// TBX version to write: 2 (TBX-Basic `martif`, read by most tools)
        /// or 3 (`tbx`).
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(2..=3))]
        tbx_version: u8,
        /// Source language to write (default: the glossary's).
        #[arg(long)]
        source_lang: Option<String>,
        /// Target language whose terms to write (default: the glossary's,
        /// else the only one its terms have).
        #[arg(long)]
        target_lang: Option<String>,
    },
    /// Compile the glossaries into the cache, so that the next run loads
    /// them ready (large glossaries are cached on first use anyway).
    Compile {
        /// Glossary files or folders (default: the config's, else the
        /// bundled glossary).
        glossaries: Vec<PathBuf>,
    },
    /// Count terms, variants, source forms, examples and languages.
    Stats {
        /// Glossary files or folders (default: the config's, else the
        /// bundled glossary).
        glossaries: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Checkstyle,
    Junit,
    /// One row per finding, for spreadsheets.
    Csv,
    /// One row per finding, tab-separated.
    Tsv,
    /// One self-contained HTML page for reviewers.
    Html,
}

fn output_format(format: Format) -> OutputFormat {
    match format {
        Format::Human => OutputFormat::Human,
        Format::Concise => OutputFormat::Concise,
        Format::Json => OutputFormat::Json,
        Format::Sarif => OutputFormat::Sarif,
        Format::Github => OutputFormat::Github,
        Format::Checkstyle => OutputFormat::Checkstyle,
        Format::Junit => OutputFormat::Junit,
        Format::Csv => OutputFormat::Csv,
        Format::Tsv => OutputFormat::Tsv,
        Format::Html => OutputFormat::Html,
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ConvertTo {
    Toml,
    Tbx,
    Csv,
    Vale,
    Prh,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormat {
    Text,
    /// Plain text with one sentence or unit per line.
    Lines,
    Markdown,
    Tsv,
    Po,
    Xliff,
    Tmx,
}

#[derive(Clone, Copy, ValueEnum)]
enum Level {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files and folders to lint; `-` for standard input. Default: `.`.
    paths: Vec<PathBuf>,
    /// Glossary file (TOML, TBX, CSV or TSV) or folder of them (repeatable). Default: the bundled glossary.
    #[arg(short, long = "glossary", value_name = "PATH")]
    glossaries: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Lowest severity that makes the exit code 1 (default: the config's, else warning).
    #[arg(long, value_enum)]
    fail_on: Option<Level>,
    /// Use this config file instead of discovering `termlint.toml`.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any `termlint.toml`.
    #[arg(long)]
    no_config: bool,
    /// Only print diagnostics: no summary line.
    #[arg(short, long)]
    quiet: bool,
    /// Print the number of diagnostics per rule instead of the diagnostics.
    #[arg(long)]
    statistics: bool,
    /// Colour in human output (`auto`: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// Decode files without a byte-order mark with this encoding (e.g. gb18030).
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Run only these rules or families (comma-separated, e.g. `term,punct/doubled`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Skip these rules or families (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Apply safe fixes and write the files (standard input: print the fixed text).
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// With `--fix`: write fixes into read-only files too.
    #[arg(long, requires = "fix")]
    fix_read_only: bool,
    /// Show the safe fixes as a unified diff without writing; exit 1 if there are any.
    #[arg(long)]
    diff: bool,
    /// Findings recorded in this baseline file are not reported and do not fail the run.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in the `--baseline` file and exit 0.
    #[arg(long, requires = "baseline")]
    write_baseline: bool,
    /// Read every file as this format (default: by extension).
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormat>,
    /// Lint fuzzy PO entries too.
    #[arg(long)]
    include_fuzzy: bool,
    /// Source language of bilingual files (default: what the file declares).
    #[arg(long, value_name = "LANG")]
    source_lang: Option<String>,
    /// With `--target`: check a line-aligned pair of files, this one the source.
    #[arg(long, value_name = "FILE", requires = "target")]
    source: Option<PathBuf>,
    /// With `--source`: the target file of a line-aligned pair.
    #[arg(long, value_name = "FILE", requires = "source")]
    target: Option<PathBuf>,
    /// Target language (e.g. `en`); default: the config's, the file's, the glossary's, else `en`.
    #[arg(long, value_name = "LANG")]
    target_lang: Option<String>,
    /// Spacing between Chinese and Latin letters or digits for zh/cjk-latin-space.
    #[arg(long, value_name = "MODE", value_parser = ["always", "never", "consistent"])]
    cjk_latin_space: Option<String>,
    /// Date that decides which years are past, `YYYY` or `YYYY-MM-DD` (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    as_of: Option<i32>,
}

/// The year of an `--as-of` date.
fn parse_as_of(value: &str) -> Result<i32, String> {
    let mut parts = value.split('-');
    let year = parts
        .next()
        .and_then(|y| (y.len() == 4).then(|| y.parse::<i32>().ok()).flatten());
    let rest_ok = parts.all(|p| !p.is_empty() && p.len() <= 2 && p.parse::<u32>().is_ok());
    match year {
        Some(year) if rest_ok && value.split('-').count() <= 3 => Ok(year),
        _ => Err(format!("`{value}` is not a date (YYYY or YYYY-MM-DD)")),
    }
}

fn use_color(choice: Color, is_terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => is_terminal && !no_color,
    }
}

fn main() -> ExitCode {
    termlint_core::glossary::set_memory_release(release_freed_memory);
    termlint_core::glossary::set_memory_compaction(compact_memory);
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Rules => match commands::list_rules(&mut std::io::stdout()) {
            Ok(()) => check::EXIT_CLEAN,
            Err(_) => check::EXIT_USAGE,
        },
        Command::Explain { rule } => match commands::explain_rule(&rule, &mut std::io::stdout()) {
            Ok(true) => check::EXIT_CLEAN,
            _ => {
                eprintln!("error: no rule `{rule}` (see `termlint rules`)");
                check::EXIT_USAGE
            }
        },
        Command::Glossary(GlossaryCommand::Test { glossaries }) => {
            commands::glossary_test(&glossaries, &mut std::io::stdout())
        }
        Command::Glossary(GlossaryCommand::Check {
            glossaries,
            format,
            color,
        }) => commands::glossary_check(
            &glossaries,
            output_format(format),
            use_color(color, std::io::stdout().is_terminal()),
            &mut std::io::stdout(),
        ),
        Command::Glossary(GlossaryCommand::Convert {
            input,
            output,
            to,
            tbx_version,
            source_lang,
            target_lang,
        }) => {
            use termlint_core::export::Kind;
            commands::glossary_convert(
                commands::Convert {
                    input,
                    output,
                    to: to.map(|to| match to {
                        ConvertTo::Toml => Kind::Toml,
                        ConvertTo::Tbx => Kind::Tbx {
                            version: tbx_version,
                        },
                        ConvertTo::Csv => Kind::Csv,
                        ConvertTo::Vale => Kind::Vale,
                        ConvertTo::Prh => Kind::Prh,
                    }),
                    tbx_version,
                    pair: termlint_core::export::Pair {
                        source: source_lang,
                        target: target_lang,
                    },
                },
                &mut std::io::stderr(),
            )
        }
        Command::Glossary(GlossaryCommand::Compile { glossaries }) => {
            commands::glossary_compile(&glossaries, &mut std::io::stdout())
        }
        Command::Glossary(GlossaryCommand::Stats { glossaries }) => {
            commands::glossary_stats(&glossaries, &mut std::io::stdout())
        }
        Command::Server => match termlint_server::run() {
            Ok(()) => check::EXIT_CLEAN,
            Err(error) => {
                eprintln!("error: {error}");
                check::EXIT_USAGE
            }
        },
        Command::Init => match commands::init_config(std::path::Path::new("termlint.toml")) {
            Ok(()) => {
                println!("Wrote termlint.toml");
                check::EXIT_CLEAN
            }
            Err(message) => {
                eprintln!("error: {message}");
                check::EXIT_USAGE
            }
        },
        Command::Check(args) => {
            let args = *args;
            let mut paths = args.paths;
            paths.extend(args.target);
            let options = CheckOptions {
                paths,
                config: match (args.config, args.no_config) {
                    (Some(path), _) => ConfigChoice::File(path),
                    (None, true) => ConfigChoice::None,
                    (None, false) => ConfigChoice::Discover,
                },
                flags: Flags {
                    selection: Selection {
                        select: args.select,
                        ignore: args.ignore,
                        ..Selection::default()
                    },
                    fail_on: args.fail_on.map(|level| match level {
                        Level::Error => Severity::Error,
                        Level::Warning => Severity::Warning,
                        Level::Info => Severity::Info,
                    }),
                    glossaries: args.glossaries,
                    encoding: args.encoding,
                    input_format: args.input_format.map(|f| match f {
                        InputFormat::Text => DocFormat::Text,
                        InputFormat::Lines => DocFormat::Lines,
                        InputFormat::Markdown => DocFormat::Markdown,
                        InputFormat::Tsv => DocFormat::Tsv,
                        InputFormat::Po => DocFormat::Po,
                        InputFormat::Xliff => DocFormat::Xliff,
                        InputFormat::Tmx => DocFormat::Tmx,
                    }),
                    include_fuzzy: args.include_fuzzy,
                    source_lang: args.source_lang,
                    target_lang: args.target_lang,
                    as_of_year: args.as_of,
                    cjk_latin_space: args.cjk_latin_space,
                },
                format: output_format(args.format),
                quiet: args.quiet,
                statistics: args.statistics,
                color: use_color(args.color, std::io::stdout().is_terminal()),
                baseline: args.baseline,
                write_baseline: args.write_baseline,
                progress: !args.quiet,
                aligned_source: args.source,
                fix_read_only: args.fix_read_only,
                fix_mode: if args.fix {
                    FixMode::Write
                } else if args.diff {
                    FixMode::Diff
                } else {
                    FixMode::Off
                },
            };
            let stderr_choice = if use_color(args.color, std::io::stderr().is_terminal()) {
                ColorChoice::Always
            } else {
                ColorChoice::Never
            };
            let mut err = StandardStream::stderr(stderr_choice);
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            check::run(&options, &mut out, &mut err)
        }
    };
    ExitCode::from(code as u8)
}
