//! Streamed bodies through the runtime's built-in HTTP client, against the bare socket, over
//! 127.0.0.1: the client's CPU time per MiB (user + system, `getrusage`) and its wall time.
//!
//! ```text
//! stream-bench [--mib 256] [--rounds 5]
//! ```
//!
//! A server subprocess answers every request on a kept connection: a GET with a body of
//! `--mib` MiB (`content-length`), a PUT by reading the body and answering `200` with an empty
//! body. Each measured run is its own client subprocess, so `getrusage(RUSAGE_SELF)` counts the
//! client only. The sides, each run once per round (the order rotating between rounds):
//!
//! - `download, runtime`: `Handle::invoke_streaming` (endpoint, SigV4, the built-in client), the
//!   `ByteStream` read piece by piece to its end;
//! - `download, bare socket`: the same request bytes written by hand, the response read into a
//!   64 KiB buffer until `content-length` bytes have arrived (no parsing, no signing);
//! - `upload, runtime`: `RequestBody::Stream(ByteStream::from_path(file))`, signed with the
//!   file's hash (the file read once before sending, as botocore does for a file body), then sent
//!   from the file;
//! - `upload, bare socket + SHA-256`: the floor of a signed upload: the file read once for its
//!   SHA-256 (ring), then read again in 64 KiB pieces and written to the socket;
//! - `upload, bare socket`: the file read in 64 KiB pieces and written to the socket (the floor
//!   of an unsigned upload, which only https allows).

use sdk_runtime::codegen::config::{Config, Region};
use sdk_runtime::codegen::credentials::Credentials;
use sdk_runtime::codegen::http::Method;
use sdk_runtime::codegen::primitives::ByteStream;
use sdk_runtime::codegen::{Handle, OperationRequest, RequestBody, ServiceMetadata};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

static SERVICE: ServiceMetadata = ServiceMetadata {
    crate_name: "stream-bench",
    crate_version: "0.1.0",
    service_id: "bench",
    signing_name: "bench",
    sdk_id: "",
    api_version: "2020-07-14",
    endpoints: &[],
    default_endpoint: "https://bench.{region}.amazonaws.com",
};

const PIECE: usize = 64 * 1024;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn cpu_seconds() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable `rusage`.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// The server: one task per connection, answering requests until the client closes.
async fn serve(bytes: usize) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("{}", listener.local_addr().unwrap().port());
    std::io::stdout().flush().unwrap();
    let body = vec![b'x'; bytes];
    let body: &'static [u8] = Box::leak(body.into_boxed_slice());
    loop {
        let (mut stream, _) = listener.accept().await.unwrap();
        stream.set_nodelay(true).unwrap();
        tokio::spawn(async move {
            let mut buf = vec![0u8; PIECE];
            let mut pending = Vec::new();
            loop {
                // The head.
                let end = loop {
                    if let Some(i) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => pending.extend_from_slice(&buf[..n]),
                    }
                };
                let head = String::from_utf8_lossy(&pending[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().unwrap());
                let mut left = length.saturating_sub(pending.len() - end);
                pending.clear();
                while left > 0 {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => left -= n.min(left),
                    }
                }
                if head.starts_with("get") {
                    let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
                    if stream.write_all(head.as_bytes()).await.is_err()
                        || stream.write_all(body).await.is_err()
                    {
                        return;
                    }
                } else if stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
                    .await
                    .is_err()
                {
                    return;
                }
            }
        });
    }
}

fn handle(port: u16) -> Handle {
    let config = Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .build();
    Handle::new(config, &SERVICE)
}

fn request(method: Method, body: RequestBody, unsigned: bool) -> OperationRequest {
    OperationRequest {
        method,
        path: "/object".to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        body,
        host_prefix: None,
        unsigned_payload: unsigned,
    }
}

