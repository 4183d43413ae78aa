//! `lab build-site`: the finishing steps of a site build, run by Trunk as a post-build hook.
//!
//! Trunk writes its start-up code as an inline `<script type="module">` in index.html. A
//! Content-Security-Policy that allows only the site's own scripts would block it, and allowing
//! inline scripts would defeat the policy, so the script is moved into a file of its own whose
//! name carries a hash of its content (so it can be cached forever like Trunk's own assets). The
//! script itself is ours (`boot.rs`): it loads only the build the page needs.
//!
//! Trunk builds the ten builds of the app (index.html, one `<link data-trunk rel="rust">` each):
//! the light one as its "main" app, named after its hash, and the nine bigger builds (quiz,
//! progress, session, …) as "workers", which Trunk builds but leaves unnamed (`NAME.js`,
//! `NAME_bg.wasm`) and unstarted. This step checks that the links build the same way, names the nine after their
//! content and lists them in index.html (`<meta name="rollback-lab-NAME-js|wasm">`), where the
//! start-up script and the hand-over find them.
//!
//! It ends by writing the service worker (`sw.js`, see `static/sw.js`) from the files of the site
//! as it then stands, so its lists of files to cache are never kept by hand.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use super::check::load_packs;
use crate::pack::{PackIndex, PackSummary};
use crate::ui::route::Build;

/// Finishes the site in `staging` (Trunk's staging folder), reading content from `source` (the
/// project root).
pub fn build_site(source: &Path, staging: &Path) -> Result<String, String> {
    // Content lives under data/, apart from the app's own URLs (/packs is a page, data/packs the files).
    let mut log = write_packs(&source.join("static/packs"), &staging.join("data/packs"))?;
    log.push_str(&write_exports(&source.join("static/packs"), &staging.join(EXPORTS_DIR))?);
    log.push_str(&write_concepts(&source.join("static"), &staging.join("data/concepts"))?);
    log.push_str(&super::grade::write_scenarios(&source.join("static/scenarios"), &staging.join("data/scenarios"))?);
    let source_html = source.join("index.html");
    if source_html.is_file() {
        let html = fs::read_to_string(&source_html).map_err(|e| format!("{}: {e}", source_html.display()))?;
        check_rust_links(&html)?;
    }
    log.push_str(&super::split::split_builds(source, staging)?);
    log.push_str(&name_builds(staging)?);
    log.push_str(&list_shipped_packs(staging)?);
    log.push_str(&externalize(staging)?);
    log.push_str(&write_manifest(staging)?);
    log.push_str(&split_stylesheet(staging)?);
    log.push_str(&minify_scripts(&minifier(source), staging)?);
    log.push_str(&write_service_worker(staging)?);
    Ok(log)
}

/// The JavaScript minifier: terser, from npm, which scripts/bootstrap.sh installs into the project's
/// tools/ folder (`source`: the project root); else whatever `terser` is on PATH.
pub fn minifier(source: &Path) -> std::path::PathBuf {
    let local = source.join("tools/node_modules/.bin/terser");
    if local.is_file() { local } else { "terser".into() }
}

/// Minifies the JavaScript a visit downloads, in place: the start-up script and each build's
/// wasm-bindgen glue (Trunk 0.21 minifies neither, not even with `--minify`). The glue is about
/// 46 KB of readable code per build; minified, each first visit downloads about 1.5 KB (brotli)
/// less of it, and 0.3 KB less of the start-up script. Only local names and layout change: the
/// modules' exports and the wasm imports' names (object keys) stay, and terser's output is the same
/// for the same input, so the files keep the names they were given from their content. The service
/// worker, which no page waits for, is written afterwards and stays readable.
fn minify_scripts(minifier: &Path, staging: &Path) -> Result<String, String> {
    let mut scripts = Vec::new();
    for entry in fs::read_dir(staging).map_err(|e| format!("{}: {e}", staging.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|x| x == "js") && path.file_name().is_some_and(|n| n != SERVICE_WORKER) {
            scripts.push(path);
        }
    }
    scripts.sort();
    let (mut before, mut after) = (0, 0);
    for path in &scripts {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        before += fs::metadata(path).map_err(|e| format!("{name}: {e}"))?.len();
        minify_module(minifier, path)?;
        after += fs::metadata(path).map_err(|e| format!("{name}: {e}"))?.len();
    }
    Ok(format!("minified {} scripts: {before} -> {after} bytes\n", scripts.len()))
}

/// Minifies the ES module at `path` in place with `minifier` (see [`minifier`]).
pub fn minify_module(minifier: &Path, path: &Path) -> Result<(), String> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let shown = minifier.display();
    let output = std::process::Command::new(minifier)
        .arg(path)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(path)
        .output()
        .map_err(|e| format!("{name}: cannot run {shown} ({e}); scripts/bootstrap.sh installs it into tools/"))?;
    if !output.status.success() {
        return Err(format!("{name}: {shown} failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(())
}

/// Splits the stylesheet Trunk staged into one per build, each without its comments
/// (`static/style.css` explains itself at length; a visitor downloads none of it). A page loads
/// only its build's sheet: the start-up script adds it, and a hand-over swaps it for the next
/// build's (src/cli/boot.rs), so index.html links none. Each sheet is named after its content and
/// listed in index.html's `<meta name="rollback-lab-NAME-css">` tag, as the builds' files are.
/// index.html asks Trunk for no integrity hash on the stylesheet (`data-integrity="none"`).
fn split_stylesheet(staging: &Path) -> Result<String, String> {
    let index_path = staging.join("index.html");
    let mut html = fs::read_to_string(&index_path).map_err(|e| format!("{}: {e}", index_path.display()))?;
    let Some((tag, href)) = link_with_rel(&html, "stylesheet").map(|(t, h)| (t.to_owned(), h.to_owned())) else {
        return Err("index.html: no <link rel=\"stylesheet\" href=…> (Trunk writes one for static/style.css)".into());
    };
    let file = href.strip_prefix(public_url(&html)).unwrap_or(&href).trim_start_matches('/').to_owned();
    let css = fs::read_to_string(staging.join(&file)).map_err(|e| format!("{file}: {e}"))?;
    let sheets = stylesheet_per_build(&css).map_err(|e| format!("static/style.css: {e}"))?;
    fs::remove_file(staging.join(&file)).map_err(|e| format!("{file}: {e}"))?;
    html = html.replacen(&tag, "", 1);
    let mut log = String::new();
    for (build, sheet) in sheets {
        let name = format!("style-{}-{:016x}.css", build.name(), crate::fnv::hash(sheet.as_bytes()));
        fs::write(staging.join(&name), &sheet).map_err(|e| format!("{name}: {e}"))?;
        html = meta_tag(&html, &format!("rollback-lab-{}-css", build.name()), &name)?;
        let _ = writeln!(log, "wrote the {} build's stylesheet {name}: {} of {} bytes", build.name(), sheet.len(), css.len());
    }
    fs::write(&index_path, html).map_err(|e| format!("{}: {e}", index_path.display()))?;
    Ok(log)
}

/// The first `<link>` tag of `html` with `rel="REL"`, whole, and its `href`.
fn link_with_rel<'a>(html: &'a str, rel: &str) -> Option<(&'a str, &'a str)> {
    let rel = format!("rel=\"{rel}\"");
    html.match_indices("<link ").find_map(|(i, _)| {
        let tag = &html[i..i + html[i..].find('>')? + 1];
        let href = tag.split("href=\"").nth(1)?.split('"').next()?;
        tag.contains(&rel).then_some((tag, href))
    })
}

/// The rules of the stylesheet `css` that each build's pages use, in the order they are written
/// (so the cascade is the same as with the whole sheet), without comments. A rule belongs to every
/// build unless it stands between a line `/* @only NAME… */` (one or more build names) and a line
/// `/* @end */`: then only to the builds named.
pub fn stylesheet_per_build(css: &str) -> Result<Vec<(Build, String)>, String> {
    let mut kept: Vec<String> = vec![String::new(); Build::ALL.len()];
    let mut only: Option<(usize, Vec<Build>)> = None;
    for (n, line) in css.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        let trimmed = line.trim();
        if let Some(names) = trimmed.strip_prefix("/* @only ").and_then(|r| r.strip_suffix("*/")) {
            if let Some((open, _)) = only {
                return Err(format!("line {n}: `@only` inside the block opened on line {open}; close it with `/* @end */` first"));
            }
            let mut builds = Vec::new();
            for name in names.split_whitespace() {
                let build = Build::ALL.iter().find(|b| b.name() == name).ok_or_else(|| {
                    let all: Vec<&str> = Build::ALL.iter().map(|b| b.name()).collect();
                    format!("line {n}: no build is named `{name}` (the builds: {})", all.join(", "))
                })?;
                builds.push(*build);
            }
            if builds.is_empty() {
                return Err(format!("line {n}: `@only` names no build"));
            }
            only = Some((n, builds));
            continue;
        }
        if trimmed == "/* @end */" {
            if only.take().is_none() {
                return Err(format!("line {n}: `@end` closes no `@only` block"));
            }
            continue;
        }
        if trimmed.starts_with("/* @") {
            return Err(format!("line {n}: `{trimmed}` is neither `/* @only NAME… */` nor `/* @end */`"));
        }
        for (i, build) in Build::ALL.iter().enumerate() {
            if only.as_ref().is_none_or(|(_, builds)| builds.contains(build)) {
                kept[i].push_str(line);
                kept[i].push('\n');
            }
        }
    }
    if let Some((open, _)) = only {
        return Err(format!("line {open}: the `@only` block is never closed (`/* @end */`)"));
    }
    Build::ALL.iter().zip(kept).map(|(build, text)| Ok((*build, strip_css_comments(&text)?))).collect()
}

