//! How a learner's parsed commands are matched against the scenario's `[workflow]` matchers
//! (the section itself is data on the scenario side: `crate::sim::workflow`).
//!
//! Architecture invariant: matching works on parsed [`Command`]s, never on the typed text. A matcher is
//! written as an example command line (`kubectl rollout undo deploy/checkout`) that is parsed once with
//! the console's own parser; a learner's command matches when it has the same shape and agrees on
//! every part the example spells out. So `kubectl rollout undo deployment checkout`, `k rollout undo
//! deployments.apps/checkout` and a UI button that dispatches the canonical line all count the same.
//!
//! What "spells out" means, precisely (see [`pattern_matches`]): both commands are turned into their
//! serde tree; a `null` (an option the example left out), `false` (a flag it did not give) or the
//! string `"*"` in the example matches anything; a list in the example must be contained in the
//! learner's list (`kubectl get pods` matches `kubectl get pods,deploy -o wide`); fields named in the
//! matcher's `any` list are ignored (`any = ["replicas"]` for "scale to any size"); everything else
//! must be equal.

use crate::sim::workflow::{Matcher, command_tree};
use crate::sim::{Command, parse};

/// A matcher parsed once: the example as a serde tree.
#[derive(Clone, Debug)]
pub struct CompiledMatcher {
    pattern: serde_json::Value,
    any: Vec<String>,
}

impl CompiledMatcher {
    /// Parses the example; the error is the console's parse error.
    pub fn compile(m: &Matcher) -> Result<CompiledMatcher, String> {
        let cmd = parse(&m.command).map_err(|e| e.to_string())?;
        if matches!(cmd, Command::Empty) {
            return Err("the example command is empty".to_string());
        }
        Ok(CompiledMatcher { pattern: command_tree(&cmd), any: m.any.clone() })
    }

    /// Whether a learner's command (as a tree from [`command_tree`]) matches.
    pub fn matches(&self, learner: &serde_json::Value) -> bool {
        pattern_matches(&self.pattern, learner, &self.any)
    }
}
/// Structural match of an example tree against a learner's tree (see the module docs).
pub fn pattern_matches(pattern: &serde_json::Value, actual: &serde_json::Value, any: &[String]) -> bool {
    use serde_json::Value as V;
    match (pattern, actual) {
        (V::Null, _) | (V::Bool(false), _) => true,
        (V::String(s), _) if s == "*" => true,
        (V::Object(p), V::Object(a)) => p.iter().all(|(k, pv)| {
            if any.iter().any(|x| x == k) {
                return true;
            }
            match a.get(k) {
                Some(av) => pattern_matches(pv, av, any),
                None => pv.is_null(),
            }
        }),
        (V::Array(p), V::Array(a)) => p.iter().all(|pv| a.iter().any(|av| pattern_matches(pv, av, any))),
        (p, a) => p == a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::workflow::command_tree;

    fn m(cmd: &str) -> CompiledMatcher {
        CompiledMatcher::compile(&Matcher { command: cmd.to_string(), any: Vec::new() }).unwrap()
    }

    fn learner(line: &str) -> serde_json::Value {
        command_tree(&parse(line).unwrap())
    }

    #[test]
    fn equivalent_spellings_of_undo_match() {
        let undo = m("kubectl rollout undo deploy/myapp");
        for line in [
            "kubectl rollout undo deployment myapp",
            "kubectl rollout undo deployment/myapp",
            "k rollout undo deployments.apps/myapp",
            "kubectl -n default rollout undo deploy myapp",
            "kubectl rollout undo deploy/myapp --to-revision=1",
        ] {
            assert!(undo.matches(&learner(line)), "{line}");
        }
        for line in ["kubectl rollout undo deploy/other", "kubectl rollout restart deploy/myapp", "kubectl rollout status deploy/myapp"] {
            assert!(!undo.matches(&learner(line)), "{line}");
        }
    }

    #[test]
    fn spelled_out_options_must_agree() {
        let to1 = m("kubectl rollout undo deployment/myapp --to-revision=1");
        assert!(to1.matches(&learner("kubectl rollout undo deploy myapp --to-revision 1")));
        assert!(!to1.matches(&learner("kubectl rollout undo deploy/myapp")));
        assert!(!to1.matches(&learner("kubectl rollout undo deploy/myapp --to-revision=2")));
    }

    #[test]
    fn lists_are_subsets_and_flags_wildcards() {
        let get = m("kubectl get pods");
        assert!(get.matches(&learner("kubectl get po -o wide")));
        assert!(get.matches(&learner("kubectl get deploy,pods")));
        assert!(!get.matches(&learner("kubectl get rs")));
        let promote = m("kubectl argo rollouts promote myapp");
        assert!(promote.matches(&learner("kubectl argo rollouts promote myapp --full")));
        assert!(promote.matches(&learner("kubectl-argo-rollouts promote myapp")));
    }

    #[test]
    fn any_fields_and_star_are_wildcards() {
        let scale = CompiledMatcher::compile(&Matcher { command: "kubectl scale deploy/myapp --replicas=10".into(), any: vec!["replicas".into()] }).unwrap();
        assert!(scale.matches(&learner("kubectl scale deployment myapp --replicas 3")));
        let del = m("kubectl delete rs *");
        assert!(del.matches(&learner("kubectl delete replicaset myapp-6b7c9d")));
        assert!(!del.matches(&learner("kubectl delete pod myapp-6b7c9d")));
        let patch = m(r#"kubectl patch cm app-config -p '{"data":{"MODE":"safe"}}'"#);
        assert!(patch.matches(&learner(r#"kubectl patch configmap app-config -p '{ "data": { "MODE": "safe", "X": "1" } }'"#)));
        assert!(!patch.matches(&learner(r#"kubectl patch configmap app-config -p '{"data":{"MODE":"fast"}}'"#)));
        let notify = m("notify * *");
        assert!(notify.matches(&learner("notify payments 'it is your outage'")));
    }

    #[test]
    fn garbage_example_does_not_compile() {
        assert!(CompiledMatcher::compile(&Matcher { command: "kubectl rollbak undo x".into(), any: vec![] }).is_err());
        assert!(CompiledMatcher::compile(&Matcher { command: "".into(), any: vec![] }).is_err());
    }
}

