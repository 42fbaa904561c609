//! `termlint server`: a language server over stdio. Every buffer is linted
//! through the core's one entry point with the settings that `termlint
//! check` would use for that file, so the editor shows exactly the command
//! line's findings. Diagnostics are pushed on open, on change (debounced)
//! and on save; quick fixes, suppressions and "fix all" are code actions;
//! hovering a finding or a glossary term shows the glossary entry.

mod analysis;
mod position;
mod workspace;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, RegisterCapability, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionProviderCapability,
    Diagnostic as LspDiagnostic, DiagnosticSeverity, DidChangeWatchedFilesRegistrationOptions,
    FileSystemWatcher, GlobPattern, HoverProviderCapability, InitializeParams, MessageType,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    ShowMessageParams, TextDocumentContentChangeEvent, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};

use analysis::Analysis;
use position::LineIndex;
use workspace::Workspace;

/// How long typing must pause before a changed buffer is linted again.
const DEBOUNCE: Duration = Duration::from_millis(150);

type Error = Box<dyn std::error::Error + Send + Sync>;

/// An open buffer.
struct Buffer {
    text: String,
    version: i32,
    path: Option<PathBuf>,
    /// The last analysis, for code actions and hovers at that version.
    analysis: Option<Arc<Analysis>>,
}

/// What the main loop and the lint worker share.
#[derive(Default)]
struct Shared {
    buffers: Mutex<HashMap<String, Buffer>>,
    workspace: Mutex<Workspace>,
    /// Files (config, glossaries) that were last shown with problems, so
    /// that fixing them clears the problems.
    settings_files_shown: Mutex<BTreeSet<String>>,
}

enum Job {
    /// Lint this buffer (by URI); `now` skips the debounce.
    Lint { uri: String, now: bool },
    /// Settings changed on disk: reload and lint every buffer.
    Reload,
}

/// Run the server on stdin and stdout until the client shuts it down.
pub fn run() -> Result<(), Error> {
    let (connection, io_threads) = Connection::stdio();
    serve(connection)?;
    io_threads.join()?;
    Ok(())
}

/// Serve one client over `connection` (stdio, or in-memory in tests).
pub fn serve(connection: Connection) -> Result<(), Error> {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from("source.fixAll.termlint"),
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let init = connection.initialize(serde_json::to_value(capabilities)?)?;
    let init: InitializeParams = serde_json::from_value(init)?;
    let shared = Arc::new(Shared::default());
    let (jobs, job_receiver) = crossbeam_channel::unbounded();
    let worker = {
        let shared = shared.clone();
        let sender = connection.sender.clone();
        std::thread::spawn(move || lint_worker(&shared, &job_receiver, &sender))
    };
    watch_settings_files(&connection, &init);
    let result = main_loop(&connection, &shared, &jobs);
    drop(jobs);
    let _ = worker.join();
    result
}

/// Ask the client to tell us when config or glossary files change on disk,
/// where it can.
fn watch_settings_files(connection: &Connection, init: &InitializeParams) {
    let dynamic = init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    if !dynamic {
        return;
    }
    let watchers = ["**/*.toml", "**/*.tbx", "**/*.csv", "**/*.tsv"]
        .into_iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.into()),
            kind: None,
        })
        .collect();
    let params = RegistrationParams {
        registrations: vec![Registration {
            id: "termlint-settings-files".into(),
            method: DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        }],
    };
    let request = Request::new(
        RequestId::from("termlint-watch".to_owned()),
        RegisterCapability::METHOD.into(),
        params,
    );
    let _ = connection.sender.send(request.into());
}

