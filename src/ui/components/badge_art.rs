use yew::prelude::*;

/// A badge as a small SVG medal: a ribbon, a disc and the badge's initials. Decorative: the name is
/// always written beside it, so the picture is hidden from screen readers. `name` is the badge's
/// name, whose initials go on the medal; Rollback Mastery (`mastery`) gets the gold medal. A plain
/// function, not a component: it has no state, and each component costs the wasm its own copy of
/// yew's component machinery (docs/performance.md, "Session 10").
pub fn badge_art(name: &str, mastery: bool) -> Html {
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next().filter(char::is_ascii_alphanumeric))
        .take(2)
        .collect::<String>()
        // ASCII only (filtered above): no Unicode case tables in the wasm.
        .to_ascii_uppercase();
    html! {
        <svg class={classes!("badge-art", mastery.then_some("mastery"))} viewBox="0 0 64 80" width="64" height="80"
            aria-hidden="true" focusable="false">
            <path class="ribbon" d="M18 0h12l6 26-12 6zM34 0h12l-6 32-12-6z" />
            <circle class="disc" cx="32" cy="50" r="26" />
            <circle class="ring" cx="32" cy="50" r="20" />
            <text x="32" y="57" text-anchor="middle">{ initials }</text>
        </svg>
    }
}
