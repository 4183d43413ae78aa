//! `lab sim`, `lab console`, `lab bench` and `lab fuzz-console`: the simulator from the command line.
//!
//! Architecture invariant: this module does the IO (files, stdin, wall-clock timing for the benchmark)
//! so that `crate::sim` never has to. Each command returns its output as a value.

use std::io::{BufRead, Write};
use std::path::Path;
use std::time::Instant;

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use super::args::flag_value;
use crate::grade::{Comparisons, grade, grade_with};
use crate::incident::{Action, IncidentRun, Mode, Script};
use crate::sim::{Command, Output, Scenario, Sim, parse};

/// Usage of the four commands, for `lab --help`.
pub const USAGE: &str = "\
  sim SCENARIO --seed N --actions FILE [--json]
                     run a scenario (file or id under static/scenarios) to its end with an action script
                     (one action a line: a time such as 45 or 1m30s, then a console command; # comments);
                     print the event log and the final state
  console SCENARIO [--seed N]
                     the incident console, interactive (type 'help'; 'wait 30s' lets time pass)
  bench [--runs N]   simulate the 30-minute, 50-pod incident N times (default 200); median and min time
  fuzz-console N     feed N random inputs to the console parser and to Sim::exec; report any panic
";

/// Loads a scenario from a path, or by id from `static/scenarios/<id>.toml`.
pub fn load_scenario(name: &str) -> Result<Scenario, String> {
    let path = if Path::new(name).is_file() { name.to_string() } else { format!("static/scenarios/{name}.toml") };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    Scenario::from_toml(&text).map_err(|e| format!("{path}: {e}"))
}

/// One timed action of a script (the script format is [`crate::incident::script`]).
pub use crate::incident::ScriptAction as TimedAction;

/// Parses an action script with the one script parser; errors name the file and line (`actions.txt:3: …`).
pub fn parse_actions(text: &str, file: &str) -> Result<Vec<TimedAction>, String> {
    Script::parse(text).map(|s| s.actions).map_err(|e| e.in_file(file))
}

/// Replays timed actions on a fresh run of `scenario` (graded if it has a `[workflow]`, as in the
/// browser) and finishes it. Returns the simulator and the output of each command that ran.
pub fn run_script(scenario: &Scenario, seed: u64, actions: &[TimedAction]) -> (Sim, Vec<Output>) {
    let (sim, outputs, _) = run_script_noting(scenario, seed, actions);
    (sim, outputs)
}

/// [`run_script`], plus the run's notes (the lines past the scenario's end, not simulated).
pub fn run_script_noting(scenario: &Scenario, seed: u64, actions: &[TimedAction]) -> (Sim, Vec<Output>, Vec<String>) {
    let script = Script { actions: actions.to_vec() };
    let run = IncidentRun::replay(scenario, seed, Mode::for_scenario(scenario), &script);
    let outputs = command_outputs(&run);
    let notes = run_notes(&run);
    (run.into_sim(), outputs, notes)
}

/// The notes of a run's transcript (what the run reports beside the commands' output).
pub fn run_notes(run: &IncidentRun) -> Vec<String> {
    run.transcript().iter().filter(|e| e.is_note()).map(|e| e.text.clone()).collect()
}

/// What each command of a run printed, in order (notes left out).
pub fn command_outputs(run: &IncidentRun) -> Vec<Output> {
    run.transcript().iter().filter(|e| !e.is_note()).map(|e| Output { text: e.text.clone(), is_error: e.is_error }).collect()
}

/// The plain-text report: the event log with each command's output under it, then the final state.
pub fn text_report(sim: &Sim, outputs: &[Output]) -> String {
    let mut s = String::new();
    s.push_str(&format!("scenario {} seed {}\n\n== event log ==\n", sim.scenario().id, sim.seed()));
    let mut outs = outputs.iter();
    for e in sim.events() {
        s.push_str(&e.to_line());
        s.push('\n');
        if e.source == crate::sim::event::Source::Action && e.object == "console"
            && let Some(o) = outs.next() {
                for l in o.text.lines() {
                    s.push_str("        | ");
                    s.push_str(l);
                    s.push('\n');
                }
            }
    }
    let v = sim.view();
    s.push_str(&format!("\n== final state at {} ==\n", crate::sim::duration::format_duration(v.tick)));
    let w = &v.workload;
    s.push_str(&format!(
        "{} {} ({}): {} revision {} image {} stable {}{}\n",
        w.kind,
        w.name,
        w.strategy,
        w.phase,
        w.revision,
        w.template_version,
        w.stable_version,
        w.canary_weight.map(|c| format!(" canary weight {c}%")).unwrap_or_default()
    ));
    if !w.message.is_empty() {
        s.push_str(&format!("  message: {}\n", w.message));
    }
    for p in &v.pods {
        s.push_str(&format!("  pod {} {} {} {} restarts {}\n", p.name, p.version, p.phase, p.ready_text, p.restarts));
    }
    for (ver, share) in &v.traffic {
        s.push_str(&format!("  traffic {ver} {:.1}%\n", share * 100.0));
    }
    for a in &v.alerts {
        s.push_str(&format!("  alert {} ({}) since {}\n", a.name, a.severity, crate::sim::duration::format_duration(a.since)));
    }
    s.push_str(&format!("  config initial: {}\n", v.config_is_initial));
    if let Some(m) = &v.model {
        s.push_str(&format!("  model {} @{} -> {:?}, loaded {}\n", m.model, m.serving_alias, m.alias_version, m.loaded_version));
    }
    if let Some(d) = &v.database {
        s.push_str(&format!("  db {} schema {} writes {} lost writes {}\n", d.instance, d.schema_version, if d.writes_enabled { "on" } else { "off" }, d.lost_writes));
    }
    s.push_str(&format!(
        "  requests {} failed {} bad predictions {} error budget {:.3}%\n",
        v.total_requests,
        v.failed_requests,
        v.bad_predictions,
        v.error_budget_consumed * 100.0
    ));
    s.push_str(&format!("trace hash {:016x}\n", sim.trace_hash()));
    s
}

/// The JSON report (`--json`).
pub fn json_report(sim: &Sim, actions: &[TimedAction], outputs: &[Output]) -> String {
    let acts: Vec<serde_json::Value> = actions
        .iter()
        .zip(outputs)
        .map(|(a, o)| {
            let cmd: Option<Command> = parse(&a.command).ok();
            serde_json::json!({
                "at": a.at, "line": a.line, "command": a.command,
                "canonical": cmd.map(|c| c.to_string()),
                "output": o.text, "is_error": o.is_error,
            })
        })
        .collect();
    let v = serde_json::json!({
        "scenario": sim.scenario().id,
        "seed": sim.seed(),
        "trace_hash": format!("{:016x}", sim.trace_hash()),
        "events": sim.events(),
        "actions": acts,
        "final": sim.view(),
        "counters": sim.metrics().counters,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}


/// `lab sim SCENARIO --seed N --actions FILE [--json]`.
pub fn run_sim(args: &[String]) -> Result<String, String> {
    let Some(name) = args.first().filter(|a| !a.starts_with('-')) else {
        return Err("usage: lab sim SCENARIO --seed N --actions FILE [--json]".to_string());
    };
    let scenario = load_scenario(name)?;
    let seed = match flag_value(args, "--seed") {
        Some(s) => s.parse::<u64>().map_err(|_| format!("sim: --seed must be a whole number, got {s:?}"))?,
        None => 1,
    };
    let actions = match flag_value(args, "--actions") {
        Some(f) => {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
            parse_actions(&text, f)?
        }
        None => Vec::new(),
    };
    let (sim, outputs, notes) = run_script_noting(&scenario, seed, &actions);
    if args.iter().any(|a| a == "--json") {
        Ok(json_report(&sim, &actions, &outputs))
    } else {
        let mut s = text_report(&sim, &outputs);
        for n in notes {
            s.push_str(&n);
            s.push('\n');
        }
        Ok(s)
    }
}

/// `lab console SCENARIO [--seed N]` on the process's stdin and stdout.
pub fn run_console(args: &[String]) -> Result<String, String> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    console_loop(args, &mut stdin.lock(), &mut stdout.lock())
}

/// The interactive console over any reader and writer (tests drive it with buffers).
pub fn console_loop(args: &[String], input: &mut dyn BufRead, out: &mut dyn Write) -> Result<String, String> {
    let Some(name) = args.first().filter(|a| !a.starts_with('-')) else {
        return Err("usage: lab console SCENARIO [--seed N]".to_string());
    };
    let scenario = load_scenario(name)?;
    let seed = flag_value(args, "--seed").and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut run = IncidentRun::new(&scenario, seed, Mode::for_scenario(&scenario));
    let io = |e: std::io::Error| e.to_string();
    writeln!(out, "{}\n\n{}\n\nType 'help' for commands, 'wait 30s' to let time pass, 'exit' to leave.", scenario.title, scenario.briefing.trim()).map_err(io)?;
    let mut shown = 0usize;
    loop {
        write!(out, "[{}] $ ", crate::sim::duration::format_duration(run.sim().tick())).map_err(io)?;
        out.flush().map_err(io)?;
        let mut line = String::new();
        if input.read_line(&mut line).map_err(io)? == 0 {
            break;
        }
        let line = line.trim();
        if matches!(line, "exit" | "quit") {
            break;
        }
        let before = run.transcript().len();
        run.reduce(Action::Exec(line.to_string()));
        for e in run.transcript().iter().skip(before).filter(|e| !e.text.is_empty()) {
            writeln!(out, "{}", e.text).map_err(io)?;
        }
        if run.is_finished() {
            // A graded run past its time limit: the rest of the scenario has played out.
            writeln!(out, "The time limit is reached.").map_err(io)?;
            break;
        }
        let sim = run.sim();
        // Alerts that fired while waiting.
        for e in sim.events().iter().skip(shown) {
            if e.source == crate::sim::event::Source::Alert {
                writeln!(out, "  ! {}", e.to_line()).map_err(io)?;
            }
        }
        shown = sim.events().len();
        if run.clock_stopped() {
            writeln!(out, "The scenario's time is up.").map_err(io)?;
            break;
        }
    }
    Ok(format!("trace hash {:016x}\n", run.sim().trace_hash()))
}

/// The benchmark incident: 50 pods, 30 minutes, a rolling update at 60 s that crash-loops, a node
/// failure, a latency regression, a learner undoing at 5 minutes.
pub const BENCH_SCENARIO: &str = r#"
id = "bench-50-pods"
title = "Benchmark: 30 minutes, 50 pods"
duration = "30m"
[cluster]
nodes = ["node-1", "node-2", "node-3", "node-4", "node-5"]
[app]
name = "checkout"
strategy = "rolling"
image = "registry.example.com/checkout"
version = "v1"
previous_versions = ["v0"]
replicas = 50
rps = 3000
config = { TIMEOUT_MS = "800" }
dependencies = ["payments"]
[update]
at = "60s"
version = "v2"
[model]
name = "fraud"
versions = [{ version = 1, accuracy = 0.93 }, { version = 2, accuracy = 0.88 }]
aliases = { champion = 1 }
[database]
schema_version = 4
[[failures]]
kind = "memory-leak"
version = "v2"
oom_after = "90s"
[[failures]]
kind = "latency-regression"
version = "v2"
[[failures]]
kind = "node-failure"
node = "node-3"
at = "10m"
until = "20m"
"#;

/// The benchmark incident's `[workflow]`, appended to [`BENCH_SCENARIO`] for the graded benchmark
/// (and the wasm timing fixture): grading it simulates the do-nothing baseline and the reference
/// run too, three 50-pod simulations in all.
pub const BENCH_WORKFLOW: &str = r#"
[workflow]
target_mitigation = "4m"
reference_script = """
1m30s kubectl get pods
1m40s kubectl rollout undo deployment/checkout
4m    kubectl rollout status deployment/checkout
"""

[[workflow.steps]]
id = "detect"
label = "Look at the pods"
require_success = false
match = [{ command = "kubectl get pods" }, { command = "metrics" }]

[[workflow.steps]]
id = "undo"
label = "Roll back to v1"
after = ["detect"]
match = [{ command = "kubectl rollout undo deployment/checkout" }]

[[workflow.harmful]]
id = "restart-failing"
label = "Restarted the failing version"
severity = "major"
why = "Fresh pods of a leaking build leak the same way."
instead = "Undo to the previous revision."
match = [{ command = "kubectl rollout restart deployment/checkout" }]
unless_after = ["undo"]

[workflow.success]
serving = ["v1"]
max_error_rate = 0.02

[workflow.debrief]
what_happened = "v2 leaked memory until it was OOMKilled and answered slowly."
reference = "Look, undo, watch the rollback finish."
lesson = "Roll back first, debug later."
"#;

/// The benchmark incident with [`BENCH_WORKFLOW`].
pub fn graded_bench_scenario() -> Result<Scenario, String> {
    Scenario::from_toml(&format!("difficulty = \"medium\"\nbriefing = \"checkout v2 leaks memory and is slow; 50 pods, 3000 rps.\"\n{BENCH_SCENARIO}{BENCH_WORKFLOW}"))
}

/// Simulates the benchmark incident once; returns the trace hash.
pub fn bench_once(scenario: &Scenario) -> u64 {
    bench_run(scenario).sim().trace_hash()
}

/// The learner's run of the benchmark: an undo at 5 minutes, then "I'm done".
fn bench_run(scenario: &Scenario) -> IncidentRun {
    let script = Script::from_timed([(300, "kubectl rollout undo deployment/checkout")]);
    IncidentRun::replay(scenario, 42, Mode::for_scenario(scenario), &script)
}

/// Median, min and max milliseconds of a set of runs.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

impl Spread {
    fn of(mut ms: Vec<f64>) -> Spread {
        ms.sort_by(f64::total_cmp);
        Spread {
            median: ms.get(ms.len() / 2).copied().unwrap_or(0.0),
            min: ms.first().copied().unwrap_or(0.0),
            max: ms.last().copied().unwrap_or(0.0),
        }
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "median {:.3} ms, min {:.3} ms, max {:.3} ms", self.median, self.min, self.max)
    }
}

/// The CPU time this thread has used: unlike wall time, it does not count the time the thread
/// waited while other programs had the cores, so it measures what a run costs on a shared machine.
fn thread_cpu_time() -> Option<std::time::Duration> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call, and
    // CLOCK_THREAD_CPUTIME_ID is a clock every Linux and macOS kernel provides.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| std::time::Duration::new(u64::try_from(ts.tv_sec).unwrap_or(0), u32::try_from(ts.tv_nsec).unwrap_or(0)))
}

