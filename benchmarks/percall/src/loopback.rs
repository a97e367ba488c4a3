//! Real HTTP over 127.0.0.1: a keep-alive server subprocess answering every request with a
//! 10-stage ListStages page, and one client subprocess per run (so peak RSS is per side),
//! measuring the client's CPU time (user + system, all threads) per call with `getrusage`.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

const SIDES: [&str; 4] = ["ours", "official", "raw", "floor"];

/// Serves until killed; prints its port on the first line of stdout.
pub fn serve() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("{}", listener.local_addr().unwrap().port());
        std::io::stdout().flush().unwrap();
        let body = crate::bodies::list_stages(10);
        let mut response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-amzn-requestid: \
             3f0a7e2c-1a2b-4c3d-8e9f-0a1b2c3d4e5f\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(&body);
        let response: &'static [u8] = Box::leak(response.into_boxed_slice());
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            stream.set_nodelay(true).unwrap();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut reader = tokio::io::BufReader::new(read);
                let mut line = String::new();
                loop {
                    let mut length = 0usize;
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let header = line.trim_end();
                        if header.is_empty() {
                            break;
                        }
                        if let Some((name, value)) = header.split_once(':') {
                            if name.eq_ignore_ascii_case("content-length") {
                                length = value.trim().parse().unwrap_or(0);
                            }
                        }
                    }
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).await.is_err()
                        || write.write_all(response).await.is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
}

fn rusage() -> (f64, i64) {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `ru` is a valid, writable rusage.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let micros = |t: libc::timeval| t.tv_sec as f64 * 1e6 + t.tv_usec as f64;
    (micros(ru.ru_utime) + micros(ru.ru_stime), ru.ru_maxrss)
}

/// One raw keep-alive connection: a fixed request, the response read by its length. With a
/// floor, each request is signed and its response parsed (the physical floor of a call: the
/// in-process floor's work plus the socket's).
struct Raw {
    stream: tokio::io::BufReader<tokio::net::TcpStream>,
    request: Vec<u8>,
    floor: Option<(crate::floor::Floor, String)>,
}

impl Raw {
    async fn connect(url: &str) -> Raw {
        let authority = url.trim_start_matches("http://");
        let stream = tokio::net::TcpStream::connect(authority).await.unwrap();
        stream.set_nodelay(true).unwrap();
        let request = format!(
            "POST /ListStages HTTP/1.1\r\nhost: {authority}\r\ncontent-type: application/json\r\n\
             x-amz-date: 20261130T120000Z\r\nauthorization: AWS4-HMAC-SHA256 \
             Credential=AKIDEXAMPLE/20261130/us-east-1/ivs/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, \
             Signature=0000000000000000000000000000000000000000000000000000000000000000\r\n\
             content-length: 2\r\n\r\n{{}}"
        )
        .into_bytes();
        Raw {
            stream: tokio::io::BufReader::new(stream),
            request,
            floor: None,
        }
    }

    async fn connect_with_floor(url: &str) -> Raw {
        let mut raw = Raw::connect(url).await;
        let floor = crate::floor::Floor::new(std::sync::Arc::new(Vec::new()));
        raw.floor = Some((floor, url.trim_start_matches("http://").to_string()));
        raw
    }

    async fn call(&mut self) -> usize {
        if let Some((floor, authority)) = &self.floor {
            self.request = floor.list_stages_request(authority);
        }
        self.stream
            .get_mut()
            .write_all(&self.request)
            .await
            .unwrap();
        let mut length = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            self.stream.read_line(&mut line).await.unwrap();
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap();
                }
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await.unwrap();
        match self.floor {
            Some(_) => crate::floor::Floor::parse_list_stages(&body),
            None => body.len(),
        }
    }
}

