//! Credentials of a profile in the shared files: static keys, `role_arn` chains, web identity,
//! SSO and `credential_process`.

use super::container::ContainerCredentialsProvider;
use super::environment::EnvironmentVariableCredentialsProvider;
use super::fetch::{Fetcher, SSO};
use super::imds::ImdsCredentialsProvider;
use super::process::CredentialProcessProvider;
use super::sso::{SsoCredentialsProvider, SsoSettings};
use super::sts::{assume_role, RoleRequest, StsEndpoint};
use super::web_identity::{self, WebIdentity};
use super::{off_the_executor, Credentials, CredentialsError, LoadResult, ProvideCredentials};
use crate::http::BoxFuture;
use crate::profile::configured_endpoint;
use crate::profile::{self, Env, ProfileSet};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// Credentials of a profile in the shared files, resolved as the official SDKs do.
///
/// Files: `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`, sections `[name]`) and
/// `AWS_CONFIG_FILE` (default `~/.aws/config`, sections `[profile name]`, `[default]`,
/// `[sso-session name]`, `[services name]`); for the same key the credentials file wins.
/// Profile: `AWS_PROFILE`, default `default`. The files are read at each fetch.
///
/// What a profile may hold, in the order it is looked at:
///
/// * `role_arn` with `web_identity_token_file` (and `role_session_name`): STS
///   `AssumeRoleWithWebIdentity`;
/// * `role_arn` with `source_profile` (a chain of any length; a profile may name itself when
///   it has static keys) or `credential_source` (`Environment`, `Ec2InstanceMetadata`,
///   `EcsContainer`), plus `role_session_name`, `external_id`, `duration_seconds`: STS
///   `AssumeRole` with the source's credentials, each role in turn. A source profile with
///   static keys ends the chain there. A cycle is an error naming the profiles;
/// * `sso_session` (with its `[sso-session]` section's `sso_start_url` and `sso_region`) or
///   legacy `sso_start_url` + `sso_region`, with `sso_account_id` and `sso_role_name`: the
///   SSO portal;
/// * `credential_process`: a command that prints credentials;
/// * `aws_access_key_id` + `aws_secret_access_key` (+ `aws_session_token`): static keys.
///
/// STS is called in the region of the client's configuration (else the profile's `region`,
/// else at the global endpoint); STS and SSO endpoints may be overridden (see the
/// [module docs](super)).
#[derive(Debug, Clone)]
pub struct ProfileFileCredentialsProvider {
    env: Env,
    profile_name: Option<String>,
    region: Option<String>,
    fetcher: Fetcher,
}

impl Default for ProfileFileCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the credentials at the bottom of a profile chain come from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Base {
    Static(Credentials),
    WebIdentity(WebIdentity),
    Sso(SsoSettings),
    Process(String),
    Source(NamedSource),
}

/// The values of `credential_source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NamedSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

/// A resolved profile chain: the base, then the roles to assume from the innermost out.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chain {
    /// The profile the base comes from.
    base_profile: String,
    base: Base,
    /// `(profile, role)` in the order they are assumed.
    roles: Vec<(String, RoleRequest)>,
}

impl ProfileFileCredentialsProvider {
    /// Uses the process environment to find the files and the profile.
    pub fn new() -> Self {
        Self::with_env(Env::process(), None)
    }

    /// Uses `vars` instead of the process environment (`HOME`, `AWS_PROFILE`,
    /// `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, endpoint overrides).
    pub fn from_env_map(vars: HashMap<String, String>) -> Self {
        Self::with_env(Env::from_map(vars), None)
    }

    /// Uses profile `name` instead of `AWS_PROFILE`.
    pub fn with_profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Calls STS in `region` (instead of the profile's `region`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    pub(crate) fn with_env(env: Env, region: Option<String>) -> Self {
        Self {
            env,
            profile_name: None,
            region,
            fetcher: Fetcher::new(Duration::from_secs(5)),
        }
    }

    fn name(&self) -> String {
        self.profile_name
            .clone()
            .unwrap_or_else(|| self.env.profile_name())
    }

