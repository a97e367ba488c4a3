//! Request parity with botocore, the reference implementation.
//!
//! `tests/botocore/fixtures.json` holds, for every operation, what botocore (the version pinned in `tests/botocore/requirements.txt`) sends for a
//! realistic input (method, path, query, signed headers, body, canonical request, string to sign,
//! signature), signed at a fixed time with fixed keys for host `127.0.0.1:18765`. Regenerate or
//! check it with `python3 generated-sdk/tests/botocore/gen_fixtures.py [--check]`.
//!
//! * `signer_matches_botocore`: the SDK's SigV4 signer fed botocore's exact request gives
//!   botocore's canonical request, string to sign, signature and Authorization header.
//! * `requests_match_botocore`: the SDK client, sending the same input to a real server on
//!   127.0.0.1:18765 with the same clock and keys, sends the same method, path, query, body (as a
//!   JSON value: botocore writes `", "` separators and `\u` escapes, a compact writer does not),
//!   Content-Type and signed header values, and the signature of botocore's canonical request with
//!   only the payload hash replaced by the hash of its own body (computed here with an
//!   independent HMAC chain checked against botocore's signatures). Without a body the
//!   Authorization header is botocore's byte for byte.

mod common;

use common::{fixtures, Response, TestServer};
use generated_sdk::config::{RetryConfig, StaticTimeSource};
use generated_sdk::sigv4::{sign, SignableRequest, SigningParams};
use generated_sdk::{Client, Config, Credentials, Region};
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The fields of one `requests[]` fixture the tests use.
struct Case {
    name: String,
    operation: String,
    input: Value,
    session_token: Option<String>,
    method: String,
    path: String,
    query_string: String,
    query: Vec<(String, String)>,
    content_type: Option<String>,
    signed_headers: Vec<(String, String)>,
    body: Option<String>,
    body_json: Value,
    canonical_request: String,
    string_to_sign: String,
    signature: String,
    authorization: String,
}

struct Fixtures {
    port: u16,
    region: String,
    signing_name: String,
    time: SystemTime,
    access_key_id: String,
    secret_access_key: String,
    cases: Vec<Case>,
}

fn str_of(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("fixture field {key} is not a string: {v}"))
        .to_owned()
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .expect("list of pairs")
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn load() -> Fixtures {
    let f = fixtures();
    let cases = f["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|c| Case {
            name: str_of(c, "name"),
            operation: str_of(c, "operation"),
            input: c["input"].clone(),
            session_token: c["session_token"].as_str().map(str::to_owned),
            method: str_of(c, "method"),
            path: str_of(c, "path"),
            query_string: str_of(c, "query_string"),
            query: pairs(&c["query"]),
            content_type: c["content_type"].as_str().map(str::to_owned),
            signed_headers: pairs(&c["signed_headers"]),
            body: c["body"].as_str().map(str::to_owned),
            body_json: c["body_json"].clone(),
            canonical_request: str_of(c, "canonical_request"),
            string_to_sign: str_of(c, "string_to_sign"),
            signature: str_of(c, "signature"),
            authorization: str_of(c, "authorization"),
        })
        .collect();
    Fixtures {
        port: f["port"].as_u64().expect("port") as u16,
        region: str_of(&f, "region"),
        signing_name: str_of(&f, "signing_name"),
        time: UNIX_EPOCH + Duration::from_secs(f["time_epoch_secs"].as_u64().expect("time")),
        access_key_id: str_of(&f, "access_key_id"),
        secret_access_key: str_of(&f, "secret_access_key"),
        cases,
    }
}

// ---- an independent SigV4 HMAC chain (ring), checked against botocore's signatures ----

fn hmac(key: &[u8], msg: &str) -> Vec<u8> {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key);
    ring::hmac::sign(&key, msg.as_bytes()).as_ref().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

/// (string to sign, signature) of `canonical_request` at `timestamp` (`YYYYMMDDTHHMMSSZ`).
fn reference_signature(
    fx: &Fixtures,
    canonical_request: &str,
    timestamp: &str,
) -> (String, String) {
    let date = &timestamp[..8];
    let scope = format!("{date}/{}/{}/aws4_request", fx.region, fx.signing_name);
    let sts = format!(
        "AWS4-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let k_date = hmac(format!("AWS4{}", fx.secret_access_key).as_bytes(), date);
    let k_region = hmac(&k_date, &fx.region);
    let k_service = hmac(&k_region, &fx.signing_name);
    let k_signing = hmac(&k_service, "aws4_request");
    let signature = hex(&hmac(&k_signing, &sts));
    (sts, signature)
}

/// botocore's canonical request with its last line (the payload hash) replaced.
fn with_payload_hash(canonical_request: &str, body: &[u8]) -> String {
    let (head, _) = canonical_request
        .rsplit_once('\n')
        .expect("canonical request has lines");
    format!("{head}\n{}", sha256_hex(body))
}

fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn signed_header_names(authorization: &str) -> Vec<String> {
    authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("SignedHeaders="))
        .unwrap_or_else(|| panic!("no SignedHeaders in {authorization}"))
        .split(';')
        .map(str::to_owned)
        .collect()
}

