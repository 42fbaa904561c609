//! `--fix` on what is not a plain file of its own: links, FIFOs, hard
//! links, read-only files, other owners, lossy encodings and glossaries
//! whose fixes would never settle.

use std::fs;
use std::path::Path;

use crate::util::*;

const VARIANT: &str = "Trade along the Hai Silk route grew.\n";
const FIXED: &str = "Trade along the Maritime Silk Road route grew.\n";

fn fix(args: &[&Path]) -> (Option<i32>, String) {
    let output = termlint()
        .args(["check", "--fix", "--format", "concise", "--select", "term"])
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn a_symlink_is_fixed_through_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.txt");
    let link = dir.path().join("link.txt");
    fs::write(&target, VARIANT).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (code, stderr) = fix(&[&link]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), FIXED);
}

#[cfg(unix)]
#[test]
fn hard_links_and_read_only_files_are_refused_and_the_rest_fixed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let linked = dir.path().join("linked.txt");
    let read_only = dir.path().join("read-only.txt");
    let plain = dir.path().join("plain.txt");
    for path in [&linked, &read_only, &plain] {
        fs::write(path, VARIANT).unwrap();
    }
    fs::hard_link(&linked, dir.path().join("other-name.txt")).unwrap();
    fs::set_permissions(&read_only, fs::Permissions::from_mode(0o444)).unwrap();
    let (code, stderr) = fix(&[&linked, &read_only, &plain]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("linked.txt: it has 2 hard links"),
        "{stderr}"
    );
    assert!(
        stderr.contains("read-only.txt: read-only; not written"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&linked).unwrap(), VARIANT);
    assert_eq!(fs::read_to_string(&read_only).unwrap(), VARIANT);
    assert_eq!(fs::read_to_string(&plain).unwrap(), FIXED);

    // Asked for, a read-only file is written and stays read-only.
    let output = termlint()
        .args(["check", "--fix", "--fix-read-only", "--select", "term"])
        .arg(&read_only)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(fs::read_to_string(&read_only).unwrap(), FIXED);
    let mode = fs::metadata(&read_only).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_but_never_written() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::write(fifo, VARIANT).unwrap())
    };
    let (code, stderr) = fix(&[&fifo]);
    writer.join().unwrap();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("not a regular file; not written"),
        "{stderr}"
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn the_owner_is_kept() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("owned.txt");
    fs::write(&path, VARIANT).unwrap();
    // Only root can give a file to somebody else.
    if std::os::unix::fs::chown(&path, Some(4321), Some(4321)).is_err() {
        return;
    }
    let (code, stderr) = fix(&[&path]);
    assert_eq!(code, Some(0), "{stderr}");
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXED);
}

/// Shift_JIS has byte pairs that decode to a character which encodes back
/// differently (NEC-selected IBM extensions): writing would change them.
#[test]
fn a_lossy_legacy_encoding_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sjis.txt");
    let mut bytes = b"Trade along the Hai Silk route, ".to_vec();
    bytes.extend_from_slice(b"\xED\x40.\n");
    fs::write(&path, &bytes).unwrap();
    let output = termlint()
        .args([
            "check",
            "--fix",
            "--encoding",
            "shift_jis",
            "--select",
            "term",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("do not survive decoding and encoding"),
        "{stderr}"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn stale_temporary_files_are_removed_by_the_next_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.txt");
    fs::write(&path, VARIANT).unwrap();
    // Left by a killed run (no process has this id), and one that is not ours.
    let stale = dir.path().join(".news.txt.termlint-4194303-Ab12Cd.tmp");
    let foreign = dir.path().join(".news.txt.tmp");
    fs::write(&stale, "half").unwrap();
    fs::write(&foreign, "keep").unwrap();
    let (code, stderr) = fix(&[&path]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stale.exists());
    assert!(foreign.exists());
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_glossary_whose_fixes_never_settle_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "g.toml",
        b"[[forbidden]]\nphrases = [\"(Finish)\"]\nreplacement = \"(Finish) end\"\n",
    );
    write(dir.path(), "a.txt", b"Done. (Finish)\n");
    let output = termlint()
        .args(["check", "--fix", "-g"])
        .arg(dir.path().join("g.toml"))
        .arg(dir.path().join("a.txt"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("g.toml:3:15"), "{stderr}");
    assert!(stderr.contains("would never settle"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "Done. (Finish)\n"
    );
}