    /// Reads the files and resolves the chain of the profile.
    fn plan(env: &Env, name: &str) -> LoadResult<(ProfileSet, Chain)> {
        let set = profile::load_profile_set(env).map_err(CredentialsError::provider_error)?;
        let chain = resolve(&set, name)?;
        Ok((set, chain))
    }

    async fn load(&self) -> LoadResult {
        let name = self.name();
        let (set, chain) = {
            let env = self.env.clone();
            let name = name.clone();
            off_the_executor("profile files", move || Self::plan(&env, &name)).await?
        };
        let region = self
            .region
            .clone()
            .or_else(|| set.get(&name, "region").map(|r| r.trim().to_string()));
        let sts = StsEndpoint::configured(&self.env, Some(&set), &name, region);
        let in_profile = |e: CredentialsError| {
            let message = format!("profile `{}`: {}", chain.base_profile, e.message());
            if e.is_not_loaded() {
                CredentialsError::invalid_configuration(message)
            } else {
                CredentialsError::provider_error(message)
            }
            .with_source(e)
        };
        let mut credentials = match &chain.base {
            Base::Static(credentials) => credentials.clone(),
            Base::WebIdentity(settings) => web_identity::fetch(&self.fetcher, &sts, settings)
                .await
                .map_err(in_profile)?,
            Base::Sso(settings) => SsoCredentialsProvider::with_settings(
                self.env.clone(),
                settings.clone(),
                configured_endpoint(&self.env, Some(&set), &name, SSO).map(|(url, _)| url),
            )
            .provide_credentials()
            .await
            .map_err(in_profile)?,
            Base::Process(command) => CredentialProcessProvider::new(command.clone())
                .provide_credentials()
                .await
                .map_err(in_profile)?,
            Base::Source(NamedSource::Environment) => {
                EnvironmentVariableCredentialsProvider::with_env(self.env.clone())
                    .load()
                    .map_err(in_profile)?
            }
            Base::Source(NamedSource::Ec2InstanceMetadata) => {
                ImdsCredentialsProvider::with_env(self.env.clone())
                    .provide_credentials()
                    .await
                    .map_err(in_profile)?
            }
            Base::Source(NamedSource::EcsContainer) => {
                ContainerCredentialsProvider::with_env(self.env.clone())
                    .provide_credentials()
                    .await
                    .map_err(in_profile)?
            }
        };
        for (profile, role) in &chain.roles {
            credentials = assume_role(&self.fetcher, &sts, &credentials, role)
                .await
                .map_err(|e| {
                    CredentialsError::provider_error(format!(
                        "profile `{profile}`: {}",
                        e.message()
                    ))
                    .with_source(e)
                })?;
        }
        Ok(credentials)
    }
}

/// Whether a profile holds a key id or a secret key.
fn has_static(set: &ProfileSet, name: &str) -> bool {
    set.get(name, "aws_access_key_id").is_some() || set.get(name, "aws_secret_access_key").is_some()
}

/// The static keys of a profile (both, or a configuration error).
fn static_credentials(set: &ProfileSet, name: &str) -> LoadResult {
    let key = set.get(name, "aws_access_key_id");
    let secret = set.get(name, "aws_secret_access_key");
    match (key, secret) {
        (Some(key), Some(secret)) => Ok(Credentials::new(
            key.trim(),
            secret.trim(),
            set.get(name, "aws_session_token")
                .map(|t| t.trim().to_string()),
        )),
        (Some(_), None) => Err(CredentialsError::invalid_configuration(format!(
            "profile `{name}` has aws_access_key_id but no aws_secret_access_key ({})",
            set.describe_sources()
        ))),
        _ => Err(CredentialsError::invalid_configuration(format!(
            "profile `{name}` has aws_secret_access_key but no aws_access_key_id ({})",
            set.describe_sources()
        ))),
    }
}