#[test]
fn fixtures_cover_every_operation() {
    let fx = load();
    let mut ops: Vec<&str> = fx.cases.iter().map(|c| c.operation.as_str()).collect();
    ops.sort();
    ops.dedup();
    assert_eq!(ops, common::dispatch::OPERATIONS);
    assert!(fx.cases.iter().any(|c| c.session_token.is_some()));
    assert!(fx.cases.iter().any(|c| c.body.is_none()));
    assert!(fx.cases.iter().any(|c| c.body.as_deref() == Some("{}")));
}

#[test]
fn reference_hmac_chain_reproduces_botocore() {
    let fx = load();
    for case in &fx.cases {
        let timestamp = header_value(&case.signed_headers, "x-amz-date").unwrap();
        let (sts, signature) = reference_signature(&fx, &case.canonical_request, timestamp);
        assert_eq!(sts, case.string_to_sign, "{}", case.name);
        assert_eq!(signature, case.signature, "{}", case.name);
    }
}

#[test]
fn signer_matches_botocore() {
    let fx = load();
    for case in &fx.cases {
        // The signer adds x-amz-date and x-amz-security-token itself.
        let headers: Vec<(String, String)> = case
            .signed_headers
            .iter()
            .filter(|(k, _)| k != "x-amz-date" && k != "x-amz-security-token")
            .cloned()
            .collect();
        let body = case.body.clone().unwrap_or_default();
        let out = sign(
            &SignableRequest {
                method: &case.method,
                path: &case.path,
                query: &case.query,
                headers: &headers,
                body: body.as_bytes(),
                payload_hash: None,
            },
            &SigningParams {
                access_key_id: &fx.access_key_id,
                secret_access_key: &fx.secret_access_key,
                session_token: case.session_token.as_deref(),
                region: &fx.region,
                service: &fx.signing_name,
                time: fx.time,
            },
        );
        assert_eq!(
            out.canonical_request, case.canonical_request,
            "{}: canonical request",
            case.name
        );
        assert_eq!(
            out.string_to_sign, case.string_to_sign,
            "{}: string to sign",
            case.name
        );
        assert_eq!(out.signature, case.signature, "{}: signature", case.name);
        assert_eq!(
            header_value(&out.headers, "authorization"),
            Some(case.authorization.as_str()),
            "{}: authorization",
            case.name
        );
        assert_eq!(
            header_value(&out.headers, "x-amz-date"),
            header_value(&case.signed_headers, "x-amz-date"),
            "{}: x-amz-date",
            case.name
        );
        assert_eq!(
            header_value(&out.headers, "x-amz-security-token"),
            case.session_token.as_deref(),
            "{}: x-amz-security-token",
            case.name
        );
    }
}

