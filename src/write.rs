//! Writing fixes: every file is replaced whole or not at all, and only
//! when that cannot lose anything; and diffs.
//!
//! A fixed file is written to a temporary file beside its target and
//! renamed over it, so that a crash leaves either the original or the fixed
//! bytes. The temporary file's name says whose it is
//! (`.NAME.termlint-PID-RANDOM.tmp`); a later `--fix` removes those whose
//! process is gone.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The part of a temporary file's name after the fixed file's name.
const TEMP_MARK: &str = ".termlint-";
const TEMP_SUFFIX: &str = ".tmp";

/// Replace a file's bytes atomically. A symbolic link is followed and its
/// target written, so the link stays a link. Refused (with the reason):
/// anything but a regular file, a file with other hard links (an atomic
/// rename would split them), and a read-only file unless `allow_read_only`.
/// The mode, and where the process may set them the owner and group, are
/// kept.
pub fn replace_file(path: &Path, bytes: &[u8], allow_read_only: bool) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot resolve: {e}"))?;
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot read metadata: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file; not written".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(format!(
                "it has {} hard links, and writing it would split them; not written",
                meta.nlink()
            ));
        }
    }
    if meta.permissions().readonly() && !allow_read_only {
        return Err("read-only; not written (pass --fix-read-only to write it)".into());
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}{TEMP_MARK}{}-", std::process::id());
    let write = || -> std::io::Result<()> {
        let mut temp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(dir)?;
        temp.write_all(bytes)?;
        temp.as_file().set_permissions(meta.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Only root may give a file away; anyone else keeps their own.
            let _ = std::os::unix::fs::fchown(temp.as_file(), Some(meta.uid()), Some(meta.gid()));
        }
        temp.as_file().sync_all()?;
        temp.persist(&target).map_err(|e| e.error)?;
        // Make the rename itself durable.
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    };
    write().map_err(|e| format!("cannot write the fixed file: {e}"))
}

/// Remove temporary files that an earlier `--fix` left in these folders
/// when it was killed: ours by name, and whose process no longer runs.
pub fn remove_stale_temp_files(dirs: &[PathBuf]) {
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if let Some(pid) = temp_file_pid(name)
                && !process_runs(pid)
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The process id in the name of one of our temporary files.
fn temp_file_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let (_, after) = rest.rsplit_once(TEMP_MARK)?;
    let (pid, random) = after.split_once('-')?;
    (!random.is_empty() && !random.contains(['/', '.'])).then_some(())?;
    pid.parse().ok()
}

/// Whether a process runs; where that cannot be known, assume it does, so
/// that nothing in use is removed.
fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// A unified diff of a file's text before and after fixing.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("a/{}", path.trim_start_matches('/')),
            &format!("b/{}", path.trim_start_matches('/')),
        )
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_carry_the_pid() {
        assert_eq!(
            temp_file_pid(".news.txt.termlint-4242-AbC12x.tmp"),
            Some(4242)
        );
        assert_eq!(temp_file_pid(".a.termlint-x.termlint-7-Q.tmp"), Some(7));
        assert_eq!(temp_file_pid("news.txt.termlint-4242-AbC12x.tmp"), None);
        assert_eq!(temp_file_pid(".news.txt.termlint-4242-.tmp"), None);
        assert_eq!(temp_file_pid(".tmpAbC123"), None);
    }
}