/// The role a profile assumes.
fn role_of(set: &ProfileSet, name: &str, role_arn: &str) -> LoadResult<RoleRequest> {
    let duration_seconds = match set.get(name, "duration_seconds") {
        None => None,
        Some(text) => Some(text.trim().parse::<u32>().map_err(|_| {
            CredentialsError::invalid_configuration(format!(
                "profile `{name}`: duration_seconds {text:?} is not a number of seconds"
            ))
        })?),
    };
    Ok(RoleRequest {
        role_arn: role_arn.trim().to_string(),
        session_name: set
            .get(name, "role_session_name")
            .map(|s| s.trim().to_string()),
        external_id: set.get(name, "external_id").map(|s| s.trim().to_string()),
        duration_seconds,
    })
}

/// The SSO settings of a profile that has any `sso_*` key.
fn sso_of(set: &ProfileSet, name: &str) -> LoadResult<SsoSettings> {
    let (start_url, region, session_name) = match set.get(name, "sso_session") {
        Some(session) => {
            let session = session.trim();
            let section = set.sso_sessions.get(session).ok_or_else(|| {
                CredentialsError::invalid_configuration(format!(
                    "profile `{name}` names sso_session `{session}`, but no \
                     [sso-session {session}] section is in {}",
                    set.describe_sources()
                ))
            })?;
            let get = |key: &str| {
                section
                    .get(key)
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| {
                        CredentialsError::invalid_configuration(format!(
                            "[sso-session {session}] has no {key} ({})",
                            set.describe_sources()
                        ))
                    })
            };
            (
                get("sso_start_url")?,
                get("sso_region")?,
                Some(session.to_string()),
            )
        }
        None => {
            let get = |key: &str| {
                set.get(name, key)
                    .map(|v| v.trim().to_string())
                    .ok_or_else(|| {
                        CredentialsError::invalid_configuration(format!(
                            "profile `{name}` is an SSO profile without sso_session or {key} ({})",
                            set.describe_sources()
                        ))
                    })
            };
            (get("sso_start_url")?, get("sso_region")?, None)
        }
    };
    let get = |key: &str| {
        set.get(name, key)
            .map(|v| v.trim().to_string())
            .ok_or_else(|| {
                CredentialsError::invalid_configuration(format!(
                    "profile `{name}` is an SSO profile without {key} ({})",
                    set.describe_sources()
                ))
            })
    };
    Ok(SsoSettings {
        start_url,
        region,
        account_id: get("sso_account_id")?,
        role_name: get("sso_role_name")?,
        session_name,
    })
}

