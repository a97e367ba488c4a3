//! Each credentials provider alone, against a local server: what each failure reports (the
//! provider, the endpoint, the HTTP status and AWS error code), retries, fallbacks, and that
//! no secret or token reaches `Debug` or an error message.

mod common;

use common::credentials::{closed_port_url, credentials_json, in_secs, sha1_hex, Scratch};
use common::{Response, TestServer};
use generated_sdk::credentials::{
    ContainerCredentialsProvider, CredentialsError, ImdsCredentialsProvider,
    ProfileFileCredentialsProvider, ProvideCredentials, SsoCredentialsProvider,
    WebIdentityTokenCredentialsProvider,
};
use std::collections::HashMap;

fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .chain([
            ("HOME".to_string(), "/nonexistent-home".to_string()),
            (
                "AWS_CONFIG_FILE".to_string(),
                "/nonexistent/config".to_string(),
            ),
            (
                "AWS_SHARED_CREDENTIALS_FILE".to_string(),
                "/nonexistent/credentials".to_string(),
            ),
        ])
        .collect()
}

/// Asserts that neither `Debug` nor `Display` of `e` holds any of `secrets`.
fn assert_no_secret(e: &CredentialsError, secrets: &[&str]) {
    let text = format!("{e} {e:?} {e:#?}");
    for secret in secrets {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[tokio::test]
async fn imds_fallbacks_and_failures() {
    let imds = TestServer::start().await;
    let provider = |extra: &[(&str, &str)]| {
        let mut pairs = vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url())];
        pairs.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        ImdsCredentialsProvider::from_env_map(vars(&pairs))
    };

    // IMDSv1 only (the token request is refused with 405): the requests go without a token.
    imds.respond(Response::new(405, ""))
        .respond(Response::new(200, "role"))
        .respond(Response::json(200, credentials_json("V1KEY", 3600)));
    let c = provider(&[]).provide_credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "V1KEY");
    assert!(imds.requests()[1..]
        .iter()
        .all(|r| r.header("x-aws-ec2-metadata-token").is_none()));

    // ... unless IMDSv1 is disabled.
    imds.respond(Response::new(403, ""));
    let e = provider(&[("AWS_EC2_METADATA_V1_DISABLED", "true")])
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(!e.is_not_loaded());
    assert!(
        e.to_string().contains("HTTP 403") && e.to_string().contains("IMDSv1 is disabled"),
        "{e}"
    );

    // No role attached: no credentials here (the chain moves on).
    imds.respond(Response::new(200, "imds-token"))
        .respond(Response::new(404, ""));
    let e = provider(&[]).provide_credentials().await.unwrap_err();
    assert!(
        e.is_not_loaded() && e.to_string().contains("no IAM role"),
        "{e}"
    );

    // The role's credentials cannot be had: the code and message.
    imds.respond(Response::new(200, "imds-token"))
        .respond(Response::new(200, "role"))
        .respond(Response::json(
            200,
            r#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"EC2 cannot assume the role"}"#,
        ));
    let e = provider(&[]).provide_credentials().await.unwrap_err();
    assert!(
        e.to_string()
            .contains("returned AssumeRoleUnauthorizedAccess: EC2 cannot assume the role"),
        "{e}"
    );
    assert_no_secret(&e, &["imds-token"]);

    // Not reachable: no credentials, naming the endpoint.
    let closed = closed_port_url().await;
    let e = ImdsCredentialsProvider::from_env_map(vars(&[(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        &closed,
    )]))
    .provide_credentials()
    .await
    .unwrap_err();
    assert!(e.is_not_loaded(), "{e}");
    assert!(
        e.to_string().contains(&format!(
            "instance metadata service not reachable at {closed}"
        )),
        "{e}"
    );

    // Disabled: not even tried.
    let before = imds.request_count();
    let e = provider(&[("AWS_EC2_METADATA_DISABLED", "true")])
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        e.is_not_loaded() && e.to_string().contains("disabled"),
        "{e}"
    );
    assert_eq!(imds.request_count(), before);
}

