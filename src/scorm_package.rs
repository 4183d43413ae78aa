//! A SCORM 1.2 package of one pack's Test or Challenge, the parts that do not touch a disk: the
//! manifest, the launch page, the launcher script, relative URLs for a site built for a server, and a
//! zip of stored entries. `lab scorm` (`cli::scorm`) writes a package from a site folder; the session
//! builder's download button (`ui::components::session::scorm_download`) writes the same package
//! from the files of the deployment it runs on.
//!
//! A package is a zip holding `imsmanifest.xml` (one organization, one item, one SCO) and a copy of
//! the site whose URLs are all relative to the folder the LMS unpacks it in. The SCO's launch file is
//! the site's `index.html` with `?scorm=PACK/MODE`; the package's copy of index.html loads
//! [`LAUNCHER`] first, which pins `<base>` to the launch folder and turns the launch URL into the
//! run's route (`packs/PACK/MODE?scorm=1`). The app's bridge (`ui::scorm`) then talks to the LMS.
//!
//! Architecture invariant: plain functions of their inputs (no web crates, no file system), never
//! panics; the zip is readable by any unzip (checked against the `zip` crate in the tests).

use crate::quiz::Mode;

/// The launcher the package's index.html loads before the app (a classic script, so it runs before
/// the module scripts and before the browser resolves their relative URLs).
pub const LAUNCHER: &str = "scorm-launch.js";

/// The launcher's text. It only reads the launch URL and rewrites `<base>` and the history entry:
/// `?scorm=PACK/MODE` opens that pack's run, `?scorm=session&s=CODE` the session of that share code.
pub const LAUNCHER_JS: &str = r#"// Rollback Lab in an LMS (written by `lab scorm` or the session builder): pin <base> to the folder
// this page was launched from, then open the run that the launch URL names.
(function () {
  var folder = new URL(".", location.href).href;
  var base = document.querySelector("base");
  if (base) base.setAttribute("href", folder);
  var query = new URLSearchParams(location.search);
  var run = query.get("scorm") || "";
  var code = query.get("s") || "";
  if (/^[a-z0-9][a-z0-9-]*\/(test|challenge)$/.test(run)) {
    history.replaceState(null, "", folder + "packs/" + run + "?scorm=1");
  } else if (run === "session" && /^s[0-9]+\.[A-Za-z0-9_-]+$/.test(code)) {
    history.replaceState(null, "", folder + "session?scorm=1#" + code);
  }
})();
"#;

/// The run a package opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Launch {
    /// A pack's Test or Challenge (`lab scorm`).
    Pack { id: String, mode: Mode },
    /// An instructor's session, by its share code (`s1.…`) and its id (the session builder).
    Session { code: String, id: String },
}

/// What a package holds: which run, its title, and the mastery score written into the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    pub launch: Launch,
    /// The pack's or the session's title.
    pub title: String,
    /// The passing score in percent (`adlcp:masteryscore`); the LMS gives it back to the SCO as
    /// `cmi.student_data.mastery_score`.
    pub mastery: u32,
}

impl Package {
    /// A pack's Test or Challenge.
    pub fn pack(id: &str, title: &str, mode: Mode, mastery: u32) -> Package {
        Package { launch: Launch::Pack { id: id.to_owned(), mode }, title: title.to_owned(), mastery }
    }

    /// The SCO's launch URL, relative to the package root.
    pub fn launch_href(&self) -> String {
        match &self.launch {
            Launch::Pack { id, mode } => format!("index.html?scorm={id}/{}", mode.name()),
            Launch::Session { code, .. } => format!("index.html?scorm=session&s={code}"),
        }
    }

    /// The manifest's identifier: names the pack and mode, or the session.
    pub fn identifier(&self) -> String {
        match &self.launch {
            Launch::Pack { id, mode } => format!("rollback-lab-{id}-{}", mode.name()),
            Launch::Session { id, .. } => format!("rollback-lab-session-{id}"),
        }
    }

    /// The title an LMS lists: "Rollback Lab: Canary (Test)", "Rollback Lab: Week 3 quiz".
    pub fn display_title(&self) -> String {
        match &self.launch {
            Launch::Pack { mode, .. } => format!("Rollback Lab: {} ({})", self.title, mode.label()),
            Launch::Session { .. } if self.title.trim().is_empty() => "Rollback Lab: a session".to_owned(),
            Launch::Session { .. } => format!("Rollback Lab: {}", self.title.trim()),
        }
    }