/// One measured client run: `(side, port, mib, file)`; prints `wall_seconds cpu_seconds`.
async fn client(side: &str, port: u16, bytes: usize, file: &str) {
    let cpu = cpu_seconds();
    let started = Instant::now();
    match side {
        "download-runtime" => {
            let handle = handle(port);
            let response = handle
                .invoke_streaming("Get", request(Method::Get, RequestBody::None, false))
                .await
                .unwrap();
            let mut body = response.body;
            let mut got = 0;
            while let Some(piece) = body.next().await {
                got += piece.unwrap().len();
            }
            assert_eq!(got, bytes);
        }
        "download-socket" => {
            let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            stream.set_nodelay(true).unwrap();
            stream
                .write_all(format!("GET /object HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n\r\n").as_bytes())
                .await
                .unwrap();
            let mut buf = vec![0u8; PIECE];
            let mut got = 0;
            let mut head = None;
            let mut pending = Vec::new();
            while head.is_none() {
                let n = stream.read(&mut buf).await.unwrap();
                pending.extend_from_slice(&buf[..n]);
                head = pending.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
            }
            got += pending.len() - head.unwrap();
            while got < bytes {
                let n = stream.read(&mut buf).await.unwrap();
                assert!(n > 0);
                got += n;
            }
        }
        "upload-runtime" => {
            let handle = handle(port);
            // Over http the body is signed whatever the operation says (botocore's rule).
            let stream = ByteStream::from_path(file).await.unwrap();
            let response = handle
                .invoke("Put", request(Method::Put, RequestBody::Stream(stream), false))
                .await
                .unwrap();
            assert_eq!(response.status, 200);
        }
        "upload-socket" | "upload-socket-sha256" => {
            if side.ends_with("sha256") {
                let mut file = tokio::fs::File::open(file).await.unwrap();
                let mut buf = vec![0u8; PIECE];
                let mut context = ring::digest::Context::new(&ring::digest::SHA256);
                loop {
                    let n = file.read(&mut buf).await.unwrap();
                    if n == 0 {
                        break;
                    }
                    context.update(&buf[..n]);
                }
                std::hint::black_box(context.finish());
            }
            let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            stream.set_nodelay(true).unwrap();
            stream
                .write_all(
                    format!("PUT /object HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-length: {bytes}\r\n\r\n")
                        .as_bytes(),
                )
                .await
                .unwrap();
            let mut file = tokio::fs::File::open(file).await.unwrap();
            let mut buf = vec![0u8; PIECE];
            loop {
                let n = file.read(&mut buf).await.unwrap();
                if n == 0 {
                    break;
                }
                stream.write_all(&buf[..n]).await.unwrap();
            }
            let n = stream.read(&mut buf).await.unwrap();
            assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
        }
        other => panic!("unknown side {other}"),
    }
    println!("{} {}", started.elapsed().as_secs_f64(), cpu_seconds() - cpu);
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mib = arg("--mib", 256);
    let bytes = mib * 1024 * 1024;
    match args.get(1).map(String::as_str) {
        Some("serve") => return runtime.block_on(serve(bytes)),
        Some("client") => {
            let port: u16 = args[3].parse().unwrap();
            return runtime.block_on(client(&args[2], port, bytes, &args[4]));
        }
        _ => {}
    }
    let rounds = arg("--rounds", 5);
    let exe = std::env::current_exe().unwrap();
    let file = std::env::temp_dir().join(format!("stream-bench-{}", std::process::id()));
    std::fs::write(&file, vec![b'y'; bytes]).unwrap();
    let mut server = Command::new(&exe)
        .args(["serve", "--mib", &mib.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let port = port.trim().to_owned();
    let sides = [
        "download-runtime",
        "download-socket",
        "upload-runtime",
        "upload-socket-sha256",
        "upload-socket",
    ];
    let mut results: Vec<(Vec<f64>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); sides.len()];
    for round in 0..rounds {
        for k in 0..sides.len() {
            let i = (k + round) % sides.len();
            let out = Command::new(&exe)
                .args(["client", sides[i], &port, file.to_str().unwrap(), "--mib", &mib.to_string()])
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let text = String::from_utf8(out.stdout).unwrap();
            let mut it = text.split_whitespace().map(|v| v.parse::<f64>().unwrap());
            results[i].0.push(it.next().unwrap());
            results[i].1.push(it.next().unwrap());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    server.kill().ok();
    server.wait().ok();
    std::fs::remove_file(&file).ok();
    println!("{mib} MiB per run, {rounds} rounds, medians (client process only)\n");
    println!("| side | wall (s) | MiB/s | client CPU (ms per MiB) |");
    println!("| --- | ---: | ---: | ---: |");
    for (side, (wall, cpu)) in sides.iter().zip(results) {
        let (wall, cpu) = (median(wall), median(cpu));
        println!(
            "| {side} | {wall:.3} | {:.0} | {:.3} |",
            mib as f64 / wall,
            cpu * 1000.0 / mib as f64
        );
    }
}
