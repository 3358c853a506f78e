//! A tiny HTTP/1.1 server on 127.0.0.1 for the tests of remote images: the only host
//! those tests ever talk to.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Answers by path (`/ok.png`, `/moved.png`, `/page.png`, `/slow.png`; 404 for any other),
/// counts requests, stops when dropped.
pub struct Server {
    pub port: u16,
    pub requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, s) = (Arc::clone(&requests), Arc::clone(&stop));
        std::thread::spawn(move || {
            // Bounded: at most 60 s, and it stops as soon as the test drops the server.
            let deadline = std::time::Instant::now() + Duration::from_secs(60);
            while !s.load(Ordering::Relaxed) && std::time::Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let r = Arc::clone(&r);
                        std::thread::spawn(move || serve(stream, &r));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server {
            port,
            requests,
            stop,
        }
    }

    #[allow(dead_code)] // not every test file builds URLs from paths
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(stream: TcpStream, requests: &AtomicUsize) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut stream = stream;
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    requests.fetch_add(1, Ordering::SeqCst);
    let png: &[u8] = b"\x89PNG\r\n\x1a\n";
    let (status, headers, body): (&str, String, &[u8]) = match path.as_str() {
        "/ok.png" => ("200 OK", "Content-Type: image/png\r\n".into(), png),
        "/moved.png" => ("301 Moved Permanently", "Location: /ok.png\r\n".into(), b""),
        "/page.png" => (
            "200 OK",
            "Content-Type: text/html; charset=utf-8\r\n".into(),
            b"<html></html>",
        ),
        "/slow.png" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", "Content-Type: image/png\r\n".into(), png)
        }
        _ => (
            "404 Not Found",
            "Content-Type: text/plain\r\n".into(),
            b"nope",
        ),
    };
    let body: &[u8] = if method == "HEAD" { b"" } else { body };
    let head = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        if method == "HEAD" && status.starts_with("200") {
            png.len()
        } else {
            body.len()
        }
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}
