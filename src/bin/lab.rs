//! `lab`: the command-line side of Rollback Lab, for authors, the build and the tests.
//!
//! The command line is declared in `rollback_lab::cli::args` (clap); this file only dispatches and
//! prints. Exit codes: 0 success, 1 the command found problems or failed, 2 the command line was
//! wrong (clap's message says what, and points to `--help`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use rollback_lab::cli::args::{Cli, Command};
use rollback_lab::cli::report::Loads;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = run(cli.command);
    match result {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            // A one-line error reads "lab: …"; a list of problems is printed as it is, one problem
            // a line, each naming its file, so every line has the same shape.
            let message = message.trim_end_matches('\n');
            if message.contains('\n') {
                eprintln!("{message}");
            } else {
                eprintln!("lab: {message}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<String, String> {
    use rollback_lab::cli::{grade, session, sim};
    if let Some(args) = command.forwarded() {
        return match command {
            Command::Sim { .. } => sim::run_sim(&args),
            Command::Console { .. } => sim::run_console(&args),
            Command::Grade { .. } => grade::run_grade(&args),
            Command::Bench { .. } => sim::run_bench(&args),
            Command::FuzzConsole { .. } => sim::run_fuzz_console(&args),
            Command::FuzzCodes { .. } => session::run_fuzz_codes(&args),
            other => Err(format!("internal: {other:?} has no forwarded arguments")),
        };
    }
    match command {
        Command::Check { pack_dir } => check(&pack_dir),
        Command::ExportPack { pack, format, out } => rollback_lab::cli::export::run_export(&pack, format, out.as_deref()),
        Command::ImportPack { file, format, out } => rollback_lab::cli::export::run_import(&file, format, out.as_deref()),
        Command::BuildSite { dir } => {
            let dir = dir.or_else(|| std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from)).ok_or(
                "build-site: give a folder, or run it from Trunk (TRUNK_STAGING_DIR is not set)",
            )?;
            let source = std::env::var_os("TRUNK_SOURCE_DIR").map_or_else(|| PathBuf::from("."), PathBuf::from);
            rollback_lab::cli::site::build_site(&source, &dir)
        }
        Command::Scorm { pack, mode, mastery, site, out } => rollback_lab::cli::scorm::package(&pack, mode.mode(), mastery, &site, &out),
        Command::NginxConf { root, prefix, port, base } => {
            use rollback_lab::cli::nginx::{ServeConfig, full_config, is_root};
            let base = base.trim_end_matches('/').to_owned();
            full_config(&ServeConfig { root, port, base }, &prefix, is_root())
        }
        Command::Report { check, dist, loads, throttled_loads, pages, timeline } => {
            report(check, &dist, Loads { unthrottled: loads, throttled: throttled_loads }, &pages, timeline)
        }
        Command::BenchDashboard { codes, runs, seed } => rollback_lab::cli::session::bench_dashboard(codes, runs, seed),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "lab", &mut out);
            String::from_utf8(out).map_err(|e| format!("completions: {e}"))
        }
        other => Err(format!("internal: {other:?} was not dispatched")),
    }
}

fn report(check: bool, dist: &Path, loads: Loads, pages: &[String], timeline: bool) -> Result<String, String> {
    use rollback_lab::cli::report::{Options, measure};
    let report = measure(dist, &PathBuf::from("target"), &Options { loads, pages: pages.to_vec(), timeline })?;
    let mut out = report.render();
    if check {
        let problems = report.over_budget();
        if !problems.is_empty() {
            return Err(format!("{out}\nover budget:\n{}", problems.join("\n")));
        }
        out.push_str("\nall enforced budgets met\n");
    }
    Ok(out)
}

/// `lab check [PACK_DIR]`: the packs, then the concept cards and the scenarios; all are always
/// checked, so one run lists every problem.
fn check(pack_dir: &Path) -> Result<String, String> {
    use rollback_lab::cli::check::{check_concepts, check_packs, load_packs};
    let packs = check_packs(pack_dir);
    let loaded = load_packs(pack_dir).unwrap_or_default();
    let ids: Vec<&str> = loaded.iter().filter_map(|f| f.result.as_ref().ok()).map(|p| p.id.as_str()).collect();
    let concepts = check_concepts(&PathBuf::from("static/concepts"), &ids);
    let scenarios = rollback_lab::cli::grade::check_scenarios(&PathBuf::from("static/scenarios"));
    let good: Vec<&rollback_lab::pack::Pack> = loaded.iter().filter_map(|f| f.result.as_ref().ok()).collect();
    let sim_questions = rollback_lab::cli::check::check_sim_questions(&good, &PathBuf::from("static/scenarios"));
    let all = [packs, concepts, scenarios, sim_questions];
    let text = join_sections(all.iter().map(|r| r.as_ref().unwrap_or_else(|e| e).as_str()));
    if all.iter().any(Result::is_err) { Err(text) } else { Ok(text) }
}

/// Joins the sections of a command's output so each starts on a line of its own, whether or not
/// the section before it ended with a newline (a one-line error such as a missing folder does not).
fn join_sections<'a>(sections: impl Iterator<Item = &'a str>) -> String {
    let mut text = String::new();
    for section in sections.filter(|s| !s.is_empty()) {
        text.push_str(section);
        if !section.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}
