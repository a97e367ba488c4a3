//! The shared AWS configuration files (`~/.aws/config` and `~/.aws/credentials`).
//!
//! * Files: `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE`
//!   (default `~/.aws/credentials`); a leading `~/` is the home directory (`HOME`, else
//!   `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`). A missing file is an empty file.
//! * Active profile: `AWS_PROFILE`, default `default`.
//! * Format (INI): `[section]` lines, `key = value` lines, full-line comments starting with `#`
//!   or `;`, blank lines. A `#` or `;` preceded by whitespace starts a trailing comment. Lines
//!   indented under a property continue it (nested sub-properties such as `s3 =`; kept as the
//!   property's multi-line value). Keys are case-insensitive (lowercased); values are trimmed.
//!   Repeated sections merge, later keys win. A malformed line (a broken `[` header, a line
//!   without `=`, a property before any section) is an error naming the file and the line,
//!   like the official SDKs' parsers; so is a file larger than [`MAX_FILE_SIZE`].
//! * In the config file, profiles are `[profile name]` (and `[default]`); other sections
//!   (`[sso-session x]`, `[services x]`, a bare `[name]`) are not profiles. In the credentials
//!   file, profiles are bare `[name]`. For the same key the credentials file wins.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where environment variables come from: the process, or a fixed map (tests, embedding).
/// `Debug` shows variable names only, never values (they may hold secrets).
#[derive(Clone, Default)]
pub(crate) struct Env {
    fixed: Option<Arc<HashMap<String, String>>>,
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.fixed {
            None => f.write_str("Env::Process"),
            Some(map) => {
                let mut names: Vec<&String> = map.keys().collect();
                names.sort();
                f.debug_tuple("Env::Fixed").field(&names).finish()
            }
        }
    }
}

impl Env {
    /// The real process environment.
    pub(crate) fn process() -> Self {
        Self { fixed: None }
    }

    /// A fixed set of variables; the process environment is not consulted.
    pub(crate) fn from_map(vars: HashMap<String, String>) -> Self {
        Self {
            fixed: Some(Arc::new(vars)),
        }
    }

    /// The value of `key`, if set and valid Unicode.
    pub(crate) fn get(&self, key: &str) -> Option<String> {
        match &self.fixed {
            Some(map) => map.get(key).cloned(),
            None => std::env::var(key).ok(),
        }
    }

    /// The value of `key` if set and not empty (after trimming).
    pub(crate) fn get_non_empty(&self, key: &str) -> Option<String> {
        self.get(key).filter(|v| !v.trim().is_empty())
    }

    /// The user's home directory.
    pub(crate) fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = self.get_non_empty("HOME") {
            return Some(PathBuf::from(home));
        }
        if let Some(profile) = self.get_non_empty("USERPROFILE") {
            return Some(PathBuf::from(profile));
        }
        match (
            self.get_non_empty("HOMEDRIVE"),
            self.get_non_empty("HOMEPATH"),
        ) {
            (Some(drive), Some(path)) => Some(PathBuf::from(format!("{drive}{path}"))),
            _ => None,
        }
    }

    /// Expands a leading `~/` (or `~\`) to the home directory.
    fn expand_home(&self, path: &str) -> Option<PathBuf> {
        let rest = path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\"));
        match rest {
            Some(rest) => Some(self.home_dir()?.join(rest)),
            None if path == "~" => self.home_dir(),
            None => Some(PathBuf::from(path)),
        }
    }

    /// The config file path: `AWS_CONFIG_FILE` or `~/.aws/config`.
    pub(crate) fn config_file(&self) -> Option<PathBuf> {
        match self.get_non_empty("AWS_CONFIG_FILE") {
            Some(path) => self.expand_home(&path),
            None => Some(self.home_dir()?.join(".aws").join("config")),
        }
    }

    /// The credentials file path: `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`.
    pub(crate) fn credentials_file(&self) -> Option<PathBuf> {
        match self.get_non_empty("AWS_SHARED_CREDENTIALS_FILE") {
            Some(path) => self.expand_home(&path),
            None => Some(self.home_dir()?.join(".aws").join("credentials")),
        }
    }

    /// The active profile name: `AWS_PROFILE` or `default`.
    pub(crate) fn profile_name(&self) -> String {
        self.get_non_empty("AWS_PROFILE")
            .map(|p| p.trim().to_string())
            .unwrap_or_else(|| "default".to_string())
    }
}

/// One `[section]` of an INI file with its properties, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    /// The text between the brackets, trimmed.
    pub(crate) name: String,
    /// `(lowercased key, value)` pairs.
    pub(crate) properties: Vec<(String, String)>,
}

