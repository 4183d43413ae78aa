//! `kubectl get`: every object of the asked kinds as a table row and as an API object
//! ([`super::objects`]), filtered by name, `-l` and `--field-selector`, ordered by `--sort-by`,
//! printed as a table (`-o wide`, `--no-headers`, `-A` with its NAMESPACE column), names, JSON,
//! YAML, a JSONPath template or custom columns.

use serde_json::Value;

use super::command::{OutputFormat, ResourceKind};
use super::jsonpath;
use super::kubectl::{age, has_kind, not_found, pod_ready_str, pod_restarts_str, row};
use super::objects::{self, field_selector_matches, label_selector_matches, pod_ip};
use super::table::{human_duration, kubectl_table};
use crate::sim::cluster::PodPhase;
use crate::sim::simulator::{Output, Sim};

/// What `kubectl get` was asked, as the parser gives it.
pub(crate) struct GetArgs<'a> {
    /// Kinds, in the order typed.
    pub kinds: &'a [ResourceKind],
    /// One object's name.
    pub name: Option<&'a str>,
    /// `-o`.
    pub output: Option<&'a OutputFormat>,
    /// `-l`.
    pub selector: Option<&'a str>,
    /// `--field-selector`.
    pub field_selector: Option<&'a str>,
    /// `--sort-by`.
    pub sort_by: Option<&'a str>,
    /// `--no-headers`.
    pub no_headers: bool,
    /// `-A`.
    pub all_namespaces: bool,
    /// `--show-labels`.
    pub show_labels: bool,
}

/// One object: its name, its table row and its API form.
struct Item {
    name: String,
    row: Vec<String>,
    obj: Value,
}

