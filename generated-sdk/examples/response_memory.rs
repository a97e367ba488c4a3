//! Peak memory of one call whose response body is large: serves a `ListStages` page of
//! `MB` megabytes (a few stages plus an unknown member the SDK skips) from a server thread on
//! 127.0.0.1, makes the call, and prints the body size and the process's peak RSS (`VmHWM`).
//!
//! ```text
//! cargo run --release -p generated-sdk --example response_memory -- 150
//! ```

use generated_sdk::{Client, Config, Credentials, Region};
use std::io::{Read, Write};
use std::net::TcpListener;

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mb: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(150);
    // The server streams the body in 1 MB pieces, so only the client holds it whole.
    let prefix = r#"{"stages":[{"arn":"arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh"}],"padding":""#;
    let suffix = r#""}"#;
    let body_len = prefix.len() + mb * 1_000_000 + suffix.len();
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    let server = std::thread::spawn(move || -> std::io::Result<()> {
        let (mut socket, _) = listener.accept()?;
        let mut request = [0u8; 65536];
        let _ = socket.read(&mut request)?;
        write!(
            socket,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body_len}\r\n\r\n{prefix}"
        )?;
        let piece = vec![b'x'; 1_000_000];
        for _ in 0..mb {
            socket.write_all(&piece)?;
        }
        socket.write_all(suffix.as_bytes())?;
        Ok(())
    });
    let client = Client::from_conf(
        Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .endpoint_url(url)
            .max_response_body_size(usize::MAX)
            .build(),
    );
    let before = peak_rss_mb();
    let output = client.list_stages().send().await?;
    server.join().expect("server thread")?;
    println!(
        "body {:.1} MB, {} stage(s) parsed; peak RSS {:.1} MB before the call, {:.1} MB after",
        body_len as f64 / 1e6,
        output.stages().len(),
        before,
        peak_rss_mb()
    );
    Ok(())
}
