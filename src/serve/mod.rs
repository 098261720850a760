//! `briefing serve`: build the site into memory, serve it on 127.0.0.1, and
//! rebuild on every change, reloading the browser after each rebuild.
//!
//! Three threads: the HTTP server (tokio), the watcher (notify), and one rebuild
//! thread that owns the site (`Live`). A rebuild publishes a new snapshot of the
//! files and bumps a counter; browsers listening on the event stream reload. A
//! failed rebuild keeps the last good files and adds the problems, which every
//! page then shows in an overlay. Content errors never stop the server.

mod assets;
mod http;
pub mod live;
mod watch;

use crate::config::Edition;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::write::absolute;
use live::{Body, Live, Outcome};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tokio::sync::{oneshot, watch as channel};

pub use http::CSP;

pub struct Options {
    pub root: PathBuf,
    /// 0 lets the system choose a free port.
    pub port: u16,
    pub bind: IpAddr,
    /// Poll for changes instead of relying on file-system events.
    pub poll: bool,
    pub edition: Edition,
}

impl Options {
    pub fn new(root: &Path) -> Options {
        Options {
            root: root.to_path_buf(),
            port: 3000,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            poll: false,
            edition: Edition::Learner,
        }
    }
}

/// What the HTTP handlers see: the latest snapshot and the update counter.
#[derive(Clone)]
struct Shared(Arc<Inner>);

struct Inner {
    root: PathBuf,
    snapshot: RwLock<Arc<Snapshot>>,
    updates: channel::Receiver<u64>,
}

/// One consistent state of the served site.
struct Snapshot {
    files: HashMap<String, Body>,
    problems: Option<Diagnostics>,
}

impl std::ops::Deref for Shared {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Inner {
    fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(snapshot) => Arc::clone(&snapshot),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }
}

/// A running server; dropping it stops the server and the watcher.
pub struct Running {
    pub address: SocketAddr,
    stop: Arc<AtomicBool>,
    shutdown: Option<oneshot::Sender<()>>,
    threads: Vec<JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// Build the site, start serving it and watching its files. Problems in the
/// site are printed, not returned: the server starts anyway and shows them.
pub fn start(options: Options) -> Result<Running, Diagnostic> {
    let root = absolute(&options.root);
    if !root.is_dir() {
        return Err(
            Diagnostic::error(format!("`{}` is not a folder", options.root.display()))
                .help("pass the site's folder with `--root`"),
        );
    }
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| Diagnostic::error(format!("cannot read the server's address: {e}")))?;

    let started = Instant::now();
    let (live, outcome) = Live::new(&root, options.edition);
    report(&outcome, &live, started);
    let (updates_tx, updates_rx) = channel::channel(0u64);
    let shared = Shared(Arc::new(Inner {
        root: root.clone(),
        snapshot: RwLock::new(Arc::new(snapshot(&live))),
        updates: updates_rx,
    }));

    let (changes_tx, changes_rx) = mpsc::channel();
    let watcher = watch::watch(&root, options.poll, changes_tx)?;
    let stop = Arc::new(AtomicBool::new(false));
    let rebuilder = {
        let (shared, stop, root) = (shared.clone(), Arc::clone(&stop), root.clone());
        std::thread::spawn(move || {
            rebuild_loop(
                live,
                watcher,
                &root,
                &changes_rx,
                &shared,
                &updates_tx,
                &stop,
            )
        })
    };

    let (shutdown_tx, shutdown_rx) = oneshot::channel();
    let server = std::thread::spawn(move || http_loop(listener, shared, shutdown_rx));
    Ok(Running {
        address,
        stop,
        shutdown: Some(shutdown_tx),
        threads: vec![server, rebuilder],
    })
}

/// Serve until Ctrl+C.
pub fn run(options: Options) -> Result<(), Diagnostic> {
    let wanted = options.port;
    let bind = options.bind;
    let running = start(options)?;
    if running.address.port() != wanted && wanted != 0 {
        println!(
            "Port {wanted} is in use, so the site is served on port {} instead.",
            running.address.port()
        );
    }
    if !bind.is_loopback() {
        println!(
            "Warning: serving on {bind}, so other computers on the network can read this site. Use this only on a network you trust."
        );
    }
    println!(
        "Serving the site at http://{}/ (press Ctrl+C to stop)",
        running.address
    );
    let (tx, rx) = mpsc::channel();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start: {e}")))?;
    runtime.block_on(async {
        let _ = tokio::signal::ctrl_c().await;
        let _ = tx.send(());
    });
    let _ = rx.recv();
    drop(running);
    Ok(())
}

