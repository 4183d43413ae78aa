//! `help` texts: general and per command.

/// The help text for a topic (`[]` for the overview), or `None` if there is no such topic.
pub fn help_text(topic: &[String]) -> Option<String> {
    let t: Vec<&str> = topic.iter().map(String::as_str).collect();
    let text = match t.as_slice() {
        [] => GENERAL,
        ["kubectl"] => KUBECTL,
        ["kubectl", "rollout", ..] | ["rollout", ..] => ROLLOUT,
        ["kubectl", "get", ..] | ["get", ..] => GET,
        ["kubectl", "logs", ..] | ["logs", ..] => LOGS,
        ["kubectl", "top", ..] | ["top", ..] => TOP,
        ["kubectl", "patch", ..] | ["patch", ..] => PATCH,
        ["dry-run", ..] | ["--dry-run", ..] => DRY_RUN,
        ["kubectl", "set", ..] | ["set", ..] => SET,
        ["kubectl", "argo", ..] | ["argo", ..] | ["kubectl-argo-rollouts", ..] => ARGO,
        ["registry", ..] | ["serving", ..] => REGISTRY,
        ["db", ..] => DB,
        ["traffic", ..] => TRAFFIC,
        ["metrics", ..] | ["alerts", ..] => METRICS,
        ["notify", ..] => NOTIFY,
        ["wait", ..] => WAIT,
        ["helm", ..] => HELM,
        ["argocd", ..] => ARGOCD,
        ["git", ..] => GIT,
        ["kubectl", other, ..] => return help_text(&[other.to_string()]),
        _ => return None,
    };
    Some(text.trim_end().to_string())
}

const GENERAL: &str = "\
Commands:
  kubectl get|describe|logs|top|rollout|set image|scale|patch|delete|cordon|drain   the cluster (help kubectl)
  kubectl argo rollouts get|status|promote|abort|undo|retry|pause|set image   Argo Rollouts (help argo)
  registry models|versions|alias set|tag     the model registry (help registry)
  serving status|reload                      the model server
  db status|snapshot|writes|migrate          the database (help db)
  traffic show|switch|weight                 the traffic router (help traffic)
  metrics [VERSION]                          success rate, latency, drift per version
  alerts                                     alerts firing now
  notify TEAM MESSAGE                        tell a team what is going on
  wait DURATION                              let time pass (e.g. wait 30s)
  helm list|history|status|get values|rollback   the Helm release (help helm)
  argocd app list|get|history|rollback|set|sync   the Argo CD Application (help argocd)
  git log --oneline|revert|push              the Application's Git repository (help git)
  help TOPIC                                 more about a command
";

const KUBECTL: &str = "\
kubectl controls the Kubernetes cluster (one context, `lab`; --context=OTHER is refused as kubectl does).

  kubectl get TYPE [NAME] [-o wide|name|yaml|json|jsonpath=…|custom-columns=…] [-l KEY=VALUE]
              [--field-selector F=V] [--sort-by=PATH] [--no-headers] [-A]   (help get)
  kubectl describe TYPE [NAME] [-l KEY=VALUE]
  kubectl logs POD|deployment/NAME|-l KEY=VALUE [--previous] [--since=5m] [--tail=N]
  kubectl top pods|nodes [NAME] [-l KEY=VALUE]
  kubectl rollout status|history|undo|pause|resume|restart deployment/NAME
  kubectl set image deployment/NAME CONTAINER=IMAGE   (CONTAINER may be *)
  kubectl scale deployment/NAME --replicas=N
  kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]   (help patch)
  kubectl delete pod|rs|pdb NAME
  kubectl cordon|uncordon NODE
  kubectl drain NODE --ignore-daemonsets [--disable-eviction]   cordon, then evict the node's pods
      (a PodDisruptionBudget can refuse an eviction: kubectl retries every 5s; here, run drain again)
  undo, set image, scale, patch and delete take --dry-run=client|server (help dry-run)
";

