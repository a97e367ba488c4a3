//! The generator's own service model: what the emitter needs, independent of `openapiv3`.
//!
//! Lowering (`crate::lower`) builds it from a normalized document; emitting (`crate::emit`)
//! reads it. Names here are the document's names (`CreateStage`, `stageArn`); Rust naming is
//! the emitter's job (`crate::naming`), except that a member's [`Member::name`] is numbered
//! where two members would get the same Rust identifiers (its [`Member::wire_name`] stays). Docs are Markdown (already converted from HTML) and name
//! no Rust item: a reference to an operation of the service is written [`operation_link`],
//! which each emitter turns into its own link (rustdoc, README). The model is independent of
//! Rust: it could feed an emitter for another language.

use std::collections::BTreeMap;

/// How docs refer to operation `name` of the service: ``[`CreateStage`](operation:CreateStage)``.
pub fn operation_link(name: &str) -> String {
    format!("[`{name}`](operation:{name})")
}

/// A whole service.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Human title (`info.title`), e.g. "Amazon Interactive Video Service RealTime".
    pub title: String,
    /// Service id (`info.x-serviceName`), e.g. `ivs-realtime`.
    pub service_id: String,
    /// SigV4 signing name (`info.x-aws-signingName`), e.g. `ivs`.
    pub signing_name: String,
    /// The SDK id (`info.x-aws-sdk-id`, botocore's `serviceId`), e.g. `IVS RealTime`: it names
    /// the service's endpoint settings (`AWS_ENDPOINT_URL_IVS_REALTIME`, `ivs_realtime` in a
    /// `[services]` section). Documents imported from AWS's model carry it; APIs-guru's do not.
    pub sdk_id: Option<String>,
    /// API version (`info.version`).
    pub api_version: String,
    /// Service documentation (Markdown).
    pub docs: Option<String>,
    /// Endpoint rules from `servers` (https only, document order).
    pub endpoints: Vec<EndpointRule>,
    /// Template for regions no rule lists (the first https server).
    pub default_endpoint: String,
    /// Operations of the document left out, with why (event-stream bodies), sorted by name.
    pub omitted_operations: Vec<(String, String)>,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Named shapes (structures and enums) used by operations, keyed by document name.
    pub shapes: BTreeMap<String, Shape>,
    /// Error shapes used by operations, keyed by error name (`ValidationException`).
    pub errors: BTreeMap<String, ErrorShape>,
}

/// One `servers` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRule {
    /// URL template with a `{region}` placeholder, e.g. `https://ivsrealtime.{region}.amazonaws.com.cn`.
    pub url_template: String,
    /// Regions the document lists for it.
    pub regions: Vec<String>,
    /// The server's description.
    pub description: Option<String>,
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operation id, e.g. `CreateStage`.
    pub name: String,
    /// Documentation (Markdown).
    pub docs: Option<String>,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template split into parts (fragment removed).
    pub path: Vec<PathPart>,
    /// Query pairs every request of the operation carries (`operation=batch-create`), before
    /// the members bound to the query string.
    pub constant_query: Vec<(String, String)>,
    /// The input structure (named `<Op>Input`); members carry their HTTP location.
    pub input: Structure,
    /// The output structure (named `<Op>Output`): JSON body members, then members read from
    /// response headers.
    pub output: Structure,
    /// Error names this operation declares (keys of [`Service::errors`]), in document order.
    pub errors: Vec<String>,
    /// Pagination, when the document marks the operation as paginated.
    pub paginator: Option<Paginator>,
    /// The request body is not signed (AWS's `v4-unsigned-body`): over https the signature
    /// covers `UNSIGNED-PAYLOAD` in its place.
    pub unsigned_payload: bool,
    /// The host prefix (AWS's `endpoint.hostPrefix`), put before the endpoint's host: literal
    /// text (`data.`) and labels, each the wire name of a string input member
    /// (`{graphIdentifier}.`). Empty for none.
    pub host_prefix: Vec<PathPart>,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
}

impl HttpMethod {
    /// The method as sent (`GET`, `POST`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Head => "HEAD",
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Literal text, e.g. `/tags/`.
    Literal(String),
    /// A path parameter: the wire name ([`Member::wire_name`]) of an input member with
    /// [`Location::Path`].
    Label(String),
}