    /// The zip's file name a download suggests.
    pub fn file_name(&self) -> String {
        format!("{}.zip", self.identifier())
    }
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `imsmanifest.xml` for the package, listing `files` (paths inside the zip, `/`-separated) as the
/// SCO's files.
pub fn manifest(package: &Package, files: &[String]) -> String {
    use std::fmt::Write;
    let id = package.identifier();
    let title = xml_escape(&package.display_title());
    let mut out = String::new();
    // Appended in place with `write!` (a `String` cannot fail to take text).
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <manifest identifier=\"{id}\" version=\"1\"\n  xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n  \
         xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n  \
         xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n\
         \x20 <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n\
         \x20 <organizations default=\"{id}-org\">\n    <organization identifier=\"{id}-org\">\n      <title>{title}</title>\n\
         \x20     <item identifier=\"{id}-item\" identifierref=\"{id}-sco\" isvisible=\"true\">\n        <title>{title}</title>\n\
         \x20       <adlcp:masteryscore>{}</adlcp:masteryscore>\n      </item>\n\
         \x20   </organization>\n  </organizations>\n  <resources>\n\
         \x20   <resource identifier=\"{id}-sco\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"{}\">\n",
        package.mastery.min(100),
        xml_escape(&package.launch_href())
    );
    for file in files {
        let _ = writeln!(out, "      <file href=\"{}\"/>", xml_escape(file));
    }
    out.push_str("    </resource>\n  </resources>\n</manifest>\n");
    out
}

/// The package's index.html: the site's, with the launcher loaded right after `<base>`. The site
/// must have been built with a relative public URL, or the LMS could not find its files.
pub fn launch_page(index_html: &str) -> Result<String, String> {
    const BASE: &str = "<base href=\"";
    let start = index_html.find(BASE).ok_or("index.html has no <base href> (was it built by scripts/build.sh?)")?;
    let rest = &index_html[start + BASE.len()..];
    let href = &rest[..rest.find('"').ok_or("index.html: unterminated <base href>")?];
    if href.starts_with('/') || href.contains("://") {
        return Err(format!(
            "index.html was built for the public URL {href:?}; an LMS serves the package from a folder of its own, \
             so build the site with a relative one: PUBLIC_URL=./ DIST=target/dist-scorm bash scripts/build.sh"
        ));
    }
    let close = start + BASE.len() + rest.find('>').ok_or("index.html: unterminated <base>")? + 1;
    Ok(format!("{}\n    <script src=\"{LAUNCHER}\"></script>{}", &index_html[..close], &index_html[close..]))
}

