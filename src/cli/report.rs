//! `lab report`: what a first visit costs. Lists every file the browser fetched for the home page
//! with its raw, gzip and brotli size, and times how long the app takes to mount in headless
//! Chromium (median of several fresh loads, each in a new empty profile), against the budgets.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use super::server::{BrowserProfile, ChromeDriver, Nginx};
use super::webdriver::Session;

/// Budget for the bytes of a first visit, brotli-compressed (1 KB = 1000 bytes).
pub const TRANSFER_BUDGET_BYTES: u64 = 150_000;
/// Budget for the median time until the app is mounted, in milliseconds.
pub const MOUNT_BUDGET_MS: f64 = 250.0;

/// Sizes of one file of the site.
#[derive(Debug)]
pub struct FileSize {
    /// Path relative to the site root.
    pub path: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// The measured figures.
#[derive(Debug)]
pub struct Report {
    pub files: Vec<FileSize>,
    pub mount_ms: Vec<f64>,
}

impl Report {
    /// Total brotli bytes of the first visit.
    pub fn brotli_total(&self) -> u64 {
        self.files.iter().map(|f| f.brotli).sum()
    }

    /// Median mount time in milliseconds.
    pub fn mount_median(&self) -> f64 {
        median(&self.mount_ms)
    }

    /// Human-readable table.
    pub fn render(&self) -> String {
        let mut out = String::from("First visit to the home page\n");
        let _ = writeln!(out, "{:<44} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
        for f in &self.files {
            let _ = writeln!(out, "{:<44} {:>10} {:>10} {:>10}", f.path, f.raw, f.gzip, f.brotli);
        }
        let raw: u64 = self.files.iter().map(|f| f.raw).sum();
        let gzip: u64 = self.files.iter().map(|f| f.gzip).sum();
        let _ = writeln!(out, "{:<44} {:>10} {:>10} {:>10}", "total", raw, gzip, self.brotli_total());
        let _ = writeln!(
            out,
            "brotli total: {:.1} KB (budget {} KB)",
            self.brotli_total() as f64 / 1000.0,
            TRANSFER_BUDGET_BYTES / 1000
        );
        let mut sorted = self.mount_ms.clone();
        sorted.sort_by(f64::total_cmp);
        let loads: Vec<String> = sorted.iter().map(|m| format!("{m:.0}")).collect();
        let _ = writeln!(
            out,
            "app mounted: median {:.0} ms over {} fresh loads [{}] (budget {} ms)",
            self.mount_median(),
            self.mount_ms.len(),
            loads.join(", "),
            MOUNT_BUDGET_MS
        );
        out
    }

    /// The budgets that are broken, as messages.
    pub fn over_budget(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.brotli_total() > TRANSFER_BUDGET_BYTES {
            problems.push(format!("first visit is {} bytes brotli, over the {TRANSFER_BUDGET_BYTES} budget", self.brotli_total()));
        }
        if self.mount_median() > MOUNT_BUDGET_MS {
            problems.push(format!("median mount time {:.0} ms is over the {MOUNT_BUDGET_MS} ms budget", self.mount_median()));
        }
        problems
    }
}

/// Median of a list (0 for an empty one).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn file_size(dist: &Path, rel: &str) -> Result<FileSize, String> {
    let len = |p: &Path| std::fs::metadata(p).map(|m| m.len());
    let path = dist.join(rel);
    let raw = len(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let gz = len(&path.with_file_name(format!("{}.gz", file_name(&path))))
        .map_err(|_| format!("{}.gz missing: build with scripts/build.sh, which precompresses", path.display()))?;
    let br = len(&path.with_file_name(format!("{}.br", file_name(&path))))
        .map_err(|_| format!("{}.br missing: build with scripts/build.sh, which precompresses", path.display()))?;
    Ok(FileSize { path: rel.to_owned(), raw, gzip: gz, brotli: br })
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Waits until the app has set its mount mark and returns the mark's time, in ms from navigation start.
fn wait_for_mount(session: &Session) -> Result<f64, String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let value = session.execute(
            "const m = performance.getEntriesByName('app-mounted'); return m.length ? m[0].startTime : null;",
        )?;
        if let Some(ms) = value.as_f64() {
            return Ok(ms);
        }
        if Instant::now() > deadline {
            return Err("the app did not set performance.mark('app-mounted') within 20 s".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Serves `dist` with nginx, loads it `loads` times in fresh browsers, and measures.
pub fn measure(dist: &Path, work: &Path, loads: usize) -> Result<Report, String> {
    let nginx = Nginx::start(dist, "", &work.join("nginx-report"))?;
    let driver = ChromeDriver::start()?;
    let url = nginx.url("");
    let mut mount_ms = Vec::with_capacity(loads);
    let mut paths: Vec<String> = Vec::new();
    for i in 0..loads {
        // A new empty profile for every load: nothing cached, as on a first visit.
        let profile = BrowserProfile::new(&work.join(format!("report-profile-{i}")))?;
        let session = Session::new(driver.port, (1280, 900), &profile)?;
        session.goto(&url)?;
        mount_ms.push(wait_for_mount(&session)?);
        if paths.is_empty() {
            let names = session.execute(
                "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name));",
            )?;
            for name in names.as_array().into_iter().flatten().filter_map(|v| v.as_str()) {
                let rel = name.strip_prefix(&url).unwrap_or(name);
                let rel = if rel.is_empty() { "index.html" } else { rel };
                if !paths.iter().any(|p| p == rel) {
                    paths.push(rel.to_owned());
                }
            }
        }
    }
    let files = paths.iter().map(|p| file_size(dist, p)).collect::<Result<Vec<_>, _>>()?;
    Ok(Report { files, mount_ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_lists() {
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn budgets_are_checked() {
        let within = Report {
            files: vec![FileSize { path: "a.wasm".into(), raw: 300_000, gzip: 120_000, brotli: 100_000 }],
            mount_ms: vec![100.0, 120.0, 300.0],
        };
        assert!(within.over_budget().is_empty());
        let over = Report {
            files: vec![FileSize { path: "a.wasm".into(), raw: 500_000, gzip: 200_000, brotli: 150_001 }],
            mount_ms: vec![260.0, 120.0, 300.0],
        };
        assert_eq!(over.over_budget().len(), 2);
        assert!(within.render().contains("brotli total: 100.0 KB"));
    }
}