/// A stylesheet without its comments, its empty lines (those that held only a comment too) and
/// the spaces at the end of its lines; every other character stays. Quoted strings are kept whole (a `/*` in one is text). A comment
/// between two characters that are not spaces is refused: CSS reads a comment as a token boundary,
/// so taking it out could join two tokens into one.
pub fn strip_css_comments(css: &str) -> Result<String, String> {
    let bytes = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let (mut i, mut copied) = (0, 0);
    let mut quote = None;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (Some(_), b'\\') => i += 1,
            (Some(q), b) if b == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(bytes[i]),
            (None, b'/') if bytes.get(i + 1) == Some(&b'*') => {
                let end = css[i + 2..].find("*/").map_or(css.len(), |at| i + 2 + at + 2);
                let before = out.len() + (i - copied);
                out.push_str(&css[copied..i]);
                let glued = |b: Option<&u8>| b.is_some_and(|b| !b.is_ascii_whitespace());
                if glued(out.as_bytes()[..before].last()) && glued(bytes.get(end)) {
                    let line = css[..i].matches('\n').count() + 1;
                    return Err(format!("line {line}: a comment between two tokens (`{}`); put a space beside it", &css[i..end.min(i + 20)]));
                }
                (i, copied) = (end, end);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&css[copied..]);
    let mut text = String::with_capacity(out.len());
    for line in out.lines().map(str::trim_end).filter(|line| !line.is_empty()) {
        text.push_str(line);
        text.push('\n');
    }
    Ok(text)
}

