//! `lab scorm`: one pack's Test or Challenge as a SCORM 1.2 package an LMS imports, from a site
//! folder built with a relative public URL (`PUBLIC_URL=./`). What a package holds and the parts
//! that touch no disk (manifest, launch page, launcher) are in `scorm_package`, shared with the
//! session builder's download button; this module reads the site and writes a deflated zip.
//!
//! Architecture invariant: plain functions of their inputs except [`package`], which reads the site
//! folder and writes the zip; nothing here is compiled into the wasm.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::quiz::Mode;
pub use crate::scorm_package::{LAUNCHER, LAUNCHER_JS, Package, launch_page, manifest, package_entries, xml_escape};

/// Every file of the site, `/`-separated and sorted, without the precompressed `.gz`/`.br` copies
/// (an LMS serves files as they are).
pub fn site_files(site: &Path) -> Result<Vec<String>, String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("gz" | "br")) {
                let rel = path.strip_prefix(root).map_err(|e| e.to_string())?;
                out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(site, site, &mut out)?;
    out.sort();
    Ok(out)
}

/// `lab scorm PACK --mode MODE --site DIR --out FILE`: writes the package and says what it holds.
pub fn package(pack_id: &str, mode: Mode, mastery: u32, site: &Path, out: &Path) -> Result<String, String> {
    if !matches!(mode, Mode::Test | Mode::Challenge) {
        return Err(format!("scorm: mode {:?}: a package runs a test or a challenge", mode.name()));
    }
    let pack_file = site.join("data/packs").join(format!("{pack_id}.json"));
    let pack_text = std::fs::read_to_string(&pack_file)
        .map_err(|e| format!("scorm: no pack {pack_id:?} in {} ({e}); `lab check` lists the packs", site.display()))?;
    let pack = crate::pack::from_json(&pack_file.display().to_string(), &pack_text)
        .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
    let index = std::fs::read_to_string(site.join("index.html")).map_err(|e| format!("scorm: {}/index.html: {e}", site.display()))?;
    let launch = launch_page(&index).map_err(|e| format!("scorm: {e}"))?;
    let mut files = site_files(site)?;
    files.push(LAUNCHER.to_owned());
    files.sort();
    files.dedup();
    let package = Package::pack(&pack.id, &pack.title, mode, mastery);
    let bytes = write_zip(site, &files, &package, &launch).map_err(|e| format!("scorm: {e}"))?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("scorm: {}: {e}", parent.display()))?;
    }
    std::fs::write(out, &bytes).map_err(|e| format!("scorm: {}: {e}", out.display()))?;
    Ok(format!(
        "scorm: wrote {} ({} files, {} bytes): {} {}, launch {}, mastery score {}%\n",
        out.display(),
        files.len() + 1,
        bytes.len(),
        pack.id,
        mode.name(),
        package.launch_href(),
        package.mastery
    ))
}