/// Checks one captured request against its fixture; returns the mismatches.
fn compare(fx: &Fixtures, case: &Case, req: &common::RecordedRequest) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    check(
        req.method == case.method,
        format!("method: sdk {} vs botocore {}", req.method, case.method),
    );
    check(
        req.path() == case.path,
        format!("path: sdk {} vs botocore {}", req.path(), case.path),
    );
    check(
        req.query_pairs() == case.query,
        format!(
            "query pairs: sdk {:?} vs botocore {:?}",
            req.query_pairs(),
            case.query
        ),
    );
    check(
        req.query_string().unwrap_or("") == case.query_string,
        format!(
            "raw query: sdk {:?} vs botocore {:?}",
            req.query_string(),
            case.query_string
        ),
    );
    match &case.body {
        None => check(
            req.body.is_empty(),
            format!(
                "body: botocore sends none, sdk sends {:?}",
                String::from_utf8_lossy(&req.body)
            ),
        ),
        Some(_) => {
            let sdk: Result<Value, _> = serde_json::from_slice(&req.body);
            check(
                sdk.as_ref().ok() == Some(&case.body_json),
                format!(
                    "body: sdk {:?} vs botocore {}",
                    String::from_utf8_lossy(&req.body),
                    case.body_json
                ),
            );
        }
    }
    check(
        req.header("content-type") == case.content_type.as_deref(),
        format!(
            "content-type: sdk {:?} vs botocore {:?}",
            req.header("content-type"),
            case.content_type
        ),
    );
    check(
        req.header("x-amz-security-token") == case.session_token.as_deref(),
        format!(
            "x-amz-security-token: sdk {:?} vs botocore {:?}",
            req.header("x-amz-security-token"),
            case.session_token
        ),
    );
    let Some(authorization) = req.header("authorization") else {
        problems.push("no authorization header".to_owned());
        return problems;
    };
    let names = signed_header_names(authorization);
    let botocore_names: Vec<String> = case.signed_headers.iter().map(|(k, _)| k.clone()).collect();
    check(
        names == botocore_names,
        format!("signed headers: sdk {names:?} vs botocore {botocore_names:?}"),
    );
    for (name, value) in &case.signed_headers {
        check(
            req.header(name) == Some(value.as_str()),
            format!(
                "signed header {name}: sdk {:?} vs botocore {value:?}",
                req.header(name)
            ),
        );
    }
    // The signature botocore would compute for this body: its canonical request, with only the
    // payload hash line replaced.
    let canonical = with_payload_hash(&case.canonical_request, &req.body);
    let timestamp = header_value(&case.signed_headers, "x-amz-date").unwrap();
    let (_, signature) = reference_signature(fx, &canonical, timestamp);
    let expected = format!(
        "AWS4-HMAC-SHA256 Credential={}/{}/{}/{}/aws4_request, SignedHeaders={}, Signature={signature}",
        fx.access_key_id,
        &timestamp[..8],
        fx.region,
        fx.signing_name,
        botocore_names.join(";")
    );
    check(
        authorization == expected,
        format!("authorization: sdk {authorization} vs expected {expected}"),
    );
    if case.body.is_none() {
        check(
            authorization == case.authorization,
            format!(
                "authorization (no body): sdk {authorization} vs botocore {}",
                case.authorization
            ),
        );
    }
    // The SDK's signer recomputes the canonical request from the captured request.
    let sign_headers: Vec<(String, String)> = names
        .iter()
        .filter(|n| *n != "x-amz-date" && *n != "x-amz-security-token")
        .map(|n| (n.clone(), req.header(n).unwrap_or_default().to_owned()))
        .collect();
    let query = req.query_pairs();
    let out = sign(
        &SignableRequest {
            method: &req.method,
            path: req.path(),
            query: &query,
            headers: &sign_headers,
            body: &req.body,
            payload_hash: None,
        },
        &SigningParams {
            access_key_id: &fx.access_key_id,
            secret_access_key: &fx.secret_access_key,
            session_token: case.session_token.as_deref(),
            region: &fx.region,
            service: &fx.signing_name,
            time: fx.time,
        },
    );
    check(
        out.canonical_request == canonical,
        format!(
            "canonical request recomputed from the captured request:\n--- sdk\n{}\n--- botocore (payload hash replaced)\n{canonical}",
            out.canonical_request
        ),
    );
    check(
        header_value(&out.headers, "authorization") == Some(authorization),
        "re-signing the captured request does not give its authorization header".to_owned(),
    );
    problems
}

fn client_for(fx: &Fixtures, url: &str, session_token: Option<String>) -> Client {
    Client::from_conf(
        Config::builder()
            .region(Region::new(fx.region.clone()))
            .credentials_provider(Credentials::new(
                fx.access_key_id.clone(),
                fx.secret_access_key.clone(),
                session_token,
            ))
            .endpoint_url(url)
            .time_source(StaticTimeSource::new(fx.time))
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

#[tokio::test]
async fn requests_match_botocore() {
    let fx = load();
    // botocore signed for this exact host: bind that port (never another one).
    let server = TestServer::start_on_port(fx.port, Duration::from_secs(60)).await;
    assert_eq!(server.url(), format!("http://127.0.0.1:{}", fx.port));
    // One body every operation's output accepts (each reads its own members, required lists
    // and maps are present, the rest is ignored).
    server.set_default(Response::json(
        200,
        r#"{"stages":[],"participants":[],"events":[],"stageSessions":[],"tags":{}}"#,
    ));
    let mut failures = Vec::new();
    for case in &fx.cases {
        server.clear_requests();
        let client = client_for(&fx, &server.url(), case.session_token.clone());
        if let Err(err) = common::dispatch::send(&client, &case.operation, &case.input).await {
            failures.push(format!("{}: the call failed: {err:?}", case.name));
            continue;
        }
        let requests = server.requests();
        if requests.len() != 1 {
            failures.push(format!(
                "{}: {} requests were sent, expected 1",
                case.name,
                requests.len()
            ));
            continue;
        }
        for problem in compare(&fx, case, &requests[0]) {
            failures.push(format!("{}: {problem}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatch(es) with botocore:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