/// The table header and rows of a kind, by object name (events: in [`objects::events`] order).
fn rows(sim: &Sim, kind: ResourceKind, wide: bool) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let app = sim.scenario().app.name.clone();
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let header = match kind {
        ResourceKind::Pod => {
            let mut header = row(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
            if wide {
                header.extend(row(&["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]));
            }
            for p in sim.pods() {
                let mut r = vec![p.name.clone(), pod_ready_str(p).to_string(), p.phase.as_str().to_string(), pod_restarts_str(sim, p), age(sim, p.created)];
                if wide {
                    let node = p.node.and_then(|n| sim.nodes().get(n)).map_or("<none>".to_string(), |n| n.name.clone());
                    let ip = if p.node.is_some() && p.phase != PodPhase::Pending { pod_ip(&p.name) } else { "<none>".to_string() };
                    r.extend([ip, node, "<none>".to_string(), "<none>".to_string()]);
                }
                out.push((p.name.clone(), r));
            }
            header
        }
        ResourceKind::Deployment => {
            let mut header = row(&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
            if wide {
                header.extend(row(&["CONTAINERS", "IMAGES", "SELECTOR"]));
            }
            if let Some(d) = sim.deployment() {
                let st = sim.deployment_status();
                let mut r = vec![d.name.clone(), format!("{}/{}", st.available, d.replicas), st.updated.to_string(), st.available.to_string(), age(sim, d.created)];
                if wide {
                    r.extend([app.clone(), sim.image_of(d.template.vid), format!("app={app}")]);
                }
                out.push((d.name.clone(), r));
            }
            header
        }
        ResourceKind::StatefulSet => {
            // printers.go's printStatefulSet: NAME READY AGE, wide adds CONTAINERS IMAGES.
            let mut header = row(&["NAME", "READY", "AGE"]);
            if wide {
                header.extend(row(&["CONTAINERS", "IMAGES"]));
            }
            if let Some(set) = sim.statefulset() {
                let st = sim.statefulset_status();
                let mut r = vec![set.name.clone(), format!("{}/{}", st.ready, set.replicas), age(sim, set.created)];
                if wide {
                    r.extend([app.clone(), sim.image_of(set.template.vid)]);
                }
                out.push((set.name.clone(), r));
            }
            header
        }
        ResourceKind::ControllerRevision => {
            // printers.go's printControllerRevision: NAME CONTROLLER REVISION AGE.
            let controller = sim.statefulset().map_or("<none>".to_string(), |s| format!("statefulset.apps/{}", s.name));
            for r in sim.controller_revisions() {
                out.push((r.name.clone(), vec![r.name.clone(), controller.clone(), r.revision.to_string(), age(sim, r.created)]));
            }
            row(&["NAME", "CONTROLLER", "REVISION", "AGE"])
        }
        ResourceKind::PersistentVolumeClaim => {
            // printers.go's printPersistentVolumeClaim (a claim being deleted shows Terminating).
            let mut header = row(&["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"]);
            if wide {
                header.push("VOLUMEMODE".to_string());
            }
            for c in sim.claims() {
                let status = if c.deleting { "Terminating" } else { "Bound" };
                let mut r = vec![c.name.clone(), status.to_string(), c.volume.clone(), "20Gi".to_string(), "RWO".to_string(), "standard".to_string(), "<unset>".to_string(), age(sim, c.created)];
                if wide {
                    r.push("Filesystem".to_string());
                }
                out.push((c.name.clone(), r));
            }
            header
        }
        ResourceKind::ReplicaSet => {
            let mut header = row(&["NAME", "DESIRED", "CURRENT", "READY", "AGE"]);
            if wide {
                header.extend(row(&["CONTAINERS", "IMAGES", "SELECTOR"]));
            }
            for rs in sim.replicasets() {
                let (cur, ready) = sim.rs_pod_counts(rs.uid);
                let mut r = vec![rs.name.clone(), rs.replicas.to_string(), cur.to_string(), ready.to_string(), age(sim, rs.created)];
                if wide {
                    r.extend([app.clone(), sim.image_of(rs.template.vid), format!("app={app},pod-template-hash={}", rs.hash)]);
                }
                out.push((rs.name.clone(), r));
            }
            header
        }
        ResourceKind::Rollout => {
            if let Some(ro) = sim.rollout() {
                let mut cur = 0;
                let mut avail = 0;
                for rs in sim.replicasets() {
                    let (c, r) = sim.rs_pod_counts(rs.uid);
                    cur += c;
                    avail += r;
                }
                let upd = sim.rs_for_template(ro.template).and_then(|i| sim.replicasets().get(i)).map_or(0, |r| sim.rs_pod_counts(r.uid).0);
                out.push((ro.name.clone(), vec![ro.name.clone(), ro.replicas.to_string(), cur.to_string(), upd.to_string(), avail.to_string(), age(sim, ro.created)]));
            }
            row(&["NAME", "DESIRED", "CURRENT", "UP-TO-DATE", "AVAILABLE", "AGE"])
        }
        ResourceKind::AnalysisRun => {
            if let Some(a) = sim.rollout().and_then(|r| r.analysis.as_ref()) {
                out.push((a.name.clone(), vec![a.name.clone(), a.phase.as_str().to_string(), age(sim, i64::from(a.started))]));
            }
            row(&["NAME", "STATUS", "AGE"])
        }
        ResourceKind::Service => {
            let mut kube = vec!["kubernetes".to_string(), "ClusterIP".to_string(), "10.96.0.1".to_string(), "<none>".to_string(), "443/TCP".to_string(), age(sim, -i64::from(sim.scenario().cluster.age.0) - 86_400)];
            if wide {
                kube.push("<none>".to_string());
            }
            out.push(("kubernetes".to_string(), kube));
            let objs = objects::objects(sim, ResourceKind::Service);
            for s in sim.services() {
                let mut r = vec![s.name.clone(), "ClusterIP".to_string(), s.cluster_ip.clone(), "<none>".to_string(), "80/TCP".to_string(), age(sim, -i64::from(sim.scenario().cluster.age.0))];
                if wide {
                    // The SELECTOR column: the spec's selector as k=v pairs by key.
                    let sel = objs.iter().find(|(n, _)| *n == s.name).and_then(|(_, o)| o.pointer("/spec/selector")).and_then(Value::as_object);
                    let pairs: Vec<String> = sel.map(|m| m.iter().map(|(k, v)| format!("{k}={}", jsonpath::text_of(v))).collect()).unwrap_or_default();
                    r.push(if pairs.is_empty() { "<none>".to_string() } else { pairs.join(",") });
                }
                out.push((s.name.clone(), r));
            }
            let mut header = row(&["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]);
            if wide {
                header.push("SELECTOR".to_string());
            }
            header
        }
        ResourceKind::Node => {
            for n in sim.nodes() {
                let status = if n.ready { "Ready" } else { "NotReady" };
                // printers.go: SchedulingDisabled is appended to a cordoned node's conditions.
                let status = if n.unschedulable { format!("{status},SchedulingDisabled") } else { status.to_string() };
                out.push((n.name.clone(), vec![n.name.clone(), status, "<none>".to_string(), age(sim, -i64::from(sim.scenario().cluster.age.0) - 86_400), "v1.30.4".to_string()]));
            }
            row(&["NAME", "STATUS", "ROLES", "AGE", "VERSION"])
        }
        ResourceKind::PodDisruptionBudget => {
            if let (Some(name), Some(spec), Some(st)) = (sim.pdb_name(), sim.pdb_spec(), sim.pdb_status()) {
                let na = |v: Option<crate::sim::scenario::IntOrPercent>| v.map_or("N/A".to_string(), |x| x.to_string());
                let created = -i64::from(sim.scenario().cluster.age.0);
                out.push((name.to_string(), vec![name.to_string(), na(spec.min_available), na(spec.max_unavailable), st.disruptions_allowed.to_string(), age(sim, created)]));
            }
            row(&["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"])
        }
        ResourceKind::ConfigMap => {
            for c in sim.configmaps() {
                out.push((c.name.clone(), vec![c.name.clone(), c.data.len().to_string(), age(sim, c.created)]));
            }
            row(&["NAME", "DATA", "AGE"])
        }
        ResourceKind::Event => {
            for e in objects::events(sim) {
                let seen = human_duration(i64::from(sim.tick() - e.last.min(sim.tick())));
                let seen = if e.count > 1 { format!("{seen} (x{} over {})", e.count, human_duration(i64::from(sim.tick() - e.first.min(sim.tick())))) } else { seen };
                out.push((String::new(), vec![seen, e.level.to_string(), e.reason, e.object, e.message]));
            }
            row(&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"])
        }
    };
    (header, out)
}

/// The objects of one kind, each with its row.
fn items(sim: &Sim, kind: ResourceKind, wide: bool) -> (Vec<String>, Vec<Item>) {
    let (header, rows) = rows(sim, kind, wide);
    let objs = objects::objects(sim, kind);
    let items = if kind == ResourceKind::Event {
        objs.into_iter().zip(rows).map(|((name, obj), (_, row))| Item { name, row, obj }).collect()
    } else {
        let mut items: Vec<Item> = rows
            .into_iter()
            .filter_map(|(name, row)| objs.iter().find(|(n, _)| *n == name).map(|(_, obj)| Item { name, row, obj: obj.clone() }))
            .collect();
        crate::sort::sort_by(&mut items, |a, b| a.name.cmp(&b.name));
        items
    };
    (header, items)
}

/// `--sort-by`'s key of one object: numbers by value, everything else by its text.
#[derive(PartialEq, PartialOrd)]
enum SortKey {
    Missing,
    Number(f64),
    Text(String),
}

fn sort_key(steps: &[jsonpath::Step], obj: &Value) -> SortKey {
    match jsonpath::eval_path(steps, obj).first() {
        None => SortKey::Missing,
        Some(Value::Number(n)) => SortKey::Number(n.as_f64().unwrap_or(0.0)),
        Some(v) => SortKey::Text(jsonpath::text_of(v)),
    }
}

/// The printed `kind.group/name` of an object (`-o name`).
fn printed_name(kind: ResourceKind, name: &str) -> String {
    format!("{}/{name}", kind.printed())
}

/// Runs `kubectl get` (the namespace was checked by the caller).
pub(crate) fn get(sim: &Sim, g: &GetArgs) -> Output {
    let ns = sim.scenario().cluster.namespace.clone();
    let wide = g.output == Some(&OutputFormat::Wide);
    let sort = match g.sort_by {
        Some(s) => match jsonpath::parse_path(&jsonpath::relaxed(s), s) {
            Ok(steps) => Some(steps),
            Err(e) => return Output::err(e),
        },
        None => None,
    };
    let template = match g.output {
        Some(OutputFormat::JsonPath(t)) => match jsonpath::parse_template(t) {
            Ok(t) => Some(t),
            Err(e) => return Output::err(e),
        },
        _ => None,
    };
    let columns = match g.output {
        Some(OutputFormat::CustomColumns(spec)) => match custom_columns(spec) {
            Ok(c) => Some(c),
            Err(e) => return Output::err(e),
        },
        _ => None,
    };
    let mut tables: Vec<String> = Vec::new();
    let mut all: Vec<(ResourceKind, Item)> = Vec::new();
    for &kind in g.kinds {
        if !has_kind(sim, kind) && g.kinds.len() > 1 {
            continue;
        }
        let (header, mut list) = items(sim, kind, wide);
        if let Some(n) = g.name {
            list.retain(|i| i.name == n);
            if list.is_empty() {
                return not_found(kind, n);
            }
        }
        if let Some(sel) = g.selector {
            let mut kept = Vec::new();
            for i in list {
                match label_selector_matches(&i.obj, sel) {
                    Ok(true) => kept.push(i),
                    Ok(false) => {}
                    Err(e) => return Output::err(e),
                }
            }
            list = kept;
        }
        if let Some(fs) = g.field_selector {
            let mut kept = Vec::new();
            for i in list {
                match field_selector_matches(kind, &i.obj, fs) {
                    Ok(true) => kept.push(i),
                    Ok(false) => {}
                    Err(e) => return Output::err(e),
                }
            }
            list = kept;
        }
        if let Some(steps) = &sort {
            let mut keyed: Vec<(SortKey, Item)> = list.into_iter().map(|i| (sort_key(steps, &i.obj), i)).collect();
            // The shared sort: a total order here (a JSON number is never NaN), so the same order.
            crate::sort::sort_by(&mut keyed, |a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
            list = keyed.into_iter().map(|(_, i)| i).collect();
        }
        if list.is_empty() {
            continue;
        }
        if g.output.is_none() || wide {
            // Nodes are not namespaced: kubectl prints no NAMESPACE column for them.
            let ns_column = g.all_namespaces && kind != ResourceKind::Node;
            let mut rows: Vec<Vec<String>> = Vec::new();
            if !g.no_headers {
                let mut h = header;
                if ns_column {
                    h.insert(0, "NAMESPACE".to_string());
                }
                if g.show_labels {
                    h.push("LABELS".to_string());
                }
                rows.push(h);
            }
            for i in &list {
                let mut r = i.row.clone();
                if g.show_labels {
                    r.push(labels_cell(&i.obj));
                }
                if ns_column {
                    let item_ns = i.obj.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or(&ns).to_string();
                    r.insert(0, item_ns);
                }
                rows.push(r);
            }
            tables.push(kubectl_table(&rows));
        }
        all.extend(list.into_iter().map(|i| (kind, i)));
    }
    if all.is_empty() {
        return Output::ok(if g.all_namespaces { "No resources found".to_string() } else { format!("No resources found in {ns} namespace.") });
    }
    let single = g.name.is_some() && all.len() == 1;
    let root = || -> Value {
        if single {
            all.first().map(|(_, i)| i.obj.clone()).unwrap_or(Value::Null)
        } else {
            objects::list(all.iter().map(|(_, i)| i.obj.clone()).collect())
        }
    };
    match g.output {
        None | Some(OutputFormat::Wide) => Output::ok(tables.join("\n\n")),
        Some(OutputFormat::Name) => Output::ok(all.iter().map(|(k, i)| printed_name(*k, &i.name)).collect::<Vec<_>>().join("\n")),
        // kubectl's four-space indent, made from the compact text (serde_json's pretty formatter
        // would be one more copy of `Value`'s serializer).
        Some(OutputFormat::Json) => Output::ok(crate::json_indent::indent_by(&crate::json_indent::compact(&root()), "    ")),
        Some(OutputFormat::Yaml) => Output::ok(super::yaml::to_yaml(&root()).trim_end().to_string()),
        Some(OutputFormat::JsonPath(_)) => Output::ok(template.map(|t| t.render(&root())).unwrap_or_default()),
        Some(OutputFormat::CustomColumns(_)) => {
            let cols = columns.unwrap_or_default();
            let mut rows: Vec<Vec<String>> = Vec::new();
            if !g.no_headers {
                rows.push(cols.iter().map(|(h, _)| h.clone()).collect());
            }
            for (_, i) in &all {
                rows.push(
                    cols.iter()
                        .map(|(_, steps)| {
                            let vals: Vec<String> = jsonpath::eval_path(steps, &i.obj).into_iter().map(jsonpath::text_of).collect();
                            if vals.is_empty() { "<none>".to_string() } else { vals.join(",") }
                        })
                        .collect(),
                );
            }
            Output::ok(kubectl_table(&rows))
        }
    }
}

/// The LABELS cell of `--show-labels`: `k=v` pairs by key, comma separated, or `<none>`.
fn labels_cell(obj: &Value) -> String {
    match obj.pointer("/metadata/labels").and_then(Value::as_object) {
        Some(m) if !m.is_empty() => {
            let mut pairs: Vec<String> = m.iter().map(|(k, v)| format!("{k}={}", jsonpath::text_of(v))).collect();
            crate::sort::sort(&mut pairs);
            pairs.join(",")
        }
        _ => "<none>".to_string(),
    }
}

/// `HEADER:PATH,…` (kubectl's `NewCustomColumnsPrinterFromSpec`).
fn custom_columns(spec: &str) -> Result<Vec<(String, Vec<jsonpath::Step>)>, String> {
    let mut cols = Vec::new();
    for part in spec.split(',') {
        let Some((header, path)) = part.split_once(':') else {
            return Err(format!("error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"));
        };
        let expr = jsonpath::relaxed(path);
        if expr.is_empty() {
            return Err("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".to_string());
        }
        cols.push((header.to_string(), jsonpath::parse_path(&expr, path)?));
    }
    Ok(cols)
}

/// `kubectl get events` as a table (what `describe event` prints too).
pub(crate) fn events_table(sim: &Sim) -> Output {
    get(sim, &GetArgs { kinds: &[ResourceKind::Event], name: None, output: None, selector: None, field_selector: None, sort_by: None, no_headers: false, all_namespaces: false, show_labels: false })
}