/// Wall time and this thread's CPU time of `runs` calls of `f` (CPU time `None` where the clock is
/// missing).
fn time_runs(runs: usize, mut f: impl FnMut()) -> (Spread, Option<Spread>) {
    let mut wall = Vec::with_capacity(runs.max(1));
    let mut cpu = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        let c = thread_cpu_time();
        let t = Instant::now();
        f();
        wall.push(t.elapsed().as_secs_f64() * 1000.0);
        if let (Some(before), Some(after)) = (c, thread_cpu_time()) {
            cpu.push(after.saturating_sub(before).as_secs_f64() * 1000.0);
        }
    }
    let cpu = (cpu.len() == wall.len()).then(|| Spread::of(cpu));
    (Spread::of(wall), cpu)
}

/// `lab bench [--runs N]`: simulate and grade the 30-minute, 50-pod incident, as "I'm done" does
/// in the browser: once as it is (the grade needs no other run), once with a reference workflow
/// (the grader simulates the do-nothing baseline and the reference run too). Wall time and CPU time
/// per run; on a machine shared with other work, CPU time is the one that says what a run costs.
pub fn run_bench(args: &[String]) -> Result<String, String> {
    let runs: usize = flag_value(args, "--runs").map_or(Ok(200), str::parse).map_err(|_| "bench: --runs must be a number".to_string())?;
    let scenario = Scenario::from_toml(BENCH_SCENARIO)?;
    let graded = graded_bench_scenario()?;
    // The trace hash says which simulation was timed; it is not part of what a learner waits for.
    let hash = bench_run(&scenario).sim().trace_hash();
    let (wall, cpu) = time_runs(runs, || {
        let run = bench_run(&scenario);
        std::hint::black_box(grade(&scenario, run.sim()));
    });
    let (g_wall, g_cpu) = time_runs(runs, || {
        let run = bench_run(&graded);
        std::hint::black_box(grade(&graded, run.sim()));
    });
    // The incident page simulates the comparisons while the learner plays (`grade_with`), so
    // "I'm done" then waits for the learner's run and the grade only.
    let ahead = Comparisons::simulate(&graded, 42, IncidentRun::end_of(&graded)).ok_or("bench: the graded scenario has no workflow")?;
    let (a_wall, a_cpu) = time_runs(runs, || {
        let run = bench_run(&graded);
        std::hint::black_box(grade_with(&graded, run.sim(), Some(&ahead)));
    });
    let cpu_line = |c: Option<Spread>| c.map_or_else(|| "    CPU time: not available on this system\n".to_string(), |c| format!("    CPU time:  {c}\n"));
    Ok(format!(
        "bench: 30-minute incident, 50 pods, 1800 ticks, {} runs\n\
         simulate + grade:\n    wall time: {wall}\n{}\
         simulate + grade with a reference workflow (3 simulations):\n    wall time: {g_wall}\n{}\
         the same at \"I'm done\" in the browser (baseline and reference simulated while the learner played):\n    wall time: {a_wall}\n{}\
         trace hash {hash:016x}\n",
        runs.max(1),
        cpu_line(cpu),
        cpu_line(g_cpu),
        cpu_line(a_cpu),
    ))
}

