//! GitOps: an Argo CD Application that deploys the app from a Git repository, and the repository.
//!
//! The repository is a list of commits, each of which sets the image tag the manifests deploy.
//! Argo CD sees a pushed commit when it polls (every `poll_interval`) or when asked to sync; with
//! automated sync it deploys a new HEAD it has not synced yet, and with self-heal it re-syncs the
//! live Deployment whenever it drifts from the last synced revision (a `kubectl` change made behind
//! its back is undone `self_heal_delay` later). `argocd app rollback` syncs an older history entry,
//! which the real server refuses while automated sync is on.
//!
//! Architecture invariant: the application and the repository change only through the named
//! operations here (`argocd_sync`, `argocd_rollback`, `argocd_set_policy`, `git_revert`,
//! `git_push`) and the per-tick reconcile; the Deployment changes only through the simulator's
//! own `set_workload_image`, so the deployment controller rolls pods as for any other change.

use serde::{Deserialize, Serialize};

use super::duration::Secs;
use super::event::{Level, Source, fnv_str};
use super::scenario::{Scenario, Strategy};
use super::simulator::Sim;

/// The `[argocd]` section of a scenario.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArgoCdSpec {
    /// The Application's name (`catalog`).
    pub app: String,
    /// The Argo CD project (default `default`).
    #[serde(default = "default_project")]
    pub project: String,
    /// The Git repository's URL.
    pub repo_url: String,
    /// The path of the manifests in the repository.
    pub path: String,
    /// Whether automated sync is on at tick 0 (default true).
    #[serde(default = "default_true")]
    pub automated: bool,
    /// `selfHeal` of the automated policy (default true).
    #[serde(default = "default_true")]
    pub self_heal: bool,
    /// `prune` of the automated policy (default true).
    #[serde(default = "default_true")]
    pub prune: bool,
    /// How often Argo CD polls the repository (default 3 minutes, Argo CD's default).
    #[serde(default = "default_poll")]
    pub poll_interval: Secs,
    /// How long after a drift self-heal re-syncs (default 5 s, Argo CD's default).
    #[serde(default = "default_heal")]
    pub self_heal_delay: Secs,
    /// Commits before tick 0, oldest first; each was synced once. The last is HEAD, and its
    /// version must be `app.version`.
    pub commits: Vec<CommitSpec>,
    /// The message of the commit that makes the scenario's `[update]` (pushed and auto-synced at
    /// the update's time); absent: the update is not made through Git.
    #[serde(default)]
    pub update_commit: Option<String>,
}

fn default_project() -> String {
    "default".to_string()
}
fn default_true() -> bool {
    true
}
fn default_poll() -> Secs {
    Secs(180)
}
fn default_heal() -> Secs {
    Secs(5)
}

/// A commit before tick 0.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommitSpec {
    /// The commit message's subject.
    pub message: String,
    /// The image tag the manifests deploy at this commit.
    pub version: String,
}

impl ArgoCdSpec {
    /// Every problem with the section, each naming the field.
    pub fn validate(&self, sc: &Scenario) -> Vec<String> {
        let mut errs = Vec::new();
        if !super::scenario::is_dns_label(&self.app) {
            errs.push(format!("argocd.app: {:?} is not a valid Application name", self.app));
        }
        if sc.app.strategy != Strategy::Rolling {
            errs.push("argocd: the simulated Application manages a Deployment; use strategy \"rolling\"".to_string());
        }
        if self.poll_interval.0 == 0 {
            errs.push("argocd.poll_interval: must be at least 1s".to_string());
        }
        match self.commits.last() {
            None => errs.push("argocd.commits: at least one commit is needed".to_string()),
            Some(c) if c.version != sc.app.version => {
                errs.push(format!("argocd.commits: the last commit is HEAD; its version {:?} must be app.version {:?}", c.version, sc.app.version));
            }
            Some(_) => {}
        }
        let known = sc.known_versions();
        for (i, c) in self.commits.iter().enumerate() {
            if !known.contains(&c.version.as_str()) {
                errs.push(format!("argocd.commits[{i}].version: {:?} is not one of the scenario's versions ({})", c.version, known.join(", ")));
            }
        }
        if self.update_commit.is_some() && sc.update.as_ref().and_then(|u| u.version.as_ref()).is_none() {
            errs.push("argocd.update_commit: the scenario's [update] must set a version for the commit".to_string());
        }
        errs
    }
}