const ROLLOUT: &str = "\
kubectl rollout manages the rollout of a Deployment.

  status   Show the status of the rollout
  history  View rollout history (--revision=N for one revision's template)
  undo     Undo a previous rollout (--to-revision=N to pick one; undo does NOT revert ConfigMaps)
  pause    Mark the deployment as paused (a paused deployment cannot be rolled back)
  resume   Resume a paused deployment
  restart  Restart the pods (they re-read their ConfigMap)
";

const GET: &str = "\
kubectl get TYPE[,TYPE…] [NAME] [flags]
Types: pods (po), deployments (deploy), replicasets (rs), events (ev), configmaps (cm), services (svc), nodes (no),
rollouts (ro), analysisruns (ar), all.
  -o wide|name|yaml|json          more columns, names only, or the whole API object
  -o jsonpath='{.items[*].metadata.name}'   fields, [N], [*], [?(@.type==\"Ready\")], {range …}{end}
  -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image
  -l app=myapp,version!=v2        label selector      --field-selector status.phase=Running
  --sort-by=.lastTimestamp        order by a field    --no-headers    -A (all namespaces)
";

const LOGS: &str = "\
kubectl logs POD|deployment/NAME [--previous|-p] [--since=DURATION] [--tail=N]
kubectl logs -l KEY=VALUE [...]   every matching pod (the last 10 lines of each unless --tail says otherwise)
--previous prints the logs of the last terminated container (useful in CrashLoopBackOff).
";

const TOP: &str = "\
kubectl top pods [NAME] [-l KEY=VALUE]   CPU and memory of running pods (from the simulator's traffic)
kubectl top nodes [NAME]                 the same per node, with the share of its capacity
";

const PATCH: &str = "\
kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json] [--dry-run=client|server]
  deployment: the image, replicas or paused, e.g.
    -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"myapp\",\"image\":\"reg/myapp:v1\"}]}}}}'
    --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"reg/myapp:v1\"}]'
  configmap: -p '{\"data\":{\"KEY\":\"VALUE\"}}'      service: -p '{\"spec\":{\"selector\":{\"version\":\"v1\"}}}'
";

const DRY_RUN: &str = "\
--dry-run=client   print what would be sent and send nothing (bare --dry-run means this, with a warning)
--dry-run=server   let the server check the change and keep nothing
--dry-run=none     a real change (the default)
A dry run never changes the cluster, so it rolls nothing back: it is a rehearsal, not a mitigation.
Taken by rollout undo, set image, scale, patch and delete (not by rollout pause, resume or restart).
";

const SET: &str = "\
kubectl set image deployment/NAME CONTAINER=IMAGE:TAG
Changes the pod template's image: a new revision is rolled out.
";

const ARGO: &str = "\
kubectl argo rollouts manages Argo Rollouts (blue-green and canary).

  get rollout NAME          Tree of the rollout, its ReplicaSets, pods and analysis runs
  status NAME               One-line status (Healthy, Progressing, Paused, Degraded)
  promote NAME [--full]     Go to the next step (--full: skip all remaining steps and analysis)
  abort NAME                Send all traffic back to stable; the rollout stays Degraded
  undo NAME [--to-revision=N]   Roll back to the previous (or given) revision
  retry rollout NAME        Restart an aborted update
  pause NAME                Pause the rollout
  set image NAME CONTAINER=IMAGE   Update the image (setting the stable image clears an abort)
";

const REGISTRY: &str = "\
registry models                               List registered models and their aliases
registry versions MODEL                       List versions, aliases and tags
registry alias set MODEL ALIAS VERSION        Move an alias (the server keeps its loaded model until it reloads)
registry tag MODEL VERSION KEY=VALUE          Tag a version (e.g. validation_status=rejected)
serving status                                What the model server has loaded
serving reload                                Reload the model from its alias
";

const DB: &str = "\
db status                      Instance, schema version, rows, writes on/off
db snapshot create NAME        Take a snapshot now
db snapshot list               List snapshots
db snapshot restore NAME       Restore into a new instance (writes made after the snapshot are lost)
db writes stop|resume          Put the app in read-only mode, or back
db migrate VERSION             Migrate the schema (down only if migrations are reversible)
";

const TRAFFIC: &str = "\
traffic show                   Where each Service sends requests, and the split of the last second
traffic switch SERVICE VERSION Point a Service at the pods of one version (instant for blue-green)
traffic weight ROLLOUT PERCENT Set the canary weight on the router (0 sends everything to stable)
";

const METRICS: &str = "\
metrics [VERSION]   Last-minute rps, success rate, p50/p99 latency per version, accuracy (from late ground truth),
                    drift, failed requests and error budget.
alerts              Alerts firing now.
";

const NOTIFY: &str = "\
notify TEAM MESSAGE   Send a message to a team's channel (e.g. notify payments-oncall rolled back to v1).
";

const WAIT: &str = "\
wait DURATION   Let simulated time pass (e.g. wait 30s, wait 2m).
";

const HELM: &str = "\
helm list [-a] [-n NS]                       Releases in the namespace (-a: whatever their status)
helm history RELEASE [--max N]               Every revision: chart, app version, status, description
helm status RELEASE [--revision N]           The newest (or given) revision
helm get values RELEASE [--revision N] [-a]  The values a revision was made with (-a: all computed values)
helm rollback RELEASE [REVISION]             A new revision with an old revision's chart and values
      [--dry-run] [--wait] [--timeout 5m]    (no REVISION: the one before the newest; --dry-run changes nothing)
helm uninstall RELEASE                       Delete the release and every object it created
";

const ARGOCD: &str = "\
argocd app list                              Applications: sync status, health, sync policy, repository
argocd app get APP                           Sync policy, sync status against Git, health, resources
argocd app history APP                       Deployment history: ID, date, Git revision
argocd app rollback APP [ID]                 Deploy a history entry again (refused while automated sync is on)
argocd app set APP --sync-policy none|automated [--self-heal]
argocd app sync APP                          Fetch HEAD from Git and deploy it now
";

const GIT: &str = "\
git log --oneline [-n N]     The commits of the deployment repository (HEAD first)
git revert --no-edit REV     A new commit that undoes REV (e.g. HEAD)
git push                     Send the new commits to the remote (Argo CD sees them when it next polls)
";
