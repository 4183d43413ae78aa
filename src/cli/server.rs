//! Local processes for serving and browsing a built site: nginx with the project's configuration
//! and chromedriver. Used by `lab report` and by the end-to-end tests.
//!
//! Each guard owns its child process and stops it when dropped, so a test that fails halfway still
//! leaves nothing running behind it.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::nginx::{ServeConfig, full_config, is_root};

/// Chromium's command-line switches for running headless as root on a machine without network:
/// without the background-networking switches it keeps trying to reach Google's hosts.
/// `webdriver.json` (read by wasm-bindgen-test-runner) lists the same switches.
pub const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// A fresh, empty Chromium profile folder. Every Chromium started with it carries its path on the
/// command line, so dropping the profile can stop any such process that outlived its driver (a
/// test that panicked before quitting, a driver killed mid-session) and then delete the folder.
pub struct BrowserProfile {
    dir: PathBuf,
}

impl BrowserProfile {
    /// Creates (or empties) the profile folder `dir`.
    pub fn new(dir: &Path) -> Result<BrowserProfile, String> {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let dir = dir.canonicalize().map_err(|e| e.to_string())?;
        Ok(BrowserProfile { dir })
    }

    /// Chromium's switches for this profile: [`CHROME_ARGS`] plus `--user-data-dir`.
    pub fn chrome_args(&self) -> Vec<String> {
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", self.dir.display()));
        args
    }
}

impl Drop for BrowserProfile {
    fn drop(&mut self) {
        let pattern = format!("--user-data-dir={}", self.dir.display());
        let _ = Command::new("pkill").args(["-KILL", "-f", "--"]).arg(&pattern).stderr(Stdio::null()).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A free TCP port on the loopback interface.
pub fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn wait_for_port(port: u16, what: &str, child: &mut Child) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("{what} exited before it listened ({status})"));
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    Err(format!("{what} did not listen on port {port} within 10 s"))
}

/// Stops a child and everything it started: SIGTERM first, so nginx's master stops its workers and
/// chromedriver closes its browsers, then SIGKILL if it lingers. A plain `Child::kill` would leave
/// nginx's workers running as orphans, holding the caller's output pipes open.
fn terminate(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Finds a program on PATH or in the given fallback folders.
fn find_program(name: &str, fallbacks: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(fallbacks.iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// An nginx serving a built site with `deploy/nginx/rollback-lab.conf`.
pub struct Nginx {
    child: Child,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    /// Its private folder: configuration, logs, pid file.
    pub prefix: PathBuf,
}

impl Nginx {
    /// Serves `site` at the root of the host, or under `sub_path` (such as `/rollback-lab`).
    ///
    /// For a sub-path, nginx's root is a private folder holding a link named after the sub-path,
    /// exactly as a self-hoster would lay it out.
    pub fn start(site: &Path, sub_path: &str, prefix: &Path) -> Result<Nginx, String> {
        let site = site
            .canonicalize()
            .map_err(|e| format!("{}: {e} (build the site first: scripts/build.sh)", site.display()))?;
        if !site.join("index.html").is_file() {
            return Err(format!("{}: no index.html (build the site first: scripts/build.sh)", site.display()));
        }
        let _ = std::fs::remove_dir_all(prefix);
        std::fs::create_dir_all(prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
        let prefix = prefix.canonicalize().map_err(|e| e.to_string())?;
        let sub_path = sub_path.trim_end_matches('/');
        let root = if sub_path.is_empty() {
            site
        } else {
            let web_root = prefix.join("www");
            let link = web_root.join(sub_path.trim_start_matches('/'));
            std::fs::create_dir_all(link.parent().unwrap_or(&web_root)).map_err(|e| e.to_string())?;
            std::os::unix::fs::symlink(&site, &link).map_err(|e| format!("{}: {e}", link.display()))?;
            web_root
        };
        let port = free_port()?;
        let config = ServeConfig { root: root.display().to_string(), port, base: sub_path.to_owned() };
        let text = full_config(&config, &prefix.display().to_string(), is_root())?;
        Nginx::spawn(&prefix, port, &text)
    }

    /// Serves the folder `root` as a plain file server standing in for an LMS (`nginx::lms_config`):
    /// no fallback, none of the site's headers.
    pub fn start_lms(root: &Path, prefix: &Path) -> Result<Nginx, String> {
        let root = root.canonicalize().map_err(|e| format!("{}: {e}", root.display()))?;
        let _ = std::fs::remove_dir_all(prefix);
        std::fs::create_dir_all(prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
        let prefix = prefix.canonicalize().map_err(|e| e.to_string())?;
        let port = free_port()?;
        let text = crate::cli::nginx::lms_config(&root.display().to_string(), port, &prefix.display().to_string(), is_root());
        Nginx::spawn(&prefix, port, &text)
    }

    fn spawn(prefix: &Path, port: u16, text: &str) -> Result<Nginx, String> {
        let prefix = prefix.to_path_buf();
        let conf_path = prefix.join("nginx.conf");
        std::fs::write(&conf_path, text).map_err(|e| e.to_string())?;
        let nginx = find_program("nginx", &["/usr/sbin"]).ok_or("nginx is not installed (run scripts/bootstrap.sh)")?;
        let mut child = Command::new(nginx)
            .arg("-p")
            .arg(&prefix)
            .arg("-c")
            .arg(&conf_path)
            .arg("-e")
            .arg(prefix.join("error.log"))
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start nginx: {e}"))?;
        if let Err(e) = wait_for_port(port, "nginx", &mut child) {
            terminate(&mut child);
            let log = std::fs::read_to_string(prefix.join("error.log")).unwrap_or_default();
            return Err(format!("{e}\n{log}"));
        }
        Ok(Nginx { child, port, prefix })
    }

    /// The site's address, ending with `/`.
    pub fn url(&self, sub_path: &str) -> String {
        format!("http://127.0.0.1:{}{}/", self.port, sub_path.trim_end_matches('/'))
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}

/// A chromedriver listening on a free loopback port.
pub struct ChromeDriver {
    child: Child,
    /// The port it listens on.
    pub port: u16,
}

impl ChromeDriver {
    /// Starts chromedriver from PATH.
    pub fn start() -> Result<ChromeDriver, String> {
        let port = free_port()?;
        let driver = find_program("chromedriver", &["/usr/bin"]).ok_or("chromedriver is not installed (run scripts/bootstrap.sh)")?;
        let mut child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start chromedriver: {e}"))?;
        if let Err(e) = wait_for_port(port, "chromedriver", &mut child) {
            terminate(&mut child);
            return Err(e);
        }
        Ok(ChromeDriver { child, port })
    }

    /// The WebDriver endpoint.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webdriver_json_passes_chromium_the_same_switches() {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("../../webdriver.json")).expect("webdriver.json is JSON");
        let args: Vec<&str> = json["goog:chromeOptions"]["args"]
            .as_array()
            .expect("args list")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(args, CHROME_ARGS);
    }
}