/// One commit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Commit {
    /// Full SHA-1 (40 hex digits).
    pub sha: String,
    /// Subject line.
    pub message: String,
    /// The image tag the manifests deploy at this commit.
    pub version: String,
    /// Whether it is on the remote (pushed).
    pub pushed: bool,
}

impl Commit {
    /// The abbreviated SHA (7 digits).
    pub fn short(&self) -> &str {
        self.sha.get(..7).unwrap_or(&self.sha)
    }
}

/// The Git repository: the local clone's `main`, whose pushed prefix is the remote's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GitRepo {
    /// Remote URL.
    pub url: String,
    /// Commits, oldest first.
    pub commits: Vec<Commit>,
}

impl GitRepo {
    /// The remote's HEAD (the newest pushed commit).
    pub fn remote_head(&self) -> Option<&Commit> {
        self.commits.iter().rev().find(|c| c.pushed)
    }

    /// The commit with this SHA.
    pub fn find(&self, sha: &str) -> Option<&Commit> {
        self.commits.iter().find(|c| c.sha == sha)
    }
}

/// One entry of an Application's deployment history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// History ID (from 0).
    pub id: u32,
    /// The revision deployed.
    pub sha: String,
    /// When, in seconds relative to tick 0.
    pub deployed_at: i64,
}

/// `Synced` or `OutOfSync`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum SyncStatus {
    /// The live state equals the target revision's manifests.
    Synced,
    /// It differs.
    OutOfSync,
}

impl SyncStatus {
    /// As Argo CD prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncStatus::Synced => "Synced",
            SyncStatus::OutOfSync => "OutOfSync",
        }
    }
}

/// The last sync operation, for the operation summary that `sync` and `rollback` print.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Operation {
    /// The revision synced.
    pub sha: String,
    /// When it started and finished (seconds relative to tick 0).
    pub at: i64,
}

/// An Argo CD Application.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArgoApp {
    /// Name.
    pub name: String,
    /// Project.
    pub project: String,
    /// Destination namespace.
    pub namespace: String,
    /// Path in the repository.
    pub path: String,
    /// Automated sync on.
    pub automated: bool,
    /// Self-heal on (only acts while automated is on).
    pub self_heal: bool,
    /// Prune on.
    pub prune: bool,
    /// Deployment history.
    pub history: Vec<HistoryEntry>,
    /// The revision Argo CD last fetched for the target (HEAD).
    pub seen_head: String,
    /// The revision of the last sync operation.
    pub last_synced: String,
    /// The last sync operation.
    pub operation: Option<Operation>,
    /// Since when the live state has drifted from the last synced revision (self-heal's clock).
    pub drift_since: Option<u32>,
}

/// The Application and its repository.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GitOps {
    /// The repository.
    pub repo: GitRepo,
    /// The Application.
    pub app: ArgoApp,
    /// Poll interval in seconds.
    pub poll: u32,
    /// Self-heal delay in seconds.
    pub heal_delay: u32,
}

/// A deterministic 40-hex SHA for the `n`-th commit with `message`.
fn sha_for(message: &str, n: usize) -> String {
    let a = fnv_str(&format!("{n}:{message}"));
    let b = fnv_str(&format!("{message}:{n}:tree"));
    let c = fnv_str(&format!("parent:{n}"));
    format!("{a:016x}{b:016x}{:08x}", c & 0xffff_ffff)
}