/// Words the fuzzer builds token soups from.
const VOCAB: &[&str] = &[
    "kubectl", "k", "argo", "rollouts", "kubectl-argo-rollouts", "get", "describe", "logs", "rollout", "status", "history", "undo",
    "pause", "resume", "restart", "set", "image", "scale", "patch", "delete", "promote", "abort", "retry", "list", "pods", "deploy",
    "deployment", "deployment/myapp", "rs", "events", "cm", "configmap", "svc", "nodes", "rollout/myapp", "myapp", "myap", "-n",
    "default", "prod", "--to-revision=2", "--to-revision", "0", "1", "9", "-1", "99999999999", "--full", "--previous", "-p",
    "--tail=5", "-o", "wide", "yaml", "name", "-l", "app=myapp", "--replicas=3", "--replicas", "myapp=reg/myapp:v1", "=", "/",
    "registry", "alias", "versions", "tag", "serving", "reload", "db", "snapshot", "create", "restore", "writes", "stop", "migrate",
    "traffic", "switch", "weight", "metrics", "alerts", "notify", "wait", "1s", "help", "'", "\"", "\\", "#", "--", "-", "é", "🚀",
    "-p", "{\"data\":{\"A\":\"1\"}}", "v1", "v2", "100", "101", "retry", "rollout", "--watch=false", "-w", "--foo", "-x",
    "top", "node", "--dry-run", "--dry-run=client", "--dry-run=server", "--dry-run=none", "--dry-run=bogus", "--dry-run=true",
    "--context", "--context=lab", "prod", "-A", "--all-namespaces", "--no-headers", "--sort-by=.lastTimestamp", "--sort-by",
    "{.metadata.name}", "--field-selector=status.phase=Running", "--field-selector", "metadata.name=x", "-ojson", "json",
    "jsonpath={.items[*].metadata.name}", "jsonpath={range .items[*]}{.x}{\"\\n\"}{end}", "jsonpath={..x}", "jsonpath={[",
    "jsonpath={.a[?(@.b==\"c\")].d}", "custom-columns=N:.metadata.name", "custom-columns=N", "custom-columns=:", "--since=5m",
    "--since=0", "--tail=-1", "-l", "version=v2", "version!=v1", "!app", "app", "--type=json", "--type=merge", "--type",
    "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"reg/myapp:v1\"}]", "[]", "[1]",
    "{\"spec\":{\"replicas\":2}}", "*=reg/myapp:v1", "--to-revision=-1", "--to-revision=-99999999999999999999",
    "drain", "cordon", "uncordon", "node-1", "node-2", "node-9", "--ignore-daemonsets", "--disable-eviction", "--force",
    "--delete-emptydir-data", "--timeout=30s", "--timeout=0", "--grace-period=0", "pdb", "poddisruptionbudget",
    "poddisruptionbudgets", "pdb/myapp", "{\"spec\":{\"minAvailable\":1}}", "{\"spec\":{\"maxUnavailable\":\"50%\"}}",
    "{\"spec\":{\"minAvailable\":\"x%\"}}",
    "sts", "statefulset", "statefulsets.apps", "statefulset/myapp", "sts/myapp", "controllerrevisions", "pvc", "myapp-0", "myapp-2",
    "myapp-9", "data-myapp-1", "--cascade=orphan", "--cascade=bogus", "--cascade", "--replicas=0",
    "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}",
    "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":-4}}}}",
    "[{\"op\":\"replace\",\"path\":\"/spec/updateStrategy/rollingUpdate/partition\",\"value\":99}]",
];

