//! Shared harness for the end-to-end tests: the release build served by a real nginx with the
//! project's configuration, and a fresh headless Chromium driven through chromedriver.
//!
//! The site must be built first (`scripts/build.sh`, and for the sub-path tests
//! `PUBLIC_URL=/rollback-lab/ DIST=target/dist-subpath scripts/build.sh`); `scripts/test.sh` does both.
//! A missing build is a failure with a message saying so, never a silent skip.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub mod axe;
pub mod quiz;
pub mod styles;

use rollback_lab::cli::server::{BrowserProfile, ChromeDriver, Nginx};
use thirtyfour::prelude::*;

pub const SUB_PATH: &str = "/rollback-lab";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where screenshots go: target/screenshots/NAME.png.
pub fn screenshot_path(name: &str) -> PathBuf {
    let dir = repo().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir.join(format!("{name}.png"))
}

/// A served site and a browser looking at it. Dropping it stops nginx and chromedriver.
pub struct Site {
    pub driver: WebDriver,
    pub base_url: String,
    _chromedriver: ChromeDriver,
    // Dropped after the driver: stops any Chromium the driver left behind.
    _profile: BrowserProfile,
    nginx: Option<Nginx>,
}

impl Site {
    /// Serves `dist` (relative to the repository) at the root, or under `sub_path` when it is not empty.
    pub async fn start(dist: &str, sub_path: &str, name: &str) -> Site {
        let dist = repo().join(dist);
        let prefix = repo().join("target/e2e").join(name);
        let nginx = Nginx::start(&dist, sub_path, &prefix).unwrap_or_else(|e| panic!("{e}"));
        Site::with_nginx(nginx, sub_path, &prefix).await
    }

    /// Serves the folder `root` as a plain file server standing in for an LMS (no site headers,
    /// no fallback; see `Nginx::start_lms`).
    pub async fn start_lms(root: &Path, name: &str) -> Site {
        let prefix = repo().join("target/e2e").join(name);
        let nginx = Nginx::start_lms(root, &prefix).unwrap_or_else(|e| panic!("{e}"));
        Site::with_nginx(nginx, "", &prefix).await
    }

    async fn with_nginx(nginx: Nginx, sub_path: &str, prefix: &Path) -> Site {
        let chromedriver = ChromeDriver::start().unwrap_or_else(|e| panic!("{e}"));
        let profile = BrowserProfile::new(&prefix.join("chrome-profile")).unwrap_or_else(|e| panic!("{e}"));
        let mut caps = DesiredCapabilities::chrome();
        for arg in profile.chrome_args() {
            caps.add_arg(&arg).expect("chrome arg");
        }
        caps.add_arg("--window-size=1280,900").expect("chrome arg");
        let driver = WebDriver::new(chromedriver.url(), caps).await.expect("a Chromium session");
        Site { driver, base_url: nginx.url(sub_path), _chromedriver: chromedriver, _profile: profile, nginx: Some(nginx) }
    }

    /// Stops the web server: from now on the browser has only what it has kept.
    pub fn stop_server(&mut self) {
        self.nginx.take();
    }

    /// An absolute URL for a path of the site (`"help"`, `""` for the home page).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    pub async fn open(&self, path: &str) {
        self.driver.goto(self.url(path)).await.expect("navigation");
        self.wait_mounted().await;
    }

    /// Waits until the app has rendered (it sets the `app-mounted` performance mark).
    pub async fn wait_mounted(&self) {
        self.wait_for("the app to mount", async || {
            let ret = self
                .driver
                .execute("return performance.getEntriesByName('app-mounted').length > 0", vec![])
                .await
                .ok()?;
            ret.json().as_bool().filter(|b| *b)
        })
        .await;
    }

    /// Polls `probe` until it returns a value (20 s at most: a 2-core CI machine runs several browsers).
    pub async fn wait_for<T>(&self, what: &str, probe: impl AsyncFn() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(v) = probe().await {
                return v;
            }
            if Instant::now() >= deadline {
                // Say what the page showed, so a failure can be understood from the log alone.
                let url = self.driver.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                let body = self
                    .driver
                    .execute("return document.body ? document.body.innerText : '(no body)'", vec![])
                    .await
                    .map(|r| r.json().to_string())
                    .unwrap_or_default();
                panic!("timed out waiting for {what}\n  at {url}\n  page text: {body}");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits until the element matching `css` has text containing `expected`; returns the text.
    pub async fn wait_text(&self, css: &str, expected: &str) -> String {
        self.wait_for(&format!("{css} to contain {expected:?}"), async || {
            let text = self.driver.find(By::Css(css)).await.ok()?.text().await.ok()?;
            text.contains(expected).then_some(text)
        })
        .await
    }

    /// Waits until an element matching `css` exists.
    pub async fn wait_css(&self, css: &str) -> WebElement {
        self.wait_for(&format!("{css} to appear"), async || self.driver.find(By::Css(css)).await.ok()).await
    }

    pub async fn click(&self, css: &str) {
        let el = self
            .wait_for(&format!("{css} to appear"), async || self.driver.find(By::Css(css)).await.ok())
            .await;
        el.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub async fn path(&self) -> String {
        self.driver.current_url().await.expect("current URL").path().to_owned()
    }

    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.driver.execute(js, vec![]).await.expect("script").json().clone()
    }

    /// Takes a screenshot, after checking that the page looks as it would with the whole
    /// stylesheet (`styles`): every state a test shows is checked.
    pub async fn screenshot(&self, name: &str) {
        self.assert_own_stylesheet_suffices(name).await;
        let path = screenshot_path(name);
        self.driver.screenshot(&path).await.expect("screenshot");
        assert!(std::fs::metadata(&path).map(|m| m.len() > 1000).unwrap_or(false), "empty screenshot {}", path.display());
    }

    /// Resizes the window so that the page's viewport (`innerWidth` × `innerHeight`) is `w` × `h`
    /// (the window also holds the browser's own frame); returns the viewport it got.
    pub async fn set_viewport(&self, w: u32, h: u32) -> (u32, u32) {
        self.driver.set_window_rect(0, 0, w, h).await.expect("window size");
        let inner = async || {
            let v = self.script("return [window.innerWidth, window.innerHeight]").await;
            (v[0].as_u64().unwrap_or(0) as u32, v[1].as_u64().unwrap_or(0) as u32)
        };
        let (iw, ih) = inner().await;
        self.driver.set_window_rect(0, 0, w + w.saturating_sub(iw), h + h.saturating_sub(ih)).await.expect("window size");
        inner().await
    }

    /// The element's id that has keyboard focus ("" when none has an id).
    pub async fn active_id(&self) -> String {
        self.script("return document.activeElement ? document.activeElement.id : ''").await.as_str().unwrap_or_default().to_owned()
    }

    pub async fn quit(self) {
        self.driver.quit().await.expect("quit");
    }
}

/// A raw HTTP GET, to check what nginx itself sends (headers, encodings).
pub fn http_get(url: &str, headers: &[(&str, &str)]) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_once('/').map(|(h, p)| (h, format!("/{p}"))).unwrap_or((rest, "/".into()));
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, raw[split + 4..].to_vec())
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The file names in a built site.
pub fn dist_files(dist: &Path) -> Vec<String> {
    std::fs::read_dir(dist)
        .expect("dist")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}
