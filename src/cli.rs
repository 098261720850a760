//! The command line: one subcommand per task an author or trainer has.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "briefing",
    version,
    about = "Build the stalking and harassment training site from Markdown"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into an output folder (replaced only if the build succeeds)
    Build {
        /// The site folder (with content/, quizzes/ and site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also write a SCORM 1.2 package of the site (a zip for an LMS) to FILE
        #[arg(long, value_name = "FILE")]
        scorm: Option<PathBuf>,
        /// `learner` (the default, no trainer notes anywhere) or `trainer`
        #[arg(long, value_enum, default_value = "learner")]
        edition: EditionArg,
    },
    /// Serve the site on this computer and rebuild it, reloading the browser, on every save
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (the next free one is used if it is taken)
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Listen on another address than 127.0.0.1 (other computers can then read the site)
        #[arg(long)]
        bind: Option<std::net::IpAddr>,
        /// Look for changes every half second instead of waiting for file events
        /// (for network drives and virtual machines)
        #[arg(long)]
        poll: bool,
        /// `learner` (the default) or `trainer`, to see trainer notes while writing them
        #[arg(long, value_enum, default_value = "learner")]
        edition: EditionArg,
    },
    /// Check everything `build` checks, plus review dates, without writing anything
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings (out-of-date reviews, unreachable pages) as errors
        #[arg(long)]
        strict: bool,
        /// `text`, or `json` for CI systems
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Judge review dates as on this day (YYYY-MM-DD) instead of today
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// Apply the law model to a facts file (or a quiz's facts) and explain the result
    Decide {
        /// A YAML file of facts, or a quiz file with `facts:` in its front matter
        file: PathBuf,
        /// `text` (offence first, then one line per element) or `json`
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Create a small working site in a new folder
    New {
        /// The folder to create (it must not exist, or be empty)
        dir: PathBuf,
    },
    /// Copy the built-in theme into themes/NAME so you can change it
    Theme {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The new theme's folder name; then set `theme: NAME` in site.yaml
        #[arg(long, default_value = "custom")]
        name: String,
    },
}

/// The editions, as typed on the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum EditionArg {
    Learner,
    Trainer,
}

impl From<EditionArg> for briefing::config::Edition {
    fn from(edition: EditionArg) -> Self {
        match edition {
            EditionArg::Learner => briefing::config::Edition::Learner,
            EditionArg::Trainer => briefing::config::Edition::Trainer,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}
