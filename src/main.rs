//! argv -> command -> library call -> diagnostics printed once -> exit code.
//! Exit codes: 0 success, 1 problems in the site's files, 2 wrong use of the command.

mod cli;

use briefing::Failure;
use briefing::diagnostic::Diagnostics;
use clap::Parser;
use cli::{Cli, Command, Format};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            scorm,
            edition,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let started = Instant::now();
            let options = briefing::BuildOptions {
                scorm: scorm.as_deref(),
                edition: edition.into(),
            };
            match briefing::build_with(&root, &out, &options) {
                Ok(compiled) => {
                    print_problems(&compiled.warnings);
                    println!(
                        "Built {} pages and {} scenario{} into {} in {:.2} s",
                        compiled.site.pages.len(),
                        compiled.site.quizzes.len(),
                        if compiled.site.quizzes.len() == 1 {
                            ""
                        } else {
                            "s"
                        },
                        out.display(),
                        started.elapsed().as_secs_f64()
                    );
                    if let Some(scorm) = &scorm {
                        println!("Wrote the SCORM 1.2 package to {}", scorm.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    let content_failure = matches!(failure, Failure::Content(_));
                    let code = fail(failure);
                    if content_failure && out.join(briefing::write::MARKER).is_file() {
                        eprintln!(
                            "The site was not written; the previous build in {} is unchanged.",
                            out.display()
                        );
                    } else if content_failure {
                        eprintln!("The site was not written.");
                    }
                    code
                }
            }
        }
        Command::Check {
            root,
            strict,
            format,
            today,
        } => {
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let (problems, failed) = match briefing::check(&root, today) {
                Ok(warnings) => {
                    let failed = strict && !warnings.is_empty();
                    (warnings, failed)
                }
                Err(problems) => (problems, true),
            };
            match format {
                Format::Json => println!("{}", problems.to_json()),
                Format::Text if problems.is_empty() => println!("No problems found."),
                Format::Text => print_problems(&problems),
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Decide { file, format } => match briefing::facts_file::read(&file) {
            Ok(facts) => {
                let decision = briefing::law::decide(&facts);
                match format {
                    Format::Text => print!("{decision}"),
                    Format::Json => println!(
                        "{}",
                        serde_json::to_string_pretty(&decision).unwrap_or_default()
                    ),
                }
                ExitCode::SUCCESS
            }
            Err(problems) => fail(Failure::Content(problems.into_iter().collect())),
        },
        Command::Serve {
            root,
            port,
            bind,
            poll,
            edition,
        } => {
            let mut options = briefing::serve::Options::new(&root);
            options.port = port;
            options.poll = poll;
            options.edition = edition.into();
            if let Some(bind) = bind {
                options.bind = bind;
            }
            match briefing::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(problem) => fail(Failure::Usage(problem)),
            }
        }
        Command::New { dir } => match briefing::starter::create(&dir) {
            Ok(()) => {
                let dir = dir.display();
                println!("Created a new site in {dir}. Next:");
                println!("  briefing serve --root {dir}    (see it in your browser as you edit)");
                println!(
                    "  briefing build --root {dir}    (write the finished site to {dir}/public)"
                );
                ExitCode::SUCCESS
            }
            Err(problem) => fail(Failure::Usage(problem)),
        },
        Command::Theme { root, name } => match briefing::theme::eject(&root, &name) {
            Ok(dir) => {
                println!("Copied the default theme to {}", dir.display());
                println!(
                    "Next: add `theme: {name}` to site.yaml, then edit the files you want to change."
                );
                ExitCode::SUCCESS
            }
            Err(problem) => fail(Failure::Usage(problem)),
        },
    }
}

fn print_problems(problems: &Diagnostics) {
    if !problems.is_empty() {
        eprint!("{problems}");
        eprintln!("{}", problems.summary());
    }
}

fn fail(failure: Failure) -> ExitCode {
    match failure {
        Failure::Content(problems) => {
            print_problems(&problems);
            ExitCode::from(1)
        }
        Failure::Usage(problem) => {
            eprint!("{problem}");
            ExitCode::from(2)
        }
    }
}