/// Follows `start`'s `source_profile`s down to the base of its credentials.
fn resolve(set: &ProfileSet, start: &str) -> LoadResult<Chain> {
    if !set.profiles.contains_key(start) {
        return Err(CredentialsError::not_loaded(format!(
            "profile `{start}` not found in {}",
            set.describe_sources()
        )));
    }
    let mut visited: Vec<String> = Vec::new();
    let mut roles: Vec<(String, RoleRequest)> = Vec::new();
    let mut current = start.to_string();
    let base = loop {
        let name = current.clone();
        let first = visited.is_empty();
        visited.push(name.clone());
        let done = |base: Base| (name.clone(), base);
        // A source profile with static keys ends the chain, whatever else it holds.
        if !first && has_static(set, &name) {
            break done(Base::Static(static_credentials(set, &name)?));
        }
        if let Some(role_arn) = set.get(&name, "role_arn") {
            if let Some(token_file) = set.get(&name, "web_identity_token_file") {
                break done(Base::WebIdentity(WebIdentity {
                    token_file: PathBuf::from(token_file.trim()),
                    role_arn: role_arn.trim().to_string(),
                    session_name: set
                        .get(&name, "role_session_name")
                        .map(|s| s.trim().to_string()),
                }));
            }
            let role = role_of(set, &name, role_arn)?;
            let source_profile = set.get(&name, "source_profile").map(str::trim);
            let credential_source = set.get(&name, "credential_source").map(str::trim);
            match (source_profile, credential_source) {
                (Some(_), Some(_)) => {
                    return Err(CredentialsError::invalid_configuration(format!(
                        "profile `{name}` has both source_profile and credential_source; \
                         a role has one source"
                    )))
                }
                (None, None) => {
                    return Err(CredentialsError::invalid_configuration(format!(
                        "profile `{name}` has role_arn but neither source_profile nor \
                         credential_source nor web_identity_token_file"
                    )))
                }
                (None, Some(source)) => {
                    roles.push((name.clone(), role));
                    let source = match source {
                        "Environment" => NamedSource::Environment,
                        "Ec2InstanceMetadata" => NamedSource::Ec2InstanceMetadata,
                        "EcsContainer" => NamedSource::EcsContainer,
                        other => {
                            return Err(CredentialsError::invalid_configuration(format!(
                                "profile `{name}`: credential_source `{other}` is not one of \
                                 Environment, Ec2InstanceMetadata, EcsContainer"
                            )))
                        }
                    };
                    break done(Base::Source(source));
                }
                (Some(source), None) => {
                    roles.push((name.clone(), role));
                    if source == name {
                        // A profile may source itself for its own static keys.
                        if has_static(set, &name) {
                            break done(Base::Static(static_credentials(set, &name)?));
                        }
                    }
                    if visited.iter().any(|v| v == source) {
                        let mut cycle = visited.join(" -> ");
                        cycle.push_str(" -> ");
                        cycle.push_str(source);
                        return Err(CredentialsError::invalid_configuration(format!(
                            "profile `{start}`: source_profile cycle {cycle}"
                        )));
                    }
                    if !set.profiles.contains_key(source) {
                        return Err(CredentialsError::invalid_configuration(format!(
                            "profile `{name}` names source_profile `{source}`, which is not in {}",
                            set.describe_sources()
                        )));
                    }
                    current = source.to_string();
                    continue;
                }
            }
        }
        let is_sso = [
            "sso_session",
            "sso_start_url",
            "sso_account_id",
            "sso_role_name",
        ]
        .iter()
        .any(|key| set.get(&name, key).is_some());
        if is_sso {
            break done(Base::Sso(sso_of(set, &name)?));
        }
        if let Some(command) = set.get(&name, "credential_process") {
            break done(Base::Process(command.trim().to_string()));
        }
        if has_static(set, &name) {
            break done(Base::Static(static_credentials(set, &name)?));
        }
        let why = format!(
            "profile `{name}` has no credentials (no aws_access_key_id / aws_secret_access_key, \
             role_arn, sso_*, or credential_process) in {}",
            set.describe_sources()
        );
        return Err(if first {
            CredentialsError::not_loaded(why)
        } else {
            CredentialsError::invalid_configuration(why)
        });
    };
    // Roles were collected from the outermost profile in; they are assumed innermost first.
    roles.reverse();
    Ok(Chain {
        base_profile: base.0,
        base: base.1,
        roles,
    })
}

