//! Compiled glossaries kept between runs, so that a large termbase is
//! ready in a fraction of the time it takes to parse and check it.
//!
//! A compiled glossary is stored under a key made from termlint's version,
//! the storage format and every glossary file's name and bytes, in the
//! user's cache folder (`$XDG_CACHE_HOME/termlint`, `~/Library/Caches/termlint`,
//! `%LOCALAPPDATA%\termlint`; `TERMLINT_CACHE_DIR` overrides it). The file
//! holds a header (magic, key, length, checksum of the payload) before the
//! payload; a file whose header, checksum or payload does not hold up is
//! removed and the glossary compiled again. A stale one is never found: a
//! changed glossary has another key.
//!
//! Beside it, each automaton that a run builds on first need (over a
//! termbase's Chinese terms, or its source forms) is kept in a file of its
//! own, `glossary-<key>.<name>.auto`, with the same header: building one
//! for 100,000 Chinese terms takes a third of a second, reading it back a
//! few milliseconds.
//!
//! At most [`KEEP`] compiled glossaries are kept; older ones are removed
//! with their automata.
//!
//! Small glossaries compile faster than a cache reads, so only glossaries
//! of [`MIN_BYTES`] or more are cached (`TERMLINT_CACHE_MIN_BYTES`
//! overrides it); `TERMLINT_NO_CACHE` turns the cache off.

use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};

use termlint_core::glossary::{Compiled, Glossary, Problem};
use termlint_core::matcher::Matcher;

/// Glossaries smaller than this (all files together) are not cached.
pub const MIN_BYTES: usize = 512 * 1024;

/// Compiled glossaries kept at the most: every edit of a glossary makes a
/// new key, so older ones are removed, least recently written first.
pub const KEEP: usize = 8;

const MAGIC: &[u8; 8] = b"TLGLOS12";
const HEADER: usize = 8 + 8 + 8 + 8;

/// A fixed-seed 64-bit hash (XXH3: stable across runs and builds, and
/// fast enough that hashing a large termbase and its compiled form costs a
/// few milliseconds at start-up).
fn hasher() -> twox_hash::XxHash3_64 {
    twox_hash::XxHash3_64::with_seed(0)
}

/// The checksum of a stored payload: its bytes, then its length (last, so
/// that a payload can be hashed as it is written).
fn checksum(payload: &[u8]) -> u64 {
    let mut hasher = hasher();
    hasher.write(payload);
    hasher.write(&(payload.len() as u64).to_le_bytes());
    hasher.finish()
}