#[tokio::test]
async fn container_failures_and_retries() {
    let server = TestServer::start().await;
    let url = format!("{}/creds", server.url());
    let provider = |extra: &[(&str, &str)]| {
        let mut pairs = vec![("AWS_CONTAINER_CREDENTIALS_FULL_URI", url.as_str())];
        pairs.extend_from_slice(extra);
        ContainerCredentialsProvider::from_env_map(vars(&pairs))
    };

    // A 5xx is retried (after a pause of 1 s).
    server
        .respond(Response::json(500, r#"{"Code":"InternalError"}"#))
        .respond(Response::json(200, credentials_json("CKEY", 3600)));
    let c = provider(&[("AWS_CONTAINER_AUTHORIZATION_TOKEN", "secret-auth-token")])
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "CKEY");
    assert_eq!(server.request_count(), 2);

    // A 4xx is not: its status, code and message.
    server.respond(Response::json(
        401,
        r#"{"Code":"AccessDenied","Message":"the token is not valid"}"#,
    ));
    let e = provider(&[("AWS_CONTAINER_AUTHORIZATION_TOKEN", "secret-auth-token")])
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        format!(
            "container credentials endpoint {url} returned HTTP 401: AccessDenied: the token is \
             not valid"
        )
    );
    assert_no_secret(&e, &["secret-auth-token"]);

    // A response without the token: named, no value shown.
    server.respond(Response::json(
        200,
        r#"{"AccessKeyId":"K","SecretAccessKey":"very-secret","Expiration":"2030-01-01T00:00:00Z","Token":""}"#,
    ));
    let c = provider(&[]).provide_credentials().await.unwrap();
    assert_eq!(c.session_token(), None);
    server.respond(Response::json(
        200,
        r#"{"AccessKeyId":"K","SecretAccessKey":"very-secret"}"#,
    ));
    let e = provider(&[]).provide_credentials().await.unwrap_err();
    assert!(
        e.message().ends_with("the response has no `Expiration`"),
        "{e}"
    );
    assert_no_secret(&e, &["very-secret"]);

    // Hosts the official SDKs refuse over plain http, and a token that is no header value.
    let e = ContainerCredentialsProvider::from_env_map(vars(&[(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://169.254.169.254/latest/meta-data",
    )]))
    .provide_credentials()
    .await
    .unwrap_err();
    assert!(
        !e.is_not_loaded() && e.to_string().contains("loopback"),
        "{e}"
    );
    let e = provider(&[("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\r\nInjected: yes")])
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("line break"), "{e}");
    assert_no_secret(&e, &["Injected"]);
}

fn sts_error(status: u16, code: &str) -> Response {
    Response::new(
        status,
        format!(
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>{code}</Code><Message>details of {code}</Message></Error><RequestId>req-{status}</RequestId></ErrorResponse>"#
        ),
    )
    .header("Content-Type", "text/xml")
}

fn sts_ok(key: &str) -> Response {
    Response::new(
        200,
        format!(
            "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>\
             <AccessKeyId>{key}</AccessKeyId><SecretAccessKey>s</SecretAccessKey>\
             <SessionToken>t</SessionToken><Expiration>{}</Expiration></Credentials>\
             </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
            in_secs(3600)
        ),
    )
}