/// Valid commands the fuzzer mutates.
const SEEDS: &[&str] = &[
    "kubectl rollout undo statefulset/myapp --to-revision=1",
    "kubectl patch sts myapp -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}'",
    "kubectl delete pod myapp-2",
    "kubectl delete statefulset myapp --cascade=orphan",
    "kubectl scale sts myapp --replicas=5",
    "kubectl get controllerrevisions -o yaml",
    "kubectl delete pvc data-myapp-1",
    "kubectl rollout undo deployment/myapp --to-revision=1",
    "kubectl get pods -o wide",
    "kubectl argo rollouts promote myapp --full",
    "kubectl set image deployment/myapp myapp=reg/myapp:v1",
    "kubectl patch configmap myapp-config -p '{\"data\":{\"MODE\":\"safe\"}}'",
    "kubectl logs deploy/myapp --previous --tail=3",
    "registry alias set fraud champion 1",
    "db snapshot restore nightly",
    "traffic weight myapp 0",
    "notify oncall \"rolled back\"",
    "kubectl -n default rollout status deploy/myapp",
    "kubectl get events --sort-by=.lastTimestamp -A --no-headers",
    "kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}'",
    "kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image --field-selector=status.phase=Running",
    "kubectl get deploy myapp -o yaml --context lab",
    "kubectl logs -l app=myapp --previous --since=1m --tail=5",
    "kubectl top pods -l version=v2",
    "kubectl rollout undo deploy/myapp --to-revision=-1 --dry-run=server",
    "kubectl patch deployment myapp --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"reg/myapp:v1\"}]'",
    "kubectl set image deployment/myapp '*=reg/myapp:v1' --dry-run",
    "kubectl delete pod myapp-abc --dry-run=client",
    "kubectl drain node-2 --ignore-daemonsets --timeout=30s",
    "kubectl cordon node-1",
    "kubectl patch pdb myapp --type=merge -p '{\"spec\":{\"minAvailable\":1}}'",
    "kubectl describe pdb myapp",
];

