//! Each page downloads only its build's stylesheet (`lab build-site` splits `static/style.css` by
//! its `@only` markers). The check here is what makes that safe: on the page shown now, every
//! element (and its `::before`/`::after`) has the same computed style with the page's own sheet as
//! with the whole stylesheet. A rule marked for the wrong build changes some element's style and
//! is reported with the element and the property.

use serde_json::{Value, json};

use super::{Site, repo};

/// The whole stylesheet, comments and markers taken out, as the page would have had it unsplit.
fn whole_stylesheet() -> String {
    let css = std::fs::read_to_string(repo().join("static/style.css")).expect("static/style.css");
    rollback_lab::cli::site::strip_css_comments(&css).expect("the stylesheet's comments")
}

/// Compares, in one task of the page (nothing of the app runs in between), every computed style
/// under the page's stylesheets with those under the whole sheet; returns up to ten differences.
const COMPARE: &str = r##"
const [whole] = arguments;
const links = [...document.querySelectorAll('link[rel="stylesheet"]')];
if (links.length !== 1 || !links[0].sheet) return { error: `${links.length} stylesheet links, ${links.filter((l) => l.sheet).length} loaded` };
const elements = [...document.querySelectorAll("body, body *")];
// An element that is not rendered (in a closed <details>, say) has no layout: the browser answers
// its geometry from whatever layout it last had, so only the properties that rules set are compared.
const geometry = /^(width|height|inline-size|block-size|min-|max-|margin|padding|top|left|right|bottom|inset|transform-origin|perspective-origin|grid-template|d$|x$|y$|cx$|cy$|r$|rx$|ry$)/;
const snapshot = (names) => elements.map((el) => {
  const rendered = el.checkVisibility();
  return [null, "::before", "::after"].map((pseudo) => {
    const style = getComputedStyle(el, pseudo);
    if (pseudo && style.content === "none") return "";
    let text = "";
    for (const name of names) if (rendered || !geometry.test(name)) text += `${name}:${style.getPropertyValue(name)};`;
    return text;
  });
});
// Only a property some rule of the whole sheet sets can differ (as longhands, which is how the
// browser lists a rule's declarations), with the sizes that follow from them.
const sheet = new CSSStyleSheet();
sheet.replaceSync(whole);
const set = new Set(["width", "height", "display", "content"]);
const collect = (rules) => { for (const rule of rules) { if (rule.style) for (let i = 0; i < rule.style.length; i++) set.add(rule.style[i]); if (rule.cssRules) collect(rule.cssRules); } };
collect(sheet.cssRules);
const names = [...set].sort();
const own = snapshot(names);
// A constructed sheet: the site's Content-Security-Policy (style-src 'self') refuses a <style>.
for (const link of links) link.disabled = true;
document.adoptedStyleSheets = [sheet];
const applied = getComputedStyle(document.body).display === "flex";
const all = snapshot(names);
document.adoptedStyleSheets = [];
for (const link of links) link.disabled = false;
if (!applied) return { error: "the whole sheet did not apply (body is not a flex box with it)" };
const differences = [];
const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + [...el.classList].map((c) => "." + c).join("");
elements.forEach((el, i) => [null, "::before", "::after"].forEach((pseudo, j) => {
  if (own[i][j] === all[i][j] || differences.length >= 10) return;
  const a = own[i][j].split(";"), b = all[i][j].split(";");
  const changed = a.filter((p) => !b.includes(p)).slice(0, 3).join("; ");
  differences.push(`${name(el.parentElement || el)} > ${name(el)}${pseudo || ""}: with its own sheet ${changed || "(no style)"}; with the whole sheet ${b.filter((p) => !a.includes(p)).slice(0, 3).join("; ")}`);
}));
return { elements: elements.length, href: links[0].href, differences };
"##;

impl Site {
    /// How the page shown now differs with the whole stylesheet from how it looks with its own
    /// sheet: up to ten lines naming the element, the property and both values (none: the same),
    /// with the URL of the page's sheet; an error when there is not exactly one loaded sheet.
    pub async fn stylesheet_differences(&self) -> Result<(String, Vec<String>), String> {
        let ret = self.driver.execute(COMPARE, vec![json!(whole_stylesheet())]).await.expect("comparing stylesheets").json().clone();
        if let Some(error) = ret.get("error").and_then(Value::as_str) {
            return Err(error.to_owned());
        }
        let differences = ret["differences"].as_array().map(|d| d.iter().filter_map(Value::as_str).map(str::to_owned).collect()).unwrap_or_default();
        Ok((ret["href"].as_str().unwrap_or_default().to_owned(), differences))
    }

    /// Panics (naming the element, the property and both values) when the page shown now would
    /// look different with the whole stylesheet than with its build's own sheet.
    pub async fn assert_own_stylesheet_suffices(&self, at: &str) {
        let (href, differences) =
            self.stylesheet_differences().await.unwrap_or_else(|e| panic!("{at}: comparing the page's stylesheet with the whole sheet: {e}"));
        assert!(
            differences.is_empty(),
            "{at}: the page's own stylesheet ({href}) styles {} element(s) differently from the whole sheet; mark the rules for this build \
             in static/style.css:\n{}",
            differences.len(),
            differences.join("\n")
        );
    }
}
