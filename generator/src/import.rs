//! Importing: an AWS service model (the JSON form botocore and the AWS SDK for JavaScript ship,
//! `service-2.json` + `paginators-1.json`, with botocore's `endpoints.json` for the hosts) →
//! an OpenAPI 3.0 document in the form APIs-guru publishes, which [`crate::load`] reads.
//!
//! The output follows APIs-guru's conventions (so every normalize step applies to it as to their
//! documents): `info` with `x-serviceName`, `x-aws-signingName` and `x-origin`; errors as
//! responses `480`, `481`, … named by their schema (two errors may share a real status, which
//! an OpenAPI `responses` map cannot hold); member docs as `allOf: [{$ref}, {description}]`;
//! secrets as `format: password`. It is cleaner where that loses nothing: no `X-Amz-*`
//! signature parameters, no query copies of pagination members, https servers only, request
//! bodies as `$ref`s to `<Op>Request`.
//!
//! What the model says and OpenAPI has no field for survives as extensions, which lowering
//! reads (documented in ARCHITECTURE.md):
//!
//! | extension | where | value |
//! | --- | --- | --- |
//! | `x-aws-paginator` | operation | `{inputToken, outputToken, limitKey?, resultKey?}` |
//! | `x-aws-idempotency-token` | operation | the input member filled with a fresh UUID when unset |
//! | `x-aws-unsigned-payload` | operation | `true`: the request body is not signed (`v4-unsigned-body`) |
//! | `x-aws-host-prefix` | operation | the model's `endpoint.hostPrefix` (`data.`, `{graphIdentifier}.`) |
//! | `x-aws-header-maps` | request body, success response | `[{member, property, prefix}]`: members bound to `headers` |
//! | `x-aws-error` | error schema | `{httpStatusCode, senderFault}` |
//!
//! Paginators come from `paginators-1.json`; an operation it omits whose input and output both
//! carry `nextToken` (botocore's file is incomplete for some services) is paginated too, with
//! `maxResults` as the limit and the output's single list member as the items.
//!
//! Input and output are parsed and built as `serde_yaml::Value`, whose mappings keep document
//! order (model member order becomes struct field order), so the output is deterministic.

use crate::error::{Error, Pointer, Result};
use crate::normalize::dropped_http_bindings::{
    HEADER_MAPS, JSON_VALUE, MEMBER, PAYLOAD, STATUS_CODE,
};
use crate::normalize::model_extensions::{HOST_PREFIX, UNSIGNED_PAYLOAD};
use serde_yaml::{Mapping, Value};

/// Where the model came from, recorded in `info.x-origin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// A human description, e.g. `botocore 1.44.8: botocore/data/ivs-realtime/2020-07-14/service-2.json.gz`.
    pub description: String,
    /// Lowercase hex SHA-256 of the model file as read (compressed bytes for `.gz`).
    pub sha256: String,
}

/// The three model files, as text.
#[derive(Debug, Clone, Copy)]
pub struct ModelFiles<'a> {
    /// `service-2.json`.
    pub service: &'a str,
    /// `paginators-1.json`, if the service has one.
    pub paginators: Option<&'a str>,
    /// botocore's `endpoints.json` (partitions, DNS suffixes and regions).
    pub endpoints: &'a str,
}

/// Converts a model into an OpenAPI document (JSON text, two-space indented, newline-terminated;
/// JSON rather than YAML so that no reader mistakes `2020-07-14` for a date).
pub fn import(files: ModelFiles<'_>, source: &Source) -> Result<String> {
    let service = parse(files.service, "service-2.json")?;
    let paginators = match files.paginators {
        Some(text) => parse(text, "paginators-1.json")?,
        None => Value::Mapping(Mapping::new()),
    };
    let endpoints = parse(files.endpoints, "endpoints.json")?;
    let doc = Importer {
        model: &service,
        paginators: &paginators,
    }
    .document(&endpoints, source)?;
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::new(&Pointer::root(), format!("cannot write JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// JSON text parsed with YAML's parser, which keeps object keys in document order.
fn parse(text: &str, what: &str) -> Result<Value> {
    // serde_yaml's message ends with the line and column.
    serde_yaml::from_str(text)
        .map_err(|e| Error::new(&Pointer::root(), format!("{what}: not valid JSON: {e}")))
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// A mapping from key/value pairs, in order.
fn map<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(s(k), v);
    }
    Value::Mapping(m)
}

fn reference(shape: &str) -> Value {
    map([("$ref", s(&format!("#/components/schemas/{shape}")))])
}

/// Member locations in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MemberLocation {
    Body,
    Uri,
    Query,
    Header,
    /// `statusCode`: the response's status (a property of the output component, named by the
    /// success response's `x-aws-status-code`).
    StatusCode,
    /// `headers`: a map of headers sharing a prefix (a property of the structure's component,
    /// named by the body's or response's `x-aws-header-maps`).
    HeaderMap,
    /// Anything else: not representable.
    Other,
}

struct Importer<'a> {
    model: &'a Value,
    paginators: &'a Value,
}

