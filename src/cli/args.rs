//! The command line of `lab`, declared with clap: every subcommand, its arguments and its help.
//!
//! Architecture invariant: everything a user can get wrong on the command line (an unknown flag, a
//! missing value, a number that is not one) is refused here, by clap, with exit code 2 and a
//! pointer to `--help`, before any command runs. The commands that still read `&[String]`
//! (`sim`, `grade`, …) get their arguments back from [`Command::forwarded`] in one canonical
//! spelling that [`flag_value`] reads, so what they see has already been validated.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// The `lab` tool.
#[derive(Debug, Parser)]
#[command(
    name = "lab",
    version = crate::VERSION,
    about = "lab — the Rollback Lab command-line tool, for authors, the build and the tests",
    arg_required_else_help = true,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The runs a SCORM package can start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ScormMode {
    Test,
    Challenge,
}

impl ScormMode {
    pub fn mode(self) -> crate::quiz::Mode {
        match self {
            ScormMode::Test => crate::quiz::Mode::Test,
            ScormMode::Challenge => crate::quiz::Mode::Challenge,
        }
    }
}

/// The formats `lab export-pack` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    MoodleXml,
    Gift,
    Qti,
}

/// The formats `lab import-pack` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    MoodleXml,
    Gift,
}

/// Every subcommand of `lab`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the question packs, concept cards and scenarios
    ///
    /// Checks every question pack in DIR, the concept cards in static/concepts and every scenario
    /// in static/scenarios (replaying each reference workflow); prints every problem, one a line,
    /// and the statistics; exits 1 on any problem.
    Check {
        /// Folder of pack files (*.toml)
        #[arg(value_name = "DIR", default_value = "static/packs")]
        pack_dir: PathBuf,
    },
    /// Export a pack: JSON for the browser's import, or a question bank for an LMS
    ///
    /// json: the form the browser's pack import reads. moodle-xml: a Moodle XML question bank
    /// (one category; multichoice and ordering questions). gift: Moodle's GIFT text (ordering
    /// questions are skipped, one line each on stderr). qti: a QTI 1.2 zip for Canvas (ordering
    /// skipped likewise; needs -o). What each format carries: docs/lms-exports.md.
    ExportPack {
        /// The pack: its id (read from static/packs) or its TOML file
        pack: String,
        /// The format to write
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to FILE instead of standard output (required for qti)
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Import a Moodle XML or GIFT question bank as a draft pack (TOML)
    ///
    /// Reads the single-choice, select-all and (Moodle XML) ordering questions; every construct
    /// the pack format cannot hold is named with its line on stderr (exit 1). Fields no LMS
    /// format has are written as TODO for the author to fill in before `lab check`.
    ImportPack {
        /// The file to import
        file: PathBuf,
        /// The file's format
        #[arg(long, value_enum)]
        format: ImportFormat,
        /// Write the pack to FILE instead of standard output
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Package one pack's Test or Challenge as a SCORM 1.2 zip for an LMS
    ///
    /// Writes FILE.zip with imsmanifest.xml (one SCO launching the pack's run) and the site in
    /// SITE, which must be built with a relative public URL:
    /// `PUBLIC_URL=./ DIST=target/dist-scorm bash scripts/build.sh`.
    Scorm {
        /// The pack's id, e.g. canary
        pack: String,
        /// The run the package starts
        #[arg(long, value_enum, default_value_t = ScormMode::Test)]
        mode: ScormMode,
        /// The passing score in percent, written as the manifest's mastery score
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u32).range(0..=100))]
        mastery: u32,
        /// The site built with PUBLIC_URL=./
        #[arg(long, value_name = "DIR", default_value = "target/dist-scorm")]
        site: PathBuf,
        /// The zip to write
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
    },
    /// Finish a site build in DIR (default: $TRUNK_STAGING_DIR); run by Trunk
    BuildSite {
        /// The staging folder (Trunk sets TRUNK_STAGING_DIR)
        dir: Option<PathBuf>,
    },
    /// Print an nginx.conf that serves a built site on 127.0.0.1
    NginxConf {
        /// The folder nginx serves
        #[arg(long, value_name = "DIR")]
        root: String,
        /// nginx's private folder (pid, logs, temporary files)
        #[arg(long, value_name = "DIR")]
        prefix: String,
        /// The loopback port to listen on
        #[arg(long, value_name = "N", default_value_t = 8080, value_parser = clap::value_parser!(u16).range(1..))]
        port: u16,
        /// Serve under this sub-path, e.g. /rollback-lab
        #[arg(long, value_name = "/SUB-PATH", default_value = "")]
        base: String,
    },
    /// Bytes and time to ready of a first visit to every kind of page
    ///
    /// For every kind of page (home, pack, question run, incident, session link, results
    /// dashboard): the files a first visit fetches with their raw, gzip and brotli size, and the
    /// median time until the page is ready in fresh headless Chromium, unthrottled and throttled.
    /// With --check, exits 1 when an enforced byte budget is broken; times are never checked.
    Report {
        /// Fail (exit 1) when a byte budget that is enforced is broken
        #[arg(long)]
        check: bool,
        /// The built site to measure
        #[arg(long, value_name = "DIR", default_value = "dist")]
        dist: PathBuf,
        /// Fresh unthrottled loads per page (the median is reported)
        #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
        loads: u32,
        /// Fresh throttled loads per page (4× CPU, 1.6 Mbps down, 750 kbps up, 150 ms RTT); 0 skips them
        #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=100))]
        throttled_loads: u32,
        /// Measure only this kind of page (its name in the table, e.g. sandbox); repeat for more
        #[arg(long = "page", value_name = "NAME")]
        pages: Vec<String>,
        /// Also print when each file of the last throttled load started and ended, and when the page was ready
        #[arg(long)]
        timeline: bool,
    },
    /// Run a scenario to its end with an action script
    ///
    /// The action script has one action a line: a time such as 45 or 1m30s, then a console
    /// command; # starts a comment. Prints the event log and the final state.
    Sim {
        /// A scenario file, or the id of one under static/scenarios
        scenario: String,
        /// Seed of the simulator's random draws
        #[arg(long, value_name = "N", default_value_t = 1)]
        seed: u64,
        /// The action script
        #[arg(long, value_name = "FILE")]
        actions: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// The incident console, interactive (type 'help'; 'wait 30s' lets time pass)
    Console {
        /// A scenario file, or the id of one under static/scenarios
        scenario: String,
        /// Seed of the simulator's random draws
        #[arg(long, value_name = "N", default_value_t = 1)]
        seed: u64,
    },
    /// Grade a recovery: run a scenario with an action script
    ///
    /// Grades the run against the scenario's reference workflow: score, sub-scores, findings, and
    /// the reference beside your actions.
    Grade {
        /// A scenario file, or the id of one under static/scenarios
        scenario: String,
        /// Seed of the simulator's random draws
        #[arg(long, value_name = "N", default_value_t = 1)]
        seed: u64,
        /// The action script
        #[arg(long, value_name = "FILE")]
        actions: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Simulate the 30-minute, 50-pod incident N times; median and minimum time
    Bench {
        /// How many runs
        #[arg(long, value_name = "N", default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
    },
    /// Feed N random inputs to the console parser and Sim::exec; report any panic
    FuzzConsole {
        /// How many inputs
        n: u64,
    },
    /// Feed N random share links and result codes to the decoders; report any panic
    FuzzCodes {
        /// How many inputs
        n: u64,
        /// Seed of the random inputs
        seed: Option<u64>,
    },
    /// Compute a results dashboard of N result codes, several times; median and fastest time
    BenchDashboard {
        /// How many result codes
        #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        codes: u32,
        /// How many runs
        #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
        runs: u32,
        /// Seed of the random results
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print a shell completion script
    ///
    /// For example: lab completions bash > ~/.local/share/bash-completion/completions/lab
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
}

impl Command {
    /// The arguments of the commands that read `&[String]` (`sim`, `console`, `grade`, `bench`,
    /// `fuzz-console`, `fuzz-codes`), rebuilt from the validated values in the one spelling those
    /// commands read. `None` for the other commands.
    pub fn forwarded(&self) -> Option<Vec<String>> {
        let mut out = Vec::new();
        match self {
            Command::Sim { scenario, seed, actions, json } => {
                out.extend([scenario.clone(), "--seed".into(), seed.to_string()]);
                if let Some(file) = actions {
                    out.extend(["--actions".into(), file.clone()]);
                }
                if *json {
                    out.push("--json".into());
                }
            }
            Command::Console { scenario, seed } => out.extend([scenario.clone(), "--seed".into(), seed.to_string()]),
            Command::Grade { scenario, seed, actions, json } => {
                out.extend([scenario.clone(), "--seed".into(), seed.to_string(), "--actions".into(), actions.clone()]);
                if *json {
                    out.push("--json".into());
                }
            }
            Command::Bench { runs } => out.extend(["--runs".into(), runs.to_string()]),
            Command::FuzzConsole { n } => out.push(n.to_string()),
            Command::FuzzCodes { n, seed } => {
                out.push(n.to_string());
                out.extend(seed.map(|s| s.to_string()));
            }
            _ => return None,
        }
        Some(out)
    }
}

/// The value given to `name` in `args`, if any (`--flag value` or `--flag=value`). The commands
/// that take `&[String]` read their flags with it; clap has validated them first.
pub fn flag_value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == name {
            return it.next().map(String::as_str);
        }
        if let Some(v) = a.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;
    use clap::error::ErrorKind;

    use super::*;

    fn parse(line: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("lab").chain(line.split_whitespace()))
    }

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn both_spellings_and_absence() {
        let args: Vec<String> = ["--seed", "7", "--json", "--actions=a.txt"].iter().map(|s| s.to_string()).collect();
        assert_eq!(flag_value(&args, "--seed"), Some("7"));
        assert_eq!(flag_value(&args, "--actions"), Some("a.txt"));
        assert_eq!(flag_value(&args, "--port"), None);
        assert_eq!(flag_value(&args[..1], "--seed"), None);
    }

    #[test]
    fn mistakes_are_refused_before_any_command_runs() {
        let kind = |line: &str| parse(line).map(|_| ()).unwrap_err().kind();
        assert_eq!(kind("grade x --seed 1 --sed 2 --actions a"), ErrorKind::UnknownArgument);
        assert_eq!(kind("grade x --actions a --jsn"), ErrorKind::UnknownArgument);
        assert_eq!(kind("grade x --seed 1"), ErrorKind::MissingRequiredArgument);
        assert_eq!(kind("console x --seed abc"), ErrorKind::ValueValidation);
        assert_eq!(kind("console x --seed"), ErrorKind::InvalidValue);
        assert_eq!(kind("check --typo static/packs"), ErrorKind::UnknownArgument);
        assert_eq!(kind("nginx-conf --root r --prefix p --port 70000"), ErrorKind::ValueValidation);
        assert_eq!(kind("report --loads 0"), ErrorKind::ValueValidation);
        assert_eq!(kind("fuzz-codes 10 1 2"), ErrorKind::UnknownArgument);
        assert_eq!(kind("completions tcsh"), ErrorKind::InvalidValue);
        assert_eq!(kind("frobnicate"), ErrorKind::InvalidSubcommand);
    }

    #[test]
    fn validated_values_reach_the_commands_in_one_spelling() {
        let forwarded = |line: &str| parse(line).unwrap().command.forwarded().unwrap();
        assert_eq!(forwarded("grade x --actions=a.txt --json"), ["x", "--seed", "1", "--actions", "a.txt", "--json"]);
        assert_eq!(forwarded("sim x --seed 9"), ["x", "--seed", "9"]);
        assert_eq!(forwarded("console x"), ["x", "--seed", "1"]);
        assert_eq!(forwarded("bench"), ["--runs", "200"]);
        assert_eq!(forwarded("fuzz-codes 5"), ["5"]);
        assert_eq!(forwarded("fuzz-codes 5 3"), ["5", "3"]);
        assert!(parse("check").unwrap().command.forwarded().is_none());
    }

    #[test]
    fn defaults() {
        match parse("report").unwrap().command {
            Command::Report { check, dist, loads, throttled_loads, pages, timeline } => {
                assert!(!check && !timeline && pages.is_empty());
                assert_eq!(dist, PathBuf::from("dist"));
                assert_eq!((loads, throttled_loads), (5, 3));
            }
            other => panic!("{other:?}"),
        }
        match parse("check").unwrap().command {
            Command::Check { pack_dir } => assert_eq!(pack_dir, PathBuf::from("static/packs")),
            other => panic!("{other:?}"),
        }
    }
}
