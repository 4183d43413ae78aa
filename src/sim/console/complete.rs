//! Tab completion from the console's grammar: the words that may come next where the cursor is,
//! from the same subcommand lists the parser uses, and the names in the running system that fit
//! there (after `kubectl argo rollouts abort ` the rollout names, after `db snapshot restore ` the
//! snapshots), never every word the console knows.

use super::command::ResourceKind;
use super::parse::{
    OUTPUT_FORMATS, ARGO_SUBCOMMANDS, DB_SNAPSHOT_SUBCOMMANDS, DB_SUBCOMMANDS, DB_WRITES_SUBCOMMANDS, KUBECTL_SUBCOMMANDS, PROGRAMS, REGISTRY_SUBCOMMANDS,
    ROLLOUT_SUBCOMMANDS, SERVING_SUBCOMMANDS, TRAFFIC_SUBCOMMANDS,
};
use crate::sim::simulator::Sim;

/// The names of the running system that completion offers, by what they name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    /// The workload's kind word (`deployment` or `rollout`) and name.
    pub workload: (String, String),
    /// Pods.
    pub pods: Vec<String>,
    /// ReplicaSets.
    pub replicasets: Vec<String>,
    /// Services.
    pub services: Vec<String>,
    /// ConfigMaps.
    pub configmaps: Vec<String>,
    /// Nodes.
    pub nodes: Vec<String>,
    /// Versions (image tags).
    pub versions: Vec<String>,
    /// The model, if any.
    pub models: Vec<String>,
    /// Database snapshots.
    pub snapshots: Vec<String>,
    /// Teams to notify.
    pub teams: Vec<String>,
    /// Helm releases.
    pub releases: Vec<String>,
    /// Argo CD Applications.
    pub apps: Vec<String>,
    /// PersistentVolumeClaims and ControllerRevisions (a StatefulSet's).
    pub claims: Vec<String>,
    /// ControllerRevisions.
    pub revisions: Vec<String>,
}

impl Names {
    /// The names in `sim` now.
    pub fn of(sim: &Sim) -> Names {
        let v = sim.view();
        let mut teams = sim.scenario().app.dependencies.clone();
        teams.push("oncall".to_string());
        Names {
            workload: (v.workload.kind.to_ascii_lowercase(), v.workload.name.clone()),
            pods: v.pods.iter().map(|p| p.name.clone()).collect(),
            replicasets: v.replicasets.iter().map(|r| r.name.clone()).collect(),
            services: v.services.iter().map(|s| s.name.clone()).collect(),
            configmaps: sim.configmap_names(),
            nodes: v.nodes.iter().map(|n| n.name.clone()).collect(),
            versions: sim.versions().to_vec(),
            models: v.model.iter().map(|m| m.model.clone()).collect(),
            snapshots: v.database.map(|d| d.snapshots).unwrap_or_default(),
            teams,
            releases: sim.helm_release().map(|r| r.name.clone()).into_iter().collect(),
            apps: sim.gitops().map(|g| g.app.name.clone()).into_iter().collect(),
            claims: sim.claims().iter().map(|c| c.name.clone()).collect(),
            revisions: sim.controller_revisions().iter().map(|r| r.name.clone()).collect(),
        }
    }

    fn of_kind(&self, word: &str) -> Vec<String> {
        match ResourceKind::parse(word) {
            Some(ResourceKind::Pod) => self.pods.clone(),
            Some(ResourceKind::ReplicaSet) => self.replicasets.clone(),
            Some(ResourceKind::Service) => self.services.clone(),
            Some(ResourceKind::ConfigMap) => self.configmaps.clone(),
            Some(ResourceKind::Node) => self.nodes.clone(),
            Some(ResourceKind::Deployment) if self.workload.0 == "deployment" => vec![self.workload.1.clone()],
            Some(ResourceKind::Rollout) if self.workload.0 == "rollout" => vec![self.workload.1.clone()],
            Some(ResourceKind::StatefulSet) if self.workload.0 == "statefulset" => vec![self.workload.1.clone()],
            Some(ResourceKind::PersistentVolumeClaim) => self.claims.clone(),
            Some(ResourceKind::ControllerRevision) => self.revisions.clone(),
            _ => Vec::new(),
        }
    }

