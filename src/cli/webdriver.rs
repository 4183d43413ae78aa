//! A minimal W3C WebDriver client over plain HTTP/1.1, enough for `lab report` to open pages in
//! headless Chromium and read values from them. The end-to-end tests use the full `thirtyfour`
//! client; the `lab` tool keeps its dependencies small and synchronous.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

use super::server::BrowserProfile;

/// One browser session.
pub struct Session {
    port: u16,
    id: String,
}

fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("chromedriver: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    );
    stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(payload.as_bytes())).map_err(|e| e.to_string())?;
    let body = read_response(&mut stream)?;
    let value: Value = serde_json::from_str(&body).map_err(|e| format!("chromedriver: bad JSON ({e}): {body}"))?;
    if let Some(error) = value["value"]["error"].as_str() {
        return Err(format!("webdriver {error}: {}", value["value"]["message"].as_str().unwrap_or("")));
    }
    Ok(value["value"].clone())
}

/// Reads one HTTP response body. chromedriver keeps connections alive whatever the request says,
/// so the body is read by its Content-Length (or chunk by chunk), never "until the peer closes".
fn read_response(stream: &mut TcpStream) -> Result<String, String> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut buf).map_err(|e| format!("chromedriver: {e}"))?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let headers = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
        let body = &raw[split + 4..];
        let length = headers
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        match length {
            Some(len) if body.len() >= len => return Ok(String::from_utf8_lossy(&body[..len]).into_owned()),
            None if headers.contains("transfer-encoding: chunked") && body.ends_with(b"0\r\n\r\n") => {
                return dechunk(&String::from_utf8_lossy(body));
            }
            _ => {}
        }
    }
    let text = String::from_utf8_lossy(&raw);
    let (_, body) = text.split_once("\r\n\r\n").ok_or("chromedriver: malformed HTTP response")?;
    Ok(body.to_owned())
}

fn dechunk(mut body: &str) -> Result<String, String> {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").ok_or("chromedriver: bad chunk")?;
        let size = usize::from_str_radix(size.trim(), 16).map_err(|_| "chromedriver: bad chunk size")?;
        if size == 0 {
            return Ok(out);
        }
        out.push_str(rest.get(..size).ok_or("chromedriver: short chunk")?);
        body = rest.get(size + 2..).ok_or("chromedriver: short chunk")?;
    }
}

impl Session {
    /// Opens a fresh headless Chromium (a new, empty profile: nothing cached).
    pub fn new(driver_port: u16, window: (u32, u32), profile: &BrowserProfile) -> Result<Session, String> {
        let mut args = profile.chrome_args();
        args.push(format!("--window-size={},{}", window.0, window.1));
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "args": args }
        }}});
        let value = request(driver_port, "POST", "/session", Some(&caps))?;
        let id = value["sessionId"].as_str().ok_or("chromedriver: no session id")?.to_owned();
        Ok(Session { port: driver_port, id })
    }

    /// Navigates and waits for the page's load event.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        request(self.port, "POST", &format!("/session/{}/url", self.id), Some(&json!({ "url": url }))).map(|_| ())
    }

    /// Runs a script in the page and returns its result.
    pub fn execute(&self, script: &str) -> Result<Value, String> {
        request(
            self.port,
            "POST",
            &format!("/session/{}/execute/sync", self.id),
            Some(&json!({ "script": script, "args": [] })),
        )
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = request(self.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}

#[cfg(test)]
mod tests {
    use super::dechunk;

    #[test]
    fn dechunks_chunked_bodies() {
        assert_eq!(dechunk("4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n").unwrap(), "{\"a\":1}");
        assert!(dechunk("zz\r\nabc").is_err());
        assert!(dechunk("10\r\nabc").is_err());
    }
}