/// The key of a set of glossary files: termlint's version, the storage
/// format, and each file's name and bytes. Files are read one at a time,
/// so that a cache hit never holds a large termbase's text.
pub fn key(paths: &[PathBuf]) -> std::io::Result<u64> {
    let mut hasher = hasher();
    for part in [env!("CARGO_PKG_VERSION").as_bytes(), MAGIC] {
        hasher.write(&(part.len() as u64).to_le_bytes());
        hasher.write(part);
    }
    // Read through one small buffer: a large termbase read whole costs
    // its size in fresh pages, at every start.
    let mut buffer = vec![0; 1 << 20];
    for path in paths {
        let name = path.display().to_string();
        hasher.write(&(name.len() as u64).to_le_bytes());
        hasher.write(name.as_bytes());
        let mut file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        hasher.write(&size.to_le_bytes());
        let mut read = 0u64;
        loop {
            match std::io::Read::read(&mut file, &mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.write(&buffer[..n]);
                    read += n as u64;
                }
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
        if read != size {
            return Err(std::io::Error::other("the glossary changed while read"));
        }
    }
    Ok(hasher.finish())
}

/// The cache folder, unless caching is off.
pub fn folder() -> Option<PathBuf> {
    if std::env::var_os("TERMLINT_NO_CACHE").is_some() {
        return None;
    }
    if let Some(dir) = std::env::var_os("TERMLINT_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    dirs::cache_dir().map(|dir| dir.join("termlint"))
}

fn min_bytes() -> usize {
    std::env::var("TERMLINT_CACHE_MIN_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MIN_BYTES)
}

/// Whether glossaries of this size are worth caching.
pub fn worth_it(paths: &[PathBuf]) -> bool {
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    bytes >= min_bytes() as u64
}

/// Where the compiled form of the glossaries with this key is kept.
pub fn path(folder: &Path, key: u64) -> PathBuf {
    folder.join(format!("glossary-{key:016x}.bin"))
}

/// The cached compiled glossary with this key, if a sound one is there. A
/// file that does not hold up is removed.
pub fn load(folder: &Path, key: u64) -> Option<Compiled> {
    let path = path(folder, key);
    let file = std::fs::File::open(&path).ok()?;
    let compiled = read(file, key);
    if compiled.is_none() {
        let _ = std::fs::remove_file(&path);
    }
    compiled
}

/// The compiled glossary in `file`, checked against its header, read twice
/// in pieces (once for the checksum, once to decode) rather than whole.
fn read(mut file: std::fs::File, key: u64) -> Option<Compiled> {
    use std::io::{Read, Seek};
    let mut header = [0u8; HEADER];
    file.read_exact(&mut header).ok()?;
    let (length, checksum) = header_fields(&header, key)?;
    let mut hasher = hasher();
    let mut chunk = vec![0u8; 1 << 16];
    let mut seen = 0u64;
    loop {
        let n = file.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        hasher.write(&chunk[..n]);
        seen += n as u64;
    }
    hasher.write(&length.to_le_bytes());
    if seen != length || hasher.finish() != checksum {
        return None;
    }
    file.seek(std::io::SeekFrom::Start(HEADER as u64)).ok()?;
    Compiled::from_reader(std::io::BufReader::with_capacity(1 << 16, file))
}

/// Store a compiled glossary under its key: written to a temporary file
/// beside it as it is serialised (never whole in memory) and renamed, so
/// that a reader never sees half a file. Returns where.
pub fn store(folder: &Path, key: u64, compiled: &Compiled) -> std::io::Result<PathBuf> {
    store_parts(
        folder,
        key,
        &compiled.glossary,
        &compiled.matcher,
        &compiled.warnings,
    )
}

/// [`store`] for a compiled glossary taken apart (as settings hold it).
pub fn store_parts(
    folder: &Path,
    key: u64,
    glossary: &Glossary,
    matcher: &Matcher,
    warnings: &[Problem],
) -> std::io::Result<PathBuf> {
    let path = path(folder, key);
    write(folder, &path, key, |out| {
        Compiled::write_parts(glossary, matcher, warnings, out)
    })?;
    prune(folder, &path);
    Ok(path)
}

/// Where the automaton `name` of the glossaries with this key is kept.
fn automaton_path(folder: &Path, key: u64, name: &str) -> PathBuf {
    folder.join(format!("glossary-{key:016x}.{name}.auto"))
}

/// The automata a matcher builds, kept beside the compiled glossary with
/// their key.
struct AutomatonFiles {
    folder: PathBuf,
    key: u64,
}

/// Have `compiled` keep the automata it builds beside its cached form.
pub fn keep_automata(compiled: &mut Compiled, folder: &Path, key: u64) {
    let files = AutomatonFiles {
        folder: folder.to_owned(),
        key,
    };
    compiled
        .matcher
        .keep_automata_in(std::sync::Arc::new(files));
}

impl termlint_core::matcher::AutomatonStore for AutomatonFiles {
    fn load(&self, name: &str) -> Option<Vec<u8>> {
        let path = automaton_path(&self.folder, self.key, name);
        let bytes = std::fs::read(&path).ok()?;
        let payload = checked_payload(&bytes, self.key);
        if payload.is_none() {
            let _ = std::fs::remove_file(&path);
        }
        payload.map(<[u8]>::to_vec)
    }

    fn save(&self, name: &str, bytes: &[u8]) {
        // Possibly before its glossary is (that is stored while the first
        // files are linted); one whose glossary never is gets removed by
        // the next `prune`.
        let path = automaton_path(&self.folder, self.key, name);
        let _ = write(&self.folder, &path, self.key, |out| out.write_all(bytes));
    }
}

/// The payload of a stored file read whole, if its header and checksum
/// hold up.
fn checked_payload(bytes: &[u8], key: u64) -> Option<&[u8]> {
    let (length, expected) = header_fields(bytes.get(..HEADER)?, key)?;
    let payload = &bytes[HEADER..];
    (length == payload.len() as u64 && checksum(payload) == expected).then_some(payload)
}

/// The payload length and checksum a stored file's header gives, if it is
/// ours and has this key.
fn header_fields(header: &[u8], key: u64) -> Option<(u64, u64)> {
    let word = |i: usize| u64::from_le_bytes(header[i..i + 8].try_into().unwrap_or([0; 8]));
    (&header[..8] == MAGIC && word(8) == key).then(|| (word(16), word(24)))
}

/// Write a header and the payload that `payload` writes to `path`, through
/// a temporary file that is renamed, so that a reader never sees half a
/// file. The header (length, checksum) is written last, over a blank one.
fn write(
    folder: &Path,
    path: &Path,
    key: u64,
    payload: impl FnOnce(&mut std::io::BufWriter<Checksummed<std::fs::File>>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Seek;
    std::fs::create_dir_all(folder)?;
    let temp = folder.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(&[0; HEADER])?;
        // Buffered before the checksum, not after: the serialiser writes a
        // few bytes at a time, and hashing each piece on its own took a
        // tenth of a termbase's cold start.
        let mut body = std::io::BufWriter::with_capacity(
            1 << 16,
            Checksummed {
                inner: file,
                hasher: hasher(),
                length: 0,
            },
        );
        payload(&mut body)?;
        let Checksummed {
            inner: mut file,
            mut hasher,
            length,
        } = body.into_inner().map_err(|e| e.into_error())?;
        hasher.write(&length.to_le_bytes());
        file.seek(std::io::SeekFrom::Start(0))?;
        file.write_all(MAGIC)?;
        file.write_all(&key.to_le_bytes())?;
        file.write_all(&length.to_le_bytes())?;
        file.write_all(&hasher.finish().to_le_bytes())?;
        // No fsync: a file torn by a crash fails its checksum and is rebuilt.
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// A writer that hashes and counts what passes through it.
struct Checksummed<W> {
    inner: W,
    hasher: twox_hash::XxHash3_64,
    length: u64,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hasher.write(&bytes[..n]);
        self.length += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Remove all but the [`KEEP`] most recently written compiled glossaries
/// (never `keep`, the one just written), and the automata of those that
/// are gone.
fn prune(folder: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let named = |p: &Path, ending: &str| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("glossary-") && n.ends_with(ending))
    };
    let paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    let mut stored: Vec<(std::time::SystemTime, PathBuf)> = paths
        .iter()
        .filter(|p| named(p, ".bin"))
        .filter_map(|p| Some((std::fs::metadata(p).ok()?.modified().ok()?, p.clone())))
        .collect();
    if stored.len() > KEEP {
        stored.sort();
        let excess = stored.len() - KEEP;
        for (_, path) in stored.into_iter().filter(|(_, p)| p != keep).take(excess) {
            let _ = std::fs::remove_file(path);
        }
    }
    // `glossary-<key>.<name>.auto` belongs to `glossary-<key>.bin`.
    for automaton in paths.iter().filter(|p| named(p, ".auto")) {
        let name = automaton.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let owner = name.split('.').next().unwrap_or("");
        if !folder.join(format!("{owner}.bin")).exists() {
            let _ = std::fs::remove_file(automaton);
        }
    }
}