    /// `deployment/NAME` (or `rollout/NAME`).
    fn workload_target(&self) -> String {
        format!("{}/{}", self.workload.0, self.workload.1)
    }

    fn rollouts(&self) -> Vec<String> {
        if self.workload.0 == "rollout" { vec![self.workload.1.clone()] } else { Vec::new() }
    }
}

/// The `kubectl get` flags completion offers.
const GET_FLAGS: [&str; 7] = ["-o", "-l", "-A", "--sort-by=", "--field-selector=", "--no-headers", "--context="];

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| (*w).to_string()).collect()
}

/// The words that may follow `before` (the words typed so far).
fn candidates(before: &[&str], n: &Names) -> Vec<String> {
    let kubectl = |rest: &[&str]| -> Vec<String> {
        match rest {
            [] => words(&KUBECTL_SUBCOMMANDS),
            ["rollout"] => words(&ROLLOUT_SUBCOMMANDS),
            ["rollout", _] => vec![n.workload_target()],
            ["rollout", "undo", _] => words(&["--to-revision=", "--dry-run=client", "--dry-run=server"]),
            ["argo"] => words(&["rollouts"]),
            ["get" | "describe"] => words(&ResourceKind::WORDS),
            ["get", .., "-o"] => words(&OUTPUT_FORMATS),
            ["get", kind] => n.of_kind(kind).into_iter().chain(words(&GET_FLAGS)).collect(),
            ["describe", kind] => n.of_kind(kind).into_iter().chain(words(&["-l"])).collect(),
            ["get", ..] => words(&GET_FLAGS),
            ["describe", ..] => words(&["-l"]),
            ["top"] => words(&["pods", "nodes"]),
            ["top", "pod" | "pods" | "po"] => n.pods.iter().cloned().chain(words(&["-l"])).collect(),
            ["top", "node" | "nodes" | "no"] => n.nodes.clone(),
            ["logs"] => n.pods.iter().cloned().chain([n.workload_target()]).chain(words(&["-l"])).collect(),
            ["logs", ..] => words(&["--previous", "--tail=", "--since="]),
            ["set"] => words(&["image"]),
            ["set", "image"] | ["scale"] => vec![n.workload_target()],
            ["set", "image", _] => n.versions.iter().map(|v| format!("{}={}", n.workload.1, v)).chain([format!("*={}", n.versions.first().cloned().unwrap_or_default())]).collect(),
            ["scale", _] => words(&["--replicas="]),
            ["set", "image", _, _] | ["scale", _, _] | ["patch", _, _, ..] | ["delete", _, _] => words(&["--dry-run=client", "--dry-run=server"]),
            ["patch"] if n.workload.0 == "statefulset" => words(&["statefulset", "configmap", "service"]),
            ["patch"] => words(&["deployment", "configmap", "service"]),
            ["delete"] if n.workload.0 == "statefulset" => words(&["pod", "statefulset", "pvc"]),
            ["delete"] => words(&["pod", "replicaset"]),
            ["patch" | "delete", kind] => n.of_kind(kind),
            _ => Vec::new(),
        }
    };
    let argo = |rest: &[&str]| -> Vec<String> {
        match rest {
            [] => words(&ARGO_SUBCOMMANDS),
            ["get" | "retry"] => words(&["rollout"]),
            ["list"] => words(&["rollouts"]),
            ["set"] => words(&["image"]),
            ["status" | "promote" | "abort" | "undo" | "pause"] | ["get" | "retry", "rollout"] | ["set", "image"] => n.rollouts(),
            ["promote", _] => words(&["--full"]),
            ["undo", _] => words(&["--to-revision="]),
            ["set", "image", r] => n.versions.iter().map(|v| format!("{}={}", r, v)).collect(),
            _ => Vec::new(),
        }
    };
    match before {
        [] => words(&PROGRAMS),
        ["kubectl" | "k", "argo", "rollouts", rest @ ..] | ["kubectl-argo-rollouts", rest @ ..] => argo(rest),
        ["kubectl" | "k", rest @ ..] => kubectl(rest),
        ["registry"] => words(&REGISTRY_SUBCOMMANDS),
        ["registry", "alias"] => words(&["set"]),
        ["registry", "versions" | "tag"] | ["registry", "alias", "set"] => n.models.clone(),
        ["serving"] => words(&SERVING_SUBCOMMANDS),
        ["db"] => words(&DB_SUBCOMMANDS),
        ["db", "snapshot"] => words(&DB_SNAPSHOT_SUBCOMMANDS),
        ["db", "snapshot", "restore"] => n.snapshots.clone(),
        ["db", "writes"] => words(&DB_WRITES_SUBCOMMANDS),
        ["traffic"] => words(&TRAFFIC_SUBCOMMANDS),
        ["traffic", "switch"] => n.services.clone(),
        ["traffic", "switch", _] | ["metrics"] => n.versions.clone(),
        ["traffic", "weight"] => n.rollouts(),
        ["notify"] => n.teams.clone(),
        // Release tools.
        ["helm"] => words(&super::helm::HELM_SUBCOMMANDS),
        ["helm", "get"] => words(&["values"]),
        ["helm", "history" | "status" | "rollback" | "uninstall"] | ["helm", "get", "values"] => n.releases.clone(),
        ["helm", "rollback", _, ..] => words(&["--dry-run", "--wait", "--timeout="]),
        ["argocd"] => words(&["app"]),
        ["argocd", "app"] => words(&super::argocd::ARGOCD_APP_SUBCOMMANDS),
        ["argocd", "app", "list" | "ls"] => Vec::new(),
        ["argocd", "app", _] => n.apps.clone(),
        ["argocd", "app", "set", _] => words(&["--sync-policy"]),
        ["argocd", "app", "set", _, "--sync-policy"] => words(&["none", "automated"]),
        ["git"] => words(&super::git::GIT_SUBCOMMANDS),
        ["git", "log"] => words(&["--oneline"]),
        ["git", "revert"] => words(&["--no-edit"]),
        ["git", "revert", "--no-edit"] => words(&["HEAD"]),
        ["help"] => words(&PROGRAMS).into_iter().chain(words(&["rollout", "argo", "get", "logs", "set", "top", "patch", "dry-run"])).collect(),
        _ => Vec::new(),
    }
}