/// Bind the port, or the next free one of the 20 after it when it is taken.
fn bind(address: IpAddr, port: u16) -> Result<TcpListener, Diagnostic> {
    let tries = if port == 0 { 1 } else { 20 };
    let mut last = None;
    for offset in 0..tries {
        match TcpListener::bind(SocketAddr::new(address, port.saturating_add(offset))) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = Some(e),
            Err(e) => {
                return Err(Diagnostic::error(format!(
                    "cannot listen on {address}:{port}: {e}"
                )));
            }
        }
    }
    let why = last.map_or(String::new(), |e| e.to_string());
    Err(Diagnostic::error(format!(
        "ports {port} to {} are all in use: {why}",
        port.saturating_add(tries - 1)
    ))
    .help("choose another port with `--port`"))
}

fn snapshot(live: &Live) -> Snapshot {
    Snapshot {
        files: live.files.clone(),
        problems: live.problems.clone(),
    }
}

fn report(outcome: &Outcome, live: &Live, started: Instant) {
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        Outcome::Unchanged => {}
        Outcome::Rerendered(files) => println!("Updated {} in {elapsed:.0} ms", files.join(", ")),
        Outcome::Rebuilt => println!(
            "Built the site ({} files) in {elapsed:.0} ms",
            live.files.len()
        ),
        Outcome::Failed => {
            if let Some(problems) = &live.problems {
                eprint!("{problems}");
                eprintln!(
                    "{}: the last good version is still served, with these problems shown on every page",
                    problems.summary()
                );
            }
        }
    }
}

fn rebuild_loop(
    mut live: Live,
    mut watcher: watch::Watch,
    root: &Path,
    changes: &mpsc::Receiver<Vec<PathBuf>>,
    shared: &Shared,
    updates: &channel::Sender<u64>,
    stop: &AtomicBool,
) {
    // Site-wide work an incremental update deferred (the search index) waits
    // for a quiet moment, so a quick second save is not held up by it.
    let mut behind = false;
    while !stop.load(Ordering::Relaxed) {
        let wait = if behind {
            QUIET
        } else {
            Duration::from_millis(100)
        };
        let mut changed = match changes.recv_timeout(wait) {
            Ok(changed) => changed,
            Err(_) => {
                if behind && live.catch_up() {
                    publish(shared, &live);
                }
                behind = false;
                continue;
            }
        };
        // Take every change that arrived meanwhile, so one burst is one rebuild.
        while let Ok(more) = changes.try_recv() {
            changed.extend(more);
        }
        watcher.add_new_source_dirs(root, &changed);
        let started = Instant::now();
        let outcome = live.update(&changed);
        report(&outcome, &live, started);
        if outcome == Outcome::Unchanged {
            continue;
        }
        publish(shared, &live);
        updates.send_modify(|generation| *generation += 1);
        behind = match outcome {
            Outcome::Rerendered(_) => true,
            Outcome::Rebuilt => false,
            _ => behind,
        };
    }
}

/// How long no change must arrive before deferred work is done.
const QUIET: Duration = Duration::from_millis(150);

fn publish(shared: &Shared, live: &Live) {
    let next = Arc::new(snapshot(live));
    match shared.snapshot.write() {
        Ok(mut current) => *current = next,
        Err(poisoned) => *poisoned.into_inner() = next,
    }
}

fn http_loop(listener: TcpListener, shared: Shared, shutdown: oneshot::Receiver<()>) {
    let Ok(runtime) = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    else {
        eprintln!("error: cannot start the web server");
        return;
    };
    runtime.block_on(async move {
        let _ = listener.set_nonblocking(true);
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
            return;
        };
        let app = axum::Router::new().fallback(http::get).with_state(shared);
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = shutdown.await;
            })
            .await;
    });
}