impl GitOps {
    /// Builds the Application and repository of a scenario's `[argocd]` section at tick 0.
    pub fn from_spec(spec: &ArgoCdSpec, sc: &Scenario) -> GitOps {
        let commits: Vec<Commit> = spec
            .commits
            .iter()
            .enumerate()
            .map(|(i, c)| Commit { sha: sha_for(&c.message, i), message: c.message.clone(), version: c.version.clone(), pushed: true })
            .collect();
        let n = commits.len();
        let history: Vec<HistoryEntry> = commits
            .iter()
            .enumerate()
            .map(|(i, c)| HistoryEntry {
                id: u32::try_from(i).unwrap_or(0),
                sha: c.sha.clone(),
                deployed_at: -(i64::try_from(n - i).unwrap_or(1) * 86_400 - 2_345),
            })
            .collect();
        let head = commits.last().map(|c| c.sha.clone()).unwrap_or_default();
        GitOps {
            repo: GitRepo { url: spec.repo_url.clone(), commits },
            app: ArgoApp {
                name: spec.app.clone(),
                project: spec.project.clone(),
                namespace: sc.cluster.namespace.clone(),
                path: spec.path.clone(),
                automated: spec.automated,
                self_heal: spec.self_heal,
                prune: spec.prune,
                operation: history.last().map(|h| Operation { sha: h.sha.clone(), at: h.deployed_at }),
                history,
                seen_head: head.clone(),
                last_synced: head,
                drift_since: None,
            },
            poll: spec.poll_interval.0.max(1),
            heal_delay: spec.self_heal_delay.0,
        }
    }

    /// The version the target revision (the HEAD Argo CD has seen) deploys.
    pub fn target_version(&self) -> Option<&str> {
        self.repo.find(&self.app.seen_head).map(|c| c.version.as_str())
    }
}

/// What `git revert` made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reverted {
    /// The new commit's abbreviated SHA.
    pub short: String,
    /// Its subject.
    pub subject: String,
}

/// What `git push` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pushed {
    /// Nothing to push.
    UpToDate,
    /// The remote moved from the first abbreviated SHA to the second.
    Moved(String, String),
}

/// The health of the Deployment as Argo CD assesses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Health {
    /// Rolled out and available.
    Healthy,
    /// Rolling.
    Progressing,
    /// Past its progress deadline.
    Degraded,
}

impl Health {
    /// As Argo CD prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Healthy => "Healthy",
            Health::Progressing => "Progressing",
            Health::Degraded => "Degraded",
        }
    }
}

impl Sim {
    /// The Argo CD Application and its repository, if GitOps manages the app.
    pub fn gitops(&self) -> Option<&GitOps> {
        self.gitops.as_ref()
    }

    /// The Application's sync status now: the live Deployment (image and replica count) against
    /// the target revision's manifests (which keep the scenario's replica count).
    pub fn argocd_sync_status(&self) -> SyncStatus {
        let Some(g) = &self.gitops else { return SyncStatus::Synced };
        let live = self.version_name(self.current_template_vid());
        let replicas_match = self.deployment().is_none_or(|d| d.replicas == self.scenario.app.replicas);
        if g.target_version() == Some(live) && replicas_match { SyncStatus::Synced } else { SyncStatus::OutOfSync }
    }

    /// The Application's health now (Argo CD's Deployment health check: it looks at the rollout,
    /// not at error rates, so a release that fails requests but whose pods are ready is Healthy).
    pub fn argocd_health(&self) -> Health {
        match self.deployment() {
            Some(d) if d.progressing.reason == "ProgressDeadlineExceeded" => Health::Degraded,
            Some(_) if !self.deployment_rollout_status().0.ends_with("successfully rolled out") => Health::Progressing,
            _ => Health::Healthy,
        }
    }