impl Importer<'_> {
    fn get<'v>(&self, value: &'v Value, key: &str) -> Option<&'v Value> {
        value.as_mapping().and_then(|m| m.get(key))
    }

    fn str_at<'v>(&self, value: &'v Value, key: &str) -> Option<&'v str> {
        self.get(value, key).and_then(Value::as_str)
    }

    fn metadata(&self, key: &str) -> Option<&str> {
        self.get(self.model, "metadata")
            .and_then(|m| self.str_at(m, key))
    }

    fn shape(&self, name: &str, pointer: &Pointer) -> Result<&Value> {
        self.get(self.model, "shapes")
            .and_then(|shapes| self.get(shapes, name))
            .ok_or_else(|| {
                Error::new(
                    pointer,
                    format!("refers to shape `{name}`, which the model does not define"),
                )
            })
    }

    fn document(&self, endpoints: &Value, source: &Source) -> Result<Value> {
        let root = Pointer::root();
        let protocol = self.metadata("protocol").unwrap_or_default();
        if protocol != "rest-json" {
            return Err(Error::new(
                &root.join("metadata").join("protocol"),
                format!("only the rest-json protocol is supported, not `{protocol}`"),
            ));
        }
        let required = |key: &str| {
            self.metadata(key).ok_or_else(|| {
                Error::new(
                    &root.join("metadata"),
                    format!("the model's metadata has no `{key}`"),
                )
            })
        };
        let api_version = required("apiVersion")?;
        let endpoint_prefix = required("endpointPrefix")?;
        let title = required("serviceFullName")?;
        let signing_name = self.metadata("signingName").unwrap_or(endpoint_prefix);
        // APIs-guru names the service after the model's file (`ivs-realtime-2020-07-14`).
        let uid = required("uid")?;
        let service_name = uid
            .strip_suffix(api_version)
            .and_then(|u| u.strip_suffix('-'))
            .unwrap_or(uid);

        let mut info = Mapping::new();
        info.insert(s("version"), s(api_version));
        info.insert(s("title"), s(title));
        if let Some(doc) = self.str_at(self.model, "documentation") {
            info.insert(s("description"), s(doc));
        }
        info.insert(s("x-providerName"), s("amazonaws.com"));
        info.insert(s("x-serviceName"), s(service_name));
        info.insert(s("x-aws-signingName"), s(signing_name));
        if let Some(sdk_id) = self.metadata("serviceId") {
            info.insert(s(crate::aws::SDK_ID_EXTENSION), s(sdk_id));
        }
        info.insert(
            s("x-origin"),
            Value::Sequence(vec![map([
                ("contentType", s("application/json")),
                ("url", s(&source.description)),
                ("x-sha256", s(&source.sha256)),
                (
                    "converter",
                    map([
                        ("url", s("cargo xtask import")),
                        ("version", s(env!("CARGO_PKG_VERSION"))),
                    ]),
                ),
            ])]),
        );

        let mut doc = Mapping::new();
        doc.insert(s("openapi"), s("3.0.0"));
        doc.insert(s("info"), Value::Mapping(info));
        doc.insert(s("servers"), self.servers(endpoints, endpoint_prefix)?);
        doc.insert(s("paths"), self.paths()?);
        doc.insert(s("components"), map([("schemas", self.schemas()?)]));
        Ok(Value::Mapping(doc))
    }

    /// One https server per DNS suffix, listing the regions of the partitions that use it.
    fn servers(&self, endpoints: &Value, prefix: &str) -> Result<Value> {
        let pointer = Pointer::root().join("partitions");
        let partitions = self
            .get(endpoints, "partitions")
            .and_then(Value::as_sequence)
            .ok_or_else(|| Error::new(&pointer, "endpoints.json has no `partitions` list"))?;
        // (dns suffix, partition names, regions), in partition order.
        let mut groups: Vec<(String, Vec<String>, Vec<Value>)> = Vec::new();
        for (i, partition) in partitions.iter().enumerate() {
            let at = pointer.join(i);
            let suffix = self
                .str_at(partition, "dnsSuffix")
                .ok_or_else(|| Error::new(&at, "partition without `dnsSuffix`"))?;
            let name = self
                .str_at(partition, "partitionName")
                .or_else(|| self.str_at(partition, "partition"))
                .unwrap_or(suffix);
            let regions: Vec<Value> = self
                .get(partition, "regions")
                .and_then(Value::as_mapping)
                .map(|r| r.keys().cloned().collect())
                .unwrap_or_default();
            match groups.iter_mut().find(|g| g.0 == suffix) {
                Some(group) => {
                    group.1.push(name.to_owned());
                    group.2.extend(regions);
                }
                None => groups.push((suffix.to_owned(), vec![name.to_owned()], regions)),
            }
        }
        let servers = groups
            .into_iter()
            .filter(|(_, _, regions)| !regions.is_empty())
            .map(|(suffix, names, regions)| {
                let default = regions[0].clone();
                map([
                    ("url", s(&format!("https://{prefix}.{{region}}.{suffix}"))),
                    (
                        "variables",
                        map([(
                            "region",
                            map([
                                ("description", s("The AWS region")),
                                ("enum", Value::Sequence(regions)),
                                ("default", default),
                            ]),
                        )]),
                    ),
                    (
                        "description",
                        s(&format!("The {prefix} endpoint for {}", names.join(", "))),
                    ),
                ])
            })
            .collect();
        Ok(Value::Sequence(servers))
    }

    fn paths(&self) -> Result<Value> {
        let pointer = Pointer::root().join("operations");
        let operations = self
            .get(self.model, "operations")
            .and_then(Value::as_mapping)
            .ok_or_else(|| Error::new(&pointer, "the model has no operations"))?;
        let mut paths = Mapping::new();
        for (name, op) in operations {
            let name = name.as_str().unwrap_or_default();
            let at = pointer.join(name);
            let http = self
                .get(op, "http")
                .ok_or_else(|| Error::new(&at, "operation without `http`"))?;
            let method = self
                .str_at(http, "method")
                .ok_or_else(|| Error::new(&at.join("http"), "no `method`"))?
                .to_ascii_lowercase();
            let uri = self
                .str_at(http, "requestUri")
                .ok_or_else(|| Error::new(&at.join("http"), "no `requestUri`"))?;
            // A constant query (`/x?versions`) and greedy labels (`{Key+}`) are not supported yet.
            if uri.contains('?') || uri.contains("+}") {
                return Err(Error::new(
                    &at.join("http").join("requestUri"),
                    format!(
                        "request URI `{uri}`: constant queries and greedy labels are not supported"
                    ),
                ));
            }
            let mut key = uri.to_owned();
            let taken = |key: &str, paths: &Mapping| {
                paths
                    .get(key)
                    .and_then(Value::as_mapping)
                    .is_some_and(|item| item.contains_key(method.as_str()))
            };
            if taken(&key, &paths) {
                // Same path and method: a fragment keeps the key unique (split_path_fragments).
                key = format!("{uri}#{name}");
            }
            let operation = self.operation(name, op, &at)?;
            let item = paths
                .entry(s(&key))
                .or_insert_with(|| Value::Mapping(Mapping::new()));
            if let Value::Mapping(item) = item {
                item.insert(s(&method), operation);
            }
        }
        Ok(Value::Mapping(paths))
    }

    fn location(&self, member: &Value) -> MemberLocation {
        match self.str_at(member, "location") {
            None => MemberLocation::Body,
            Some("uri") => MemberLocation::Uri,
            Some("querystring") => MemberLocation::Query,
            Some("header") => MemberLocation::Header,
            Some("statusCode") => MemberLocation::StatusCode,
            Some("headers") => MemberLocation::HeaderMap,
            Some(_) => MemberLocation::Other,
        }
    }

    fn members<'m>(&self, shape: &'m Value) -> Vec<(&'m str, &'m Value)> {
        self.get(shape, "members")
            .and_then(Value::as_mapping)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.as_str()?, v)))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn required_members<'m>(&self, shape: &'m Value) -> Vec<&'m str> {
        self.get(shape, "required")
            .and_then(Value::as_sequence)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    fn operation(&self, name: &str, op: &Value, at: &Pointer) -> Result<Value> {
        let mut out = Mapping::new();
        out.insert(s("operationId"), s(name));
        if let Some(doc) = self.str_at(op, "documentation") {
            out.insert(s("description"), s(doc));
        }
        let input = self.get(op, "input").and_then(|i| self.str_at(i, "shape"));
        let output = self.get(op, "output").and_then(|o| self.str_at(o, "shape"));

        // Responses: the success, then the errors under 480, 481, … in model order.
        let mut responses = Mapping::new();
        let status = self
            .get(op, "http")
            .and_then(|h| self.get(h, "responseCode"))
            .and_then(Value::as_u64)
            .unwrap_or(200);
        let mut success = Mapping::new();
        success.insert(s("description"), s("Success"));
        if let Some(output) = output {
            let shape = self.shape(output, &at.join("output"))?;
            let mut headers = Mapping::new();
            for (member, m) in self.members(shape) {
                if self.location(m) == MemberLocation::Header {
                    headers.insert(
                        s(self.str_at(m, "locationName").unwrap_or(member)),
                        self.header(member, m, &at.join("output"))?,
                    );
                }
            }
            if !headers.is_empty() {
                success.insert(s("headers"), Value::Mapping(headers));
            }
            if let Some((member, _)) = self
                .members(shape)
                .into_iter()
                .find(|(_, m)| self.location(m) == MemberLocation::StatusCode)
            {
                success.insert(s(STATUS_CODE), s(member));
            }
            if let Some(payload) = self.payload(shape, &at.join("output"))? {
                success.insert(s(PAYLOAD), payload);
            }
            if let Some(maps) = self.header_maps(shape) {
                success.insert(s(HEADER_MAPS), maps);
            }
            success.insert(
                s("content"),
                map([("application/json", map([("schema", reference(output))]))]),
            );
        }
        responses.insert(s(&status.to_string()), Value::Mapping(success));
        let errors = self
            .get(op, "errors")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        for (i, error) in errors.iter().enumerate() {
            let error = self
                .str_at(error, "shape")
                .ok_or_else(|| Error::new(&at.join("errors").join(i), "error without `shape`"))?;
            responses.insert(
                s(&(480 + i).to_string()),
                map([
                    ("description", s(error)),
                    (
                        "content",
                        map([("application/json", map([("schema", reference(error))]))]),
                    ),
                ]),
            );
        }

        // Parameters (path, query, header members) and the body (`<Op>Request`'s body members).
        let mut parameters = Vec::new();
        let mut has_body = false;
        let mut body_required = false;
        if let Some(input) = input {
            let input_at = at.join("input");
            let shape = self.shape(input, &input_at)?;
            let required = self.required_members(shape);
            for (member, m) in self.members(shape) {
                let wire = self.str_at(m, "locationName").unwrap_or(member);
                let place = match self.location(m) {
                    MemberLocation::Body => {
                        has_body = true;
                        body_required |= required.contains(&member);
                        continue;
                    }
                    // A property of the body's component, named by `x-aws-header-maps`.
                    MemberLocation::HeaderMap => {
                        has_body = true;
                        continue;
                    }
                    MemberLocation::Uri => "path",
                    MemberLocation::Query => "query",
                    MemberLocation::Header => "header",
                    MemberLocation::StatusCode | MemberLocation::Other => {
                        return Err(Error::new(
                            &input_at.join(member),
                            "input members bound to the status code are not supported",
                        ))
                    }
                };
                let mut p = Mapping::new();
                p.insert(s("name"), s(wire));
                p.insert(s("in"), s(place));
                p.insert(
                    s("required"),
                    Value::Bool(place == "path" || required.contains(&member)),
                );
                if let Some(doc) = self.str_at(m, "documentation") {
                    p.insert(s("description"), s(doc));
                }
                p.insert(s("schema"), self.inline(m, &input_at.join(member))?);
                if self.is_json_value(m) {
                    p.insert(s(JSON_VALUE), Value::Bool(true));
                }
                parameters.push(Value::Mapping(p));
            }
            if let Some(token) = self.idempotency_token(shape) {
                out.insert(s("x-aws-idempotency-token"), s(token));
            }
        }
        if !parameters.is_empty() {
            out.insert(s("parameters"), Value::Sequence(parameters));
        }
        if let (Some(input), true) = (input, has_body) {
            let mut body = map([
                ("required", Value::Bool(body_required)),
                (
                    "content",
                    map([("application/json", map([("schema", reference(input))]))]),
                ),
            ]);
            let input_at = at.join("input");
            let input_shape = self.shape(input, &input_at)?;
            if let Value::Mapping(body) = &mut body {
                if let Some(payload) = self.payload(input_shape, &input_at)? {
                    body.insert(s(PAYLOAD), payload);
                }
                if let Some(maps) = self.header_maps(input_shape) {
                    body.insert(s(HEADER_MAPS), maps);
                }
            }
            out.insert(s("requestBody"), body);
        }
        out.insert(s("responses"), Value::Mapping(responses));
        if let Some(paginator) = self.paginator(name, input, output, at)? {
            out.insert(s("x-aws-paginator"), paginator);
        }
        let unsigned = self.str_at(op, "authtype") == Some("v4-unsigned-body")
            || self.get(op, "unsignedPayload").and_then(Value::as_bool) == Some(true);
        if unsigned {
            out.insert(s(UNSIGNED_PAYLOAD), Value::Bool(true));
        }
        if let Some(prefix) = self
            .get(op, "endpoint")
            .and_then(|endpoint| self.str_at(endpoint, "hostPrefix"))
        {
            out.insert(s(HOST_PREFIX), s(prefix));
        }
        Ok(Value::Mapping(out))
    }

    fn idempotency_token<'m>(&self, shape: &'m Value) -> Option<&'m str> {
        self.members(shape)
            .into_iter()
            .find(|(_, m)| self.get(m, "idempotencyToken").and_then(Value::as_bool) == Some(true))
            .map(|(name, _)| name)
    }

    /// The paginator of `name`: from `paginators-1.json`, else inferred from `nextToken` members.
    fn paginator(
        &self,
        name: &str,
        input: Option<&str>,
        output: Option<&str>,
        at: &Pointer,
    ) -> Result<Option<Value>> {
        let declared = self
            .get(self.paginators, "pagination")
            .and_then(|p| self.get(p, name));
        let mut out = Mapping::new();
        if let Some(p) = declared {
            let one = |key: &str| -> Result<Option<&str>> {
                match self.get(p, key) {
                    None => Ok(None),
                    Some(Value::String(v)) => Ok(Some(v.as_str())),
                    Some(_) => Err(Error::new(
                        &at.join("x-aws-paginator"),
                        format!("paginator `{key}` lists several members, which is not supported"),
                    )),
                }
            };
            let (Some(input_token), Some(output_token)) =
                (one("input_token")?, one("output_token")?)
            else {
                return Ok(None);
            };
            out.insert(s("inputToken"), s(input_token));
            out.insert(s("outputToken"), s(output_token));
            if let Some(limit) = one("limit_key")? {
                out.insert(s("limitKey"), s(limit));
            }
            if let Some(items) = one("result_key")? {
                out.insert(s("resultKey"), s(items));
            }
            return Ok(Some(Value::Mapping(out)));
        }
        let (Some(input), Some(output)) = (input, output) else {
            return Ok(None);
        };
        let input_shape = self.shape(input, &at.join("input"))?;
        let output_shape = self.shape(output, &at.join("output"))?;
        let has =
            |shape: &Value, member: &str| self.members(shape).iter().any(|(n, _)| *n == member);
        if !has(input_shape, "nextToken") || !has(output_shape, "nextToken") {
            return Ok(None);
        }
        out.insert(s("inputToken"), s("nextToken"));
        out.insert(s("outputToken"), s("nextToken"));
        if has(input_shape, "maxResults") {
            out.insert(s("limitKey"), s("maxResults"));
        }
        let lists: Vec<&str> = self
            .members(output_shape)
            .into_iter()
            .filter(|(_, m)| {
                self.str_at(m, "shape")
                    .and_then(|t| self.shape(t, at).ok())
                    .and_then(|t| self.str_at(t, "type"))
                    == Some("list")
            })
            .map(|(n, _)| n)
            .collect();
        if let [items] = lists.as_slice() {
            out.insert(s("resultKey"), s(items));
        }
        Ok(Some(Value::Mapping(out)))
    }

    /// A header (response) object for an output member bound to a header, named by
    /// `x-aws-member`.
    fn header(&self, member: &str, m: &Value, at: &Pointer) -> Result<Value> {
        let mut h = Mapping::new();
        if let Some(doc) = self.str_at(m, "documentation") {
            h.insert(s("description"), s(doc));
        }
        h.insert(s("schema"), self.inline(m, &at.join(member))?);
        h.insert(s(MEMBER), s(member));
        if self.is_json_value(m) {
            h.insert(s(JSON_VALUE), Value::Bool(true));
        }
        Ok(Value::Mapping(h))
    }

    /// Whether member `m` (or its target shape) is a `jsonvalue`: base64 of JSON in a header.
    fn is_json_value(&self, m: &Value) -> bool {
        let target = self
            .str_at(m, "shape")
            .and_then(|t| self.shape(t, &Pointer::root()).ok());
        [Some(m), target]
            .into_iter()
            .flatten()
            .any(|v| self.get(v, "jsonvalue").and_then(Value::as_bool) == Some(true))
    }

    /// The `x-aws-header-maps` extension of a structure with members bound to `headers`:
    /// `[{member, property, prefix}]` (the property is named by the member).
    fn header_maps(&self, shape: &Value) -> Option<Value> {
        let maps: Vec<Value> = self
            .members(shape)
            .into_iter()
            .filter(|(_, m)| self.location(m) == MemberLocation::HeaderMap)
            .map(|(member, m)| {
                map([
                    ("member", s(member)),
                    ("property", s(member)),
                    (
                        "prefix",
                        s(self.str_at(m, "locationName").unwrap_or_default()),
                    ),
                ])
            })
            .collect();
        (!maps.is_empty()).then_some(Value::Sequence(maps))
    }

    /// The `x-aws-payload` extension of a structure with a `payload` member: `{member, blob,
    /// streaming}`. Event streams are rejected.
    fn payload(&self, shape: &Value, at: &Pointer) -> Result<Option<Value>> {
        let Some(member) = self.str_at(shape, "payload") else {
            return Ok(None);
        };
        let m = self
            .members(shape)
            .into_iter()
            .find(|(name, _)| *name == member)
            .map(|(_, m)| m)
            .ok_or_else(|| {
                Error::new(&at.join("payload"), format!("`{member}` is not a member"))
            })?;
        let target = self
            .str_at(m, "shape")
            .ok_or_else(|| Error::new(&at.join(member), "member without `shape`"))?;
        let shape = self.shape(target, &at.join(member))?;
        let flag = |v: &Value, key: &str| self.get(v, key).and_then(Value::as_bool) == Some(true);
        if flag(shape, "eventstream") {
            return Err(Error::new(
                &at.join("payload"),
                format!("`{member}` is an event stream, which is not supported"),
            ));
        }
        Ok(Some(map([
            ("member", s(member)),
            (
                "blob",
                Value::Bool(self.str_at(shape, "type") == Some("blob")),
            ),
            (
                "streaming",
                Value::Bool(flag(shape, "streaming") || flag(m, "streaming")),
            ),
        ])))
    }

    /// The member's target shape written inline (parameters and headers carry scalars).
    fn inline(&self, m: &Value, at: &Pointer) -> Result<Value> {
        let target = self
            .str_at(m, "shape")
            .ok_or_else(|| Error::new(at, "member without `shape`"))?;
        let shape = self.shape(target, at)?;
        match self.str_at(shape, "type") {
            Some("structure" | "map") => Ok(reference(target)),
            _ => self.schema(target, shape, &at.join("shape")),
        }
    }

    fn schemas(&self) -> Result<Value> {
        let pointer = Pointer::root().join("shapes");
        let shapes = self
            .get(self.model, "shapes")
            .and_then(Value::as_mapping)
            .ok_or_else(|| Error::new(&pointer, "the model has no shapes"))?;
        let mut out = Mapping::new();
        for (name, shape) in shapes {
            let name = name.as_str().unwrap_or_default();
            let at = pointer.join(name);
            let schema = if self.is_input(name) {
                // Input components hold the body members; the others become parameters.
                self.body_only(name, shape, &at)?
            } else {
                self.schema(name, shape, &at)?
            };
            out.insert(s(name), schema);
        }
        Ok(Value::Mapping(out))
    }

    /// Whether `name` is an operation's input shape.
    fn is_input(&self, name: &str) -> bool {
        self.get(self.model, "operations")
            .and_then(Value::as_mapping)
            .is_some_and(|ops| {
                ops.values().any(|op| {
                    self.get(op, "input").and_then(|i| self.str_at(i, "shape")) == Some(name)
                })
            })
    }

    fn body_only(&self, name: &str, shape: &Value, at: &Pointer) -> Result<Value> {
        let mut body = shape.clone();
        if let Some(Value::Mapping(members)) =
            body.as_mapping_mut().and_then(|b| b.get_mut("members"))
        {
            members.retain(|_, m| {
                matches!(
                    self.location(m),
                    MemberLocation::Body | MemberLocation::HeaderMap
                )
            });
        }
        let kept: Vec<String> = self
            .members(&body)
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        if let Some(Value::Sequence(required)) =
            body.as_mapping_mut().and_then(|b| b.get_mut("required"))
        {
            required.retain(|r| r.as_str().is_some_and(|r| kept.iter().any(|k| k == r)));
        }
        let mut schema = self.schema(name, &body, at)?;
        if let Value::Mapping(m) = &mut schema {
            m.insert(s("title"), s(name));
        }
        Ok(schema)
    }

    /// The schema of a shape, in APIs-guru's form.
    fn schema(&self, name: &str, shape: &Value, at: &Pointer) -> Result<Value> {
        let kind = self
            .str_at(shape, "type")
            .ok_or_else(|| Error::new(at, "shape without `type`"))?;
        let mut out = Mapping::new();
        let number = |key: &str| self.get(shape, key).filter(|v| v.is_number()).cloned();
        match kind {
            "structure" => {
                out.insert(s("type"), s("object"));
                let required = self.required_members(shape);
                let members = self.members(shape);
                let required: Vec<Value> = members
                    .iter()
                    .filter(|(n, m)| {
                        required.contains(n) && self.location(m) == MemberLocation::Body
                    })
                    .map(|(n, _)| s(n))
                    .collect();
                if !required.is_empty() {
                    out.insert(s("required"), Value::Sequence(required));
                }
                let mut properties = Mapping::new();
                for (member, m) in members {
                    let location = self.location(m);
                    if !matches!(
                        location,
                        MemberLocation::Body
                            | MemberLocation::StatusCode
                            | MemberLocation::HeaderMap
                    ) {
                        // Headers and labels travel outside the JSON object (see `operation`);
                        // a status-code member stays, named by `x-aws-status-code`, and a header
                        // map by `x-aws-header-maps`.
                        continue;
                    }
                    let target = self
                        .str_at(m, "shape")
                        .ok_or_else(|| Error::new(&at.join(member), "member without `shape`"))?;
                    self.shape(target, &at.join(member))?;
                    let wire = match location {
                        MemberLocation::HeaderMap => member,
                        _ => self.str_at(m, "locationName").unwrap_or(member),
                    };
                    let property = match self.str_at(m, "documentation") {
                        Some(doc) => map([(
                            "allOf",
                            Value::Sequence(vec![
                                reference(target),
                                map([("description", s(doc))]),
                            ]),
                        )]),
                        None => reference(target),
                    };
                    properties.insert(s(wire), property);
                }
                out.insert(s("properties"), Value::Mapping(properties));
                if self.get(shape, "exception").and_then(Value::as_bool) == Some(true) {
                    let mut error = Mapping::new();
                    if let Some(e) = self.get(shape, "error") {
                        if let Some(code) = self.get(e, "httpStatusCode") {
                            error.insert(s("httpStatusCode"), code.clone());
                        }
                        error.insert(
                            s("senderFault"),
                            Value::Bool(
                                self.get(e, "senderFault").and_then(Value::as_bool) == Some(true),
                            ),
                        );
                    }
                    out.insert(s("x-aws-error"), Value::Mapping(error));
                }
            }
            "string" => {
                out.insert(s("type"), s("string"));
                if let Some(values) = self.get(shape, "enum") {
                    out.insert(s("enum"), values.clone());
                }
                if let Some(pattern) = self.str_at(shape, "pattern") {
                    out.insert(s("pattern"), s(pattern));
                }
                if let Some(min) = number("min") {
                    out.insert(s("minLength"), min);
                }
                if let Some(max) = number("max") {
                    out.insert(s("maxLength"), max);
                }
                if self.get(shape, "sensitive").and_then(Value::as_bool) == Some(true) {
                    out.insert(s("format"), s("password"));
                }
            }
            "integer" | "long" => {
                out.insert(s("type"), s("integer"));
                if kind == "long" {
                    out.insert(s("format"), s("int64"));
                }
                if let Some(min) = number("min") {
                    out.insert(s("minimum"), min);
                }
                if let Some(max) = number("max") {
                    out.insert(s("maximum"), max);
                }
            }
            "float" | "double" => {
                out.insert(s("type"), s("number"));
                out.insert(s("format"), s(kind));
                if let Some(min) = number("min") {
                    out.insert(s("minimum"), min);
                }
                if let Some(max) = number("max") {
                    out.insert(s("maximum"), max);
                }
            }
            "boolean" => {
                out.insert(s("type"), s("boolean"));
            }
            "timestamp" => {
                // REST-JSON bodies carry ISO 8601 unless the model says otherwise.
                match self.str_at(shape, "timestampFormat") {
                    None | Some("iso8601") => {}
                    Some(other) => {
                        return Err(Error::new(
                            &at.join("timestampFormat"),
                            format!("timestamp format `{other}` is not supported"),
                        ))
                    }
                }
                out.insert(s("type"), s("string"));
                out.insert(s("format"), s("date-time"));
            }
            "blob" => {
                out.insert(s("type"), s("string"));
                out.insert(s("format"), s("byte"));
            }
            "list" => {
                let item = self
                    .get(shape, "member")
                    .and_then(|m| self.str_at(m, "shape"))
                    .ok_or_else(|| Error::new(at, "list without `member.shape`"))?;
                self.shape(item, &at.join("member"))?;
                out.insert(s("type"), s("array"));
                out.insert(s("items"), reference(item));
                if let Some(min) = number("min") {
                    out.insert(s("minItems"), min);
                }
                if let Some(max) = number("max") {
                    out.insert(s("maxItems"), max);
                }
            }
            "map" => {
                let value = self
                    .get(shape, "value")
                    .and_then(|m| self.str_at(m, "shape"))
                    .ok_or_else(|| Error::new(at, "map without `value.shape`"))?;
                self.shape(value, &at.join("value"))?;
                out.insert(s("type"), s("object"));
                out.insert(s("additionalProperties"), reference(value));
                if let Some(min) = number("min") {
                    out.insert(s("minProperties"), min);
                }
                if let Some(max) = number("max") {
                    out.insert(s("maxProperties"), max);
                }
            }
            other => {
                return Err(Error::new(
                    &at.join("type"),
                    format!("shape `{name}` has type `{other}`, which is not supported"),
                ))
            }
        }
        if let Some(doc) = self.str_at(shape, "documentation") {
            out.insert(s("description"), s(doc));
        }
        Ok(Value::Mapping(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENDPOINTS: &str = r#"{"partitions":[
        {"partition":"aws","partitionName":"AWS Standard","dnsSuffix":"amazonaws.com","regions":{"us-east-1":{},"eu-west-1":{}}},
        {"partition":"aws-cn","partitionName":"AWS China","dnsSuffix":"amazonaws.com.cn","regions":{"cn-north-1":{}}},
        {"partition":"aws-us-gov","partitionName":"AWS GovCloud (US)","dnsSuffix":"amazonaws.com","regions":{"us-gov-west-1":{}}}]}"#;

    fn model(ops: &str, shapes: &str) -> String {
        format!(
            r#"{{"metadata":{{"apiVersion":"2020-07-14","endpointPrefix":"svc","protocol":"rest-json","serviceFullName":"Some Service","serviceId":"Some Svc","signingName":"sig","uid":"some-svc-2020-07-14"}},
            "operations":{{{ops}}},"shapes":{{{shapes}}},"documentation":"<p>Docs</p>"}}"#
        )
    }

    fn run(model: &str, paginators: Option<&str>) -> Result<Value> {
        let text = import(
            ModelFiles {
                service: model,
                paginators,
                endpoints: ENDPOINTS,
            },
            &Source {
                description: "test".into(),
                sha256: "00".into(),
            },
        )?;
        Ok(serde_yaml::from_str(&text).unwrap())
    }

    #[test]
    fn info_servers_and_errors() {
        let doc = run(
            &model(
                r#""Get":{"name":"Get","http":{"method":"POST","requestUri":"/Get"},"input":{"shape":"GetRequest"},"output":{"shape":"GetResponse"},"errors":[{"shape":"Bad"},{"shape":"Denied"}]}"#,
                r#""GetRequest":{"type":"structure","required":["id"],"members":{"id":{"shape":"Id","documentation":"<p>The id.</p>"},"token":{"shape":"Id","idempotencyToken":true}}},
                   "GetResponse":{"type":"structure","members":{"when":{"shape":"Time"},"cache":{"shape":"Id","location":"header","locationName":"Cache-Control"}}},
                   "Id":{"type":"string","pattern":"^[a-z]+$","min":1,"max":8},
                   "Time":{"type":"timestamp","timestampFormat":"iso8601"},
                   "Bad":{"type":"structure","members":{"exceptionMessage":{"shape":"Id"}},"error":{"httpStatusCode":400,"senderFault":true},"exception":true},
                   "Denied":{"type":"structure","members":{},"error":{"httpStatusCode":403},"exception":true}"#,
            ),
            None,
        )
        .unwrap();
        assert_eq!(doc["info"]["x-serviceName"], s("some-svc"));
        assert_eq!(doc["info"]["x-aws-signingName"], s("sig"));
        assert_eq!(doc["info"]["x-aws-sdk-id"], s("Some Svc"));
        assert_eq!(
            doc["servers"][0]["url"],
            s("https://svc.{region}.amazonaws.com")
        );
        assert_eq!(
            doc["servers"][0]["variables"]["region"]["enum"],
            serde_yaml::from_str::<Value>("[us-east-1, eu-west-1, us-gov-west-1]").unwrap()
        );
        assert_eq!(
            doc["servers"][1]["url"],
            s("https://svc.{region}.amazonaws.com.cn")
        );
        let op = &doc["paths"]["/Get"]["post"];
        assert_eq!(op["x-aws-idempotency-token"], s("token"));
        assert_eq!(op["x-aws-unsigned-payload"], Value::Null);
        assert_eq!(op["responses"]["480"]["description"], s("Bad"));
        assert_eq!(op["responses"]["481"]["description"], s("Denied"));
        assert_eq!(
            op["responses"]["200"]["headers"]["Cache-Control"]["schema"]["maxLength"],
            Value::from(8)
        );
        assert_eq!(op["requestBody"]["required"], Value::Bool(true));
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Bad"]["x-aws-error"]["httpStatusCode"],
            Value::from(400)
        );
        assert_eq!(
            schemas["Denied"]["x-aws-error"]["senderFault"],
            Value::Bool(false)
        );
        assert_eq!(schemas["Time"]["format"], s("date-time"));
        // The response component keeps body members only; the header is on the response.
        assert!(schemas["GetResponse"]["properties"]["cache"].is_null());
        assert_eq!(
            schemas["GetRequest"]["properties"]["id"]["allOf"][1]["description"],
            s("<p>The id.</p>")
        );
        // Member order is the model's.
        let keys: Vec<&str> = schemas["GetRequest"]["properties"]
            .as_mapping()
            .unwrap()
            .keys()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(keys, ["id", "token"]);
    }

    #[test]
    fn header_maps_and_string_payloads() {
        let doc = run(
            &model(
                r#""Send":{"name":"Send","http":{"method":"POST","requestUri":"/v1"},"input":{"shape":"SendRequest"},"output":{"shape":"SendResponse"}}"#,
                r#""SendRequest":{"type":"structure","members":{"Body":{"shape":"Text"},"RequestHeaders":{"shape":"Map","location":"headers","locationName":"x-amzn-h-"}},"payload":"Body"},
                   "SendResponse":{"type":"structure","members":{"Body":{"shape":"Text"},"ResponseHeaders":{"shape":"Map","location":"headers","locationName":""}},"payload":"Body"},
                   "Text":{"type":"string"},
                   "Map":{"type":"map","key":{"shape":"Text"},"value":{"shape":"Text"}}"#,
            ),
            None,
        )
        .unwrap();
        let yaml = |text: &str| serde_yaml::from_str::<Value>(text).unwrap();
        let op = &doc["paths"]["/v1"]["post"];
        assert_eq!(
            op["requestBody"]["x-aws-header-maps"],
            yaml("[{member: RequestHeaders, property: RequestHeaders, prefix: x-amzn-h-}]")
        );
        assert_eq!(
            op["requestBody"]["x-aws-payload"],
            yaml("{member: Body, blob: false, streaming: false}")
        );
        let success = &op["responses"]["200"];
        assert_eq!(
            success["x-aws-header-maps"],
            yaml("[{member: ResponseHeaders, property: ResponseHeaders, prefix: ''}]")
        );
        let schemas = &doc["components"]["schemas"];
        for (schema, member) in [
            ("SendRequest", "RequestHeaders"),
            ("SendResponse", "ResponseHeaders"),
        ] {
            assert!(
                schemas[schema]["properties"][member].is_mapping(),
                "{schema}.{member}"
            );
        }
        // The document lowers: the maps are headers, the bodies text.
        let text = serde_yaml::to_string(&doc).unwrap();
        let service = crate::load_service(text.as_bytes()).unwrap();
        let send = &service.operations[0];
        let locations: Vec<_> = send.input.members.iter().map(|m| &m.location).collect();
        assert!(locations.contains(&&crate::model::Location::HeaderMap("x-amzn-h-".into())));
        let body = send
            .output
            .members
            .iter()
            .find(|m| m.name == "Body")
            .unwrap();
        assert_eq!(body.target, crate::model::TypeRef::String);
        assert_eq!(
            body.location,
            crate::model::Location::Payload { streaming: false }
        );
    }

    #[test]
    fn payloads_status_codes_and_json_value_headers() {
        let doc = run(
            &model(
                r#""Put":{"name":"Put","http":{"method":"PUT","requestUri":"/p"},"input":{"shape":"PutRequest"},"output":{"shape":"PutResponse"},"authtype":"v4-unsigned-body","endpoint":{"hostPrefix":"data."}}"#,
                r#""PutRequest":{"type":"structure","members":{"Body":{"shape":"Stream"},"Attrs":{"shape":"Json","location":"header","locationName":"x-attrs"}},"payload":"Body"},
                   "PutResponse":{"type":"structure","members":{"Thing":{"shape":"Thing"},"Status":{"shape":"Code","location":"statusCode"},"Slots":{"shape":"Json","location":"header","locationName":"x-slots"}},"payload":"Thing"},
                   "Thing":{"type":"structure","members":{"id":{"shape":"Json"}}},
                   "Stream":{"type":"blob","streaming":true},
                   "Json":{"type":"string","jsonvalue":true},
                   "Code":{"type":"integer"}"#,
            ),
            None,
        )
        .unwrap();
        let op = &doc["paths"]["/p"]["put"];
        assert_eq!(op["x-aws-unsigned-payload"], Value::Bool(true));
        assert_eq!(op["x-aws-host-prefix"], s("data."));
        let yaml = |text: &str| serde_yaml::from_str::<Value>(text).unwrap();
        assert_eq!(
            op["requestBody"]["x-aws-payload"],
            yaml("{member: Body, blob: true, streaming: true}")
        );
        assert_eq!(op["parameters"][0]["x-aws-jsonvalue"], Value::Bool(true));
        let success = &op["responses"]["200"];
        assert_eq!(
            success["x-aws-payload"],
            yaml("{member: Thing, blob: false, streaming: false}")
        );
        assert_eq!(success["x-aws-status-code"], s("Status"));
        assert_eq!(success["headers"]["x-slots"]["x-aws-member"], s("Slots"));
        assert_eq!(
            success["headers"]["x-slots"]["x-aws-jsonvalue"],
            Value::Bool(true)
        );
        // The status-code member stays in the response component, the header does not.
        let response = &doc["components"]["schemas"]["PutResponse"]["properties"];
        assert!(!response["Status"].is_null() && response["Slots"].is_null());
    }

    #[test]
    fn event_stream_payloads_are_rejected() {
        let e = run(
            &model(
                r#""Sub":{"name":"Sub","http":{"method":"POST","requestUri":"/s"},"output":{"shape":"SubResponse"}}"#,
                r#""SubResponse":{"type":"structure","members":{"Events":{"shape":"Events"}},"payload":"Events"},
                   "Events":{"type":"structure","members":{},"eventstream":true}"#,
            ),
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("`Events` is an event stream"), "{e}");
    }

    #[test]
    fn paginators_declared_and_inferred() {
        let ops = r#""ListA":{"name":"ListA","http":{"method":"POST","requestUri":"/ListA"},"input":{"shape":"In"},"output":{"shape":"Out"}},
                     "ListB":{"name":"ListB","http":{"method":"POST","requestUri":"/ListB"},"input":{"shape":"In"},"output":{"shape":"Out"}}"#;
        let shapes = r#""In":{"type":"structure","members":{"nextToken":{"shape":"S"},"maxResults":{"shape":"N"}}},
                        "Out":{"type":"structure","members":{"nextToken":{"shape":"S"},"items":{"shape":"L"}}},
                        "S":{"type":"string"},"N":{"type":"integer","min":1,"max":100},"L":{"type":"list","member":{"shape":"S"}}"#;
        let doc = run(
            &model(ops, shapes),
            Some(r#"{"pagination":{"ListA":{"input_token":"nextToken","output_token":"nextToken","result_key":"items"}}}"#),
        )
        .unwrap();
        let a = &doc["paths"]["/ListA"]["post"]["x-aws-paginator"];
        assert_eq!(a["resultKey"], s("items"));
        assert!(
            a["limitKey"].is_null(),
            "declared paginators are taken as written"
        );
        let b = &doc["paths"]["/ListB"]["post"]["x-aws-paginator"];
        assert_eq!(b["limitKey"], s("maxResults"));
        assert_eq!(b["resultKey"], s("items"));
    }

    #[test]
    fn bad_models_name_the_place() {
        let err = run(
            &model(
                r#""Get":{"name":"Get","http":{"method":"POST","requestUri":"/Get"},"input":{"shape":"Missing"}}"#,
                "",
            ),
            None,
        )
        .unwrap_err();
        assert_eq!(err.pointer, "#/operations/Get/input");
        assert!(err.message.contains("`Missing`"), "{err}");

        let err = run("{not json", None).unwrap_err();
        assert!(
            err.message.starts_with("service-2.json: not valid JSON: "),
            "{err}"
        );
        assert!(
            err.message
                .ends_with("at line 2 column 1, while parsing a flow mapping"),
            "{err}"
        );

        let query = model(
            r#""Get":{"http":{"method":"GET","requestUri":"/x?list"}}"#,
            "",
        );
        let err = run(&query, None).unwrap_err();
        assert_eq!(err.pointer, "#/operations/Get/http/requestUri");
    }
}