#[tokio::test]
async fn sts_web_identity_errors_and_retries() {
    let sts = TestServer::start().await;
    let dir = Scratch::new("sts");
    let token_file = dir.write("token", "the-web-identity-token");
    let provider = |extra: &[(&str, &str)]| {
        let url = sts.url();
        let mut pairs = vec![
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.as_str()),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r"),
            ("AWS_ENDPOINT_URL_STS", url.as_str()),
        ];
        pairs.extend_from_slice(extra);
        WebIdentityTokenCredentialsProvider::from_env_map(vars(&pairs))
    };

    // IDPCommunicationError and 5xx are retried.
    sts.respond(sts_error(400, "IDPCommunicationError"))
        .respond(sts_error(503, "ServiceUnavailable"))
        .respond(sts_ok("STSKEY"));
    assert_eq!(
        provider(&[])
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STSKEY"
    );
    assert_eq!(sts.request_count(), 3);

    // Other errors are not: status, code, message and request id.
    sts.respond(sts_error(403, "AccessDenied"));
    let e = provider(&[]).provide_credentials().await.unwrap_err();
    assert_eq!(
        e.message(),
        "STS AssumeRoleWithWebIdentity for arn:aws:iam::1:role/r failed: HTTP 403: \
         AccessDenied: details of AccessDenied (request id req-403)"
    );
    assert_no_secret(&e, &["the-web-identity-token"]);
    assert_eq!(sts.request_count(), 4);

    // Misconfigurations.
    let e = provider(&[("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token")])
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("/nonexistent/token"), "{e}");
    let e = WebIdentityTokenCredentialsProvider::from_env_map(vars(&[(
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        &token_file,
    )]))
    .provide_credentials()
    .await
    .unwrap_err();
    assert!(
        !e.is_not_loaded() && e.to_string().contains("AWS_ROLE_ARN is not"),
        "{e}"
    );
    let e = WebIdentityTokenCredentialsProvider::from_env_map(vars(&[]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.is_not_loaded(), "{e}");
    let debug = format!("{:?}", provider(&[]));
    assert!(!debug.contains("the-web-identity-token"), "{debug}");
}

#[tokio::test]
async fn sso_errors_say_to_sign_in_again() {
    let portal = TestServer::start().await;
    let home = Scratch::new("sso");
    let home_dir = home.path();
    let config = home.write(
        "config",
        "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = Dev\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
         sso_region = eu-west-1\n",
    );
    let provider = || {
        ProfileFileCredentialsProvider::from_env_map(
            [
                ("HOME", home_dir.as_str()),
                ("AWS_CONFIG_FILE", config.as_str()),
                ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
                ("AWS_PROFILE", "dev"),
                ("AWS_ENDPOINT_URL_SSO", &portal.url()),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        )
    };

    // No token cached yet.
    let e = provider().provide_credentials().await.unwrap_err();
    assert!(
        e.to_string().contains("aws sso login --sso-session corp")
            && e.to_string().contains(".aws/sso/cache/"),
        "{e}"
    );

    let sha1 = sha1_hex("corp");
    let write = |expires: &str| {
        home.write(
            &format!(".aws/sso/cache/{sha1}.json"),
            &format!(r#"{{"accessToken":"sso-secret-token","expiresAt":"{expires}"}}"#),
        );
    };

    // Expired.
    write(&in_secs(-60));
    let e = provider().provide_credentials().await.unwrap_err();
    assert!(
        e.to_string().contains("expired") && e.to_string().contains("aws sso login"),
        "{e}"
    );
    assert_eq!(portal.request_count(), 0);

    // Refused by the portal: status and code from the REST-JSON error.
    write(&in_secs(3600));
    portal.respond(
        Response::json(401, r#"{"message":"Session token not found or invalid"}"#).header(
            "x-amzn-ErrorType",
            "UnauthorizedException:http://internal.amazon.com/",
        ),
    );
    let e = provider().provide_credentials().await.unwrap_err();
    assert!(
        e.to_string().contains(
            "HTTP 401: UnauthorizedException: Session token not found or invalid; run `aws sso \
             login --sso-session corp`"
        ),
        "{e}"
    );
    assert_no_secret(&e, &["sso-secret-token"]);
    let debug = format!(
        "{:?} {:?}",
        provider(),
        SsoCredentialsProvider::new("https://x", "us-east-1", "1", "r")
    );
    assert!(!debug.contains("sso-secret-token"), "{debug}");
}