/// `client SIDE MODE URL CALLS`: prints `cpu_us_per_call wall_us_per_call max_rss_kb`.
pub fn client(args: &[String]) {
    let (side, mode, url, calls) = (
        args[0].as_str(),
        args[1].as_str(),
        args[2].clone(),
        args[3].parse::<usize>().unwrap(),
    );
    let tasks = if mode == "c64" { 64 } else { 1 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (cpu, wall, rss) = runtime.block_on(async move {
        // Only this side's client exists in this process (peak RSS is per side).
        let ours = (side == "ours").then(|| crate::ours_endpoint_client(&url));
        let official = (side == "official").then(|| crate::official_endpoint_client(&url));
        let run = |n: usize| {
            let (ours, official, url) = (ours.clone(), official.clone(), url.clone());
            async move {
                let mut handles = Vec::new();
                for _ in 0..tasks {
                    let (ours, official, url) = (ours.clone(), official.clone(), url.clone());
                    let side = side.to_string();
                    handles.push(tokio::spawn(async move {
                        let mut sink = 0;
                        let mut raw = match side.as_str() {
                            "raw" => Some(Raw::connect(&url).await),
                            "floor" => Some(Raw::connect_with_floor(&url).await),
                            _ => None,
                        };
                        for _ in 0..n / tasks {
                            sink += match side.as_str() {
                                "ours" => {
                                    let client = ours.as_ref().unwrap();
                                    crate::ours_call(client, crate::Case::ListStages10).await
                                }
                                "official" => {
                                    let client = official.as_ref().unwrap();
                                    crate::official_call(client, crate::Case::ListStages10).await
                                }
                                _ => raw.as_mut().unwrap().call().await,
                            };
                        }
                        sink
                    }));
                }
                let mut sink = 0;
                for h in handles {
                    sink += h.await.unwrap();
                }
                std::hint::black_box(sink);
            }
        };
        run(tasks * 50).await; // warm-up: connections, keys
        let (cpu0, _) = rusage();
        let start = std::time::Instant::now();
        run(calls).await;
        let wall = start.elapsed().as_secs_f64() * 1e6 / calls as f64;
        let (cpu1, rss) = rusage();
        ((cpu1 - cpu0) / calls as f64, wall, rss)
    });
    println!("{cpu:.2} {wall:.2} {rss}");
}

/// Runs the server, then every side's client in turn, `rounds` times per mode.
pub fn driver(rounds: usize) {
    let exe = std::env::current_exe().unwrap();
    let mut server = Command::new(&exe)
        .arg("serve")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let url = format!("http://127.0.0.1:{}", port.trim());
    println!(
        "### Loopback HTTP (ListStages, 10 stages), client CPU per call, medians of {rounds} \
         interleaved rounds\n"
    );
    println!(
        "| mode | generated-sdk | official | raw TCP | raw TCP + floor work | ours / raw | \
         ours / (raw + floor work) | official / ours | peak RSS ours / official / raw |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (mode, calls) in [("seq", 4000usize), ("c64", 12800)] {
        let mut cpu = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
        let mut rss = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
        for round in 0..rounds {
            for k in 0..SIDES.len() {
                let side = (round + k) % SIDES.len();
                let out = Command::new(&exe)
                    .args(["client", SIDES[side], mode, &url, &calls.to_string()])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let text = String::from_utf8(out.stdout).unwrap();
                let fields: Vec<f64> = text
                    .split_whitespace()
                    .map(|f| f.parse().unwrap())
                    .collect();
                cpu[side].push(fields[0]);
                rss[side].push(fields[2]);
            }
        }
        let [ours, official, raw, floor] = cpu.map(|mut v| crate::median(&mut v));
        let [rss_ours, rss_official, rss_raw, _] = rss.map(|mut v| crate::median(&mut v) / 1024.0);
        println!(
            "| {} | {ours:.1} µs | {official:.1} µs | {raw:.1} µs | {floor:.1} µs | {:.2}× | \
             {:.2}× | {:.2}× | {rss_ours:.1} / {rss_official:.1} / {rss_raw:.1} MiB |",
            if mode == "seq" {
                "sequential"
            } else {
                "64 concurrent tasks"
            },
            ours / raw,
            ours / floor,
            official / ours
        );
    }
    println!();
    let _ = server.kill();
    let _ = server.wait();
}