impl ProvideCredentials for ProfileFileCredentialsProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_support::{block_on, map};
    use crate::profile::tests::TempDir;

    /// A profile set from config-file text.
    fn set(config: &str) -> ProfileSet {
        let dir = TempDir::new("profile-set");
        let path = dir.write("config", config);
        let env = crate::profile::tests::env(&[
            ("AWS_CONFIG_FILE", path.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
        ]);
        profile::load_profile_set(&env).unwrap()
    }

    fn role(arn: &str) -> RoleRequest {
        RoleRequest {
            role_arn: arn.to_string(),
            ..RoleRequest::default()
        }
    }

    #[test]
    fn role_chains_resolve_to_a_base_and_roles_innermost_first() {
        let s = set("\
[profile a]
role_arn = arn:a
source_profile = b
role_session_name = sa
external_id = xa
duration_seconds = 900
[profile b]
role_arn = arn:b
source_profile = c
[profile c]
aws_access_key_id = C
aws_secret_access_key = cs
role_arn = arn:ignored-because-c-has-keys
source_profile = a
[profile self]
role_arn = arn:self
source_profile = self
aws_access_key_id = S
aws_secret_access_key = ss
[profile env]
role_arn = arn:env
credential_source = Environment
[profile imds]
role_arn = arn:imds
credential_source = Ec2InstanceMetadata
[profile web]
role_arn = arn:web
web_identity_token_file = /var/token
role_session_name = w
[profile on-web]
role_arn = arn:on-web
source_profile = web
");
        let chain = resolve(&s, "a").unwrap();
        assert_eq!(chain.base_profile, "c");
        assert_eq!(chain.base, Base::Static(Credentials::new("C", "cs", None)));
        assert_eq!(
            chain.roles,
            vec![
                ("b".to_string(), role("arn:b")),
                (
                    "a".to_string(),
                    RoleRequest {
                        role_arn: "arn:a".into(),
                        session_name: Some("sa".into()),
                        external_id: Some("xa".into()),
                        duration_seconds: Some(900),
                    }
                ),
            ]
        );
        // Starting at c: its role_arn comes first (in the first profile a role wins over
        // keys), and its source_profile a leads back through b to c: a cycle, as in the
        // official SDKs, although c has keys.
        let e = resolve(&s, "c").unwrap_err();
        assert!(e.to_string().contains("cycle c -> a -> b -> c"), "{e}");

        let chain = resolve(&s, "self").unwrap();
        assert_eq!(chain.base, Base::Static(Credentials::new("S", "ss", None)));
        assert_eq!(chain.roles, vec![("self".to_string(), role("arn:self"))]);

        assert_eq!(
            resolve(&s, "env").unwrap().base,
            Base::Source(NamedSource::Environment)
        );
        assert_eq!(
            resolve(&s, "imds").unwrap().base,
            Base::Source(NamedSource::Ec2InstanceMetadata)
        );
        let web = resolve(&s, "on-web").unwrap();
        assert_eq!(
            web.base,
            Base::WebIdentity(WebIdentity {
                token_file: PathBuf::from("/var/token"),
                role_arn: "arn:web".into(),
                session_name: Some("w".into()),
            })
        );
        assert_eq!(web.roles, vec![("on-web".to_string(), role("arn:on-web"))]);
    }

    #[test]
    fn broken_chains_are_errors_naming_the_profiles() {
        let s = set("\
[profile loop1]
role_arn = arn:1
source_profile = loop2
[profile loop2]
role_arn = arn:2
source_profile = loop1
[profile selfless]
role_arn = arn:s
source_profile = selfless
[profile both]
role_arn = arn:b
source_profile = loop1
credential_source = Environment
[profile neither]
role_arn = arn:n
[profile bad-source]
role_arn = arn:x
credential_source = Moon
[profile dangling]
role_arn = arn:d
source_profile = missing
[profile empty-source]
role_arn = arn:e
source_profile = empty
[profile empty]
region = us-east-1
[profile half]
aws_access_key_id = H
[profile bad-duration]
role_arn = arn:x
credential_source = Environment
duration_seconds = soon
");
        let err = |name: &str| {
            let e = resolve(&s, name).unwrap_err();
            assert!(!e.is_not_loaded(), "{name}: {e}");
            e.to_string()
        };
        assert!(err("loop1").contains("cycle loop1 -> loop2 -> loop1"));
        assert!(err("selfless").contains("cycle selfless -> selfless"));
        assert!(err("both").contains("both source_profile and credential_source"));
        assert!(err("neither").contains("neither source_profile"));
        assert!(err("bad-source").contains("`Moon`"));
        assert!(err("dangling").contains("source_profile `missing`"));
        assert!(err("empty-source").contains("profile `empty` has no credentials"));
        assert!(err("half").contains("no aws_secret_access_key"));
        assert!(err("bad-duration").contains("duration_seconds"));
        let e = resolve(&s, "empty").unwrap_err();
        assert!(e.is_not_loaded(), "{e}");
        let e = resolve(&s, "nope").unwrap_err();
        assert!(
            e.is_not_loaded() && e.to_string().contains("not found"),
            "{e}"
        );
    }

    #[test]
    fn sso_and_process_profiles() {
        let s = set("\
[profile new]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Dev
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
[profile legacy]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1
sso_account_id = 1
sso_role_name = R
[profile no-session]
sso_session = gone
sso_account_id = 1
sso_role_name = R
[profile no-role]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1
sso_account_id = 1
[profile proc]
credential_process = /bin/creds --profile x
");
        assert_eq!(
            resolve(&s, "new").unwrap().base,
            Base::Sso(SsoSettings {
                start_url: "https://corp.awsapps.com/start".into(),
                region: "eu-west-1".into(),
                account_id: "111122223333".into(),
                role_name: "Dev".into(),
                session_name: Some("corp".into()),
            })
        );
        let Base::Sso(legacy) = resolve(&s, "legacy").unwrap().base else {
            panic!("not SSO")
        };
        assert_eq!(legacy.session_name, None);
        assert!(resolve(&s, "no-session")
            .unwrap_err()
            .to_string()
            .contains("[sso-session gone]"));
        assert!(resolve(&s, "no-role")
            .unwrap_err()
            .to_string()
            .contains("sso_role_name"));
        assert_eq!(
            resolve(&s, "proc").unwrap().base,
            Base::Process("/bin/creds --profile x".into())
        );
    }

    #[test]
    fn static_profiles_from_both_files() {
        let dir = TempDir::new("creds");
        let config = dir.write(
            "config",
            "[default]\nregion = us-east-1\naws_access_key_id = CONFIGKEY\naws_secret_access_key = configsecret\n\
             [profile onlyconfig]\naws_access_key_id = OC\naws_secret_access_key = ocsecret\naws_session_token = octoken\n\
             [profile half]\naws_access_key_id = HALF\n",
        );
        let creds = dir.write(
            "credentials",
            "# shared credentials\n[default]\naws_access_key_id = CREDSKEY\n[onlyconfig]\n[profile ignored]\naws_access_key_id = NO\n",
        );
        let base = vec![
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
            ("HOME", "/nonexistent-home"),
        ];
        let provider = |extra: &[(&str, &str)]| {
            let mut pairs = base.clone();
            pairs.extend_from_slice(extra);
            ProfileFileCredentialsProvider::from_env_map(map(&pairs))
        };

        // Credentials file wins for the key id, config supplies the secret.
        let c = block_on(provider(&[]).provide_credentials()).unwrap();
        assert_eq!(c, Credentials::new("CREDSKEY", "configsecret", None));

        let c = block_on(provider(&[("AWS_PROFILE", "onlyconfig")]).provide_credentials()).unwrap();
        assert_eq!(
            c,
            Credentials::new("OC", "ocsecret", Some("octoken".into()))
        );
        let c = block_on(
            provider(&[])
                .with_profile_name("onlyconfig")
                .provide_credentials(),
        )
        .unwrap();
        assert_eq!(c.access_key_id(), "OC");

        let e = block_on(provider(&[("AWS_PROFILE", "half")]).provide_credentials()).unwrap_err();
        assert!(
            !e.is_not_loaded() && e.to_string().contains("no aws_secret_access_key"),
            "{e}"
        );
        let e =
            block_on(provider(&[("AWS_PROFILE", "ignored")]).provide_credentials()).unwrap_err();
        assert!(
            e.is_not_loaded() && e.to_string().contains("not found"),
            "{e}"
        );

        // Missing files: not loaded, naming the paths.
        let e = block_on(
            ProfileFileCredentialsProvider::from_env_map(map(&[("HOME", "/nonexistent-home")]))
                .provide_credentials(),
        )
        .unwrap_err();
        assert!(e.is_not_loaded());
        assert!(e.to_string().contains("/nonexistent-home"), "{e}");

        // A broken file: the file and the line.
        let broken = dir.write("broken", "[default]\nregion = x\nnot a property\n");
        let e = block_on(
            ProfileFileCredentialsProvider::from_env_map(map(&[(
                "AWS_CONFIG_FILE",
                broken.to_str().unwrap(),
            )]))
            .provide_credentials(),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains(&format!("{} line 3", broken.display())),
            "{e}"
        );
    }
}
