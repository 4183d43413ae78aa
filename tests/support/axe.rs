//! Accessibility checks with axe-core, run inside the page the browser shows.
//!
//! `scripts/bootstrap.sh` installs axe-core from npm into the git-ignored tools/ folder. The
//! checker sends the text of `axe.min.js` to the page through WebDriver's execute-script command,
//! then runs axe with execute-async. The site's Content-Security-Policy forbids inline scripts for
//! the page's own code, but scripts sent by WebDriver are evaluated by the browser's debugging
//! protocol, which CSP does not govern; the injection is checked (`window.axe` must exist after it).
//!
//! The rules: every WCAG 2.0, 2.1 and 2.2 rule at level A and AA that axe has, plus `target-size`
//! (WCAG 2.2's 24×24 CSS pixel minimum), turned on explicitly. Each violation becomes one line
//! per failing element: rule, impact, what the rule asks, the element's selector, the start of its
//! HTML and axe's own account of what is wrong (contrast ratios, sizes), so a failure reads from the log.

use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Value, json};

use super::{Site, repo};

/// The WCAG tags whose rules run.
pub const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// The text of axe.min.js, read once.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = repo().join("tools/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("axe-core is missing ({}: {e}); run scripts/bootstrap.sh, which installs it", path.display())
        })
    })
}

/// Elements left out of every check, each with the reason. A rule is never turned off; an
/// element is left out only when axe's finding about it is shown to be wrong.
pub const EXCLUDED: &[(&str, &str)] = &[];

/// Shortens `text` to at most `max` characters, on one line.
fn one_line(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max { format!("{}…", flat.chars().take(max).collect::<String>()) } else { flat }
}

/// One line per failing element of each violation, as axe reported them.
pub fn format_violations(violations: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    for v in violations.as_array().into_iter().flatten() {
        let rule = v["id"].as_str().unwrap_or("?");
        let impact = v["impact"].as_str().unwrap_or("?");
        let help = v["help"].as_str().unwrap_or("");
        for n in v["nodes"].as_array().into_iter().flatten() {
            let target = n["target"]
                .as_array()
                .map(|t| t.iter().map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_owned)).collect::<Vec<_>>().join(" >> "))
                .unwrap_or_default();
            lines.push(format!(
                "{rule} ({impact}): {help} | at {target} | html {} | {}",
                one_line(n["html"].as_str().unwrap_or(""), 160),
                one_line(n["failureSummary"].as_str().unwrap_or(""), 400),
            ));
        }
    }
    lines
}

impl Site {
    /// Puts axe-core into the page shown now, unless it is there already.
    pub async fn inject_axe(&self) {
        let present = self.script("return typeof window.axe === 'object'").await;
        if present == Value::Bool(true) {
            return;
        }
        self.driver.execute(axe_source(), vec![]).await.expect("sending axe-core to the page");
        let present = self.script("return typeof window.axe === 'object' && typeof window.axe.run === 'function'").await;
        assert_eq!(present, Value::Bool(true), "axe-core did not load in the page (blocked by the page's CSP?)");
    }

    /// Runs axe on the whole document and returns its violations, one line per failing element.
    pub async fn axe_violations(&self) -> Vec<String> {
        // Every page axe looks at is also checked for its stylesheet (see `styles`).
        self.assert_own_stylesheet_suffices(&format!("{} (before axe)", self.path().await)).await;
        self.inject_axe().await;
        self.driver.set_script_timeout(Duration::from_secs(60)).await.expect("script timeout");
        let exclude: Vec<Value> = EXCLUDED.iter().map(|(css, _)| json!([css])).collect();
        let options = json!({
            "runOnly": { "type": "tag", "values": TAGS },
            "rules": { "target-size": { "enabled": true } },
            "resultTypes": ["violations"],
        });
        let ret = self
            .driver
            .execute_async(
                r#"
                const [exclude, options, done] = arguments;
                const context = exclude.length ? { include: [document], exclude } : document;
                axe.run(context, options).then(
                  (r) => done({ violations: r.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
                  })) }),
                  (e) => done({ error: String((e && e.stack) || e) }),
                );
                "#,
                vec![json!(exclude), options],
            )
            .await
            .expect("running axe-core");
        let result = ret.json();
        if let Some(e) = result.get("error") {
            panic!("axe-core failed: {e}");
        }
        format_violations(&result["violations"])
    }
}
