//! Measures the SDK's own cost per call: building the input, serializing it, resolving the
//! endpoint, SigV4 signing and parsing a ten-stage `ListStages` response. The network is taken
//! out with an in-process [`HttpClient`] that answers every request with the same bytes.
//!
//! ```text
//! cargo run --release -p generated-sdk --example call_overhead [-- CALLS]
//! ```

use generated_sdk::config::StaticTimeSource;
use generated_sdk::error::ConnectorError;
use generated_sdk::http::{BoxFuture, HttpClient, HttpRequest, HttpResponse};
use generated_sdk::{Client, Config, Credentials, Region};
use std::time::Instant;

/// Answers every request with a canned `ListStages` page.
#[derive(Debug)]
struct Canned(Vec<u8>);

impl HttpClient for Canned {
    fn call(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, ConnectorError>> {
        let body = self.0.clone();
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body,
            })
        })
    }
}

fn page() -> Vec<u8> {
    let stages: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"arn":"arn:aws:ivs:us-east-1:123456789012:stage/abcdABCD{i:04}","name":"stage-{i}","activeSessionId":"st-a1B2c3D4e5F6g","tags":{{"team":"video","env":"prod"}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"stages":[{}],"nextToken":"bmV4dA=="}}"#,
        stages.join(",")
    )
    .into_bytes()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let calls: u32 = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(20_000);
    let client = Client::from_conf(
        Config::builder()
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .time_source(StaticTimeSource::from_secs(1_700_000_000))
            .http_client(Canned(page()))
            .build(),
    );
    // Warm up (first-use initialisation, allocator).
    for _ in 0..100 {
        client.list_stages().max_results(10).send().await?;
    }
    let start = Instant::now();
    let mut stages = 0;
    for _ in 0..calls {
        stages += client
            .list_stages()
            .max_results(10)
            .send()
            .await?
            .stages
            .len();
    }
    let elapsed = start.elapsed();
    println!(
        "{calls} ListStages calls ({stages} stages parsed) in {:.3} s: {:.2} µs per call",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / f64::from(calls)
    );
    Ok(())
}