fn fuzz_input(rng: &mut ChaCha8Rng) -> String {
    match rng.next_u32() % 3 {
        0 => {
            let len = (rng.next_u32() % 64) as usize;
            let mut bytes = vec![0u8; len];
            rng.fill_bytes(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        }
        1 => {
            let n = 1 + rng.next_u32() % 8;
            let words: Vec<&str> = (0..n).map(|_| VOCAB[(rng.next_u32() as usize) % VOCAB.len()]).collect();
            words.join(if rng.next_u32().is_multiple_of(5) { "" } else { " " })
        }
        _ => {
            let mut chars: Vec<char> = SEEDS[(rng.next_u32() as usize) % SEEDS.len()].chars().collect();
            for _ in 0..1 + rng.next_u32() % 4 {
                let pos = if chars.is_empty() { 0 } else { (rng.next_u32() as usize) % chars.len() };
                match rng.next_u32() % 4 {
                    0 if !chars.is_empty() => {
                        chars.remove(pos);
                    }
                    1 => chars.insert(pos, char::from_u32(rng.next_u32() % 0x1_0000).unwrap_or('x')),
                    2 => chars.insert(pos, ['\'', '"', '=', '/', '-', ' ', '\\', '#'][(rng.next_u32() % 8) as usize]),
                    _ => chars.truncate(pos),
                }
            }
            chars.into_iter().collect()
        }
    }
}

/// The sandbox scenario the fuzzer executes commands against (every subsystem present).
pub const FUZZ_SCENARIO: &str = r#"
id = "fuzz"
title = "Fuzz target"
[app]
name = "myapp"
strategy = "canary"
image = "reg/myapp"
version = "v1"
previous_versions = ["v0"]
config = { MODE = "fast" }
pdb = { min_available = 1 }
[app.canary]
steps = [{ set_weight = 20 }, { pause = {} }]
analysis = { failure_limit = 1 }
[update]
at = 5
version = "v2"
[model]
name = "fraud"
versions = [{ version = 1 }, { version = 2, accuracy = 0.8 }]
aliases = { champion = 2 }
[database]
schema_version = 3
snapshots = [{ name = "nightly", age = "6h" }]
"#;

/// The StatefulSet scenario the fuzzer alternates with [`FUZZ_SCENARIO`] (a partitioned update
/// whose new version crash-loops).
pub const FUZZ_STS_SCENARIO: &str = r#"
id = "fuzz-sts"
title = "Fuzz target (StatefulSet)"
[app]
name = "myapp"
strategy = "statefulset"
image = "reg/myapp"
version = "v1"
previous_versions = ["v0"]
[app.statefulset]
partition = 1
[update]
at = 5
version = "v2"
[[failures]]
kind = "crash-loop"
version = "v2"
"#;

/// `lab fuzz-console N`.
pub fn run_fuzz_console(args: &[String]) -> Result<String, String> {
    let n: u64 = args.first().ok_or("usage: lab fuzz-console N")?.parse().map_err(|_| "fuzz-console: N must be a number".to_string())?;
    let scenario = Scenario::from_toml(FUZZ_SCENARIO)?;
    let mut base = Sim::new(&scenario, 7);
    base.run_until(30);
    // Every other input goes to a StatefulSet cluster.
    let mut sts_base = Sim::new(&Scenario::from_toml(FUZZ_STS_SCENARIO)?, 7);
    sts_base.run_until(30);
    let mut sts_sim = sts_base.clone();
    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed);
    let mut sim = base.clone();
    let mut parsed_ok = 0u64;
    let mut panics: Vec<String> = Vec::new();
    let t = Instant::now();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for i in 0..n {
        let input = fuzz_input(&mut rng);
        if i % 5_000 == 0 {
            sim = base.clone();
            sts_sim = sts_base.clone();
        }
        let on_sts = i % 2 == 1;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let p = parse(&input);
            let ok = p.is_ok();
            // `wait` is skipped: it only advances time, and long waits would dominate the run.
            if !matches!(p, Ok(Command::Wait { .. })) {
                let target = if on_sts { &mut sts_sim } else { &mut sim };
                let _ = target.exec(&input);
                // Let the controllers react now and then, so later inputs meet a cluster in motion.
                if i % 64 == 0 {
                    let t = target.tick() + 5;
                    target.run_until(t);
                }
            }
            ok
        }));
        match result {
            Ok(true) => parsed_ok += 1,
            Ok(false) => {}
            Err(_) => {
                if panics.len() < 20 {
                    panics.push(format!("{input:?}{}", if on_sts { " (StatefulSet)" } else { "" }));
                }
                sim = base.clone();
                sts_sim = sts_base.clone();
            }
        }
    }
    std::panic::set_hook(previous_hook);
    let mut s = format!(
        "fuzz-console: {n} inputs ({parsed_ok} parsed as commands) in {:.1} s; {} panicked\n",
        t.elapsed().as_secs_f64(),
        panics.len()
    );
    for p in &panics {
        s.push_str(&format!("  panic on {p}\n"));
    }
    if panics.is_empty() { Ok(s) } else { Err(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spread_is_the_median_and_extremes_of_its_runs() {
        let s = Spread::of(vec![3.0, 1.0, 9.0, 4.0, 2.0]);
        assert_eq!(s, Spread { median: 3.0, min: 1.0, max: 9.0 });
        assert_eq!(Spread::of(Vec::new()), Spread { median: 0.0, min: 0.0, max: 0.0 });
    }

    #[test]
    fn cpu_time_counts_work_and_not_sleep() {
        let (wall, cpu) = time_runs(3, || std::thread::sleep(std::time::Duration::from_millis(30)));
        let cpu = cpu.expect("Linux has a thread CPU clock");
        assert!(wall.min >= 30.0, "{wall}");
        // Sleeping uses next to no CPU: the CPU clock is not the wall clock.
        assert!(cpu.max < 15.0, "{cpu}");
        let (_, busy) = time_runs(1, || {
            let t = Instant::now();
            while t.elapsed() < std::time::Duration::from_millis(20) {
                std::hint::black_box(0u64);
            }
        });
        // Spinning for 20 ms of wall time uses CPU time (less if the machine is shared).
        assert!(busy.expect("clock").max > 1.0);
    }
}
