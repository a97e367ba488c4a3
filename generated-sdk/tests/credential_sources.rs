//! `Config::from_env()` with only the environment variables or files of each deployment
//! (EC2, ECS/EKS, EKS IRSA, role profiles, SSO, `credential_process`), each against a local
//! server standing in for IMDS, the container endpoint, STS or the SSO portal, and a second
//! local server standing in for IVS RealTime that records how each request was signed.
//!
//! `Config::from_env()` reads the process environment, which a test must not change under
//! other threads: each case runs this test binary again as a child process (the entry point
//! [`child_process_entry_point`]) with exactly the case's environment. No request leaves
//! 127.0.0.1: every case disables or redirects instance metadata.

mod common;

use common::credentials::{closed_port_url, credentials_json, in_secs, sha1_hex, Scratch};
use common::{RecordedRequest, Response, TestServer};
use generated_sdk::{Client, Config};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// The variable that makes this binary's entry point act as a child.
const CHILD: &str = "CREDENTIAL_SOURCES_CHILD";

/// The variable that tells the child where the local service is.
const SERVICE_URL: &str = "CREDENTIAL_SOURCES_SERVICE_URL";

/// Run in a child process: `CREDENTIAL_SOURCES_CHILD=a,b,...` makes `a` calls to ListStages,
/// then `b` concurrent calls, and so on, through one client built with `Config::from_env()`;
/// any failure panics (non-zero exit). Without the variable (a normal test run) it returns.
#[test]
fn child_process_entry_point() {
    let Ok(batches) = std::env::var(CHILD) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // The service's endpoint is set in code, so that the environment's
        // AWS_ENDPOINT_URL (which STS and SSO would use too) stays unset; an empty
        // SERVICE_URL leaves it to the environment and the profile.
        let service = std::env::var(SERVICE_URL).unwrap();
        let config = match service.as_str() {
            "" => Config::from_env(),
            url => Config::from_env().endpoint_url(url),
        };
        let client = Client::from_conf(config.build());
        for batch in batches.split(',') {
            let n: usize = batch.parse().unwrap();
            let calls: Vec<_> = (0..n)
                .map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move { client.list_stages().send().await })
                })
                .collect();
            for call in calls {
                if let Err(e) = call.await.unwrap() {
                    panic!("ListStages failed: {e} / {e:?}");
                }
            }
        }
    });
}

/// An STS response with credentials.
fn sts_xml(action: &str, key: &str) -> Response {
    Response::new(
        200,
        format!(
            r#"<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <{action}Result>
    <Credentials>
      <AccessKeyId>{key}</AccessKeyId>
      <SecretAccessKey>secret-of-{key}</SecretAccessKey>
      <SessionToken>token-of-{key}</SessionToken>
      <Expiration>{}</Expiration>
    </Credentials>
  </{action}Result>
  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
</{action}Response>"#,
            in_secs(3600)
        ),
    )
    .header("Content-Type", "text/xml")
}

