//! What a built site is made of, as its own files say: the builds index.html names in its
//! `<meta name="rollback-lab-NAME-js|wasm" content="FILE">` tags (added by `lab build-site`),
//! and the files its service worker lists (`const PRECACHE = [...]` and `const LATER = [...]` in
//! `sw.js`, written by `lab build-site`). `cli::site` writes both; the session builder reads them
//! back from the deployment it runs on to package it (`scorm_package`).
//!
//! Architecture invariant: plain functions of text, no web crates; unexpected text gives an error
//! or an empty list, never a panic.

/// One build named in index.html: its name (`quiz`, `incident`, …), `js` or `wasm`, and its file
/// (without a leading `/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFile {
    pub build: String,
    pub kind: String,
    pub file: String,
}

/// The builds' files named by index.html's meta tags (`js`, `wasm` and `css`, and for a split build
/// `loader` and `part`, see `cli::split`; other tags of the site, such as the shipped packs' ids,
/// name no file), in document order.
pub fn bundle_files(index_html: &str) -> Vec<BundleFile> {
    let mut out = Vec::new();
    for tag in index_html.split("<meta ").skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let attr = |key: &str| tag.split(&format!("{key}=\"")).nth(1).and_then(|v| v.split('"').next());
        let (Some(name), Some(content)) = (attr("name"), attr("content")) else { continue };
        let Some((build, kind)) = name.strip_prefix("rollback-lab-").and_then(|n| n.rsplit_once('-')) else { continue };
        if !matches!(kind, "js" | "wasm" | "css" | "loader" | "part") {
            continue;
        }
        out.push(BundleFile { build: build.to_owned(), kind: kind.to_owned(), file: content.trim_start_matches('/').to_owned() });
    }
    out
}

/// Every file the service worker `sw_js` lists (PRECACHE, then LATER), as paths relative to the site.
pub fn service_worker_files(sw_js: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for name in ["PRECACHE", "LATER"] {
        let start = format!("const {name} = ");
        let line = sw_js
            .lines()
            .find_map(|l| l.strip_prefix(start.as_str()))
            .ok_or_else(|| format!("sw.js has no `{start}[…];` line (is it the site's own worker?)"))?;
        // Read as a `Value`, whose reader the build has anyway (`session::store`), not as a
        // `Vec<String>`, whose typed reader and type errors would be compiled for this one list.
        let list = serde_json::from_str::<serde_json::Value>(line.trim_end().trim_end_matches(';')).map_err(|e| format!("sw.js: {name}: {e}"))?;
        let files = list.as_array().ok_or_else(|| format!("sw.js: {name} is not a list"))?;
        for file in files {
            out.push(file.as_str().ok_or_else(|| format!("sw.js: {name}: an entry is not a file name"))?.to_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meta_tags_name_each_builds_files() {
        let html = "<head><meta name=\"description\" content=\"x\"><meta name=\"rollback-lab-quiz-js\" content=\"quiz-1.js\">\n\
                    <meta name=\"rollback-lab-quiz-wasm\" content=\"/quiz-1_bg.wasm\"><meta name=\"rollback-lab-every-page-js\" content=\"e.js\"></head>";
        let files = bundle_files(html);
        let named: Vec<(&str, &str, &str)> = files.iter().map(|b| (b.build.as_str(), b.kind.as_str(), b.file.as_str())).collect();
        assert_eq!(named, [("quiz", "js", "quiz-1.js"), ("quiz", "wasm", "quiz-1_bg.wasm"), ("every-page", "js", "e.js")]);
        assert!(bundle_files("<meta name=\"rollback-lab-x\"").is_empty());
        assert!(bundle_files("<meta name=\"rollback-lab-shipped-packs\" content=\"canary blue-green\">").is_empty());
    }

    #[test]
    fn a_workers_lists_read_back_and_a_foreign_worker_is_refused() {
        let sw = "// x\nconst VERSION = \"1\";\nconst PRECACHE = [\"index.html\",\"a.js\"];\nconst LATER = [\"b.wasm\"];\n\nbody";
        assert_eq!(service_worker_files(sw).unwrap(), ["index.html", "a.js", "b.wasm"]);
        assert!(service_worker_files("self.addEventListener('fetch', f)").is_err());
        assert!(service_worker_files("const PRECACHE = [1];\nconst LATER = [];").is_err());
    }
}
