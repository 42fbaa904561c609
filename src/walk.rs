//! From paths to inputs: walking folders and reading bytes.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a document's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File {
        path: PathBuf,
        /// Named on the command line rather than found by walking a folder.
        explicit: bool,
    },
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File { path, .. } => path.display().to_string(),
        }
    }
}

/// Expand command-line paths into inputs. Folders are walked honouring
/// `.gitignore` and `.ignore` files and skipping hidden entries; files named
/// explicitly are always taken. Paths that cannot be walked come back as
/// errors, and the walk goes on.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<(String, String)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(err) => errors.push((path.display().to_string(), err.to_string())),
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File {
                path: path.clone(),
                explicit: true,
            }),
        }
    }
    (inputs, errors)
}

fn walk(root: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<(String, String)>) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .ignore(true)
        // A .gitignore means the same thing whether or not the folder is
        // (yet) a git repository.
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                inputs.push(Input::File {
                    path: entry.into_path(),
                    explicit: false,
                });
            }
            Ok(_) => {}
            Err(err) => errors.push((root.display().to_string(), err.to_string())),
        }
    }
}

/// The most bytes read from one input (1 GiB). A larger file, or an
/// endless one such as `/dev/zero`, is an error for that input rather than
/// an out-of-memory abort.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Read an input whole, up to [`MAX_INPUT_BYTES`]. A FIFO or device named
/// on the command line is read like standard input.
pub fn read_bytes(input: &Input) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    match input {
        Input::Stdin => {
            std::io::stdin()
                .lock()
                .take(MAX_INPUT_BYTES + 1)
                .read_to_end(&mut bytes)?;
        }
        Input::File { path, .. } => {
            std::fs::File::open(path)?
                .take(MAX_INPUT_BYTES + 1)
                .read_to_end(&mut bytes)?;
        }
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(std::io::Error::other(format!(
            "larger than the {} MiB limit; not checked",
            MAX_INPUT_BYTES >> 20
        )));
    }
    Ok(bytes)
}