/// The zip: the package's entries (`scorm_package::package_entries`), deflated.
fn write_zip(site: &Path, files: &[String], package: &Package, launch: &str) -> Result<Vec<u8>, String> {
    use zip::write::SimpleFileOptions;
    let mut read = Vec::with_capacity(files.len());
    for file in files.iter().filter(|f| *f != "index.html" && *f != LAUNCHER) {
        let path: PathBuf = site.join(file);
        read.push((file.clone(), std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in package_entries(package, launch, read) {
        zip.start_file(name.as_str(), options).map_err(|e| format!("{name}: {e}"))?;
        zip.write_all(&bytes).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small XML well-formedness check: balanced, properly nested elements, quoted attributes,
    /// entities only from the predefined five. Returns (element name, attributes) for every start tag.
    fn parse_xml(xml: &str) -> Result<Vec<(String, Vec<(String, String)>)>, String> {
        let body = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").ok_or("no XML declaration")?;
        let mut stack: Vec<String> = Vec::new();
        let mut elements = Vec::new();
        let mut rest = body;
        let mut roots = 0;
        while let Some(lt) = rest.find('<') {
            check_text(&rest[..lt])?;
            if !stack.is_empty() || rest[..lt].trim().is_empty() {
            } else {
                return Err("text outside the root".into());
            }
            let gt = rest[lt..].find('>').ok_or("unterminated tag")? + lt;
            let tag = &rest[lt + 1..gt];
            rest = &rest[gt + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().ok_or(format!("</{name}> closes nothing"))?;
                if open != name.trim() {
                    return Err(format!("</{name}> closes <{open}>"));
                }
                continue;
            }
            let empty = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
            let name = tag[..name_end].to_string();
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == ':' || c == '-' || c == '_') {
                return Err(format!("bad element name {name:?}"));
            }
            let mut attrs = Vec::new();
            let mut a = tag[name_end..].trim();
            while !a.is_empty() {
                let eq = a.find('=').ok_or(format!("attribute without value in <{name}>"))?;
                let key = a[..eq].trim().to_string();
                let after = a[eq + 1..].trim_start();
                let quoted = after.strip_prefix('"').ok_or(format!("unquoted attribute {key}"))?;
                let end = quoted.find('"').ok_or("unterminated attribute")?;
                check_text(&quoted[..end])?;
                if attrs.iter().any(|(k, _): &(String, String)| *k == key) {
                    return Err(format!("attribute {key} twice"));
                }
                attrs.push((key, quoted[..end].to_string()));
                a = quoted[end + 1..].trim_start();
            }
            if stack.is_empty() {
                roots += 1;
            }
            elements.push((name.clone(), attrs));
            if !empty {
                stack.push(name);
            }
        }
        if !stack.is_empty() || roots != 1 || !rest.trim().is_empty() {
            return Err(format!("unclosed {stack:?} or {roots} roots"));
        }
        Ok(elements)
    }

    fn check_text(text: &str) -> Result<(), String> {
        let mut rest = text;
        while let Some(amp) = rest.find('&') {
            let semi = rest[amp..].find(';').ok_or("bare &")? + amp;
            if !["amp", "lt", "gt", "quot", "apos"].contains(&&rest[amp + 1..semi]) {
                return Err(format!("unknown entity {}", &rest[amp..=semi]));
            }
            rest = &rest[semi + 1..];
        }
        if text.contains('<') { Err("< in text".into()) } else { Ok(()) }
    }

    fn attr<'a>(e: &'a (String, Vec<(String, String)>), key: &str) -> Option<&'a str> {
        e.1.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn sample() -> Package {
        Package::pack("canary", "Canary <aborts> & \"rollbacks\"", Mode::Test, 80)
    }

    #[test]
    fn the_manifest_is_well_formed_scorm_1_2_with_one_sco_whose_files_are_listed() {
        let files = vec!["index.html".to_string(), "data/packs/canary.json".into(), LAUNCHER.into()];
        let xml = manifest(&sample(), &files);
        let elements = parse_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        let named = |n: &str| elements.iter().filter(|e| e.0 == n).collect::<Vec<_>>();
        assert_eq!(named("manifest").len(), 1);
        assert!(xml.contains("<schema>ADL SCORM</schema>") && xml.contains("<schemaversion>1.2</schemaversion>"));
        assert_eq!(attr(named("manifest")[0], "xmlns"), Some("http://www.imsproject.org/xsd/imscp_rootv1p1p2"));
        assert_eq!(attr(named("manifest")[0], "xmlns:adlcp"), Some("http://www.adlnet.org/xsd/adlcp_rootv1p2"));
        let (orgs, org, items, resources) = (named("organizations"), named("organization"), named("item"), named("resource"));
        assert_eq!((org.len(), items.len(), resources.len()), (1, 1, 1));
        assert_eq!(attr(orgs[0], "default"), attr(org[0], "identifier"));
        assert_eq!(attr(items[0], "identifierref"), attr(resources[0], "identifier"));
        assert_eq!(attr(resources[0], "adlcp:scormtype"), Some("sco"));
        assert_eq!(attr(resources[0], "href"), Some("index.html?scorm=canary/test"));
        // Identifiers are unique XML IDs (a letter first, no spaces).
        let ids: Vec<&str> = elements.iter().filter_map(|e| attr(e, "identifier")).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        assert!(ids.iter().all(|id| id.starts_with(char::is_alphabetic) && !id.contains(' ')), "{ids:?}");
        let listed: Vec<&str> = named("file").iter().filter_map(|e| attr(e, "href")).collect();
        assert_eq!(listed, ["index.html", "data/packs/canary.json", LAUNCHER]);
        assert!(xml.contains("Canary &lt;aborts&gt; &amp; &quot;rollbacks&quot;"), "{xml}");
        assert!(xml.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"));
    }

    #[test]
    fn the_checker_refuses_broken_xml() {
        let decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
        for bad in ["<a><b></a></b>", "<a>&nbsp;</a>", "<a x=1/>", "<a></a><b/>", "<a>"] {
            assert!(parse_xml(&format!("{decl}{bad}")).is_err(), "{bad}");
        }
        assert!(parse_xml(&format!("{decl}<a x=\"1\"><b/></a>")).is_ok());
    }

    #[test]
    fn the_launch_page_needs_a_relative_base_and_loads_the_launcher_after_it() {
        let page = "<html><head><base href=\"./\" /><script type=\"module\" src=\"./boot-1.js\"></script></head></html>";
        let launch = launch_page(page).unwrap();
        let base = launch.find("<base").unwrap();
        let launcher = launch.find(&format!("<script src=\"{LAUNCHER}\"></script>")).unwrap();
        let boot = launch.find("boot-1.js").unwrap();
        assert!(base < launcher && launcher < boot, "{launch}");
        let absolute = launch_page("<base href=\"/\" />").unwrap_err();
        assert!(absolute.contains("PUBLIC_URL=./"), "{absolute}");
        assert!(launch_page("<html></html>").is_err());
        assert!(launch_page("<base href=\"https://x.org/\">").is_err());
        assert!(launch_page("<base href=\"./").is_err());
    }

    #[test]
    fn a_package_holds_the_manifest_the_site_and_every_file_the_manifest_names() {
        let dir = std::env::temp_dir().join(format!("lab-scorm-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let site = dir.join("site");
        std::fs::create_dir_all(site.join("data/packs")).unwrap();
        let pack_toml = std::fs::read_to_string("static/packs/canary.toml").unwrap();
        let pack = crate::cli::check::read_toml_pack("canary.toml", &pack_toml).unwrap();
        std::fs::write(site.join("data/packs/canary.json"), crate::pack::to_json(&pack)).unwrap();
        std::fs::write(site.join("index.html"), "<html><head><base href=\"./\" /></head></html>").unwrap();
        std::fs::write(site.join("index.html.br"), "x").unwrap();
        std::fs::write(site.join("app.wasm"), [0u8, 97, 115, 109]).unwrap();
        let out = dir.join("out/canary.zip");
        let said = package("canary", Mode::Challenge, 100, &site, &out).unwrap();
        assert!(said.contains("index.html?scorm=canary/challenge"), "{said}");
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
        let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
        assert!(names.contains(&"imsmanifest.xml".to_string()));
        assert!(!names.iter().any(|n| n.ends_with(".br")), "{names:?}");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("imsmanifest.xml").unwrap(), &mut xml).unwrap();
        let elements = parse_xml(&xml).unwrap();
        let href = elements.iter().find(|e| e.0 == "resource").and_then(|e| attr(e, "href")).unwrap();
        let launch_file = href.split('?').next().unwrap();
        assert!(names.iter().any(|n| n == launch_file), "{href} not in {names:?}");
        for file in elements.iter().filter(|e| e.0 == "file").filter_map(|e| attr(e, "href")) {
            assert!(names.iter().any(|n| n == file), "{file} listed but not in the zip");
        }
        for name in names.iter().filter(|n| *n != "imsmanifest.xml") {
            assert!(xml.contains(&format!("<file href=\"{name}\"/>")), "{name} in the zip but not listed");
        }
        let mut index = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("index.html").unwrap(), &mut index).unwrap();
        assert!(index.contains(LAUNCHER));
        assert!(package("canary", Mode::Practice, 80, &site, &out).is_err());
        assert!(package("no-such-pack", Mode::Test, 80, &site, &out).unwrap_err().contains("no-such-pack"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