    /// Records the scenario's update as a pushed commit that Argo CD syncs at once (a webhook).
    pub(crate) fn gitops_on_update(&mut self) {
        let Some(message) = self.scenario.argocd.as_ref().and_then(|a| a.update_commit.clone()) else { return };
        let Some(version) = self.scenario.update.as_ref().and_then(|u| u.version.clone()) else { return };
        let Some(g) = self.gitops.as_mut() else { return };
        let sha = sha_for(&message, g.repo.commits.len());
        g.repo.commits.push(Commit { sha: sha.clone(), message, version, pushed: true });
        g.app.seen_head = sha.clone();
        // The update itself already set the image; record the sync that did it.
        self.argocd_record_sync(&sha, Some(format!("Initiated automated sync to '{sha}'")));
    }

    /// One tick of the Application controller: poll the repository, auto-sync a new HEAD, and
    /// self-heal a drift.
    pub(crate) fn gitops_tick(&mut self) {
        let tick = self.tick;
        let Some(g) = self.gitops.as_mut() else { return };
        if tick > 0 && tick % g.poll == 0
            && let Some(h) = g.repo.remote_head()
        {
            g.app.seen_head = h.sha.clone();
        }
        let out_of_sync = self.argocd_sync_status() == SyncStatus::OutOfSync;
        let Some(g) = self.gitops.as_mut() else { return };
        if !out_of_sync {
            g.app.drift_since = None;
            return;
        }
        if !g.app.automated {
            return;
        }
        let head = g.app.seen_head.clone();
        if head != g.app.last_synced {
            self.argocd_apply(&head, Some(format!("Initiated automated sync to '{head}'")));
            return;
        }
        if !g.app.self_heal {
            return;
        }
        let since = *g.app.drift_since.get_or_insert(tick);
        if tick >= since + g.heal_delay {
            self.argocd_apply(&head, Some(format!("Initiated automated sync to '{head}'")));
        }
    }

    /// Deploys revision `sha` (a sync): the Deployment gets its image, history gets an entry.
    fn argocd_apply(&mut self, sha: &str, started: Option<String>) {
        let Some(version) = self.gitops.as_ref().and_then(|g| g.repo.find(sha)).map(|c| c.version.clone()) else { return };
        self.set_workload_image(&version, None);
        let replicas = self.scenario.app.replicas;
        self.scale_workload(replicas);
        self.argocd_record_sync(sha, started);
    }

    fn argocd_record_sync(&mut self, sha: &str, started: Option<String>) {
        let tick = self.tick;
        let Some(g) = self.gitops.as_mut() else { return };
        let id = g.app.history.last().map_or(0, |h| h.id + 1);
        g.app.history.push(HistoryEntry { id, sha: sha.to_string(), deployed_at: i64::from(tick) });
        // Argo CD keeps the last 10 entries (revisionHistoryLimit).
        if g.app.history.len() > 10 {
            g.app.history.remove(0);
        }
        g.app.last_synced = sha.to_string();
        g.app.operation = Some(Operation { sha: sha.to_string(), at: i64::from(tick) });
        g.app.drift_since = None;
        let object = format!("application/{}", g.app.name);
        if let Some(m) = started {
            self.emit(Source::Kubernetes, Level::Normal, "OperationStarted", &object, m);
        }
        self.emit(Source::Kubernetes, Level::Normal, "OperationCompleted", &object, format!("Sync operation to {sha} succeeded"));
    }

    /// `argocd app get APP --refresh`: fetch HEAD now (automated sync, if on, acts on it next tick).
    pub(crate) fn argocd_refresh(&mut self, app: &str) {
        if let Some(g) = self.gitops.as_mut().filter(|g| g.app.name == app)
            && let Some(h) = g.repo.remote_head()
        {
            g.app.seen_head = h.sha.clone();
        }
    }