/// The files of a package, in the zip's order: `imsmanifest.xml` first (listing every other file),
/// then `files` by name, with index.html replaced by `launch_page` and the launcher added.
pub fn package_entries(package: &Package, launch_page: &str, files: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = files.into_iter().filter(|(name, _)| name != "index.html" && name != LAUNCHER).collect();
    files.push(("index.html".to_owned(), launch_page.as_bytes().to_vec()));
    files.push((LAUNCHER.to_owned(), LAUNCHER_JS.as_bytes().to_vec()));
    crate::sort::sort_by(&mut files, |a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    let names: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    let mut entries = vec![("imsmanifest.xml".to_owned(), manifest(package, &names).into_bytes())];
    entries.extend(files);
    entries
}

/// The files a session's package needs out of those a deployment's service worker lists: all but
/// the incident scenarios, the concept cards and every build but `keep` (the build with the session
/// page) and the light build (the start-up script falls back to it, and it has the light pages the
/// session page links to).
pub fn session_files(listed: &[String], index_html: &str, keep: &str) -> Vec<String> {
    let other_builds: Vec<String> = crate::site_files::bundle_files(index_html).into_iter().filter(|b| b.build != keep && b.build != "light").map(|b| b.file).collect();
    listed
        .iter()
        .filter(|f| !f.starts_with("data/scenarios/") && !f.starts_with("data/concepts/") && !other_builds.contains(f))
        .cloned()
        .collect()
}

/// A deployment's index.html made relative: the `<base href>` becomes `./` and every attribute value
/// that starts with the old base (the site's own files) is made relative to it, so the page works
/// from whatever folder an LMS serves it. A page already relative is returned as it is.
pub fn relative_index(index_html: &str) -> Result<String, String> {
    const BASE: &str = "<base href=\"";
    let start = index_html.find(BASE).ok_or("index.html has no <base href>")?;
    let rest = &index_html[start + BASE.len()..];
    let base = &rest[..rest.find('"').ok_or("index.html: unterminated <base href>")?];
    if !base.starts_with('/') {
        return if base.contains("://") { Err(format!("index.html has the base {base:?}, not a path of this site")) } else { Ok(index_html.to_owned()) };
    }
    let base = if base.ends_with('/') { base.to_owned() } else { format!("{base}/") };
    let mut out = String::with_capacity(index_html.len());
    let mut rest = index_html;
    let needle = format!("=\"{base}");
    while let Some(at) = rest.find(&needle) {
        out.push_str(&rest[..at]);
        out.push_str("=\"./");
        rest = &rest[at + needle.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The CRC-32 (IEEE 802.3, the one zip uses) of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (n, entry) in table.iter_mut().enumerate() {
        let mut c = n as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *entry = c;
    }
    !bytes.iter().fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

/// A zip of `entries` (name, bytes), in that order, stored without compression (the wasm and data
/// files are what make a package large, and a browser has no deflate to spare; an LMS unpacks a
/// stored zip like any other). Names are UTF-8 (flag bit 11); every date is 1980-01-01, so the same
/// files always give the same bytes. Fails beyond what a zip without its 64-bit extension holds.
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Result<Vec<u8>, String> {
    const UTF8: u16 = 1 << 11;
    const DATE_1980_01_01: u16 = (1 << 5) | 1;
    let n = u16::try_from(entries.len()).ok().filter(|n| *n < u16::MAX).ok_or("a zip without ZIP64 holds fewer than 65,535 files")?;
    let mut out: Vec<u8> = Vec::new();
    let mut central: Vec<u8> = Vec::new();
    let too_big = || "a zip without ZIP64 holds less than 4 GiB".to_string();
    for (name, bytes) in entries {
        let offset = u32::try_from(out.len()).map_err(|_| too_big())?;
        let size = u32::try_from(bytes.len()).map_err(|_| too_big())?;
        let name_len = u16::try_from(name.len()).map_err(|_| format!("{name}: the name is too long for a zip"))?;
        let crc = crc32(bytes);
        // Fields common to the local header (after its signature) and the central header.
        let mut common = Vec::with_capacity(26);
        for half in [20u16, UTF8, 0, 0, DATE_1980_01_01] {
            common.extend_from_slice(&half.to_le_bytes());
        }
        for word in [crc, size, size] {
            common.extend_from_slice(&word.to_le_bytes());
        }
        common.extend_from_slice(&name_len.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(bytes);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&common);
        for half in [0u16, 0, 0] {
            central.extend_from_slice(&half.to_le_bytes());
        }
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_at = u32::try_from(out.len()).map_err(|_| too_big())?;
    let central_len = u32::try_from(central.len()).map_err(|_| too_big())?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for half in [0u16, 0, n, n] {
        out.extend_from_slice(&half.to_le_bytes());
    }
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    u32::try_from(out.len()).map_err(|_| too_big())?;
    Ok(out)
}

// Native only: the zip crate that checks the archive is a dependency of `lab`, not of the wasm.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn a_stored_zip_reads_back_with_the_zip_crate() {
        use std::io::Read;
        let big: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let entries: [(&str, &[u8]); 4] = [("imsmanifest.xml", b"<manifest/>"), ("data/packs/canary.json", b"{}"), ("empty", b""), ("été/wasm", &big)];
        let bytes = stored_zip(&entries).unwrap();
        assert_eq!(bytes, stored_zip(&entries).unwrap(), "the same files give the same bytes");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), entries.len());
        for (i, (name, body)) in entries.iter().enumerate() {
            let mut file = zip.by_index(i).unwrap();
            assert_eq!(file.name(), *name);
            assert_eq!(file.compression(), zip::CompressionMethod::Stored);
            let mut read = Vec::new();
            file.read_to_end(&mut read).unwrap();
            assert_eq!(read, *body, "{name}");
        }
    }

    #[test]
    fn a_session_package_keeps_the_session_build_and_the_packs_only() {
        let index = "<meta name=\"rollback-lab-light-js\" content=\"light-3.js\"><meta name=\"rollback-lab-light-wasm\" content=\"light-3_bg.wasm\">\
                     <meta name=\"rollback-lab-quiz-js\" content=\"quiz-1.js\"><meta name=\"rollback-lab-quiz-wasm\" content=\"quiz-1_bg.wasm\">\
                     <meta name=\"rollback-lab-incident-js\" content=\"incident-2.js\"><meta name=\"rollback-lab-incident-wasm\" content=\"incident-2_bg.wasm\">";
        let listed: Vec<String> = ["index.html", "boot-1.js", "light-3.js", "light-3_bg.wasm", "data/packs/canary.json", "data/scenarios/x.json",
            "data/concepts/canary.json", "quiz-1.js", "quiz-1_bg.wasm", "incident-2.js", "incident-2_bg.wasm"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            session_files(&listed, index, "quiz"),
            ["index.html", "boot-1.js", "light-3.js", "light-3_bg.wasm", "data/packs/canary.json", "quiz-1.js", "quiz-1_bg.wasm"]
        );
    }

    #[test]
    fn package_entries_start_with_a_manifest_that_lists_every_file() {
        let package = Package { launch: Launch::Session { code: "s1.AbC-_".into(), id: "00ff".into() }, title: "Week 3 & 4".into(), mastery: 70 };
        assert_eq!(package.launch_href(), "index.html?scorm=session&s=s1.AbC-_");
        assert_eq!(package.file_name(), "rollback-lab-session-00ff.zip");
        let files = vec![("z.js".to_owned(), b"z".to_vec()), ("index.html".to_owned(), b"old".to_vec()), ("a.json".to_owned(), b"{}".to_vec())];
        let entries = package_entries(&package, "<launch/>", files);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["imsmanifest.xml", "a.json", "index.html", LAUNCHER, "z.js"]);
        assert_eq!(entries[2].1, b"<launch/>", "index.html is the launch page");
        let manifest = String::from_utf8(entries[0].1.clone()).unwrap();
        for name in &names[1..] {
            assert!(manifest.contains(&format!("<file href=\"{name}\"/>")), "{name} not listed");
        }
        assert!(manifest.contains("<title>Rollback Lab: Week 3 &amp; 4</title>"), "{manifest}");
        assert!(manifest.contains("href=\"index.html?scorm=session&amp;s=s1.AbC-_\""), "{manifest}");
        assert!(manifest.contains("<adlcp:masteryscore>70</adlcp:masteryscore>"));
    }

    #[test]
    fn a_servers_index_is_made_relative_to_its_base() {
        let root = "<head><base href=\"/\" />\n<script type=\"module\" src=\"/boot-1.js\"></script><link rel=\"stylesheet\" href=\"/style-2.css\"/>\
                    <link rel=\"manifest\" href=\"manifest.webmanifest\" /><meta name=\"rollback-lab-quiz-js\" content=\"quiz-3.js\"></head>";
        let want = "<head><base href=\"./\" />\n<script type=\"module\" src=\"./boot-1.js\"></script><link rel=\"stylesheet\" href=\"./style-2.css\"/>\
                    <link rel=\"manifest\" href=\"manifest.webmanifest\" /><meta name=\"rollback-lab-quiz-js\" content=\"quiz-3.js\"></head>";
        assert_eq!(relative_index(root).unwrap(), want);
        let sub = root.replace("=\"/", "=\"/rollback-lab/");
        assert_eq!(relative_index(&sub).unwrap(), want, "a sub-path deployment");
        assert_eq!(relative_index(want).unwrap(), want, "already relative");
        assert!(launch_page(&relative_index(&sub).unwrap()).is_ok(), "the launch page accepts it");
        assert!(relative_index("<head></head>").is_err());
        assert!(relative_index("<base href=\"https://cdn.example/\">").is_err());
    }

    /// The manifest as it was written before session 13 (`format!` per part), kept to check that
    /// `manifest` writes the same bytes.
    fn manifest_by_format(package: &Package, files: &[String]) -> String {
        let id = package.identifier();
        let title = xml_escape(&package.display_title());
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!(
            "<manifest identifier=\"{id}\" version=\"1\"\n  xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n  \
             xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n  \
             xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n"
        ));
        out.push_str("  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n");
        out.push_str(&format!("  <organizations default=\"{id}-org\">\n    <organization identifier=\"{id}-org\">\n      <title>{title}</title>\n"));
        out.push_str(&format!("      <item identifier=\"{id}-item\" identifierref=\"{id}-sco\" isvisible=\"true\">\n        <title>{title}</title>\n"));
        out.push_str(&format!("        <adlcp:masteryscore>{}</adlcp:masteryscore>\n      </item>\n", package.mastery.min(100)));
        out.push_str("    </organization>\n  </organizations>\n  <resources>\n");
        out.push_str(&format!(
            "    <resource identifier=\"{id}-sco\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"{}\">\n",
            xml_escape(&package.launch_href())
        ));
        for file in files {
            out.push_str(&format!("      <file href=\"{}\"/>\n", xml_escape(file)));
        }
        out.push_str("    </resource>\n  </resources>\n</manifest>\n");
        out
    }

    #[test]
    fn the_manifest_is_the_one_format_wrote() {
        let packages = [
            Package::pack("canary", "Canary <rollouts> & \"more\"", Mode::Test, 80),
            Package::pack("blue-green", "Blue/green", Mode::Challenge, 250),
            Package { launch: Launch::Session { code: "s1.AbC-_".into(), id: "00ff".into() }, title: "Week 3 & 4 'été'".into(), mastery: 0 },
            Package { launch: Launch::Session { code: "s1.x".into(), id: "1".into() }, title: "  ".into(), mastery: 100 },
        ];
        let lists: [Vec<String>; 3] = [
            Vec::new(),
            vec!["index.html".into()],
            ["a&b.json", "data/packs/canary.json", "index.html", "scorm-launch.js", "quiz-1_bg.wasm", "x<y>'\"z"].map(String::from).to_vec(),
        ];
        for package in &packages {
            for files in &lists {
                assert_eq!(manifest(package, files), manifest_by_format(package, files), "{package:?} {files:?}");
            }
        }
    }
}
