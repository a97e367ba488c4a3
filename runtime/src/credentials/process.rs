//! `credential_process`: a command that prints credentials as JSON.

use super::fetch::body_excerpt;
use super::{
    credentials_from_json, off_the_executor, Credentials, CredentialsError, LoadResult,
    ProvideCredentials,
};
use crate::http::BoxFuture;

/// Credentials printed by a command, as the `credential_process` profile setting runs it.
///
/// The command line runs through the shell (`sh -c` on Unix, `cmd.exe /C` on Windows, as
/// the Rust SDK does) with no input; it must exit with status 0 and print
/// `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}`
/// (`SessionToken` and `Expiration` optional). A failure reports the exit status and the
/// start of what the command wrote to stderr. `Debug` shows the program, not its arguments.
#[derive(Clone)]
pub struct CredentialProcessProvider {
    command: String,
}

impl std::fmt::Debug for CredentialProcessProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialProcessProvider")
            .field("program", &self.program())
            .finish_non_exhaustive()
    }
}

impl CredentialProcessProvider {
    /// Runs `command` (a command line) at each fetch.
    pub fn new(command: impl Into<String>) -> Self {
        Self {
            command: command.into(),
        }
    }

    /// The command's first word, for messages.
    fn program(&self) -> &str {
        self.command.split_whitespace().next().unwrap_or("")
    }

    fn run(&self) -> LoadResult {
        let what = format!("credential_process `{}`", self.program());
        let mut command = if cfg!(windows) {
            let mut c = std::process::Command::new("cmd.exe");
            c.arg("/C");
            c
        } else {
            let mut c = std::process::Command::new("sh");
            c.arg("-c");
            c
        };
        let output = command
            .arg(&self.command)
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| {
                CredentialsError::provider_error(format!("{what} could not be started: {e}"))
            })?;
        if !output.status.success() {
            return Err(CredentialsError::provider_error(format!(
                "{what} failed ({}): {}",
                output.status,
                body_excerpt(&output.stderr)
            )));
        }
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
            CredentialsError::provider_error(format!("{what} did not print JSON: {e}"))
        })?;
        match json.get("Version") {
            Some(v) if v.as_u64() == Some(1) => {}
            other => {
                return Err(CredentialsError::provider_error(format!(
                    "{what} printed Version {}, but only Version 1 is supported",
                    other.map_or("(none)".to_string(), |v| v.to_string())
                )))
            }
        }
        credentials_from_json(&json, "SessionToken", false, &what)
    }
}

impl ProvideCredentials for CredentialProcessProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let this = self.clone();
        Box::pin(off_the_executor("credential_process", move || this.run()))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn runs_the_command_and_reads_its_json() {
        let p = CredentialProcessProvider::new(
            r#"printf '{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s3cr3t", "SessionToken": "tok", "Expiration": "2030-01-01T00:00:00Z"}'"#,
        );
        let c = p.run().unwrap();
        assert_eq!(c.access_key_id(), "AKID");
        assert_eq!(c.session_token(), Some("tok"));
        assert!(c.expiry().is_some());
        let debug = format!("{p:?}");
        assert!(
            !debug.contains("s3cr3t") && debug.contains("printf"),
            "{debug}"
        );

        let e = CredentialProcessProvider::new("echo nope >&2; exit 3")
            .run()
            .unwrap_err();
        assert!(
            e.to_string().contains("exit status: 3") && e.to_string().contains("nope"),
            "{e}"
        );
        let e = CredentialProcessProvider::new(r#"echo '{"Version": 2}'"#)
            .run()
            .unwrap_err();
        assert!(e.to_string().contains("Version 2"), "{e}");
        let e = CredentialProcessProvider::new(r#"echo '{"Version": 1, "AccessKeyId": "A"}'"#)
            .run()
            .unwrap_err();
        assert!(e.to_string().contains("SecretAccessKey"), "{e}");
        let e = CredentialProcessProvider::new("echo not json")
            .run()
            .unwrap_err();
        assert!(e.to_string().contains("did not print JSON"), "{e}");
    }
}
