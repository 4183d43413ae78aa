//! `lab`: the command-line side of Rollback Lab, for authors, the build and the tests.

use std::path::PathBuf;
use std::process::ExitCode;

use rollback_lab::cli::args::flag_value;

const USAGE_HEAD: &str = "\
lab — the Rollback Lab command-line tool

Usage: lab <command> [arguments]

Commands:
  check [DIR]        check every question pack in DIR (default static/packs), the concept cards in
                     static/concepts and every scenario in static/scenarios (replaying each reference
                     workflow); print every problem and the statistics; exit 1 on any problem
  export-pack FILE   print a pack file (TOML) in the JSON form the browser imports
  build-site [DIR]   finish a site build in DIR (default: $TRUNK_STAGING_DIR); run by Trunk
  install-bundle NAME DIST BUNDLE
                     add the practice or full build (wasm-bindgen output in BUNDLE) to the site in DIST
  nginx-conf --root DIR --prefix DIR [--port N] [--base /sub-path]
                     print an nginx.conf that serves a built site on 127.0.0.1 (default port 8080)
  report [--check] [--dist DIR] [--loads N]
                     sizes of a first visit (raw, gzip, brotli) and the median time until the app is
                     mounted in headless Chromium; --check fails when a budget is broken
{SIM_USAGE}  help               show this help

Options:
  -h, --help         show this help
  -V, --version      print the version
";

fn usage() -> String {
    USAGE_HEAD.replace(
        "{SIM_USAGE}",
        &[rollback_lab::cli::sim::USAGE, rollback_lab::cli::grade::USAGE, rollback_lab::cli::session::USAGE]
            .iter()
            .map(|u| format!("  {}", u.trim_start()))
            .collect::<String>(),
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        eprint!("{}", usage());
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match command.as_str() {
        "-h" | "--help" | "help" => Ok(usage()),
        "-V" | "--version" => Ok(format!("lab {}\n", rollback_lab::VERSION)),
        "build-site" => {
            let dir = rest
                .first()
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from));
            match dir {
                Some(dir) => {
                    let source = std::env::var_os("TRUNK_SOURCE_DIR").map_or_else(|| PathBuf::from("."), PathBuf::from);
                    rollback_lab::cli::site::build_site(&source, &dir)
                }
                None => Err("build-site: give a folder, or run it from Trunk (TRUNK_STAGING_DIR is not set)".to_owned()),
            }
        }
        "nginx-conf" => nginx_conf(rest),
        "export-pack" => export_pack(rest),
        "install-bundle" => match (rest.first(), rest.get(1), rest.get(2)) {
            (Some(name), Some(dist), Some(bundle)) => {
                rollback_lab::cli::site::install_bundle(name, &PathBuf::from(dist), &PathBuf::from(bundle))
            }
            _ => Err("install-bundle: give the bundle name, the site folder and the bundle folder".into()),
        },
        "check" => check(rest),
        "grade" => rollback_lab::cli::grade::run_grade(rest),
        "report" => report(rest),
        "sim" => rollback_lab::cli::sim::run_sim(rest),
        "console" => rollback_lab::cli::sim::run_console(rest),
        "bench" => rollback_lab::cli::sim::run_bench(rest),
        "fuzz-console" => rollback_lab::cli::sim::run_fuzz_console(rest),
        "fuzz-codes" => rollback_lab::cli::session::run_fuzz_codes(rest),
        other => Err(format!("unknown command '{other}'; see 'lab --help'")),
    };
    match result {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("lab: {message}");
            ExitCode::FAILURE
        }
    }
}


fn nginx_conf(args: &[String]) -> Result<String, String> {
    use rollback_lab::cli::nginx::{ServeConfig, full_config, is_root};
    let root = flag_value(args, "--root").ok_or("nginx-conf: --root DIR is required")?;
    let prefix = flag_value(args, "--prefix").ok_or("nginx-conf: --prefix DIR is required")?;
    let port = match flag_value(args, "--port") {
        Some(p) => p.parse::<u16>().map_err(|_| format!("nginx-conf: --port expects a number from 1 to 65535, got '{p}'"))?,
        None => 8080,
    };
    let base = flag_value(args, "--base").unwrap_or("").trim_end_matches('/').to_owned();
    full_config(&ServeConfig { root: root.to_owned(), port, base }, prefix, is_root())
}

fn report(args: &[String]) -> Result<String, String> {
    use rollback_lab::cli::report::measure;
    let dist = PathBuf::from(flag_value(args, "--dist").unwrap_or("dist"));
    let loads = match flag_value(args, "--loads") {
        Some(n) => n.parse::<usize>().ok().filter(|n| (1..=100).contains(n)).ok_or(format!("report: --loads expects 1 to 100, got '{n}'"))?,
        None => 7,
    };
    let report = measure(&dist, &PathBuf::from("target"), loads)?;
    let mut out = report.render();
    if args.iter().any(|a| a == "--check") {
        let problems = report.over_budget();
        if !problems.is_empty() {
            return Err(format!("{out}over budget:\n  {}", problems.join("\n  ")));
        }
        out.push_str("all budgets met\n");
    }
    Ok(out)
}

fn export_pack(args: &[String]) -> Result<String, String> {
    let file = args.first().ok_or("export-pack: give a pack file, e.g. static/packs/canary.toml")?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    match rollback_lab::cli::check::read_toml_pack(file, &text) {
        Ok(pack) => Ok(format!("{}\n", rollback_lab::pack::to_json(&pack))),
        Err(problems) => Err(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")),
    }
}

/// `lab check [PACK_DIR]`: the packs, then the scenarios; both are always checked, so one run lists
/// every problem.
fn check(args: &[String]) -> Result<String, String> {
    use rollback_lab::cli::check::{check_concepts, check_packs, load_packs};
    let pack_dir = PathBuf::from(args.first().map_or("static/packs", String::as_str));
    let packs = check_packs(&pack_dir);
    let loaded = load_packs(&pack_dir).unwrap_or_default();
    let ids: Vec<&str> = loaded.iter().filter_map(|f| f.result.as_ref().ok()).map(|p| p.id.as_str()).collect();
    let concepts = check_concepts(&PathBuf::from("static/concepts"), &ids);
    let scenarios = rollback_lab::cli::grade::check_scenarios(&PathBuf::from("static/scenarios"));
    let good: Vec<&rollback_lab::pack::Pack> = loaded.iter().filter_map(|f| f.result.as_ref().ok()).collect();
    let sim_questions = rollback_lab::cli::check::check_sim_questions(&good, &PathBuf::from("static/scenarios"));
    let all = [packs, concepts, scenarios, sim_questions];
    let text: String = all.iter().map(|r| r.as_ref().unwrap_or_else(|e| e).as_str()).collect();
    if all.iter().any(Result::is_err) { Err(text) } else { Ok(text) }
}
