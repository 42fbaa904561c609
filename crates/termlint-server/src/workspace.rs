//! Settings per document, found as `termlint check` finds them: the
//! nearest `termlint.toml` above the document (else none), with its
//! glossaries (else the bundled one). Loaded once per config and reloaded
//! when the config or a glossary changes on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use termlint_core::glossary::LoadError;
use termlint_core::settings::{Flags, Settings};

/// What a file looked like when it was read: changed when either differs.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The settings that apply under one config (or none), and the files they
/// were read from.
pub struct Loaded {
    pub settings: Result<Arc<Settings>, String>,
    /// The config and glossary files, with what they looked like.
    inputs: Vec<(PathBuf, Stamp)>,
    /// Problems in those files: errors when the settings could not load,
    /// else the glossary's warnings. Shown in the files themselves.
    pub problems: Option<LoadError>,
}

impl Loaded {
    fn is_current(&self) -> bool {
        self.inputs.iter().all(|(path, seen)| stamp(path) == *seen)
    }

    /// Whether `path` is one of the files these settings come from.
    pub fn reads(&self, path: &Path) -> bool {
        self.inputs.iter().any(|(input, _)| input == path)
    }
}

#[derive(Default)]
pub struct Workspace {
    /// By config file (`None`: no config above the document).
    loaded: HashMap<Option<PathBuf>, Arc<Loaded>>,
}

impl Workspace {
    /// The settings for a document at `path` (or an unsaved one), loading
    /// or reloading them as needed. The second value is true when they
    /// were (re)loaded just now, so that their files' problems are shown.
    pub fn for_document(&mut self, path: Option<&Path>) -> (Arc<Loaded>, bool) {
        let start = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok());
        let config = start.and_then(|dir| termlint_load::discover_config(&dir));
        if let Some(loaded) = self.loaded.get(&config)
            && loaded.is_current()
        {
            return (loaded.clone(), false);
        }
        let loaded = Arc::new(load(config.as_deref()));
        self.loaded.insert(config, loaded.clone());
        (loaded, true)
    }

    /// Forget every loaded setting, so that the next document reloads.
    pub fn reset(&mut self) {
        self.loaded.clear();
    }

    /// Whether any loaded settings come from `path`.
    pub fn reads(&self, path: &Path) -> bool {
        self.loaded.values().any(|loaded| loaded.reads(path))
    }
}

fn load(config_path: Option<&Path>) -> Loaded {
    let mut inputs = Vec::new();
    if let Some(path) = config_path {
        inputs.push((path.to_path_buf(), stamp(path)));
    }
    let config = match config_path.map(termlint_load::config) {
        None => None,
        Some(Ok(config)) => Some(config),
        Some(Err(error)) => {
            return Loaded {
                settings: Err(format!(
                    "termlint: {} has errors; nothing is checked until they are fixed",
                    config_path
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                )),
                inputs,
                problems: Some(error),
            };
        }
    };
    let flags = Flags::default();
    let glossary_paths = flags.glossary_paths(config.as_ref());
    for path in termlint_load::expand_paths(&glossary_paths).unwrap_or_default() {
        let stamp = stamp(&path);
        inputs.push((path, stamp));
    }
    let (compiled, warnings) = match termlint_load::glossary(&glossary_paths) {
        Ok(loaded) => loaded,
        Err(error) => {
            return Loaded {
                settings: Err(
                    "termlint: the glossary has errors; nothing is checked until they are fixed"
                        .into(),
                ),
                inputs,
                problems: Some(error),
            };
        }
    };
    let settings = Settings::resolve(flags, config, compiled).map(Arc::new);
    Loaded {
        settings,
        inputs,
        problems: Some(warnings),
    }
}