    /// `argocd app sync APP`: fetch HEAD and deploy it now. Error: the server's message.
    pub(crate) fn argocd_sync(&mut self, app: &str) -> Result<(), String> {
        let Some(g) = self.gitops.as_mut().filter(|g| g.app.name == app) else { return Err(not_found(app)) };
        let Some(head) = g.repo.remote_head().map(|c| c.sha.clone()) else { return Err(not_found(app)) };
        g.app.seen_head = head.clone();
        self.argocd_apply(&head, None);
        Ok(())
    }

    /// `argocd app rollback APP [ID]`: the history entry to deploy (the one before the newest when
    /// `id` is `None`), refused while automated sync is on. Error: the CLI's or server's message.
    pub(crate) fn argocd_rollback(&mut self, app: &str, id: Option<u32>) -> Result<u32, String> {
        let Some(g) = self.gitops.as_ref().filter(|g| g.app.name == app) else { return Err(not_found(app)) };
        let h = &g.app.history;
        let entry = match id {
            None => match h.len().checked_sub(2).and_then(|i| h.get(i)) {
                Some(e) => e.clone(),
                None => return Err(format!("application '{app}' should have at least two successful deployments")),
            },
            Some(n) => match h.iter().find(|e| e.id == n) {
                Some(e) => e.clone(),
                None => return Err(format!("application '{app}' does not have deployment id '{n}' in history")),
            },
        };
        if g.app.automated {
            return Err("rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled".to_string());
        }
        let object = format!("application/{app}");
        self.emit(Source::Kubernetes, Level::Normal, "OperationStarted", &object, format!("initiated rollback to {}", entry.id));
        self.argocd_apply(&entry.sha, None);
        Ok(entry.id)
    }

    /// `argocd app set APP --sync-policy …`: automated on (with the given self-heal and prune) or off.
    pub(crate) fn argocd_set_policy(&mut self, app: &str, automated: Option<bool>, self_heal: Option<bool>, prune: Option<bool>) -> Result<(), String> {
        let Some(g) = self.gitops.as_mut().filter(|g| g.app.name == app) else { return Err(not_found(app)) };
        if let Some(a) = automated {
            g.app.automated = a;
            if a {
                // `--sync-policy automated` sets a fresh automated policy: no self-heal, no prune
                // unless those flags are given too.
                g.app.self_heal = false;
                g.app.prune = false;
            }
        }
        if let Some(h) = self_heal {
            g.app.self_heal = h;
        }
        if let Some(p) = prune {
            g.app.prune = p;
        }
        g.app.drift_since = None;
        // A spec change makes the controller refresh the Application, which resolves HEAD again.
        if let Some(h) = g.repo.remote_head() {
            g.app.seen_head = h.sha.clone();
        }
        Ok(())
    }

    /// `git revert --no-edit REV`: a new local commit that undoes `rev`'s change. Error: git's text.
    pub(crate) fn git_revert(&mut self, rev: &str) -> Result<Reverted, String> {
        let Some(g) = self.gitops.as_mut() else { return Err("fatal: not a git repository (or any of the parent directories): .git".to_string()) };
        let commits = &g.repo.commits;
        let idx = resolve_rev(commits, rev).ok_or_else(|| format!("fatal: bad revision '{rev}'"))?;
        let (Some(target), Some(head)) = (commits.get(idx), commits.last()) else { return Err(format!("fatal: bad revision '{rev}'")) };
        let Some(parent) = idx.checked_sub(1).and_then(|i| commits.get(i)) else {
            return Err(format!("error: commit {} is the root commit; reverting it would delete every manifest", target.short()));
        };
        if head.version != target.version || parent.version == target.version {
            return Err(format!(
                "error: could not revert {}... {}\nhint: after resolving the conflicts, mark the corrected paths\nhint: with 'git add <paths>' or 'git rm <paths>'\nhint: and commit the result with 'git commit'",
                target.short(),
                target.message
            ));
        }
        let subject = format!("Revert \"{}\"", target.message);
        let sha = sha_for(&subject, commits.len());
        let version = parent.version.clone();
        g.repo.commits.push(Commit { sha, message: subject.clone(), version, pushed: false });
        let short = g.repo.commits.last().map(|c| c.short().to_string()).unwrap_or_default();
        Ok(Reverted { short, subject })
    }