/// Pagination of an operation, all names are member names ([`Member::name`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Paginator {
    /// Input member that carries the token (`nextToken`).
    pub input_token: String,
    /// Output member that carries the next token (`nextToken`).
    pub output_token: String,
    /// Input member that sets the page size (`maxResults`), if any.
    pub page_size: Option<String>,
    /// Output list member holding the items (`stages`), if exactly one exists.
    pub items: Option<String>,
}

/// A named shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Structure(Structure),
    Enum(EnumShape),
}

/// A structure (JSON object with known members).
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// Document name, e.g. `Stage`, `CreateStageInput`.
    pub name: String,
    /// Documentation (Markdown).
    pub docs: Option<String>,
    /// Members in document order.
    pub members: Vec<Member>,
}

/// A member of a structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member's name, what code names it by (fields, setters): its wire name, unless that
    /// gives the same identifiers as an earlier member of the structure (`http_method` and
    /// `httpMethod`), then the wire name with a suffix (`httpMethod_2`); the rule is
    /// `crate::naming::member_names`. Unique within the structure; paginators refer to members
    /// by it.
    pub name: String,
    /// The name on the wire: the JSON member name (body), the path label, the query key or the
    /// header name (the latter two also in [`Location`]), e.g. `stageArn`.
    pub wire_name: String,
    /// The name the member would have had when a collision numbered it (`http_method` for
    /// `http_method_2`), else `None`.
    pub renamed_from: Option<String>,
    /// Documentation (Markdown).
    pub docs: Option<String>,
    /// Type.
    pub target: TypeRef,
    /// Required by the document.
    pub required: bool,
    /// A secret (`format: password`): never shown in `Debug`.
    pub sensitive: bool,
    /// Where the member travels.
    pub location: Location,
    /// An idempotency token: filled with a fresh UUID v4 when the caller leaves it unset.
    pub idempotency_token: bool,
}

/// Where a member is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    /// JSON body member.
    Body,
    /// Path label.
    Path,
    /// Query parameter with this key (lists repeat the key).
    Query(String),
    /// Header with this name (input: sent; output: read from the response). Timestamps travel
    /// as HTTP dates, lists comma-separated, [`TypeRef::Document`] as base64 of its JSON.
    Header(String),
    /// The whole body (AWS's `payload`): a [`TypeRef::Blob`] is the body's bytes as they are, a
    /// structure is the body's JSON. `streaming`: the model streams it (the emitter reads an
    /// output's as it arrives and sends an input's whole).
    Payload {
        /// The model marks the blob `streaming`.
        streaming: bool,
    },
    /// The response's HTTP status code (output only).
    StatusCode,
    /// A map of headers sharing this prefix (AWS's `location: headers`): each entry is the
    /// header `prefix + key`; in an output, every header starting with the prefix (all of them
    /// for an empty prefix), keyed by the rest of its name.
    HeaderMap(String),
}

/// A type reference.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Boolean,
    /// 32-bit integer (`type: integer` without `format: int64`).
    Integer,
    /// 64-bit integer.
    Long,
    Float,
    Double,
    /// `format: date-time`.
    Timestamp,
    /// Bytes: `format: byte` (base64 in JSON), or a payload the model says is a blob.
    Blob,
    /// Any JSON value (free-form object).
    Document,
    /// A named shape in [`Service::shapes`].
    Named(String),
    /// A list.
    List(Box<TypeRef>),
    /// A map with string keys.
    Map(Box<TypeRef>),
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumShape {
    /// Document name.
    pub name: String,
    /// Documentation (Markdown).
    pub docs: Option<String>,
    /// Known values, in document order.
    pub values: Vec<String>,
}

/// An error shape (`ValidationException`).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorShape {
    /// Error name as the service reports it.
    pub name: String,
    /// Documentation (Markdown).
    pub docs: Option<String>,
    /// Extra body members the document declares (usually none; the message member is not
    /// one of them, see `aws::ERROR_MESSAGE_MEMBERS`).
    pub members: Vec<Member>,
    /// The HTTP status the service answers this error with, when the document says
    /// (`x-aws-error`; APIs-guru's documents do not).
    pub http_status: Option<u16>,
}