/// Completes the last word of `input`: the new input when one word fits (or the words that fit
/// share a longer beginning), and the choices when several fit.
pub fn complete(input: &str, names: &Names) -> (Option<String>, Vec<String>) {
    let start = input.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    let (head, word) = input.split_at(start);
    let before: Vec<&str> = head.split_whitespace().collect();
    let mut matches: Vec<String> = candidates(&before, names).into_iter().filter(|c| c.starts_with(word)).collect();
    crate::sort::sort(&mut matches);
    matches.dedup();
    match matches.as_slice() {
        [] => (None, Vec::new()),
        [one] => {
            let space = if one.ends_with('=') || one.ends_with('/') { "" } else { " " };
            (Some(format!("{head}{one}{space}")), Vec::new())
        }
        many => {
            let common = many.iter().skip(1).fold(many[0].clone(), |acc, m| {
                acc.chars().zip(m.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect()
            });
            let extended = (common.len() > word.len()).then(|| format!("{head}{common}"));
            (extended, many.to_vec())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(kind: &str) -> Names {
        Names {
            workload: (kind.into(), "checkout".into()),
            pods: vec!["checkout-6b7c9d-abcde".into()],
            versions: vec!["v1".into(), "v2".into()],
            snapshots: vec!["nightly".into()],
            teams: vec!["payments".into(), "oncall".into()],
            ..Names::default()
        }
    }

    #[test]
    fn statefulset_names_complete() {
        let n = Names { claims: vec!["data-index-0".into()], pods: vec!["index-0".into()], ..names("statefulset") };
        assert_eq!(complete("kubectl rollout undo ", &n).0.as_deref(), Some("kubectl rollout undo statefulset/checkout "));
        assert!(complete("kubectl get sts ", &n).1.contains(&"checkout".to_string()));
        assert_eq!(complete("kubectl delete pvc d", &n).0.as_deref(), Some("kubectl delete pvc data-index-0 "));
        assert_eq!(complete("kubectl get statef", &n).0.as_deref(), Some("kubectl get statefulsets "));
        assert!(complete("kubectl delete ", &n).1.contains(&"statefulset".to_string()));
    }

    #[test]
    fn completes_words_in_context() {
        let n = names("deployment");
        assert_eq!(complete("kub", &n).0.as_deref(), Some("kubectl"));
        assert_eq!(complete("kubectl rollout un", &n).0.as_deref(), Some("kubectl rollout undo "));
        assert_eq!(complete("kubectl rollout undo deployment/c", &n).0.as_deref(), Some("kubectl rollout undo deployment/checkout "));
        assert_eq!(complete("kubectl rollout undo ", &n).0.as_deref(), Some("kubectl rollout undo deployment/checkout "));
        let (_, many) = complete("kubectl rollout ", &n);
        assert!(many.contains(&"undo".to_owned()));
        assert_eq!(complete("db snapshot restore ", &n).0.as_deref(), Some("db snapshot restore nightly "));
        assert_eq!(complete("zzz", &n), (None, Vec::new()));
        assert_eq!(complete("kubectl to", &n).0.as_deref(), Some("kubectl top "));
        assert_eq!(complete("kubectl top n", &n).0.as_deref(), Some("kubectl top nodes "));
        assert_eq!(complete("kubectl get pods -o js", &n).0.as_deref(), Some("kubectl get pods -o json"));
        assert_eq!(complete("kubectl get pods -o jsonp", &n).0.as_deref(), Some("kubectl get pods -o jsonpath="));
        assert_eq!(complete("kubectl get events --so", &n).0.as_deref(), Some("kubectl get events --sort-by="));
        assert_eq!(complete("kubectl rollout undo deployment/checkout --dry-run=s", &n).0.as_deref(), Some("kubectl rollout undo deployment/checkout --dry-run=server "));
        assert_eq!(complete("kubectl logs -l app=checkout --si", &n).0.as_deref(), Some("kubectl logs -l app=checkout --since="));
        // Never splits a character.
        assert_eq!(complete("notify é", &n), (None, Vec::new()));
        assert_eq!(complete("ééé ", &n).0, None);
    }

    #[test]
    fn release_tools_complete_their_names() {
        let n = Names { releases: vec!["checkout".into()], apps: vec!["catalog".into()], ..names("deployment") };
        assert_eq!(complete("helm rollb", &n).0.as_deref(), Some("helm rollback "));
        assert_eq!(complete("helm rollback ", &n).0.as_deref(), Some("helm rollback checkout "));
        assert_eq!(complete("argocd app rollback ", &n).0.as_deref(), Some("argocd app rollback catalog "));
        assert_eq!(complete("argocd app set catalog --sync-policy n", &n).0.as_deref(), Some("argocd app set catalog --sync-policy none "));
        assert_eq!(complete("git rev", &n).0.as_deref(), Some("git revert "));
    }

    #[test]
    fn after_abort_only_rollout_names() {
        let n = names("rollout");
        assert_eq!(complete("kubectl argo rollouts abort ", &n), (Some("kubectl argo rollouts abort checkout ".into()), Vec::new()));
        assert_eq!(complete("kubectl argo rollouts abort ", &names("deployment")), (None, Vec::new()));
        let (_, many) = complete("kubectl argo rollouts ", &n);
        assert_eq!(many, words(&ARGO_SUBCOMMANDS).into_iter().collect::<std::collections::BTreeSet<_>>().into_iter().collect::<Vec<_>>());
    }
}