    /// `git push`: the local commits reach the remote (Argo CD sees them at its next poll).
    pub(crate) fn git_push(&mut self) -> Result<Pushed, String> {
        let Some(g) = self.gitops.as_mut() else { return Err("fatal: not a git repository (or any of the parent directories): .git".to_string()) };
        let old = g.repo.remote_head().map(|c| c.short().to_string()).unwrap_or_default();
        if g.repo.commits.iter().all(|c| c.pushed) {
            return Ok(Pushed::UpToDate);
        }
        for c in &mut g.repo.commits {
            c.pushed = true;
        }
        let new = g.repo.remote_head().map(|c| c.short().to_string()).unwrap_or_default();
        Ok(Pushed::Moved(old, new))
    }
}

/// The server's NotFound error for an unknown Application.
pub(crate) fn not_found(app: &str) -> String {
    format!("rpc error: code = NotFound desc = applications.argoproj.io \"{app}\" not found")
}

/// `HEAD`, `HEAD~N`, `HEAD^` or a SHA prefix of 4+ digits → index into `commits`.
fn resolve_rev(commits: &[Commit], rev: &str) -> Option<usize> {
    let last = commits.len().checked_sub(1)?;
    if rev == "HEAD" || rev == "@" {
        return Some(last);
    }
    if rev == "HEAD^" {
        return last.checked_sub(1);
    }
    if let Some(n) = rev.strip_prefix("HEAD~") {
        let n: usize = if n.is_empty() { 1 } else { n.parse().ok()? };
        return last.checked_sub(n);
    }
    if rev.len() >= 4 && rev.chars().all(|c| c.is_ascii_hexdigit()) {
        let lower = rev.to_ascii_lowercase();
        let hits: Vec<usize> = commits.iter().enumerate().filter(|(_, c)| c.sha.starts_with(&lower)).map(|(i, _)| i).collect();
        if let [one] = hits.as_slice() {
            return Some(*one);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const SCENARIO: &str = r#"{"id":"t","title":"T",
        "app":{"name":"catalog","strategy":"rolling","image":"reg/catalog","version":"v3","previous_versions":["v2"],"replicas":3},
        "update":{"at":"10s","version":"v4"},
        "argocd":{"app":"catalog","repo_url":"https://git.example.com/platform/deploy.git","path":"apps/catalog",
                  "poll_interval":"1m","update_commit":"catalog: v4",
                  "commits":[{"message":"catalog: v2","version":"v2"},{"message":"catalog: v3","version":"v3"}]}}"#;

    fn sim() -> Sim {
        Sim::new(&Scenario::from_json(SCENARIO).unwrap(), 1)
    }

    fn live(s: &Sim) -> String {
        s.version_name(s.current_template_vid()).to_string()
    }

    #[test]
    fn the_update_is_a_synced_commit() {
        let mut s = sim();
        s.run_until(20);
        let g = s.gitops().unwrap();
        assert_eq!(g.repo.commits.len(), 3);
        assert_eq!(g.app.history.iter().map(|h| h.id).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(live(&s), "v4");
        assert_eq!(s.argocd_sync_status(), SyncStatus::Synced);
    }

    #[test]
    fn self_heal_undoes_a_manual_change() {
        let mut s = sim();
        s.run_until(30);
        s.set_workload_image("v3", None);
        assert_eq!(s.argocd_sync_status(), SyncStatus::OutOfSync);
        s.run_until(40);
        assert_eq!(live(&s), "v4", "self-heal re-applied the synced revision");
    }

    #[test]
    fn self_heal_undoes_a_manual_scale() {
        let mut s = sim();
        s.run_until(30);
        s.scale_workload(8);
        assert_eq!(s.argocd_sync_status(), SyncStatus::OutOfSync);
        s.run_until(40);
        assert_eq!(s.deployment().map(|d| d.replicas), Some(3));
        assert_eq!(s.argocd_sync_status(), SyncStatus::Synced);
    }

    #[test]
    fn rollback_is_refused_until_auto_sync_is_off() {
        let mut s = sim();
        s.run_until(30);
        let refused = s.argocd_rollback("catalog", Some(1));
        assert_eq!(refused, Err("rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled".to_string()));
        assert_eq!(live(&s), "v4");
        assert_eq!(s.argocd_rollback("catalog", Some(9)), Err("application 'catalog' does not have deployment id '9' in history".to_string()));
        s.argocd_set_policy("catalog", Some(false), None, None).unwrap();
        assert_eq!(s.argocd_rollback("catalog", None), Ok(1));
        s.run_until(300);
        assert_eq!(live(&s), "v3");
        assert_eq!(s.argocd_sync_status(), SyncStatus::OutOfSync, "HEAD still deploys v4");
    }

    #[test]
    fn re_enabling_auto_sync_before_the_revert_redeploys_the_bad_commit() {
        let mut s = sim();
        s.run_until(30);
        s.argocd_set_policy("catalog", Some(false), None, None).unwrap();
        s.argocd_rollback("catalog", None).unwrap();
        s.run_until(60);
        s.argocd_set_policy("catalog", Some(true), None, None).unwrap();
        s.run_until(62);
        assert_eq!(live(&s), "v4");
    }

    #[test]
    fn re_enabling_auto_sync_after_a_pushed_revert_keeps_the_good_version() {
        let mut s = sim();
        s.run_until(30);
        s.argocd_set_policy("catalog", Some(false), None, None).unwrap();
        s.argocd_rollback("catalog", None).unwrap();
        s.git_revert("HEAD").unwrap();
        s.git_push().unwrap();
        s.run_until(45);
        s.argocd_set_policy("catalog", Some(true), Some(true), None).unwrap();
        s.run_until(100);
        assert_eq!(live(&s), "v3");
        assert_eq!(s.argocd_sync_status(), SyncStatus::Synced);
    }

    #[test]
    fn a_pushed_revert_is_applied_at_the_next_poll() {
        let mut s = sim();
        s.run_until(30);
        let r = s.git_revert("HEAD").unwrap();
        assert_eq!(r.subject, "Revert \"catalog: v4\"");
        s.run_until(70);
        assert_eq!(live(&s), "v4", "an unpushed commit changes nothing");
        assert!(matches!(s.git_push(), Ok(Pushed::Moved(_, _))));
        assert_eq!(s.git_push(), Ok(Pushed::UpToDate));
        s.run_until(119);
        s.run_until(121);
        assert_eq!(live(&s), "v3");
        assert_eq!(s.argocd_sync_status(), SyncStatus::Synced);
    }

    #[test]
    fn a_refresh_sees_the_push_before_the_poll() {
        let mut s = sim();
        // Just after a poll (every minute here), so the next one is at 2m.
        s.run_until(61);
        s.git_revert("HEAD").unwrap();
        s.git_push().unwrap();
        s.run_until(100);
        assert_eq!(s.argocd_sync_status(), SyncStatus::Synced, "Argo CD has not seen the push yet");
        s.argocd_refresh("catalog");
        assert_eq!(s.argocd_sync_status(), SyncStatus::OutOfSync, "a refresh sees it");
        s.run_until(101);
        assert_eq!(live(&s), "v3", "automated sync acts on the refreshed HEAD");
    }

    #[test]
    fn revert_errors() {
        let mut s = sim();
        s.run_until(30);
        assert_eq!(s.git_revert("nope"), Err("fatal: bad revision 'nope'".to_string()));
        assert!(s.git_revert("HEAD~2").unwrap_err().starts_with("error: commit "));
        assert!(s.git_revert("HEAD~1").unwrap_err().starts_with("error: could not revert "));
    }
}