fn path_of(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

fn main_loop(connection: &Connection, shared: &Shared, jobs: &Sender<Job>) -> Result<(), Error> {
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = handle_request(shared, request);
                connection.sender.send(response.into())?;
            }
            Message::Notification(notification) => {
                handle_notification(shared, jobs, notification);
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn handle_notification(shared: &Shared, jobs: &Sender<Job>, notification: Notification) {
    match notification.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let Ok(params) =
                serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(notification.params)
            else {
                return;
            };
            let uri = params.text_document.uri;
            let path = path_of(&uri);
            shared.buffers.lock().unwrap().insert(
                uri.as_str().to_owned(),
                Buffer {
                    text: params.text_document.text,
                    version: params.text_document.version,
                    path,
                    analysis: None,
                },
            );
            let _ = jobs.send(Job::Lint {
                uri: uri.as_str().to_owned(),
                now: true,
            });
        }
        DidChangeTextDocument::METHOD => {
            let Ok(params) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(
                notification.params,
            ) else {
                return;
            };
            let uri = params.text_document.uri.as_str().to_owned();
            let mut buffers = shared.buffers.lock().unwrap();
            let Some(buffer) = buffers.get_mut(&uri) else {
                return;
            };
            for change in params.content_changes {
                apply_change(&mut buffer.text, change);
            }
            buffer.version = params.text_document.version;
            drop(buffers);
            let _ = jobs.send(Job::Lint { uri, now: false });
        }
        DidSaveTextDocument::METHOD => {
            let Ok(params) =
                serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(notification.params)
            else {
                return;
            };
            let saved = path_of(&params.text_document.uri);
            let settings_file =
                saved.is_some_and(|path| shared.workspace.lock().unwrap().reads(&path));
            let _ = jobs.send(if settings_file {
                Job::Reload
            } else {
                Job::Lint {
                    uri: params.text_document.uri.as_str().to_owned(),
                    now: true,
                }
            });
        }
        DidCloseTextDocument::METHOD => {
            let Ok(params) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(
                notification.params,
            ) else {
                return;
            };
            shared
                .buffers
                .lock()
                .unwrap()
                .remove(params.text_document.uri.as_str());
        }
        DidChangeWatchedFiles::METHOD => {
            let _ = jobs.send(Job::Reload);
        }
        _ => {}
    }
}

/// Apply one change from the client: a whole new text, or a range (in
/// UTF-16 positions) replaced.
fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let index = LineIndex::new(text);
            let start = index.offset(range.start);
            let end = index.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

/// The analysis of a buffer at its current version: the worker's, or a
/// fresh one when the buffer changed since.
fn current_analysis(
    shared: &Shared,
    uri: &str,
) -> Option<(Arc<Analysis>, String, Option<PathBuf>)> {
    let (text, version, path, cached) = {
        let buffers = shared.buffers.lock().unwrap();
        let buffer = buffers.get(uri)?;
        (
            buffer.text.clone(),
            buffer.version,
            buffer.path.clone(),
            buffer.analysis.clone(),
        )
    };
    if let Some(analysis) = cached.filter(|a| a.version == version) {
        return Some((analysis, text, path));
    }
    let (loaded, _) = shared
        .workspace
        .lock()
        .unwrap()
        .for_document(path.as_deref());
    let settings = loaded.settings.clone().ok()?;
    let analysis = Arc::new(analysis::analyse(&text, path.as_deref(), version, settings).ok()?);
    Some((analysis, text, path))
}

fn handle_request(shared: &Shared, request: Request) -> Response {
    let id = request.id.clone();
    match request.method.as_str() {
        CodeActionRequest::METHOD => {
            let Ok(params) = serde_json::from_value::<lsp_types::CodeActionParams>(request.params)
            else {
                return invalid(id);
            };
            let uri = params.text_document.uri;
            let actions: Vec<CodeActionOrCommand> = current_analysis(shared, uri.as_str())
                .map(|(analysis, text, path)| {
                    analysis
                        .code_actions(
                            &uri,
                            &text,
                            path.as_deref(),
                            params.range,
                            params.context.only.as_deref(),
                        )
                        .into_iter()
                        .map(CodeActionOrCommand::CodeAction)
                        .collect()
                })
                .unwrap_or_default();
            Response::new_ok(id, actions)
        }
        HoverRequest::METHOD => {
            let Ok(params) = serde_json::from_value::<lsp_types::HoverParams>(request.params)
            else {
                return invalid(id);
            };
            let at = params.text_document_position_params;
            let hover = current_analysis(shared, at.text_document.uri.as_str())
                .and_then(|(analysis, text, _)| analysis.hover(&text, at.position));
            Response::new_ok(id, hover)
        }
        _ => Response::new_err(
            id,
            lsp_server::ErrorCode::MethodNotFound as i32,
            format!("termlint does not handle {}", request.method),
        ),
    }
}

fn invalid(id: RequestId) -> Response {
    Response::new_err(
        id,
        lsp_server::ErrorCode::InvalidParams as i32,
        "invalid parameters".into(),
    )
}

/// Lint buffers as jobs come in: a changed buffer once typing pauses, an
/// opened or saved one at once. A result is published only if the buffer
/// is still at the version that was linted, so a stale result never
/// replaces a newer one.
fn lint_worker(shared: &Shared, jobs: &Receiver<Job>, sender: &Sender<Message>) {
    while let Ok(first) = jobs.recv() {
        let mut pending: Vec<String> = Vec::new();
        let mut reload = false;
        let mut now = false;
        let mut next = Some(first);
        // Gather what else arrives while typing goes on.
        while let Some(job) = next.take() {
            match job {
                Job::Lint {
                    uri,
                    now: immediate,
                } => {
                    now |= immediate;
                    if !pending.contains(&uri) {
                        pending.push(uri);
                    }
                }
                Job::Reload => reload = true,
            }
            let wait = if now { Duration::ZERO } else { DEBOUNCE };
            next = jobs.recv_timeout(wait).ok();
        }
        if reload {
            shared.workspace.lock().unwrap().reset();
            pending = shared.buffers.lock().unwrap().keys().cloned().collect();
            pending.sort();
        }
        for uri in pending {
            lint_and_publish(shared, &uri, sender);
        }
    }
}