/// Removes a trailing `#`/`;` comment (one preceded by whitespace).
fn strip_trailing_comment(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b'#' || b == b';') && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return &text[..i];
        }
    }
    text
}

/// The largest shared file read: 1 MiB (real ones are a few kB).
pub(crate) const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Why a line of a shared file could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    /// 1-based line number.
    pub(crate) line: usize,
    /// What is wrong with it.
    pub(crate) message: &'static str,
}

/// Parses INI text into sections (see the module docs for the dialect).
pub(crate) fn parse_ini(text: &str) -> Result<Vec<Section>, ParseError> {
    let mut sections: Vec<Section> = Vec::new();
    // Whether the last property line may take continuation lines.
    let mut last_property = false;
    for (index, raw) in text.lines().enumerate() {
        let error = |message| ParseError {
            line: index + 1,
            message,
        };
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if trimmed.starts_with('[') {
            last_property = false;
            let header = strip_trailing_comment(trimmed).trim_end();
            let Some(name) = header.strip_prefix('[').and_then(|h| h.strip_suffix(']')) else {
                return Err(error("a section header must end with `]`"));
            };
            sections.push(Section {
                name: name.trim().to_string(),
                properties: Vec::new(),
            });
            continue;
        }
        let Some(section) = sections.last_mut() else {
            return Err(error("a property before any `[section]`"));
        };
        if indented && last_property {
            if let Some((_, value)) = section.properties.last_mut() {
                value.push('\n');
                value.push_str(strip_trailing_comment(trimmed).trim_end());
            }
            continue;
        }
        match trimmed.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                section.properties.push((
                    key.trim().to_ascii_lowercase(),
                    strip_trailing_comment(value).trim().to_string(),
                ));
                last_property = true;
            }
            Some(_) => return Err(error("a property needs a name before `=`")),
            None => return Err(error("expected `name = value`, a `[section]` or a comment")),
        }
    }
    Ok(sections)
}

/// Which of the two shared files a text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `~/.aws/config`: `[profile name]` and `[default]`.
    Config,
    /// `~/.aws/credentials`: `[name]`.
    Credentials,
}

/// The profile a section defines in a file of `kind`, if any.
fn profile_of_section(name: &str, kind: FileKind) -> Option<&str> {
    match kind {
        FileKind::Config => {
            if name == "default" {
                return Some("default");
            }
            let rest = name.strip_prefix("profile")?;
            if !rest.starts_with([' ', '\t']) {
                return None;
            }
            let profile = rest.trim();
            (!profile.is_empty() && !profile.contains(char::is_whitespace)).then_some(profile)
        }
        FileKind::Credentials => {
            (!name.is_empty() && !name.contains(char::is_whitespace)).then_some(name)
        }
    }
}

/// The active profile's properties merged from both files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Profile {
    /// The profile name.
    pub(crate) name: String,
    /// Whether either file defines the profile.
    pub(crate) exists: bool,
    /// The merged properties (credentials file wins).
    pub(crate) properties: HashMap<String, String>,
    /// The files read, for error messages: (path, found).
    pub(crate) sources: Vec<(PathBuf, bool)>,
}

