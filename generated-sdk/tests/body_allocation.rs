//! Oversize response bodies fail before their memory is spent: this test binary counts the
//! largest single allocation of the process (a counting global allocator), and calls a raw
//! HTTP/1.1 server on 127.0.0.1 with the default 64 MiB limit.
//!
//! One test function only: the counter is process-wide, so nothing else may run beside it.

use generated_sdk::config::RetryConfig;
use generated_sdk::error::SdkError;
use generated_sdk::{Client, Config, Credentials, Region};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The system allocator, recording the largest block asked for.
struct Counting;

static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1024 * 1024;

/// Serves one connection: reads the request head (the calls here have small bodies), writes
/// `head`, then `body_pieces` pieces of 1 MiB (as chunks when `chunked`), then lingers.
async fn server(head: String, body_pieces: usize, chunked: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    // Allocated here, before the measurement starts.
    let piece = vec![b' '; MIB];
    let chunk_size = format!("{MIB:x}\r\n");
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut buf = vec![0u8; 65536];
        let mut request = Vec::new();
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.expect("read");
            if n == 0 {
                return;
            }
            request.extend_from_slice(&buf[..n]);
        }
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..body_pieces {
            let written = if chunked {
                socket.write_all(chunk_size.as_bytes()).await.is_ok()
                    && socket.write_all(&piece).await.is_ok()
                    && socket.write_all(b"\r\n").await.is_ok()
            } else {
                socket.write_all(&piece).await.is_ok()
            };
            if !written {
                return; // the client gave up, as it should
            }
        }
        tokio::time::sleep(Duration::from_secs(30)).await;
    });
    url
}

fn client(url: &str) -> Client {
    Client::from_conf(
        Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .endpoint_url(url)
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

/// The dispatch failure's message with its sources.
fn message(err: &SdkError<impl std::error::Error + 'static>) -> String {
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

#[tokio::test(flavor = "current_thread")]
async fn oversize_bodies_fail_before_their_memory_is_spent() {
    // 1. Declared: 65 MiB by Content-Length, and the body actually on its way.
    let declared = 65 * MIB;
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\n\r\n"
    );
    let url = server(head, 65, false).await;
    LARGEST.store(0, Ordering::Relaxed);
    let err = client(&url).list_stages().send().await.unwrap_err();
    let largest = LARGEST.load(Ordering::Relaxed);
    let text = message(&err);
    assert!(
        text.contains(&format!(
            "the response body of {declared} bytes (Content-Length) exceeds the limit of {} bytes",
            64 * MIB
        )),
        "{text}"
    );
    assert!(
        largest < MIB,
        "nothing of the declared body was allocated, yet a block of {largest} bytes was"
    );

    // 2. Streamed: chunked, no length, 65 MiB. It fails once past 64 MiB, having held at most
    //    the limit (the buffer never grows past it).
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    let url = server(head.to_owned(), 65, true).await;
    LARGEST.store(0, Ordering::Relaxed);
    let err = client(&url).list_stages().send().await.unwrap_err();
    let largest = LARGEST.load(Ordering::Relaxed);
    let text = message(&err);
    assert!(
        text.contains(&format!(
            "the response body exceeds the limit of {} bytes",
            64 * MIB
        )),
        "{text}"
    );
    assert!(
        largest <= 64 * MIB,
        "the buffer grew past the limit: a block of {largest} bytes"
    );
}