/// Checks every pack and writes its JSON form as the site ships it (`pack::to_site_json`: without
/// the fields only `lab check` reads) plus an index. Any problem fails the build, with every
/// problem listed, so a broken pack never ships.
pub fn write_packs(source: &Path, out: &Path) -> Result<String, String> {
    let files = load_packs(source)?;
    let mut problems = String::new();
    for file in &files {
        if let Err(list) = &file.result {
            for p in list {
                let _ = writeln!(problems, "{p}");
            }
        }
    }
    if !problems.is_empty() {
        return Err(format!("question packs have problems (see `lab check`):\n{problems}"));
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut entries = Vec::new();
    for pack in files.iter().filter_map(|f| f.result.as_ref().ok()) {
        let file = crate::ui::route::data::pack_file_name(&pack.id);
        fs::write(out.join(&file), crate::pack::to_site_json(pack)).map_err(|e| format!("{file}: {e}"))?;
        entries.push(PackSummary::of(pack, file));
    }
    let count = entries.len();
    let index = serde_json::to_string(&PackIndex { packs: entries }).map_err(|e| e.to_string())?;
    fs::write(out.join("index.json"), index).map_err(|e| format!("data/packs/index.json: {e}"))?;
    Ok(format!("wrote {count} question packs\n"))
}

/// Where the question bank exports of every pack go in the site (`<pack>.moodle.xml`,
/// `<pack>.gift.txt`, `<pack>.qti.zip`), linked from each pack page. Downloads, not pages: the
/// service worker does not precache them.
pub const EXPORTS_DIR: &str = "data/exports";

/// Writes every pack's Moodle XML, GIFT and QTI exports (see [`crate::lms`]).
pub fn write_exports(source: &Path, out: &Path) -> Result<String, String> {
    use crate::lms::{Format, gift, moodle, qti};
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut count = 0;
    for pack in load_packs(source)?.iter().filter_map(|f| f.result.as_ref().ok()) {
        let files: [(Format, Vec<u8>); 3] = [
            (Format::MoodleXml, moodle::export(pack).into_bytes()),
            (Format::Gift, gift::export(pack).0.into_bytes()),
            (Format::Qti, qti::package(pack)?.0),
        ];
        for (format, bytes) in files {
            let name = format!("{}.{}", pack.id, format.suffix());
            fs::write(out.join(&name), bytes).map_err(|e| format!("{EXPORTS_DIR}/{name}: {e}"))?;
            count += 1;
        }
    }
    Ok(format!("wrote {count} question bank exports\n"))
}

/// The attributes of every `<link data-trunk rel="rust" …>` tag of `html`, in order: a bare
/// attribute has an empty value.
pub fn rust_links(html: &str) -> Vec<Vec<(String, String)>> {
    let mut links = Vec::new();
    for tag in html.split("<link").skip(1) {
        let tag = tag.split('>').next().unwrap_or("").trim_end_matches('/');
        let mut attrs = Vec::new();
        let mut rest = tag.trim_start();
        while !rest.is_empty() {
            let name_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
            let name = rest[..name_end].to_owned();
            rest = &rest[name_end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix("=\"") {
                let end = after.find('"').unwrap_or(after.len());
                value = after[..end].to_owned();
                rest = after.get(end + 1..).unwrap_or("");
            }
            if !name.is_empty() {
                attrs.push((name, value));
            }
            rest = rest.trim_start();
        }
        let has = |k: &str, v: &str| attrs.iter().any(|(a, b)| a == k && b == v);
        if has("data-trunk", "") && has("rel", "rust") {
            links.push(attrs);
        }
    }
    links
}

/// Checks that index.html builds every build of the app ([`Build::ALL`]) once, each the same way:
/// one `<link data-trunk rel="rust">` per build whose `data-bin` is the build's name, with the
/// build's feature (none for the light build), Trunk's "main" type for the light build and
/// "worker" for the others (built, not started: the start-up script picks one), and every other
/// attribute (wasm-bindgen target, wasm-opt level, …) the same on all four.
pub fn check_rust_links(html: &str) -> Result<(), String> {
    let fail = |m: String| Err(format!("index.html: {m}"));
    let links = rust_links(html);
    let get = |link: &Vec<(String, String)>, key: &str| link.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let mut shared: Option<Vec<(String, String)>> = None;
    for build in Build::ALL {
        let name = build.name();
        let mine: Vec<&Vec<(String, String)>> = links.iter().filter(|l| get(l, "data-bin").as_deref() == Some(name)).collect();
        let [link] = mine[..] else {
            return fail(format!("expected one <link data-trunk rel=\"rust\" data-bin=\"{name}\" …>, found {}", mine.len()));
        };
        // A build with a split part also needs the feature `split` (see `cli::split`).
        let (features, kind) = match build {
            Build::Light => (None, "main"),
            _ if build.split_part().is_some() => (Some(format!("{name},split")), "worker"),
            _ => (Some(name.to_owned()), "worker"),
        };
        if get(link, "data-cargo-features") != features {
            return fail(format!("the {name} build must be built with {}", features.map_or("no feature".to_owned(), |f| format!("data-cargo-features=\"{f}\""))));
        }
        if get(link, "data-type").as_deref() != Some(kind) {
            return fail(format!("the {name} build must have data-type=\"{kind}\""));
        }
        if get(link, "data-bindgen-target").as_deref() != Some("web") {
            return fail(format!("the {name} build must have data-bindgen-target=\"web\" (the start-up script imports it as a module)"));
        }
        let mut flags: Vec<(String, String)> =
            link.iter().filter(|(k, _)| !matches!(k.as_str(), "data-bin" | "data-cargo-features" | "data-type")).cloned().collect();
        // The split builds are optimised by `lab build-site` after splitting (`split::WASM_OPT_ARGS`,
        // the level `z` every other build has): Trunk's own wasm-opt run on them would be thrown away.
        if build.split_part().is_some() {
            if get(link, "data-wasm-opt").as_deref() != Some("0") {
                return fail(format!("the {name} build must have data-wasm-opt=\"0\": lab build-site optimises it after splitting it (src/cli/split.rs)"));
            }
            flags.iter_mut().filter(|(k, _)| k == "data-wasm-opt").for_each(|(_, v)| *v = "z".into());
        } else if get(link, "data-wasm-opt").as_deref() != Some("z") {
            return fail(format!("the {name} build must have data-wasm-opt=\"z\", the level lab build-site optimises the split builds at"));
        }
        flags.sort();
        match &shared {
            None => shared = Some(flags),
            Some(first) if *first != flags => {
                return fail(format!("the {name} build is built with other flags than the light build ({flags:?}, not {first:?}): one set of flags for every build"));
            }
            Some(_) => {}
        }
    }
    if links.len() != Build::ALL.len() {
        return fail(format!("{} <link data-trunk rel=\"rust\"> tags, one per build expected ({})", links.len(), Build::ALL.len()));
    }
    Ok(())
}

/// Names the bigger builds (quiz, progress, …) Trunk left in `staging` as `NAME.js` and
/// `NAME_bg.wasm` after a hash of their content (so they can be cached for good, like Trunk's own
/// files), and lists them in index.html's `<meta name="rollback-lab-NAME-js|wasm">` tags.
pub fn name_builds(staging: &Path) -> Result<String, String> {
    // Trunk 0.21 runs wasm-bindgen for the six builds into one folder (target/wasm-bindgen) and
    // copies its `snippets/` from there while the other builds may be writing it; it also copies
    // what earlier builds left there. The app keeps its JavaScript in the start-up script instead
    // (`boot.rs`): a build that imports a snippet is refused, and snippets no build imports are
    // left out of the site.
    let mut log = String::new();
    if staging.join("snippets").exists() {
        for entry in fs::read_dir(staging).map_err(|e| format!("{}: {e}", staging.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().is_some_and(|x| x == "js") && fs::read_to_string(&path).is_ok_and(|js| js.contains("/snippets/")) {
                return Err(format!(
                    "{}: the build imports a wasm-bindgen snippet (`inline_js` or `module`): Trunk copies snippets from a folder \
                     the six builds share while they are built, so keep such JavaScript in the start-up script (src/cli/boot.rs)",
                    path.file_name().unwrap_or_default().to_string_lossy()
                ));
            }
        }
        fs::remove_dir_all(staging.join("snippets")).map_err(|e| format!("snippets: {e}"))?;
        log.push_str("left out wasm-bindgen snippets no build imports (left in target/wasm-bindgen by earlier builds)\n");
    }
    let index_path = staging.join("index.html");
    let mut html = fs::read_to_string(&index_path).map_err(|e| format!("{}: {e}", index_path.display()))?;
    for build in Build::ALL.iter().filter(|b| **b != Build::Light) {
        let name = build.name();
        let (js_path, wasm_path) = (staging.join(format!("{name}.js")), staging.join(format!("{name}_bg.wasm")));
        let read = |path: &Path| {
            fs::read(path).map_err(|e| format!("{}: {e} (Trunk builds it from index.html's <link data-trunk rel=\"rust\" data-bin=\"{name}\">)", path.display()))
        };
        let (js, wasm) = (read(&js_path)?, read(&wasm_path)?);
        let mut hash = crate::fnv::update(crate::fnv::hash(&js), &wasm);
        // A split build (`cli::split`) has two more files, and its glue and loader import each other
        // and the loader fetches the part: the hash covers all four as they were written, then the
        // names they are imported and fetched by are changed to the hashed ones (so the same content
        // always gets the same names). The glue's import object keeps the module name the wasm
        // itself imports from.
        let split = build.split_part().map(|part| super::split::SplitFiles::of(*build, part)).filter(|f| staging.join(&f.loader).exists());
        let split = match split {
            Some(f) => {
                let (loader, part) = (read(&staging.join(&f.loader))?, read(&staging.join(&f.part))?);
                hash = crate::fnv::update(crate::fnv::update(hash, &loader), &part);
                Some((f, loader, part))
            }
            None => None,
        };
        let js_name = format!("{name}-{hash:016x}.js");
        let wasm_name = format!("{name}-{hash:016x}_bg.wasm");
        let rename = |from: &Path, to: &str| fs::rename(from, staging.join(to)).map_err(|e| format!("{to}: {e}"));
        rename(&wasm_path, &wasm_name)?;
        if let Some((f, loader, _)) = split {
            let loader_name = format!("{name}-{hash:016x}.split.js");
            let part_name = format!("{name}-{hash:016x}_{}", f.part.trim_start_matches(&format!("{name}_")));
            let text = |bytes: Vec<u8>, file: &str| String::from_utf8(bytes).map_err(|_| format!("{file}: not UTF-8"));
            let glue = super::split::rename_in(&text(js, &f.glue)?, &format!("from \"./{}\"", f.loader), &format!("from \"./{loader_name}\""))
                .map_err(|e| format!("{}: {e}", f.glue))?;
            let loader = super::split::rename_in(&text(loader, &f.loader)?, &format!("from \"./{}\"", f.glue), &format!("from \"./{js_name}\""))
                .and_then(|l| super::split::rename_in(&l, &format!("\"./{}\"", f.part), &format!("\"./{part_name}\"")))
                .map_err(|e| format!("{}: {e}", f.loader))?;
            let write = |to: &str, content: &str| fs::write(staging.join(to), content).map_err(|e| format!("{to}: {e}"));
            write(&js_name, &glue)?;
            write(&loader_name, &loader)?;
            fs::remove_file(&js_path).map_err(|e| format!("{}: {e}", f.glue))?;
            fs::remove_file(staging.join(&f.loader)).map_err(|e| format!("{}: {e}", f.loader))?;
            rename(&staging.join(&f.part), &part_name)?;
            html = meta_tag(&meta_tag(&html, &format!("rollback-lab-{name}-loader"), &loader_name)?, &format!("rollback-lab-{name}-part"), &part_name)?;
        } else {
            rename(&js_path, &js_name)?;
        }
        html = name_bundle(&html, name, &js_name, &wasm_name)?;
        let _ = writeln!(log, "named the {name} build {js_name}");
    }
    fs::write(&index_path, html).map_err(|e| format!("{}: {e}", index_path.display()))?;
    Ok(log)
}

/// index.html with a bundle's files named in `<meta>` tags (replacing earlier ones of that name).
pub fn name_bundle(html: &str, name: &str, js: &str, wasm: &str) -> Result<String, String> {
    meta_tag(&meta_tag(html, &format!("rollback-lab-{name}-js"), js)?, &format!("rollback-lab-{name}-wasm"), wasm)
}

/// index.html with a build's file of one kind (`js`, `wasm`, `css`) named in a
/// `<meta name="rollback-lab-NAME-KIND">` tag, replacing an earlier one.
fn meta_tag(html: &str, name: &str, content: &str) -> Result<String, String> {
    let marker = format!("name=\"{name}\"");
    let kept: Vec<&str> = html.lines().filter(|l| !l.contains(&marker)).collect();
    let html = kept.join("\n");
    let at = html.find("</head>").ok_or("index.html has no </head>")?;
    Ok(format!("{}<meta {marker} content=\"{content}\">\n{}\n", &html[..at], &html[at..]))
}

/// Names the shipped packs in index.html (`<meta name="rollback-lab-shipped-packs" content="ID
/// ID …">`, see `data::SHIPPED_PACKS_META`), from the index `write_packs` wrote: a question run, a
/// session link and the results dashboard need the ids (Rollback Mastery is every shipped pack's
/// badge) and nothing else of the index, so their first visit does not download it.
fn list_shipped_packs(staging: &Path) -> Result<String, String> {
    let index_path = staging.join(crate::ui::route::data::PACK_INDEX);
    let text = fs::read_to_string(&index_path).map_err(|e| format!("{}: {e}", index_path.display()))?;
    let index = PackIndex::from_json(&text)?;
    let ids: Vec<&str> = index.packs.iter().map(|p| p.id.as_str()).collect();
    if let Some(id) = ids.iter().find(|id| !crate::ui::route::data::is_slug(id)) {
        return Err(format!("pack id `{id}` cannot name a file (letters, digits, `-` and `_` only)"));
    }
    let html_path = staging.join("index.html");
    let html = fs::read_to_string(&html_path).map_err(|e| format!("{}: {e}", html_path.display()))?;
    let html = meta_tag(&html, crate::ui::route::data::SHIPPED_PACKS_META, &ids.join(" "))?;
    fs::write(&html_path, html).map_err(|e| format!("{}: {e}", html_path.display()))?;
    Ok(format!("named the {} shipped packs in index.html\n", ids.len()))
}

/// The web app manifest, copied by Trunk from `static/` under its own name.
pub const MANIFEST: &str = "manifest.webmanifest";

/// Points the manifest's icons at the favicon Trunk has just named after its hash, so an install
/// prompt reuses the file the page already fetched instead of a second copy.
fn write_manifest(staging: &Path) -> Result<String, String> {
    let path = staging.join(MANIFEST);
    if !path.is_file() {
        return Ok(String::new());
    }
    let html = fs::read_to_string(staging.join("index.html")).map_err(|e| format!("index.html: {e}"))?;
    let manifest = fs::read_to_string(&path).map_err(|e| format!("{MANIFEST}: {e}"))?;
    fs::write(&path, manifest_with_icon(&manifest, &html)?).map_err(|e| format!("{MANIFEST}: {e}"))?;
    Ok(format!("wrote {MANIFEST}\n"))
}

/// `manifest` (JSON) with every icon whose `src` is the favicon's source name (`favicon.svg`)
/// pointing at the hashed favicon of `html`'s `<link rel="icon">`, relative to the public URL.
pub fn manifest_with_icon(manifest: &str, html: &str) -> Result<String, String> {
    let mut json: serde_json::Value = serde_json::from_str(manifest).map_err(|e| format!("{MANIFEST}: {e}"))?;
    let (_, href) = link_with_rel(html, "icon").ok_or("index.html has no <link rel=\"icon\" href=…> for the manifest's icon")?;
    let relative = href.strip_prefix(public_url(html)).unwrap_or(href).trim_start_matches('/');
    let icons = json.get_mut("icons").and_then(|i| i.as_array_mut()).ok_or(format!("{MANIFEST}: no icons"))?;
    for icon in icons {
        if icon.get("src").and_then(|s| s.as_str()) == Some("favicon.svg") {
            icon["src"] = serde_json::Value::String(relative.to_owned());
        }
    }
    serde_json::to_string(&json).map_err(|e| e.to_string())
}

/// The service worker's name, at the root of the site (its scope is the site's public URL).
pub const SERVICE_WORKER: &str = "sw.js";

/// The fixed part of the service worker.
const SERVICE_WORKER_BODY: &str = include_str!("../../static/sw.js");

/// What the service worker caches, as paths relative to the site's root.
#[derive(Debug, PartialEq)]
pub struct OfflineFiles {
    /// Cached when the worker installs: everything a visit needs but the bigger builds.
    pub precache: Vec<String>,
    /// The bigger builds (named in index.html's `rollback-lab-NAME-js|wasm|css` tags), fetched in the
    /// background after a visit has started, so a first visit downloads no more than before. Build by
    /// build, each with its stylesheet first: the worker fetches them one at a time, and a build works
    /// offline only once all three of its files are in.
    pub later: Vec<String>,
}

/// Splits the files of a built site (relative paths with `/`) into what the worker precaches and
/// what it fetches later. Precompressed copies (`.gz`, `.br`; the browser gets them through
/// content negotiation), the question bank exports (downloads for instructors, fetched from the
/// network when clicked) and the worker itself are left out; so are hidden files.
pub fn offline_files(files: &[String], index_html: &str) -> Result<OfflineFiles, String> {
    let bundles: Vec<crate::site_files::BundleFile> =
        crate::site_files::bundle_files(index_html).into_iter().filter(|b| b.build != Build::Light.name()).collect();
    let mut precache = Vec::new();
    let mut later = Vec::new();
    let mut sorted: Vec<&String> = files.iter().collect();
    sorted.sort();
    sorted.dedup();
    for file in sorted {
        let leaf = file.rsplit('/').next().unwrap_or(file);
        let export = file.starts_with(EXPORTS_DIR) && file.as_bytes().get(EXPORTS_DIR.len()) == Some(&b'/');
        if file.ends_with(".gz") || file.ends_with(".br") || file == SERVICE_WORKER || leaf.starts_with('.') || export {
            continue;
        }
        if let Some(b) = bundles.iter().find(|b| b.file == *file) {
            let kind = match b.kind.as_str() {
                "css" => 0,
                "js" => 1,
                _ => 2,
            };
            later.push((b.build.clone(), kind, file.clone()));
        } else {
            precache.push(file.clone());
        }
    }
    if !precache.iter().any(|f| f == "index.html") {
        return Err("the site has no index.html for the service worker to cache".into());
    }
    later.sort();
    Ok(OfflineFiles { precache, later: later.into_iter().map(|(_, _, file)| file).collect() })
}

/// The served service worker: VERSION, PRECACHE and LATER, then the fixed part. `version` names
/// the cache, so a new deployment gets a new cache and the old one is deleted when it activates.
pub fn service_worker(files: &OfflineFiles, version: u64) -> String {
    let list = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    format!(
        "// Written by `lab build-site` from the built site's files; the fixed part is static/sw.js.\n\
         const VERSION = \"{version:016x}\";\nconst PRECACHE = {};\nconst LATER = {};\n\n{SERVICE_WORKER_BODY}",
        list(&files.precache),
        list(&files.later),
    )
}

/// Every file under `dir`, as paths relative to it with `/`.
fn site_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), String> {
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}{name}");
        if entry.path().is_dir() {
            site_files(&entry.path(), &format!("{path}/"), out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Writes `sw.js` into the built site `dist`, from the files it holds now. Its version is a hash
/// of every cached file's path and content, so any change to the site makes a new worker.
pub fn write_service_worker(dist: &Path) -> Result<String, String> {
    let mut files = Vec::new();
    site_files(dist, "", &mut files)?;
    let index = fs::read_to_string(dist.join("index.html")).map_err(|e| format!("{}: {e}", dist.join("index.html").display()))?;
    let offline = offline_files(&files, &index)?;
    let mut version = crate::fnv::OFFSET;
    for file in offline.precache.iter().chain(&offline.later) {
        let bytes = fs::read(dist.join(file)).map_err(|e| format!("{file}: {e}"))?;
        version = crate::fnv::update(crate::fnv::update(version, file.as_bytes()), &[0]);
        version = crate::fnv::update(version, &bytes);
    }
    fs::write(dist.join(SERVICE_WORKER), service_worker(&offline, version)).map_err(|e| format!("{SERVICE_WORKER}: {e}"))?;
    Ok(format!(
        "wrote {SERVICE_WORKER}: {} files to cache at once, {} later (version {version:016x})\n",
        offline.precache.len(),
        offline.later.len()
    ))
}

/// Checks the concept cards of the Learn mode against the packs and writes each topic as JSON.
pub fn write_concepts(static_dir: &Path, out: &Path) -> Result<String, String> {
    let packs = load_packs(&static_dir.join("packs"))?;
    let ids: Vec<&str> = packs.iter().filter_map(|f| f.result.as_ref().ok()).map(|p| p.id.as_str()).collect();
    let dir = static_dir.join("concepts");
    if !dir.is_dir() {
        return Ok(String::new());
    }
    let (topics, problems) = super::check::load_concepts(&dir, &ids)?;
    if !problems.is_empty() {
        return Err(format!("concept cards have problems (see `lab check`):\n{}", problems.join("\n")));
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for topic in &topics {
        let json = serde_json::to_string(topic).map_err(|e| e.to_string())?;
        fs::write(out.join(format!("{}.json", topic.id)), json).map_err(|e| format!("{}: {e}", topic.id))?;
    }
    Ok(format!("wrote {} concept topics\n", topics.len()))
}

fn externalize(staging: &Path) -> Result<String, String> {
    let index_path = staging.join("index.html");
    let trunk_html = fs::read_to_string(&index_path)
        .map_err(|e| format!("{}: cannot read: {e}", index_path.display()))?;
    let (html, boot_name, boot_js) = externalize_start_script(&trunk_html)?;
    let html = super::boot::strip_preloads(&html);
    let html = name_light_build(&html, &trunk_html)?;
    fs::write(staging.join(&boot_name), boot_js)
        .map_err(|e| format!("{}: cannot write: {e}", staging.join(&boot_name).display()))?;
    fs::write(&index_path, html).map_err(|e| format!("{}: cannot write: {e}", index_path.display()))?;
    Ok(format!("moved the start-up script to {boot_name}\n"))
}

/// `html` with the light build's files in `<meta name="rollback-lab-light-js|wasm">` tags too (read
/// from Trunk's start-up script in `trunk_html`, relative to the public URL, as the other builds'
/// are): a bigger build has no light page and hands those over to the light build.
pub fn name_light_build(html: &str, trunk_html: &str) -> Result<String, String> {
    const OPEN: &str = "<script type=\"module\">";
    let start = trunk_html.find(OPEN).ok_or("index.html: no inline <script type=\"module\"> found (has Trunk changed its output?)")? + OPEN.len();
    let len = trunk_html[start..].find("</script>").ok_or("index.html: unterminated <script>")?;
    let (js, wasm) = super::boot::light_paths(&trunk_html[start..start + len])?;
    let base = public_url(trunk_html);
    let relative = |p: &str| p.strip_prefix(base).unwrap_or(p).trim_start_matches("./").trim_start_matches('/').to_owned();
    name_bundle(html, Build::Light.name(), &relative(&js), &relative(&wasm))
}

/// Returns index.html with its inline module script replaced by a reference to a file, the
/// file's name and the file's content.
pub fn externalize_start_script(html: &str) -> Result<(String, String, String), String> {
    const OPEN: &str = "<script type=\"module\">";
    const CLOSE: &str = "</script>";
    let start = html
        .find(OPEN)
        .ok_or("index.html: no inline <script type=\"module\"> found (has Trunk changed its output?)")?;
    let body_start = start + OPEN.len();
    let body_len = html[body_start..].find(CLOSE).ok_or("index.html: unterminated <script>")?;
    let body = super::boot::boot_script(html[body_start..body_start + body_len].trim())?;
    let body = body.trim();
    let name = format!("boot-{:016x}.js", crate::fnv::hash(body.as_bytes()));
    let src = format!("{}{name}", public_url(html));
    let tag = format!("<script type=\"module\" src=\"{src}\"></script>");
    let mut out = String::with_capacity(html.len());
    out.push_str(&html[..start]);
    out.push_str(&tag);
    out.push_str(&html[body_start + body_len + CLOSE.len()..]);
    Ok((out, name, format!("{body}\n")))
}

/// The `href` of `<base>`, which Trunk fills with its public URL (`/` unless built for a sub-path).
fn public_url(html: &str) -> &str {
    html.find("<base href=\"")
        .map(|i| &html[i + "<base href=\"".len()..])
        .and_then(|rest| rest.find('"').map(|end| &rest[..end]))
        .unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_OUTPUT: &str = "<html><head><base href=\"/rollback-lab/\">\
        <script type=\"module\">\nimport init from '/rollback-lab/app-1.js';\nawait init({ module_or_path: '/rollback-lab/app-1_bg.wasm' });\n</script>\
        </head><body></body></html>";

    #[test]
    fn moves_the_inline_script_into_a_hashed_file_under_the_public_url() {
        let (html, name, js) = externalize_start_script(TRUNK_OUTPUT).unwrap();
        assert!(name.starts_with("boot-") && name.ends_with(".js") && name.len() == "boot-.js".len() + 16);
        // Trunk's script is replaced by ours, which knows the light build's files.
        assert!(js.contains(r#"light = { js: "/rollback-lab/app-1.js", wasm: "/rollback-lab/app-1_bg.wasm" }"#), "{js}");
        assert!(html.contains(&format!("<script type=\"module\" src=\"/rollback-lab/{name}\"></script>")));
        assert!(!html.contains("await init"));
        assert!(html.ends_with("</head><body></body></html>"));
    }

    #[test]
    fn names_each_bundle_once() {
        let html = "<html><head><title>x</title></head><body></body></html>";
        let once = name_bundle(html, "incident", "incident-1.js", "incident-1_bg.wasm").unwrap();
        assert!(once.contains("<meta name=\"rollback-lab-incident-js\" content=\"incident-1.js\">"));
        let both = name_bundle(&once, "quiz", "quiz-1.js", "quiz-1_bg.wasm").unwrap();
        let twice = name_bundle(&both, "incident", "incident-2.js", "incident-2_bg.wasm").unwrap();
        assert!(!twice.contains("incident-1") && twice.contains("incident-2_bg.wasm") && twice.contains("quiz-1.js"));
        assert!(name_bundle("<html></html>", "incident", "a", "b").is_err());
    }

    /// The project's own index.html, which Trunk builds the site from.
    const INDEX_HTML: &str = include_str!("../../index.html");

    #[test]
    fn index_html_builds_the_ten_builds_with_one_set_of_flags() {
        assert_eq!(check_rust_links(INDEX_HTML), Ok(()));
        let links = rust_links(INDEX_HTML);
        let bins: Vec<&str> = links.iter().filter_map(|l| l.iter().find(|(k, _)| k == "data-bin")).map(|(_, v)| v.as_str()).collect();
        assert_eq!(bins, ["light", "quiz", "progress", "session", "instructor", "results", "incident", "sandbox", "incidents", "author"]);
        // Every way a link can drift from the others is refused, naming the build.
        let broken = |from: &str, to: &str| {
            let at = INDEX_HTML.find(from).unwrap_or_else(|| panic!("index.html has no `{from}`"));
            let html = format!("{}{to}{}", &INDEX_HTML[..at], &INDEX_HTML[at + from.len()..]);
            check_rust_links(&html).unwrap_err()
        };
        let e = broken("data-bin=\"incidents\" data-cargo-features=\"incidents\" data-type=\"worker\" data-bindgen-target=\"web\"",
            "data-bin=\"incidents\" data-cargo-features=\"incidents\" data-type=\"worker\" data-keep-debug data-bindgen-target=\"web\"");
        assert!(e.contains("the incidents build is built with other flags"), "{e}");
        // Every build is optimised at one level: by Trunk, or after splitting by lab build-site.
        let e = broken("data-bin=\"incidents\" data-cargo-features=\"incidents\" data-type=\"worker\" data-bindgen-target=\"web\" data-wasm-opt=\"z\"",
            "data-bin=\"incidents\" data-cargo-features=\"incidents\" data-type=\"worker\" data-bindgen-target=\"web\" data-wasm-opt=\"s\"");
        assert!(e.contains("the incidents build must have data-wasm-opt=\"z\""), "{e}");
        let e = broken("data-bin=\"incident\" data-cargo-features=\"incident,split\" data-type=\"worker\" data-bindgen-target=\"web\" data-wasm-opt=\"0\"",
            "data-bin=\"incident\" data-cargo-features=\"incident,split\" data-type=\"worker\" data-bindgen-target=\"web\" data-wasm-opt=\"z\"");
        assert!(e.contains("the incident build must have data-wasm-opt=\"0\""), "{e}");
        let e = broken("data-cargo-features=\"quiz,split\"", "data-cargo-features=\"incident\"");
        assert!(e.contains("the quiz build must be built with data-cargo-features=\"quiz,split\""), "{e}");
        // A build whose run view is split off must say so; no other build may.
        let e = broken("data-cargo-features=\"session,split\"", "data-cargo-features=\"session\"");
        assert!(e.contains("the session build must be built with data-cargo-features=\"session,split\""), "{e}");
        let e = broken("data-cargo-features=\"results\"", "data-cargo-features=\"results,split\"");
        assert!(e.contains("the results build must be built with data-cargo-features=\"results\""), "{e}");
        let e = broken("data-bin=\"instructor\"", "data-bin=\"teacher\"");
        assert!(e.contains("data-bin=\"instructor\" …>, found 0"), "{e}");
        let e = broken("data-bin=\"light\" data-type=\"main\"", "data-bin=\"light\" data-type=\"worker\"");
        assert!(e.contains("the light build must have data-type=\"main\""), "{e}");
        let e = broken("data-bin=\"quiz\" data-cargo-features=\"quiz,split\" data-type=\"worker\" data-bindgen-target=\"web\"",
            "data-bin=\"quiz\" data-cargo-features=\"quiz,split\" data-type=\"worker\"");
        assert!(e.contains("the quiz build must have data-bindgen-target=\"web\""), "{e}");
        let e = broken("<link data-trunk rel=\"css\"", "<link data-trunk rel=\"rust\" data-bin=\"light\"><link data-trunk rel=\"css\"");
        assert!(e.contains("expected one <link data-trunk rel=\"rust\" data-bin=\"light\" …>, found 2"), "{e}");
        assert!(check_rust_links("<html></html>").is_err());
    }

    #[test]
    fn minified_scripts_are_smaller_and_behave_the_same() {
        let dir = std::env::temp_dir().join(format!("rollback-lab-minify-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        // A module shaped like wasm-bindgen's glue: exports, a default export, an imports object
        // whose keys the wasm names, and import.meta.
        let module = "let cachedTotal = 0;\n\
            function addToTheTotal(firstNumber, secondNumber) {\n    const sumOfBoth = firstNumber + secondNumber;\n    cachedTotal += sumOfBoth;\n    return cachedTotal;\n}\n\
            function getImports() {\n    const imports = {};\n    imports.wbg = {};\n    imports.wbg.__wbg_add_1234 = function(arg0, arg1) { return addToTheTotal(arg0, arg1); };\n    return imports;\n}\n\
            export function initSync() { return getImports(); }\n\
            async function __wbg_init() { return typeof import.meta.url; }\n\
            export { addToTheTotal };\nexport default __wbg_init;\n";
        let (boot, sw) = (dir.join("boot-1.js"), dir.join(SERVICE_WORKER));
        fs::write(&boot, module).unwrap();
        fs::write(&sw, module).unwrap();
        fs::write(dir.join("notes.txt"), module).unwrap();
        let log = minify_scripts(&minifier(Path::new(env!("CARGO_MANIFEST_DIR"))), &dir).unwrap();
        assert!(log.starts_with("minified 1 scripts"), "{log}");
        let minified = fs::read_to_string(&boot).unwrap();
        assert!(minified.len() < module.len() * 3 / 4, "{minified}");
        assert!(!minified.contains("firstNumber") && minified.contains("__wbg_add_1234"), "{minified}");
        assert_eq!(fs::read_to_string(&sw).unwrap(), module, "the service worker is left as it is");
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), module);
        let run = std::process::Command::new("node")
            .args(["--input-type=module", "-e"])
            .arg(format!(
                "const m = await import({:?}); const i = m.initSync(); \
                 console.log(m.addToTheTotal(2, 3), i.wbg.__wbg_add_1234(1, 1), await m.default());",
                format!("file://{}", boot.display())
            ))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&run.stdout).trim(), "5 7 string", "{}", String::from_utf8_lossy(&run.stderr));
        fs::write(&boot, "export function broken( {").unwrap();
        let e = minify_scripts(&minifier(Path::new(env!("CARGO_MANIFEST_DIR"))), &dir).unwrap_err();
        assert!(e.starts_with("boot-1.js: ") && e.contains("failed"), "{e}");
        let e = minify_module(Path::new("/nonexistent/terser"), &boot).unwrap_err();
        assert!(e.contains("cannot run /nonexistent/terser") && e.contains("bootstrap.sh"), "{e}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_bigger_builds_are_named_after_their_content_and_listed_in_index_html() {
        let dir = std::env::temp_dir().join(format!("rollback-lab-name-builds-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), "<html><head><title>x</title></head><body></body></html>").unwrap();
        for name in ["quiz", "progress", "session", "instructor", "results", "incident", "sandbox", "incidents", "author"] {
            fs::write(dir.join(format!("{name}.js")), format!("js of {name}")).unwrap();
            fs::write(dir.join(format!("{name}_bg.wasm")), format!("wasm of {name}")).unwrap();
        }
        let log = name_builds(&dir).unwrap();
        assert_eq!(log.lines().count(), 9, "{log}");
        let html = fs::read_to_string(dir.join("index.html")).unwrap();
        let files = crate::site_files::bundle_files(&html);
        let named: Vec<(&str, &str)> = files.iter().map(|b| (b.build.as_str(), b.kind.as_str())).collect();
        assert_eq!(
            named,
            [("quiz", "js"), ("quiz", "wasm"), ("progress", "js"), ("progress", "wasm"), ("session", "js"), ("session", "wasm"), ("instructor", "js"), ("instructor", "wasm"), ("results", "js"), ("results", "wasm"), ("incident", "js"), ("incident", "wasm"), ("sandbox", "js"), ("sandbox", "wasm"), ("incidents", "js"), ("incidents", "wasm"), ("author", "js"), ("author", "wasm")]
        );
        for b in &files {
            assert!(b.file.starts_with(&format!("{}-", b.build)) && b.file.len() == b.build.len() + 1 + 16 + if b.kind == "js" { 3 } else { 8 }, "{b:?}");
            assert_eq!(fs::read_to_string(dir.join(&b.file)).unwrap(), format!("{} of {}", b.kind, b.build));
        }
        assert!(!dir.join("quiz.js").exists(), "the unnamed files are renamed, not copied");
        // Trunk's output without one of the builds is an error naming it.
        fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        let e = name_builds(&dir).unwrap_err();
        assert!(e.contains("quiz.js") && e.contains("data-bin=\"quiz\""), "{e}");
        // Snippets that no build imports (left by earlier builds) are left out; a build that
        // imports one is refused.
        for b in Build::ALL.iter().filter(|b| **b != Build::Light) {
            let name = b.name();
            fs::write(dir.join(format!("{name}.js")), "import * as x from './x.js';").unwrap();
            fs::write(dir.join(format!("{name}_bg.wasm")), "wasm").unwrap();
        }
        fs::create_dir_all(dir.join("snippets/x-1")).unwrap();
        fs::write(dir.join("snippets/x-1/inline0.js"), "export function f() {}").unwrap();
        assert!(name_builds(&dir).unwrap().starts_with("left out wasm-bindgen snippets"));
        assert!(!dir.join("snippets").exists());
        fs::create_dir_all(dir.join("snippets/x-1")).unwrap();
        fs::write(dir.join("light-1.js"), "import { f } from './snippets/x-1/inline0.js';").unwrap();
        let e = name_builds(&dir).unwrap_err();
        assert!(e.starts_with("light-1.js: the build imports a wasm-bindgen snippet"), "{e}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_split_build_is_named_as_one_and_its_files_import_each_other_by_their_new_names() {
        let dir = std::env::temp_dir().join(format!("rollback-lab-name-split-{}", std::process::id()));
        let write_site = |part: &str| {
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("index.html"), "<html><head><title>x</title></head><body></body></html>").unwrap();
            for b in Build::ALL.iter().filter(|b| **b != Build::Light) {
                let name = b.name();
                fs::write(dir.join(format!("{name}_bg.wasm")), format!("wasm of {name}")).unwrap();
                if b.split_part().is_some() {
                    fs::write(dir.join(format!("{name}.js")), format!("import * as import1 from \"./{name}.split.js\"\nconst imports = {{ \"./{name}.split.js\": import1 }};")).unwrap();
                    fs::write(dir.join(format!("{name}.split.js")), format!("import {{ initSync }} from \"./{name}.js\";\nfetch(new URL(\"./{name}_run.wasm\", import.meta.url));")).unwrap();
                    fs::write(dir.join(format!("{name}_run.wasm")), part).unwrap();
                } else {
                    fs::write(dir.join(format!("{name}.js")), format!("js of {name}")).unwrap();
                }
            }
            name_builds(&dir).unwrap();
            fs::read_to_string(dir.join("index.html")).unwrap()
        };
        let html = write_site("run part");
        let files = crate::site_files::bundle_files(&html);
        let file = |build: &str, kind: &str| files.iter().find(|b| b.build == build && b.kind == kind).map(|b| b.file.clone()).unwrap();
        for build in ["quiz", "progress", "session", "incident"] {
            let (js, loader, part) = (file(build, "js"), file(build, "loader"), file(build, "part"));
            let hash = js.trim_end_matches(".js");
            assert_eq!((loader.as_str(), part.as_str(), file(build, "wasm")), (&*format!("{hash}.split.js"), &*format!("{hash}_run.wasm"), format!("{hash}_bg.wasm")));
            let glue = fs::read_to_string(dir.join(&js)).unwrap();
            assert!(glue.contains(&format!("from \"./{loader}\"")), "{glue}");
            assert!(glue.contains(&format!("\"./{build}.split.js\": import1")), "the wasm's own import name stays: {glue}");
            let text = fs::read_to_string(dir.join(&loader)).unwrap();
            assert!(text.contains(&format!("from \"./{js}\"")) && text.contains(&format!("new URL(\"./{part}\"")), "{text}");
            assert_eq!(fs::read_to_string(dir.join(&part)).unwrap(), "run part");
        }
        assert!(!dir.join("quiz.split.js").exists() && !dir.join("quiz_run.wasm").exists() && !dir.join("quiz.js").exists());
        let split = |name: &str| Build::ALL.iter().any(|b| b.name() == name && b.split_part().is_some());
        assert!(files.iter().all(|b| split(&b.build) || !matches!(b.kind.as_str(), "loader" | "part")));
        // The part is in the hash: another part, other names for all four files.
        let again = write_site("another run part");
        assert_ne!(crate::site_files::bundle_files(&again).iter().find(|b| b.build == "quiz" && b.kind == "wasm").map(|b| b.file.clone()), Some(file("quiz", "wasm")));
        let _ = fs::remove_dir_all(&dir);
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    const INDEX_WITH_BUNDLES: &str = "<head><meta name=\"rollback-lab-light-js\" content=\"light-3.js\">\
        <meta name=\"rollback-lab-light-wasm\" content=\"light-3_bg.wasm\"><meta name=\"rollback-lab-quiz-js\" content=\"quiz-0a.js\">\n\
        <meta name=\"rollback-lab-quiz-wasm\" content=\"quiz-0a_bg.wasm\">\n<meta name=\"description\" content=\"x\">\n\
        <meta name=\"rollback-lab-incident-js\" content=\"incident-0b.js\">\n<meta name=\"rollback-lab-incident-wasm\" content=\"incident-0b_bg.wasm\">\n</head>";

    #[test]
    fn the_worker_precaches_the_shell_and_data_and_leaves_the_bigger_builds_for_later() {
        let files = strings(&[
            "index.html", "index.html.br", "index.html.gz", "sw.js", "sw.js.br", "boot-1.js", "style-2.css",
            "light-3.js", "light-3_bg.wasm", "light-3_bg.wasm.br", "quiz-0a.js", "quiz-0a_bg.wasm",
            "incident-0b.js", "incident-0b_bg.wasm", "incident-0b_bg.wasm.gz", "data/packs/index.json", "data/packs/canary.json",
            "data/concepts/canary.json", "data/scenarios/canary-abort-errors.json", "snippets/x-1/inline0.js",
            "data/exports/canary.moodle.xml", "data/exports/canary.qti.zip",
            "manifest.webmanifest", "favicon.svg", ".hidden",
        ]);
        let lists = offline_files(&files, INDEX_WITH_BUNDLES).unwrap();
        assert_eq!(
            lists.precache,
            strings(&[
                "boot-1.js", "data/concepts/canary.json", "data/packs/canary.json", "data/packs/index.json",
                "data/scenarios/canary-abort-errors.json", "favicon.svg", "index.html", "light-3.js", "light-3_bg.wasm",
                "manifest.webmanifest", "snippets/x-1/inline0.js", "style-2.css",
            ])
        );
        assert_eq!(lists.later, strings(&["incident-0b.js", "incident-0b_bg.wasm", "quiz-0a.js", "quiz-0a_bg.wasm"]));
        // With stylesheets: build by build, each build's sheet first (its files are fetched in turn).
        let index = INDEX_WITH_BUNDLES.replace(
            "</head>",
            "<meta name=\"rollback-lab-quiz-css\" content=\"style-quiz-1c.css\"><meta name=\"rollback-lab-incident-css\" content=\"style-incident-1d.css\"></head>",
        );
        let with_sheets = [files.clone(), strings(&["style-quiz-1c.css", "style-incident-1d.css"])].concat();
        assert_eq!(
            offline_files(&with_sheets, &index).unwrap().later,
            strings(&["style-incident-1d.css", "incident-0b.js", "incident-0b_bg.wasm", "style-quiz-1c.css", "quiz-0a.js", "quiz-0a_bg.wasm"])
        );
        // Without the bigger builds installed, everything is precached; without index.html, nothing works.
        let light = offline_files(&strings(&["index.html", "a-1.js"]), "<head></head>").unwrap();
        assert_eq!((light.precache, light.later), (strings(&["a-1.js", "index.html"]), vec![]));
        assert!(offline_files(&strings(&["a-1.js"]), "").is_err());
    }

    #[test]
    fn index_html_names_every_shipped_pack_and_no_bundle_file() {
        let dir = std::env::temp_dir().join(format!("rollback-lab-shipped-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        write_packs(&Path::new(env!("CARGO_MANIFEST_DIR")).join("static/packs"), &dir.join("data/packs")).unwrap();
        fs::write(dir.join("index.html"), "<html><head><title>x</title>\n<meta name=\"rollback-lab-light-js\" content=\"light-1.js\">\n</head></html>").unwrap();
        let log = list_shipped_packs(&dir).unwrap();
        let html = fs::read_to_string(dir.join("index.html")).unwrap();
        let index = PackIndex::from_json(&fs::read_to_string(dir.join("data/packs/index.json")).unwrap()).unwrap();
        let ids: Vec<&str> = index.packs.iter().map(|p| p.id.as_str()).collect();
        assert!(ids.len() >= 10 && ids.contains(&"canary"), "{ids:?}");
        assert!(log.contains(&format!("the {} shipped packs", ids.len())), "{log}");
        assert!(html.contains(&format!("<meta name=\"rollback-lab-shipped-packs\" content=\"{}\">", ids.join(" "))), "{html}");
        for id in &ids {
            assert!(dir.join("data/packs").join(crate::ui::route::data::pack_file_name(id)).is_file(), "{id}: the file named after the id");
        }
        // Written again, the tag is replaced, not repeated; the bundles' tags are unchanged.
        list_shipped_packs(&dir).unwrap();
        let again = fs::read_to_string(dir.join("index.html")).unwrap();
        assert_eq!(again.matches("rollback-lab-shipped-packs").count(), 1);
        let bundles = crate::site_files::bundle_files(&again);
        assert_eq!(bundles.iter().map(|b| b.file.as_str()).collect::<Vec<_>>(), ["light-1.js"]);
        fs::write(dir.join("data/packs/index.json"), "{\"packs\": 3}").unwrap();
        assert!(list_shipped_packs(&dir).is_err(), "a broken index fails the build");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_worker_carries_its_lists_and_a_version_that_follows_the_files() {
        let dir = std::env::temp_dir().join(format!("rollback-lab-sw-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("data/packs")).unwrap();
        fs::write(dir.join("index.html"), INDEX_WITH_BUNDLES).unwrap();
        fs::write(dir.join("data/packs/index.json"), "{}").unwrap();
        fs::write(dir.join("incident-0b.js"), "js").unwrap();
        fs::write(dir.join("incident-0b_bg.wasm"), "wasm").unwrap();
        let log = write_service_worker(&dir).unwrap();
        assert!(log.contains("2 files to cache at once, 2 later"), "{log}");
        let sw = fs::read_to_string(dir.join("sw.js")).unwrap();
        assert!(sw.contains(r#"const PRECACHE = ["data/packs/index.json","index.html"];"#), "{sw}");
        assert!(sw.contains(r#"const LATER = ["incident-0b.js","incident-0b_bg.wasm"];"#), "{sw}");
        assert!(sw.contains("self.addEventListener(\"fetch\""), "the fixed part follows");
        // The session builder reads the lists back from the served worker.
        assert_eq!(crate::site_files::service_worker_files(&sw).unwrap(), ["data/packs/index.json", "index.html", "incident-0b.js", "incident-0b_bg.wasm"]);
        let version = |sw: &str| sw.split("const VERSION = \"").nth(1).map(|v| v[..16].to_string()).unwrap();
        let first = version(&sw);
        // Writing again changes nothing (the worker itself is not in its lists) ...
        write_service_worker(&dir).unwrap();
        assert_eq!(version(&fs::read_to_string(dir.join("sw.js")).unwrap()), first);
        // ... a data file that changes makes a new version, so browsers install a new worker and cache.
        fs::write(dir.join("data/packs/index.json"), "{\"packs\":[]}").unwrap();
        write_service_worker(&dir).unwrap();
        assert_ne!(version(&fs::read_to_string(dir.join("sw.js")).unwrap()), first);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_manifest_names_the_hashed_favicon_relative_to_the_public_url() {
        let manifest = r#"{"name":"Rollback Lab","start_url":"./","icons":[{"src":"favicon.svg","sizes":"any"}]}"#;
        let html = r#"<head><base href="/rollback-lab/"><link rel="stylesheet" href="/rollback-lab/s-1.css"/><link rel="icon" href="/rollback-lab/favicon-0f.svg" integrity="x"/></head>"#;
        let out: serde_json::Value = serde_json::from_str(&manifest_with_icon(manifest, html).unwrap()).unwrap();
        assert_eq!(out["icons"][0]["src"], "favicon-0f.svg");
        assert_eq!(out["start_url"], "./");
        let root = r#"<base href="/"><link rel="icon" href="/favicon-0f.svg"/>"#;
        let out: serde_json::Value = serde_json::from_str(&manifest_with_icon(manifest, root).unwrap()).unwrap();
        assert_eq!(out["icons"][0]["src"], "favicon-0f.svg");
        assert!(manifest_with_icon(manifest, "<head></head>").is_err());
        assert!(manifest_with_icon("not json", root).is_err());
    }

    #[test]
    fn the_light_build_is_named_relative_to_the_public_url_like_the_others() {
        for base in ["/rollback-lab/", "/", "./"] {
            let trunk = TRUNK_OUTPUT.replace("/rollback-lab/", base);
            let html = name_light_build("<head></head>", &trunk).unwrap();
            assert!(html.contains("<meta name=\"rollback-lab-light-js\" content=\"app-1.js\">"), "{base}: {html}");
            assert!(html.contains("<meta name=\"rollback-lab-light-wasm\" content=\"app-1_bg.wasm\">"), "{base}: {html}");
        }
        assert!(name_light_build("<head></head>", "<head></head>").is_err());
    }

    #[test]
    fn a_stylesheet_loses_its_comments_and_keeps_every_rule() {
        let css = "/* The theme.\n   Two lines. */\n:root { --a: 1px; } /* after */\n\n.x::after { content: \"/* not a comment */\"; }\n  /* indented */\n.y { margin: 0 /* inline */ auto; }\n";
        assert_eq!(
            strip_css_comments(css).unwrap(),
            ":root { --a: 1px; }\n.x::after { content: \"/* not a comment */\"; }\n.y { margin: 0  auto; }\n"
        );
        assert_eq!(strip_css_comments("a { b: 'it\\'s /* text' }").unwrap(), "a { b: 'it\\'s /* text' }\n");
        // An unterminated comment runs to the end, as in a browser.
        assert_eq!(strip_css_comments("a { b: c; } /* open").unwrap(), "a { b: c; }\n");
        let glued = strip_css_comments(".a {}\n.b/**/.c { d: e; }").unwrap_err();
        assert!(glued.starts_with("line 2: a comment between two tokens"), "{glued}");
    }

    #[test]
    fn the_shipped_stylesheet_loses_only_its_comments() {
        let css = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/style.css")).unwrap();
        let stripped = strip_css_comments(&css).unwrap();
        assert!(!stripped.contains("/*") && stripped.len() < css.len() * 19 / 20, "{} of {} bytes", stripped.len(), css.len());
        // Outside comments, the same characters in the same order, but for spaces.
        let mut without_comments = String::new();
        let mut rest = css.as_str();
        while let Some(at) = rest.find("/*") {
            without_comments.push_str(&rest[..at]);
            rest = rest[at..].find("*/").map_or("", |end| &rest[at + end + 2..]);
        }
        without_comments.push_str(rest);
        let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(squeeze(&stripped), squeeze(&without_comments));
    }

    #[test]
    fn each_build_gets_the_shared_rules_and_its_own_in_the_written_order() {
        let css = "/* The theme. */\n.a { x: 1; }\n/* @only quiz incident */\n.q { y: 2; }\n/* @end */\n.b { z: 3; }\n/* @only light */\n\
                   @media (min-width: 1px) {\n  .l { w: 4; }\n}\n/* @end */\n";
        let sheets = stylesheet_per_build(css).unwrap();
        let sheet = |b: Build| sheets.iter().find(|(x, _)| *x == b).map(|(_, s)| s.as_str()).unwrap();
        assert_eq!(sheets.len(), Build::ALL.len());
        assert_eq!(sheet(Build::Quiz), ".a { x: 1; }\n.q { y: 2; }\n.b { z: 3; }\n");
        assert_eq!(sheet(Build::Incident), sheet(Build::Quiz));
        assert_eq!(sheet(Build::Light), ".a { x: 1; }\n.b { z: 3; }\n@media (min-width: 1px) {\n  .l { w: 4; }\n}\n");
        assert_eq!(sheet(Build::Author), ".a { x: 1; }\n.b { z: 3; }\n");
        assert_eq!(sheet(Build::Instructor), sheet(Build::Author));
        // Mistakes in the markers say where they are.
        let error = |css: &str| stylesheet_per_build(css).unwrap_err();
        assert!(error(".a {}\n/* @only quiz */\n.b {}\n").starts_with("line 2: the `@only` block is never closed"), "{}", error(".a {}\n/* @only quiz */\n"));
        assert!(error("/* @only quiz */\n/* @only light */\n").starts_with("line 2: `@only` inside the block opened on line 1"));
        assert!(error(".a {}\n/* @end */\n").starts_with("line 2: `@end` closes no `@only` block"));
        assert!(error("/* @only quiz quizz */\n/* @end */\n").contains("line 1: no build is named `quizz` (the builds: light, quiz, progress, session, instructor, results, incident, sandbox, incidents, author)"));
        assert_eq!(error("/* @only */\n"), "line 1: `@only` names no build");
        assert!(error("/* @onyl quiz */\n").starts_with("line 1: `/* @onyl quiz */` is neither"));
    }

    #[test]
    fn the_shipped_stylesheet_splits_into_sheets_that_keep_the_order_of_its_rules() {
        let css = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/style.css")).unwrap();
        let whole = strip_css_comments(&css).unwrap();
        let whole_lines: Vec<&str> = whole.lines().collect();
        let sheets = stylesheet_per_build(&css).unwrap();
        for (build, sheet) in &sheets {
            // Each sheet is the whole sheet with lines left out, never moved.
            let mut at = 0;
            for line in sheet.lines() {
                at += whole_lines[at..].iter().position(|l| *l == line).unwrap_or_else(|| panic!("{}: `{line}` out of order", build.name())) + 1;
            }
            assert!(sheet.contains(".site-header {") && sheet.contains("#update-offer {"), "{}: the shell's rules are in every sheet", build.name());
            assert!(sheet.len() < whole.len(), "{}: {} of {} bytes", build.name(), sheet.len(), whole.len());
        }
        let has = |b: Build, rule: &str| sheets.iter().any(|(x, s)| *x == b && s.contains(rule));
        assert!(has(Build::Incident, ".console-log {") && !has(Build::Quiz, ".console-log {") && !has(Build::Light, ".console-log {"));
        assert!(has(Build::Quiz, ".option {") && has(Build::Instructor, ".leaderboard {") && !has(Build::Incident, ".leaderboard {"));
        assert!(has(Build::Light, ".concept-cards {") && !has(Build::Author, ".concept-cards {"));
    }

    #[test]
    fn a_link_is_found_by_its_rel_with_its_href() {
        let html = "<head><link rel=\"icon\" href=\"/f.svg\"/>\n<link rel=\"stylesheet\" href=\"/r/style-1.css\" data-integrity=\"none\"/></head>";
        assert_eq!(
            link_with_rel(html, "stylesheet"),
            Some(("<link rel=\"stylesheet\" href=\"/r/style-1.css\" data-integrity=\"none\"/>", "/r/style-1.css"))
        );
        assert_eq!(link_with_rel(html, "icon"), Some(("<link rel=\"icon\" href=\"/f.svg\"/>", "/f.svg")));
        assert_eq!(link_with_rel("<head><link rel=\"icon\"></head>", "icon"), None);
        assert_eq!(link_with_rel("<head><link rel=\"icon\" href=\"/f.svg\"", "icon"), None);
    }

    #[test]
    fn a_page_without_inline_script_is_an_error_not_a_panic() {
        assert!(externalize_start_script("<html></html>").is_err());
        assert!(externalize_start_script("<script type=\"module\">never closed").is_err());
    }
}
