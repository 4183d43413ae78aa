use yew::prelude::*;

use crate::sim::StateView;

/// What a Service is for: user traffic enters through the production one; the others reach the
/// canary or the preview pods directly.
fn service_role(name: &str, production: bool) -> &'static str {
    if production {
        "production"
    } else if name.ends_with("-canary") {
        "canary"
    } else {
        "preview"
    }
}

/// Where requests go: a stacked bar (SVG) and the same numbers as text, with each version's success rate.
pub fn traffic_split(v: &StateView, versions: &[String]) -> Html {
    let total: f64 = v.traffic.iter().map(|(_, s)| s.max(0.0)).sum();
    let mut x = 0.0;
    let colour = |name: &str| versions.iter().position(|v| v == name).unwrap_or(0) % 6;
    html! {
        <div class="traffic-split">
            <svg class="split-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                <rect class="split-empty" x="0" y="0" width="100" height="8" />
                { for v.traffic.iter().map(|(name, share)| {
                    let w = if total > 0.0 { share.max(0.0) / total * 100.0 } else { 0.0 };
                    let rect = html! { <rect class={format!("split ver-{}", colour(name))} x={crate::fixed::fixed(x, 2)} y="0" width={crate::fixed::fixed(w, 2)} height="8" /> };
                    x += w;
                    rect
                }) }
            </svg>
            <ul class="split-list">
                { for v.traffic.iter().map(|(name, share)| html! {
                    <li>
                        <span class={classes!("swatch", format!("ver-{}", colour(name)))} aria-hidden="true"></span>
                        <strong>{ name }</strong>{ format!(" {}% of requests", crate::fixed::fixed(share * 100.0, 0)) }
                        if let Some((_, ok)) = v.success_by_version.iter().find(|(k, _)| k == name) { { format!(" · {}% succeed", crate::fixed::fixed(ok * 100.0, 1)) } }
                    </li>
                }) }
                if v.traffic.is_empty() { <li>{ "No traffic is being served." }</li> }
            </ul>
            // The same Services, selectors and weight as `traffic show` prints, read from the same state.
            <ul class="services" aria-label="Where each Service sends requests">{ for v.services.iter().map(|s| html! {
                <li class="service">{ format!("service/{} → {} ({})", s.name, s.version.as_deref().map_or("all app pods", |v| if v.is_empty() { "nothing" } else { v }), service_role(&s.name, s.production)) }</li>
            }) }</ul>
            if let (Some(weight), Some(_)) = (v.workload.canary_weight, &v.workload.new_version) {
                <p class="meta canary-weight">{ format!("canary weight: {weight}%") }</p>
            }
        </div>
    }
}