fn lint_and_publish(shared: &Shared, uri: &str, sender: &Sender<Message>) {
    let (text, version, path) = {
        let buffers = shared.buffers.lock().unwrap();
        let Some(buffer) = buffers.get(uri) else {
            return;
        };
        (buffer.text.clone(), buffer.version, buffer.path.clone())
    };
    let Ok(lsp_uri) = uri.parse::<Uri>() else {
        return;
    };
    let (loaded, fresh) = shared
        .workspace
        .lock()
        .unwrap()
        .for_document(path.as_deref());
    if fresh {
        publish_settings_problems(shared, &loaded, sender);
    }
    // A config or glossary file shows its own problems, not prose findings.
    if path.as_deref().is_some_and(|p| loaded.reads(p)) {
        return;
    }
    let diagnostics = match &loaded.settings {
        Err(message) => {
            if fresh {
                let _ = sender.send(
                    Notification::new(
                        ShowMessage::METHOD.into(),
                        ShowMessageParams {
                            typ: MessageType::WARNING,
                            message: message.clone(),
                        },
                    )
                    .into(),
                );
            }
            Vec::new()
        }
        Ok(settings) => {
            match analysis::analyse(&text, path.as_deref(), version, settings.clone()) {
                Ok(analysis) => {
                    let diagnostics = analysis.diagnostics(&lsp_uri, &text);
                    let mut buffers = shared.buffers.lock().unwrap();
                    match buffers.get_mut(uri) {
                        Some(buffer) if buffer.version == version => {
                            buffer.analysis = Some(Arc::new(analysis));
                        }
                        // Changed (or closed) while it was linted: the next
                        // job publishes the newer version.
                        _ => return,
                    }
                    diagnostics
                }
                // Unreadable as its format: one diagnostic at the start says why.
                Err(message) => vec![LspDiagnostic {
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some("termlint".into()),
                    message,
                    ..LspDiagnostic::default()
                }],
            }
        }
    };
    publish(sender, lsp_uri, diagnostics, Some(version));
}

fn publish(
    sender: &Sender<Message>,
    uri: Uri,
    diagnostics: Vec<LspDiagnostic>,
    version: Option<i32>,
) {
    let _ = sender.send(
        Notification::new(
            PublishDiagnostics::METHOD.into(),
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        )
        .into(),
    );
}

/// Show the problems of the config and glossary files in those files,
/// and clear them from files that no longer have any.
fn publish_settings_problems(
    shared: &Shared,
    loaded: &workspace::Loaded,
    sender: &Sender<Message>,
) {
    let mut by_file: HashMap<String, Vec<LspDiagnostic>> = HashMap::new();
    if let Some(error) = &loaded.problems {
        for problem in &error.problems {
            let (name, text) = &error.files[problem.file];
            if !std::path::Path::new(name).is_file() {
                continue;
            }
            let Some(uri) = analysis::uri_of_path(name) else {
                continue;
            };
            let index = LineIndex::new(text);
            let range = problem
                .span
                .clone()
                .map(|span| index.range(span))
                .unwrap_or_default();
            by_file
                .entry(uri.as_str().to_owned())
                .or_default()
                .push(LspDiagnostic {
                    range,
                    severity: Some(match problem.rule {
                        Some(_) => DiagnosticSeverity::WARNING,
                        None => DiagnosticSeverity::ERROR,
                    }),
                    code: Some(lsp_types::NumberOrString::String(
                        problem.rule.unwrap_or("glossary/invalid").to_owned(),
                    )),
                    source: Some("termlint".into()),
                    message: problem.message.clone(),
                    ..LspDiagnostic::default()
                });
        }
    }
    let mut shown = shared.settings_files_shown.lock().unwrap();
    for stale in shown.iter().filter(|uri| !by_file.contains_key(*uri)) {
        if let Ok(uri) = stale.parse() {
            publish(sender, uri, Vec::new(), None);
        }
    }
    shown.clear();
    for (uri, diagnostics) in by_file {
        if let Ok(parsed) = uri.parse() {
            publish(sender, parsed, diagnostics, None);
        }
        shown.insert(uri);
    }
}