impl Profile {
    /// A property by (lowercase) key; empty values count as absent.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// `~/.aws/config (not found), ~/.aws/credentials`: the files read, for error messages.
fn describe_sources(sources: &[(PathBuf, bool)]) -> String {
    if sources.is_empty() {
        return "no shared config files (home directory unknown)".to_string();
    }
    sources
        .iter()
        .map(|(path, found)| {
            if *found {
                path.display().to_string()
            } else {
                format!("{} (not found)", path.display())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a shared file of at most [`MAX_FILE_SIZE`] bytes; `Ok(None)` when it does not exist.
fn read_optional(path: &Path) -> Result<Option<String>, String> {
    use std::io::Read;
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut bytes = Vec::new();
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(format!(
            "{} is larger than {} bytes, which no shared config file is",
            path.display(),
            MAX_FILE_SIZE
        ));
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// Loads the active profile (`AWS_PROFILE` or `default`) from the shared files, reading each
/// once. Missing files are empty; an unreadable, oversized or malformed file is an error naming
/// it (and the line).
pub(crate) fn load_profile(env: &Env) -> Result<Profile, String> {
    let name = env.profile_name();
    let mut set = load_profile_set(env)?;
    let properties = set.profiles.remove(&name);
    Ok(Profile {
        name,
        exists: properties.is_some(),
        properties: properties.unwrap_or_default(),
        sources: set.sources,
    })
}

/// Every profile and the other sections of the config file that credentials need, from
/// both shared files (read once).
#[derive(Debug, Clone, Default)]
pub(crate) struct ProfileSet {
    /// Profiles by name (credentials file keys win over config file keys).
    pub(crate) profiles: HashMap<String, HashMap<String, String>>,
    /// `[sso-session name]` sections of the config file.
    pub(crate) sso_sessions: HashMap<String, HashMap<String, String>>,
    /// `[services name]` sections of the config file.
    pub(crate) services: HashMap<String, HashMap<String, String>>,
    /// The files read, for error messages: (path, found).
    pub(crate) sources: Vec<(PathBuf, bool)>,
}

impl ProfileSet {
    /// Adds the sections of `text`, a file of `kind`: profiles, and in the config file
    /// `[sso-session]` and `[services]` sections. Repeated sections merge, later keys win.
    pub(crate) fn add_sections(&mut self, text: &str, kind: FileKind) -> Result<(), ParseError> {
        for section in parse_ini(text)? {
            let target = if let Some(profile) = profile_of_section(&section.name, kind) {
                self.profiles.entry(profile.to_string())
            } else if kind == FileKind::Config {
                let Some((prefix, name)) = section.name.split_once(char::is_whitespace) else {
                    continue;
                };
                match prefix {
                    "sso-session" => self.sso_sessions.entry(name.trim().to_string()),
                    "services" => self.services.entry(name.trim().to_string()),
                    _ => continue,
                }
            } else {
                continue;
            };
            target.or_default().extend(section.properties);
        }
        Ok(())
    }

    /// A property of profile `name` (lowercase key); empty values count as absent.
    /// The `region` of profile `name`, if set (as [`Profile::get`] reads it).
    pub(crate) fn region(&self, name: &str) -> Option<String> {
        self.profiles
            .get(name)?
            .get("region")
            .filter(|v| !v.is_empty())
            .cloned()
    }

    pub(crate) fn get(&self, name: &str, key: &str) -> Option<&str> {
        self.profiles
            .get(name)?
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// `~/.aws/config (not found), ~/.aws/credentials` for error messages.
    pub(crate) fn describe_sources(&self) -> String {
        describe_sources(&self.sources)
    }

    /// The endpoint URL configured for `service` (its key in a `[services]` section, e.g.
    /// `sts`) in profile `profile`: the `services` section's `endpoint_url` for it, else the
    /// profile's own `endpoint_url`.
    pub(crate) fn endpoint_url(&self, profile: &str, service: &str) -> Option<String> {
        let from_services = self
            .get(profile, "services")
            .and_then(|name| self.services.get(name.trim()))
            .and_then(|section| section.get(service))
            .and_then(|nested| sub_property(nested, "endpoint_url"));
        from_services.or_else(|| self.get(profile, "endpoint_url").map(str::to_string))
    }
}

/// The value of `key` among the nested `key = value` lines of a property (`sts =` followed
/// by indented lines).
fn sub_property(nested: &str, key: &str) -> Option<String> {
    nested.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key) && !v.trim().is_empty()).then(|| v.trim().to_string())
    })
}

/// A service whose endpoint can be configured, with the names its settings use.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CalledService<'a> {
    /// The suffix of its `AWS_ENDPOINT_URL_<ID>` variable, e.g. `STS`, `IVS_REALTIME`.
    pub(crate) env_suffix: &'a str,
    /// Its key in a `[services]` section, e.g. `sts`, `ivs_realtime`.
    pub(crate) services_key: &'a str,
}

/// The endpoint configured for `service`, as the official SDKs read it: `AWS_ENDPOINT_URL_<ID>`,
/// then `AWS_ENDPOINT_URL`, then profile `profile`'s `services` section, then its
/// `endpoint_url`; none when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or the profile's
/// `ignore_configured_endpoint_urls`) is `true`. With the URL, where it was found.
pub(crate) fn configured_endpoint(
    env: &Env,
    profiles: Option<&ProfileSet>,
    profile: &str,
    service: CalledService<'_>,
) -> Option<(String, EndpointSource)> {
    let is_true = |v: &str| v.trim().eq_ignore_ascii_case("true");
    if env
        .get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_some_and(|v| is_true(&v))
        || profiles
            .and_then(|p| p.get(profile, "ignore_configured_endpoint_urls"))
            .is_some_and(is_true)
    {
        return None;
    }
    let found = if !service.env_suffix.is_empty() {
        env.get_non_empty(&format!("AWS_ENDPOINT_URL_{}", service.env_suffix))
            .map(|url| (url, EndpointSource::ServiceVariable))
    } else {
        None
    };
    found
        .or_else(|| {
            env.get_non_empty("AWS_ENDPOINT_URL")
                .map(|url| (url, EndpointSource::Variable))
        })
        .or_else(|| {
            profiles?
                .endpoint_url(profile, service.services_key)
                .map(|url| (url, EndpointSource::Profile))
        })
        .map(|(url, source)| (url.trim().trim_end_matches('/').to_string(), source))
}

/// Where [`configured_endpoint`] found an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndpointSource {
    /// `AWS_ENDPOINT_URL_<ID>`.
    ServiceVariable,
    /// `AWS_ENDPOINT_URL`.
    Variable,
    /// The profile's `services` section or its `endpoint_url`.
    Profile,
}

/// Loads every profile, `sso-session` and `services` section from the shared files. Missing
/// files are empty; an unreadable, oversized or malformed file is an error naming it (and the
/// line).
pub(crate) fn load_profile_set(env: &Env) -> Result<ProfileSet, String> {
    let mut set = ProfileSet::default();
    let files = [
        (env.config_file(), FileKind::Config),
        (env.credentials_file(), FileKind::Credentials),
    ];
    for (path, kind) in files {
        let Some(path) = path else { continue };
        let text = read_optional(&path)?;
        if let Some(text) = &text {
            set.add_sections(text, kind)
                .map_err(|e| format!("{} line {}: {}", path.display(), e.line, e.message))?;
        }
        set.sources.push((path, text.is_some()));
    }
    Ok(set)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// The `region` of the active profile, or why the shared files could not be read.
    fn profile_region(env: &Env) -> Result<Option<String>, String> {
        load_profile_set(env).map(|set| set.region(&env.profile_name()))
    }

    /// A unique scratch directory under the system temp dir, removed on drop.
    pub(crate) struct TempDir(pub(crate) PathBuf);

    impl TempDir {
        pub(crate) fn new(tag: &str) -> Self {
            static COUNTER: AtomicU32 = AtomicU32::new(0);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            let dir = std::env::temp_dir().join(format!(
                "generated-sdk-{tag}-{}-{nanos}-{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&dir).expect("create temp dir");
            Self(dir)
        }

        pub(crate) fn write(&self, name: &str, text: &str) -> PathBuf {
            let path = self.0.join(name);
            std::fs::write(&path, text).expect("write temp file");
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// The profiles `text`, a file of `kind`, defines.
    fn parse_profiles(
        text: &str,
        kind: FileKind,
    ) -> Result<HashMap<String, HashMap<String, String>>, ParseError> {
        let mut set = ProfileSet::default();
        set.add_sections(text, kind)?;
        Ok(set.profiles)
    }

    pub(crate) fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn ini_dialect() {
        let text = "\
# leading comment
; another

[ default ]   # comment after header
region = us-west-2 ; trailing comment
Output=json
url = https://x/#fragment
empty =
s3 =
  max_concurrent_requests = 20
  addressing_style = path
after = 1
[default]
region = eu-west-1\r
";
        let sections = parse_ini(text).unwrap();
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].name, "default");
        let props: HashMap<_, _> = sections[0].properties.iter().cloned().collect();
        assert_eq!(props["region"], "us-west-2");
        assert_eq!(props["output"], "json");
        assert_eq!(props["url"], "https://x/#fragment");
        assert_eq!(props["empty"], "");
        assert_eq!(
            props["s3"],
            "\nmax_concurrent_requests = 20\naddressing_style = path"
        );
        assert_eq!(props["after"], "1");
        // Repeated sections merge, later keys win.
        let profiles = parse_profiles(text, FileKind::Credentials).unwrap();
        assert_eq!(profiles["default"]["region"], "eu-west-1");
        assert_eq!(profiles["default"]["output"], "json");
    }

    #[test]
    fn malformed_lines_are_errors_with_their_line() {
        for (text, line, message) in [
            (
                "top = before any section\n",
                1,
                "a property before any `[section]`",
            ),
            (
                "[default]\nregion = x\nnot a property\n",
                3,
                "expected `name = value`, a `[section]` or a comment",
            ),
            (
                "# c\n[broken\nkey = v\n",
                2,
                "a section header must end with `]`",
            ),
            (
                "[default]\n = value\n",
                2,
                "a property needs a name before `=`",
            ),
        ] {
            assert_eq!(
                parse_ini(text),
                Err(ParseError { line, message }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn broken_and_oversized_files_name_the_file_and_line() {
        let dir = TempDir::new("broken");
        let config = dir.write("config", "[default]\nregion = us-west-2\noops\n");
        let e = env(&[
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
        ]);
        let err = profile_region(&e).unwrap_err();
        assert_eq!(
            err,
            format!(
                "{} line 3: expected `name = value`, a `[section]` or a comment",
                config.display()
            )
        );
        let big = dir.write("big", &format!("[default]\n#{}\n", "x".repeat(2 << 20)));
        let e = env(&[("AWS_CONFIG_FILE", big.to_str().unwrap())]);
        let err = load_profile(&e).unwrap_err();
        assert!(
            err.ends_with("is larger than 1048576 bytes, which no shared config file is"),
            "{err}"
        );
    }

    #[test]
    fn config_and_credentials_section_names() {
        let text = "[default]\na=1\n[profile dev]\na=2\n[profile  spaced ]\na=3\n[prod]\na=4\n\
                    [profileX]\na=5\n[sso-session s]\na=6\n[profile default]\nb=7\n";
        let config = parse_profiles(text, FileKind::Config).unwrap();
        let mut names: Vec<_> = config.keys().cloned().collect();
        names.sort();
        assert_eq!(names, ["default", "dev", "spaced"]);
        assert_eq!(config["default"]["b"], "7");
        let creds = parse_profiles(text, FileKind::Credentials).unwrap();
        assert!(creds.contains_key("prod"));
        assert!(creds.contains_key("default"));
        assert!(!creds.contains_key("dev"));
    }

    #[test]
    fn merges_files_and_reads_region() {
        let dir = TempDir::new("profile");
        let config = dir.write(
            "config",
            "[default]\nregion = us-west-2\n[profile dev]\nregion = eu-central-1\naws_access_key_id = FROMCONFIG\n",
        );
        let creds = dir.write(
            "credentials",
            "[dev]\naws_access_key_id = FROMCREDS\naws_secret_access_key = s\n",
        );
        let base = [
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
        ];
        assert_eq!(
            profile_region(&env(&base)).unwrap().as_deref(),
            Some("us-west-2")
        );

        let mut with_profile = base.to_vec();
        with_profile.push(("AWS_PROFILE", "dev"));
        let e = env(&with_profile);
        assert_eq!(profile_region(&e).unwrap().as_deref(), Some("eu-central-1"));
        let p = load_profile(&e).unwrap();
        assert!(p.exists);
        assert_eq!(p.get("aws_access_key_id"), Some("FROMCREDS"));

        with_profile[2] = ("AWS_PROFILE", "nope");
        let p = load_profile(&env(&with_profile)).unwrap();
        assert!(!p.exists);
        assert_eq!(profile_region(&env(&with_profile)), Ok(None));
    }

    #[test]
    fn missing_files_and_home_expansion() {
        let dir = TempDir::new("home");
        std::fs::create_dir_all(dir.0.join(".aws")).unwrap();
        dir.write(".aws/config", "[default]\nregion=ap-south-1\n");
        let home = dir.0.to_str().unwrap();
        // Default locations under HOME.
        assert_eq!(
            profile_region(&env(&[("HOME", home)])).unwrap().as_deref(),
            Some("ap-south-1")
        );
        // `~/` in the variables.
        let e = env(&[
            ("USERPROFILE", home),
            ("AWS_CONFIG_FILE", "~/.aws/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "~/nothing-here"),
        ]);
        assert_eq!(profile_region(&e).unwrap().as_deref(), Some("ap-south-1"));
        let p = load_profile(&e).unwrap();
        assert!(describe_sources(&p.sources).contains("nothing-here (not found)"));
        // No home and no variables: nothing, no panic.
        assert_eq!(profile_region(&env(&[])), Ok(None));
        assert!(
            describe_sources(&load_profile(&env(&[])).unwrap().sources).contains("home directory")
        );
    }

    #[test]
    fn unreadable_file_is_an_error() {
        let dir = TempDir::new("unreadable");
        // A directory cannot be read as a file.
        let e = env(&[
            ("AWS_CONFIG_FILE", dir.0.to_str().unwrap()),
            ("HOME", "/nonexistent"),
        ]);
        let err = load_profile(&e).unwrap_err();
        assert!(err.contains("cannot read"), "{err}");
        // The region lookup reports it instead of claiming there is no region.
        assert_eq!(profile_region(&e), Err(err));
    }
}