/// The environment every case starts from: a region, the local service, a home directory
/// without `~/.aws`, instance metadata off, and `PATH` (for `credential_process`).
fn base_env(service: &TestServer, home: &Scratch) -> HashMap<String, String> {
    let mut env: HashMap<String, String> = [
        ("AWS_REGION", "eu-west-1".to_string()),
        (SERVICE_URL, service.url()),
        ("HOME", home.path()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
        ("PATH", std::env::var("PATH").unwrap_or_default()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    env.insert(CHILD.to_string(), "1".to_string());
    env
}

/// Runs the child with exactly `env`, making `batches` calls; panics with its output if it
/// fails.
async fn run_child(env: HashMap<String, String>, batches: &str) {
    let exe = std::env::current_exe().unwrap();
    let batches = batches.to_string();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(exe)
            .args([
                "--exact",
                "child_process_entry_point",
                "--nocapture",
                "--test-threads=1",
            ])
            .env_clear()
            .envs(env)
            .env(CHILD, batches)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "the child failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The access key id a request was signed with (from `Authorization`).
fn signed_with(request: &RecordedRequest) -> String {
    let auth = request.header("authorization").expect("signed");
    let credential = auth
        .split("Credential=")
        .nth(1)
        .expect("a Credential= part");
    credential.split('/').next().unwrap().to_string()
}

/// Asserts every service request was signed with `key` and its session token.
fn assert_service_signed_with(service: &TestServer, key: &str, count: usize) {
    let requests = service.requests();
    assert_eq!(requests.len(), count, "service requests");
    for r in &requests {
        assert_eq!(r.path(), "/ListStages");
        assert_eq!(signed_with(r), key);
        assert_eq!(
            r.header("x-amz-security-token"),
            Some(format!("token-of-{key}").as_str())
        );
    }
}

async fn service() -> TestServer {
    let service = TestServer::start().await;
    service.set_default(Response::json(200, r#"{"stages":[]}"#));
    service
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ec2_instance_metadata_v2() {
    let service = service().await;
    let imds = TestServer::start().await;
    imds.respond(Response::new(200, "imds-session-token"))
        .respond(Response::new(200, "ec2-role\n"))
        .respond(Response::json(200, credentials_json("IMDSKEY", 6 * 3600)));
    let home = Scratch::new("imds");
    let mut env = base_env(&service, &home);
    env.remove("AWS_EC2_METADATA_DISABLED");
    env.insert("AWS_EC2_METADATA_SERVICE_ENDPOINT".into(), imds.url());
    run_child(env, "1").await;

    let r = imds.requests();
    assert_eq!(r.len(), 3);
    assert_eq!(
        (r[0].method.as_str(), r[0].path()),
        ("PUT", "/latest/api/token")
    );
    assert_eq!(
        r[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    assert_eq!(r[1].path(), "/latest/meta-data/iam/security-credentials/");
    assert_eq!(
        r[2].path(),
        "/latest/meta-data/iam/security-credentials/ec2-role"
    );
    for get in &r[1..] {
        assert_eq!(get.method, "GET");
        assert_eq!(
            get.header("x-aws-ec2-metadata-token"),
            Some("imds-session-token")
        );
    }
    assert_service_signed_with(&service, "IMDSKEY", 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn container_full_uri_with_token_file_and_one_refresh_for_64_calls() {
    let service = service().await;
    let container = TestServer::start().await;
    // The first credentials expire within the refresh window (5 minutes): the next calls
    // find them expiring, and the 64 concurrent ones cause one refresh between them.
    container
        .respond(Response::json(200, credentials_json("KEY1", 4 * 60)))
        .respond(Response::json(200, credentials_json("KEY2", 3600)));
    let home = Scratch::new("container");
    let token_file = home.write("eks-pod-identity-token", "pod-identity-token");
    let mut env = base_env(&service, &home);
    env.insert(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI".into(),
        format!("{}/v1/credentials", container.url()),
    );
    env.insert("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE".into(), token_file);
    env.insert(
        "AWS_CONTAINER_AUTHORIZATION_TOKEN".into(),
        "ignored-when-a-file-is-set".into(),
    );
    run_child(env, "1,64").await;

    let r = container.requests();
    assert_eq!(r.len(), 2, "one fetch, then one refresh for 64 calls");
    for fetch in &r {
        assert_eq!(
            (fetch.method.as_str(), fetch.path()),
            ("GET", "/v1/credentials")
        );
        assert_eq!(fetch.header("authorization"), Some("pod-identity-token"));
    }
    let requests = service.requests();
    assert_eq!(requests.len(), 65);
    assert_eq!(signed_with(&requests[0]), "KEY1");
    assert!(requests[1..].iter().all(|r| signed_with(r) == "KEY2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_identity_from_the_environment() {
    let service = service().await;
    let sts = TestServer::start().await;
    sts.respond(sts_xml("AssumeRoleWithWebIdentity", "WEBKEY"));
    let home = Scratch::new("web-identity");
    let token_file = home.write("token", "eyJ.web-identity-token.sig\n");
    let mut env = base_env(&service, &home);
    env.insert("AWS_WEB_IDENTITY_TOKEN_FILE".into(), token_file);
    env.insert(
        "AWS_ROLE_ARN".into(),
        "arn:aws:iam::123456789012:role/irsa".into(),
    );
    env.insert("AWS_ROLE_SESSION_NAME".into(), "pod-1".into());
    env.insert("AWS_ENDPOINT_URL_STS".into(), sts.url());
    run_child(env, "1").await;

    let r = sts.requests();
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].method.as_str(), r[0].path()), ("POST", "/"));
    assert!(r[0].header("authorization").is_none(), "unsigned");
    assert_eq!(
        r[0].header("content-type"),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    assert_eq!(
        String::from_utf8(r[0].body.clone()).unwrap(),
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Firsa&RoleSessionName=pod-1\
         &WebIdentityToken=eyJ.web-identity-token.sig"
    );
    assert_service_signed_with(&service, "WEBKEY", 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn role_chain_of_two_profiles_with_sts_from_a_services_section() {
    let service = service().await;
    let sts = TestServer::start().await;
    sts.respond(sts_xml("AssumeRole", "MIDKEY"))
        .respond(sts_xml("AssumeRole", "DEVKEY"));
    let home = Scratch::new("roles");
    let config = home.write(
        "config",
        &format!(
            "[profile dev]\nrole_arn = arn:aws:iam::1:role/dev\nsource_profile = mid\n\
             role_session_name = me\nservices = local\n\
             [profile mid]\nrole_arn = arn:aws:iam::1:role/mid\nsource_profile = base\n\
             external_id = ext-1\nduration_seconds = 900\n\
             [services local]\nsts =\n  endpoint_url = {}\n",
            sts.url()
        ),
    );
    let credentials = home.write(
        "credentials",
        "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = base-secret\n",
    );
    let mut env = base_env(&service, &home);
    env.insert("AWS_CONFIG_FILE".into(), config);
    env.insert("AWS_SHARED_CREDENTIALS_FILE".into(), credentials);
    env.insert("AWS_PROFILE".into(), "dev".into());
    run_child(env, "1").await;

    let r = sts.requests();
    assert_eq!(r.len(), 2);
    let body = |r: &RecordedRequest| String::from_utf8(r.body.clone()).unwrap();
    assert_eq!(signed_with(&r[0]), "BASEKEY");
    assert!(r[0]
        .header("authorization")
        .unwrap()
        .contains("/eu-west-1/sts/aws4_request"));
    assert!(r[0].header("x-amz-security-token").is_none());
    assert!(body(&r[0]).starts_with(
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fmid&RoleSessionName=sdk-runtime-"
    ));
    assert!(
        body(&r[0]).ends_with("&ExternalId=ext-1&DurationSeconds=900"),
        "{}",
        body(&r[0])
    );
    assert_eq!(signed_with(&r[1]), "MIDKEY");
    assert_eq!(r[1].header("x-amz-security-token"), Some("token-of-MIDKEY"));
    assert_eq!(
        body(&r[1]),
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fdev&RoleSessionName=me"
    );
    assert_service_signed_with(&service, "DEVKEY", 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sso_session_profile_with_the_cached_token() {
    let service = service().await;
    let portal = TestServer::start().await;
    let expiration_ms = (SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600)
        * 1000;
    portal.respond(Response::json(
        200,
        format!(
            r#"{{"roleCredentials":{{"accessKeyId":"SSOKEY","secretAccessKey":"secret-of-SSOKEY","sessionToken":"token-of-SSOKEY","expiration":{expiration_ms}}}}}"#
        ),
    ));
    let home = Scratch::new("sso");
    home.write(
        &format!(".aws/sso/cache/{}.json", sha1_hex("corp")),
        &format!(
            r#"{{"accessToken":"sso-access-token","expiresAt":"{}","region":"eu-west-1","startUrl":"https://corp.awsapps.com/start"}}"#,
            in_secs(3600)
        ),
    );
    home.write(
        ".aws/config",
        "[default]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n",
    );
    let mut env = base_env(&service, &home);
    env.insert("AWS_ENDPOINT_URL_SSO".into(), portal.url());
    run_child(env, "1").await;

    let r = portal.requests();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].method, "GET");
    assert_eq!(
        r[0].target,
        "/federation/credentials?role_name=Dev&account_id=111122223333"
    );
    assert_eq!(
        r[0].header("x-amz-sso_bearer_token"),
        Some("sso-access-token")
    );
    assert_service_signed_with(&service, "SSOKEY", 1);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credential_process_profile() {
    use std::os::unix::fs::PermissionsExt;
    let service = service().await;
    let home = Scratch::new("process");
    let script = home.write(
        "creds.sh",
        &format!(
            "#!/bin/sh\nprintf '%s' '{{\"Version\": 1, \"AccessKeyId\": \"PROCKEY\", \"SecretAccessKey\": \"secret-of-PROCKEY\", \"SessionToken\": \"token-of-PROCKEY\", \"Expiration\": \"{}\"}}'\n",
            in_secs(3600)
        ),
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    home.write(
        ".aws/config",
        &format!("[profile tool]\ncredential_process = {script} --account 1\n"),
    );
    let mut env = base_env(&service, &home);
    env.insert("AWS_PROFILE".into(), "tool".into());
    run_child(env, "1").await;
    assert_service_signed_with(&service, "PROCKEY", 1);
}

/// The service's own endpoint settings, as the official SDKs read them: its variable
/// `AWS_ENDPOINT_URL_IVS_REALTIME` before `AWS_ENDPOINT_URL` (here a closed port), and its key
/// `ivs_realtime` in the profile's `[services]` section.
#[tokio::test]
async fn the_service_endpoint_from_its_variable_and_from_a_services_section() {
    let service = service().await;
    let home = Scratch::new("service-endpoint");
    let mut env = base_env(&service, &home);
    env.insert(SERVICE_URL.into(), String::new());
    env.insert("AWS_ACCESS_KEY_ID".into(), "ENVKEY".into());
    env.insert("AWS_SECRET_ACCESS_KEY".into(), "secret-of-ENVKEY".into());
    env.insert("AWS_SESSION_TOKEN".into(), "token-of-ENVKEY".into());
    let mut variable = env.clone();
    variable.insert("AWS_ENDPOINT_URL_IVS_REALTIME".into(), service.url());
    variable.insert("AWS_ENDPOINT_URL".into(), closed_port_url().await);
    run_child(variable, "2").await;
    assert_service_signed_with(&service, "ENVKEY", 2);

    home.write(
        ".aws/config",
        &format!(
            "[default]\nservices = local\nendpoint_url = {}\n[services local]\n\
             ivs_realtime =\n  endpoint_url = {}\n",
            closed_port_url().await,
            service.url()
        ),
    );
    run_child(env, "1").await;
    assert_service_signed_with(&service, "ENVKEY", 3);
}

/// Writes a profile file with static keys and returns its path.
fn static_profile(dir: &Scratch, key: &str) -> String {
    dir.write(
        "credentials",
        &format!("[default]\naws_access_key_id = {key}\naws_secret_access_key = s\n"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chain_takes_the_first_source_that_has_credentials() {
    use generated_sdk::credentials::{DefaultCredentialsChain, ProvideCredentials};
    let sts = TestServer::start().await;
    sts.set_default(sts_xml("AssumeRoleWithWebIdentity", "WEBKEY"));
    let container = TestServer::start().await;
    container.set_default(Response::json(200, credentials_json("CONTKEY", 3600)));
    let imds = TestServer::start().await;
    let home = Scratch::new("chain");
    let token = home.write("token", "t");
    let credentials = static_profile(&home, "PROFKEY");
    let mut all: Vec<(&str, String)> = vec![
        ("AWS_ACCESS_KEY_ID", "ENVKEY".into()),
        ("AWS_SECRET_ACCESS_KEY", "s".into()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r".into()),
        ("AWS_ENDPOINT_URL_STS", sts.url()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials),
        ("AWS_CONFIG_FILE", "/nonexistent/config".into()),
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/creds", container.url()),
        ),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()),
        ("HOME", home.path()),
    ];
    let key = |vars: &[(&str, String)]| {
        let map = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        async move {
            DefaultCredentialsChain::from_env_map(map)
                .provide_credentials()
                .await
                .map(|c| c.access_key_id().to_string())
        }
    };
    assert_eq!(key(&all).await.unwrap(), "ENVKEY");
    all.retain(|(k, _)| !k.starts_with("AWS_ACCESS_KEY_ID") && *k != "AWS_SECRET_ACCESS_KEY");
    assert_eq!(key(&all).await.unwrap(), "WEBKEY");
    all.retain(|(k, _)| *k != "AWS_WEB_IDENTITY_TOKEN_FILE");
    assert_eq!(key(&all).await.unwrap(), "PROFKEY");
    all.retain(|(k, _)| *k != "AWS_SHARED_CREDENTIALS_FILE");
    assert_eq!(key(&all).await.unwrap(), "CONTKEY");
    all.retain(|(k, _)| *k != "AWS_CONTAINER_CREDENTIALS_FULL_URI");
    imds.respond(Response::new(200, "t"))
        .respond(Response::new(200, "role"))
        .respond(Response::json(200, credentials_json("IMDSKEY", 3600)));
    assert_eq!(key(&all).await.unwrap(), "IMDSKEY");
    // Nothing left: instance metadata is not reachable, which means no credentials.
    let closed = closed_port_url().await;
    all.retain(|(k, _)| *k != "AWS_EC2_METADATA_SERVICE_ENDPOINT");
    all.push(("AWS_EC2_METADATA_SERVICE_ENDPOINT", closed.clone()));
    let e = key(&all).await.unwrap_err();
    assert!(e.is_not_loaded(), "{e}");
    assert!(
        e.to_string().contains(&format!(
            "instance metadata: instance metadata service not reachable at {closed}"
        )),
        "{e}"
    );
}
