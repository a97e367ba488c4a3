//! Lowering: a normalized document → the generator's [`Service`].
//!
//! Operations become `<Op>Input` (members from path, query and header parameters and the JSON
//! body, each with its [`Location`]) and `<Op>Output` (the 2xx body's members; the
//! `<Op>Response` component is read, not emitted). Named schemas reachable from the operations
//! become shapes: objects → [`Shape::Structure`], string enums → [`Shape::Enum`]; named
//! primitives, lists and maps collapse into [`TypeRef`]s. Errors become [`ErrorShape`]s.
//! Anything the model can't express is an [`Error`] naming its JSON pointer.

use crate::aws;
use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::load;
use crate::model::{
    EndpointRule, EnumShape, ErrorShape, Location, Member, Operation, PathPart, Service, Shape,
    Structure, TypeRef,
};
use crate::naming;
use crate::normalize::dropped_http_bindings::{
    HEADER_MAPS, JSON_VALUE, MEMBER, PAYLOAD, STATUS_CODE,
};
use crate::normalize::named_request_bodies::inline_shape_name;
use crate::normalize::{NormalOperation, Normalized};
use crate::resolve::{component_pointer, component_schema, json_media, resolve, SchemaRef};
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ObjectType, OpenAPI, Parameter,
    ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use sensitive::is_sensitive;
use std::collections::{BTreeMap, BTreeSet};

mod sensitive;

/// Lowers a normalized document into a [`Service`].
pub fn lower(doc: &Normalized) -> Result<Service> {
    let api = &doc.api;
    let operation_names: BTreeSet<String> =
        doc.operations.iter().map(|op| op.name.clone()).collect();
    let mut lowerer = Lowerer {
        api,
        operation_names: &operation_names,
        shapes: BTreeMap::new(),
        origins: BTreeMap::new(),
        named: BTreeMap::new(),
        resolving: BTreeSet::new(),
        queue: Vec::new(),
    };
    let mut operations = Vec::new();
    let mut errors: BTreeMap<String, ErrorShape> = BTreeMap::new();
    for op in &doc.operations {
        operations.push(lowerer.operation(op)?);
        for error in &op.errors {
            if errors.contains_key(&error.name) {
                continue;
            }
            let shape = lowerer.error_shape(error)?;
            errors.insert(error.name.clone(), shape);
        }
    }
    lowerer.drain_queue()?;
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    check_type_names(&operations, &lowerer.shapes, &lowerer.origins, &errors, doc)?;

    let docs = docs::to_markdown(api.info.description.as_deref(), &operation_names);
    let endpoints = endpoints(api)?;
    let default_endpoint = endpoints
        .first()
        .map(|e| e.url_template.clone())
        .unwrap_or_default();
    Ok(Service {
        title: api.info.title.clone(),
        service_id: load::service_id(api)?,
        signing_name: load::signing_name(api)?,
        sdk_id: load::sdk_id(api)?,
        api_version: api.info.version.clone(),
        docs,
        endpoints,
        default_endpoint,
        omitted_operations: {
            let mut omitted = doc.omitted.clone();
            omitted.sort();
            omitted
        },
        operations,
        shapes: lowerer.shapes,
        errors,
    })
}

/// Endpoint rules from `servers`: https servers only, `{region}` kept, other variables set to
/// their defaults.
fn endpoints(api: &OpenAPI) -> Result<Vec<EndpointRule>> {
    let mut rules = Vec::new();
    for (i, server) in api.servers.iter().enumerate() {
        if !aws::is_preferred_endpoint(&server.url) {
            continue;
        }
        let pointer = Pointer::root().join("servers").join(i);
        let mut template = String::new();
        let mut rest = server.url.as_str();
        while let Some(open) = rest.find('{') {
            template.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| Error::new(&pointer.join("url"), "unclosed `{` in server URL"))?;
            let variable = &after[..close];
            if variable == aws::REGION_VARIABLE {
                template.push_str("{region}");
            } else {
                let value = server
                    .variables
                    .as_ref()
                    .and_then(|v| v.get(variable))
                    .ok_or_else(|| {
                        Error::new(
                            &pointer.join("url"),
                            format!("server variable `{variable}` is not defined"),
                        )
                    })?;
                template.push_str(&value.default);
            }
            rest = &after[close + 1..];
        }
        template.push_str(rest);
        let regions = server
            .variables
            .as_ref()
            .and_then(|v| v.get(aws::REGION_VARIABLE))
            .map(|v| v.enumeration.clone())
            .unwrap_or_default();
        rules.push(EndpointRule {
            url_template: template,
            regions,
            description: server.description.clone(),
        });
    }
    if rules.is_empty() {
        return Err(Error::new(
            &Pointer::root().join("servers"),
            "no https server",
        ));
    }
    Ok(rules)
}

/// Lowering state: the shapes found so far.
struct Lowerer<'a> {
    api: &'a OpenAPI,
    operation_names: &'a BTreeSet<String>,
    shapes: BTreeMap<String, Shape>,
    /// Where each shape was defined (for collision errors).
    origins: BTreeMap<String, Pointer>,
    /// Component name → its type, once known.
    named: BTreeMap<String, TypeRef>,
    /// Components being resolved (alias cycle detection).
    resolving: BTreeSet<String>,
    /// Component structures still to lower.
    queue: Vec<String>,
}

impl Lowerer<'_> {
    fn docs(&self, html: Option<&str>) -> Option<String> {
        docs::to_markdown(html, self.operation_names)
    }

    fn operation(&mut self, op: &NormalOperation) -> Result<Operation> {
        let input = self.input(op)?;
        let output = self.output(op)?;
        let path = parse_path(&op.path, &op.pointer)?;
        for part in &path {
            if let PathPart::Label(label) = part {
                if !input
                    .members
                    .iter()
                    .any(|m| m.location == Location::Path && &m.wire_name == label)
                {
                    return Err(Error::new(
                        &op.pointer,
                        format!("path label `{{{label}}}` has no path parameter"),
                    ));
                }
            }
        }
        for member in input
            .members
            .iter()
            .filter(|m| m.location == Location::Path)
        {
            if !path.contains(&PathPart::Label(member.wire_name.clone())) {
                return Err(Error::new(
                    &op.pointer.join("parameters"),
                    format!(
                        "path parameter `{}` is not in the path `{}`",
                        member.wire_name, op.path
                    ),
                ));
            }
        }
        let host_prefix = match &op.host_prefix {
            None => Vec::new(),
            Some(prefix) => {
                let pointer = op
                    .pointer
                    .join(crate::normalize::model_extensions::HOST_PREFIX);
                let parts = parse_path(prefix, &pointer)?;
                for part in &parts {
                    if let PathPart::Label(label) = part {
                        if !input
                            .members
                            .iter()
                            .any(|m| &m.wire_name == label && m.target == TypeRef::String)
                        {
                            return Err(Error::new(
                                &pointer,
                                format!("host label `{{{label}}}` names no string input member"),
                            ));
                        }
                    }
                }
                parts
            }
        };
        Ok(Operation {
            name: op.name.clone(),
            docs: self.docs(op.description.as_deref()),
            method: op.method,
            path,
            constant_query: op.constant_query.clone(),
            errors: op.errors.iter().map(|e| e.name.clone()).collect(),
            paginator: op
                .paginator
                .as_ref()
                .map(|p| paginator_by_member_names(p, &input, &output)),
            unsigned_payload: op.unsigned_payload,
            host_prefix,
            input,
            output,
        })
    }

    fn input(&mut self, op: &NormalOperation) -> Result<Structure> {
        let mut members = Vec::new();
        for parameter in &op.parameters {
            let pointer = &parameter.pointer;
            let (data, location) = match &parameter.value {
                Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path),
                Parameter::Query { parameter_data, .. } => {
                    (parameter_data, Location::Query(parameter_data.name.clone()))
                }
                Parameter::Header { parameter_data, .. } => (
                    parameter_data,
                    Location::Header(parameter_data.name.clone()),
                ),
                Parameter::Cookie { .. } => {
                    return Err(Error::new(
                        &pointer.join("in"),
                        "cookie parameters are not supported",
                    ))
                }
            };
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(Error::new(
                        &pointer.join("content"),
                        "parameters with `content` are not supported",
                    ))
                }
            };
            let schema_pointer = pointer.join("schema");
            let mut target = self.type_of(
                schema.into(),
                &schema_pointer,
                &inline_shape_name(&op.name, &data.name),
            )?;
            if data.extensions.get(JSON_VALUE) == Some(&serde_json::Value::Bool(true)) {
                target = json_value_header(target, &schema_pointer)?;
            }
            self.check_parameter_type(&target, &location, &schema_pointer)?;
            members.push(Member {
                name: data.name.clone(),
                wire_name: data.name.clone(),
                renamed_from: None,
                docs: self.docs(data.description.as_deref()),
                target,
                required: data.required || location == Location::Path,
                sensitive: is_sensitive(self.api, schema.into()),
                location,
                idempotency_token: false,
            });
        }
        members.sort_by_key(|m| match m.location {
            Location::Path => 0,
            Location::Query(_) => 1,
            Location::Header(_) => 2,
            _ => 3,
        });
        let mut docs = None;
        if let Some(body) = &op.request_body {
            docs = self.docs(body.value.description.as_deref());
            let content = body.pointer.join("content");
            match json_media(&body.value.content) {
                Some((media_type, media)) => {
                    if let Some(schema) = &media.schema {
                        let pointer = content.join(media_type).join("schema");
                        let object =
                            Self::object(self.api, schema.into(), &pointer, "request body")?;
                        let mut body_members = self.members(object.0, &object.1, &op.name)?;
                        body_bindings(
                            &mut body_members,
                            |key| body.value.extensions.get(key),
                            &body.pointer,
                        )?;
                        members.extend(body_members);
                    }
                }
                None => {
                    if let Some(media_type) = body.value.content.keys().next() {
                        return Err(Error::new(
                            &content.join(media_type),
                            format!("request body must be JSON, not `{media_type}`"),
                        ));
                    }
                }
            }
        }
        name_members(&mut members);
        if let Some(token) = &op.idempotency_token {
            let member = members
                .iter_mut()
                .find(|m| &m.wire_name == token && m.target == TypeRef::String)
                .ok_or_else(|| {
                    Error::new(
                        &op.pointer
                            .join(crate::normalize::model_extensions::IDEMPOTENCY_TOKEN),
                        format!("names `{token}`, which is not a string input member"),
                    )
                })?;
            member.idempotency_token = true;
        }
        Ok(Structure {
            name: format!("{}Input", op.name),
            docs,
            members,
        })
    }

    fn output(&mut self, op: &NormalOperation) -> Result<Structure> {
        let name = format!("{}Output", op.name);
        let Some(response) = &op.success else {
            return Ok(Structure {
                name,
                docs: None,
                members: Vec::new(),
            });
        };
        let content = response.pointer.join("content");
        let Some((media_type, media)) = json_media(&response.value.content) else {
            return match response.value.content.keys().next() {
                Some(media_type) => Err(Error::new(
                    &content.join(media_type),
                    format!("response body must be JSON, not `{media_type}`"),
                )),
                None => Ok(Structure {
                    name,
                    docs: None,
                    members: Vec::new(),
                }),
            };
        };
        let Some(schema) = &media.schema else {
            return Ok(Structure {
                name,
                docs: None,
                members: Vec::new(),
            });
        };
        let pointer = content.join(media_type).join("schema");
        let (object, object_pointer, docs) =
            Self::object(self.api, schema.into(), &pointer, "response body")?;
        let mut members = self.members(object, &object_pointer, &name)?;
        if let Some(status) = response.value.extensions.get(STATUS_CODE) {
            let at = response.pointer.join(STATUS_CODE);
            let member = members
                .iter_mut()
                .find(|m| Some(m.wire_name.as_str()) == status.as_str())
                .filter(|m| matches!(m.target, TypeRef::Integer | TypeRef::Long))
                .ok_or_else(|| Error::new(&at, "must name an integer member of the body"))?;
            member.location = Location::StatusCode;
        }
        body_bindings(
            &mut members,
            |key| response.value.extensions.get(key),
            &response.pointer,
        )?;
        members.extend(self.response_headers(response, &name)?);
        for member in &mut members {
            // Nothing in a payload, a status code or a header is checked for presence.
            if !matches!(member.location, Location::Body) {
                member.required = false;
            }
        }
        name_members(&mut members);
        Ok(Structure {
            name,
            docs: self.docs(docs),
            members,
        })
    }

    /// Output members read from response headers: scalars, lists of scalars (comma-separated)
    /// and JSON values (`x-aws-jsonvalue`, base64 of the JSON text).
    fn response_headers(
        &mut self,
        response: &crate::normalize::Located<openapiv3::Response>,
        owner: &str,
    ) -> Result<Vec<Member>> {
        let mut members = Vec::new();
        for (header, value) in &response.value.headers {
            let pointer = response.pointer.join("headers").join(header);
            let header_value = match value {
                ReferenceOr::Item(h) => h,
                ReferenceOr::Reference { .. } => {
                    return Err(Error::new(&pointer, "`$ref` headers are not supported"))
                }
            };
            let schema = match &header_value.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(Error::new(
                        &pointer.join("content"),
                        "headers with `content` are not supported",
                    ))
                }
            };
            let mut target = self.type_of(
                schema.into(),
                &pointer.join("schema"),
                &inline_shape_name(owner, header),
            )?;
            if header_value.extensions.get(JSON_VALUE) == Some(&serde_json::Value::Bool(true)) {
                target = json_value_header(target, &pointer.join("schema"))?;
            }
            let location = Location::Header(header.clone());
            self.check_parameter_type(&target, &location, &pointer.join("schema"))?;
            let name = match header_value.extensions.get(MEMBER) {
                None => naming::header_member_name(header),
                Some(serde_json::Value::String(name)) if !name.is_empty() => name.clone(),
                Some(_) => return Err(Error::new(&pointer.join(MEMBER), "must be a member name")),
            };
            members.push(Member {
                name,
                wire_name: header.clone(),
                renamed_from: None,
                docs: self.docs(header_value.description.as_deref()),
                target,
                required: false,
                sensitive: is_sensitive(self.api, schema.into()),
                location,
                idempotency_token: false,
            });
        }
        Ok(members)
    }

    /// Resolves a body schema that must be a JSON object with named members.
    fn object<'s>(
        api: &'s OpenAPI,
        schema: SchemaRef<'s>,
        pointer: &Pointer,
        what: &str,
    ) -> Result<(&'s ObjectType, Pointer, Option<&'s str>)> {
        let resolved = resolve(api, schema, pointer)?;
        match &resolved.schema.schema_kind {
            SchemaKind::Type(Type::Object(object))
                if matches!(
                    object.additional_properties,
                    None | Some(AdditionalProperties::Any(false))
                ) =>
            {
                Ok((
                    object,
                    resolved.pointer,
                    resolved.schema.schema_data.description.as_deref(),
                ))
            }
            _ => Err(Error::new(
                &resolved.pointer,
                format!("{what} must be a JSON object with properties"),
            )),
        }
    }

    /// The members of an object schema (JSON body members), named by their wire names: the
    /// caller names them ([`name_members`]) once the structure has all its members.
    fn members(
        &mut self,
        object: &ObjectType,
        pointer: &Pointer,
        owner: &str,
    ) -> Result<Vec<Member>> {
        let mut members = Vec::new();
        for (name, schema) in &object.properties {
            let member_pointer = pointer.join("properties").join(name);
            let docs = match schema {
                ReferenceOr::Item(schema) => schema.schema_data.description.as_deref(),
                ReferenceOr::Reference { .. } => None,
            };
            members.push(Member {
                name: name.clone(),
                wire_name: name.clone(),
                renamed_from: None,
                docs: self.docs(docs),
                target: self.type_of(
                    schema.into(),
                    &member_pointer,
                    &inline_shape_name(owner, name),
                )?,
                required: object.required.contains(name),
                sensitive: is_sensitive(self.api, schema.into()),
                location: Location::Body,
                idempotency_token: false,
            });
        }
        Ok(members)
    }

    /// Parameters carry scalars (and, in the query string, lists of scalars).
    fn check_parameter_type(
        &self,
        target: &TypeRef,
        location: &Location,
        pointer: &Pointer,
    ) -> Result<()> {
        let scalar = |t: &TypeRef| match t {
            TypeRef::Named(name) => matches!(self.shapes.get(name), Some(Shape::Enum(_))),
            TypeRef::Document | TypeRef::List(_) | TypeRef::Map(_) | TypeRef::Blob => false,
            _ => true,
        };
        let ok = match (target, location) {
            (TypeRef::List(item), Location::Query(_) | Location::Header(_)) => scalar(item),
            // A JSON value header (`x-aws-jsonvalue`): base64 of the JSON text.
            (TypeRef::Document, Location::Header(_)) => true,
            // A map bound to the query string: each entry is its own parameter.
            (TypeRef::Map(value), Location::Query(_)) => scalar(value),
            _ => scalar(target),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::new(
                pointer,
                format!("unsupported parameter type {target:?}"),
            ))
        }
    }

    /// The type of a member schema; `hint` names inline enums/structures.
    fn type_of(&mut self, schema: SchemaRef<'_>, pointer: &Pointer, hint: &str) -> Result<TypeRef> {
        match schema {
            SchemaRef::Ref(reference) => {
                let component = component_schema(self.api, reference, pointer)?;
                self.named_type(component.name, pointer)
            }
            SchemaRef::Item(schema) => self.inline_type(schema, pointer, hint),
        }
    }

    /// The type of component `name`: a shape for enums and objects, else the collapsed alias.
    fn named_type(&mut self, name: &str, pointer: &Pointer) -> Result<TypeRef> {
        if let Some(known) = self.named.get(name) {
            return Ok(known.clone());
        }
        if !self.resolving.insert(name.to_string()) {
            return Err(Error::new(
                pointer,
                format!("`$ref` cycle through `{name}`"),
            ));
        }
        let api = self.api;
        let component_ptr = component_pointer(name);
        let Some(schema) = api.components.as_ref().and_then(|c| c.schemas.get(name)) else {
            return Err(Error::new(
                pointer,
                format!("`$ref` to `{component_ptr}`, which does not exist"),
            ));
        };
        let target = match schema {
            ReferenceOr::Reference { reference } => {
                self.type_of(SchemaRef::Ref(reference), &component_ptr, name)?
            }
            ReferenceOr::Item(schema) => match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object))
                    if !object.properties.is_empty()
                        && matches!(
                            object.additional_properties,
                            None | Some(AdditionalProperties::Any(false))
                        ) =>
                {
                    self.claim(name, &component_ptr)?;
                    self.queue.push(name.to_string());
                    TypeRef::Named(name.to_string())
                }
                _ => self.inline_type(schema, &component_ptr, name)?,
            },
        };
        self.resolving.remove(name);
        self.named.insert(name.to_string(), target.clone());
        Ok(target)
    }

    /// Reserves a shape name; an error if another schema already produced it.
    fn claim(&mut self, name: &str, pointer: &Pointer) -> Result<()> {
        if let Some(other) = self.origins.get(name) {
            if other != pointer {
                return Err(Error::new(
                    pointer,
                    format!("shape name `{name}` is already used by {other}"),
                ));
            }
        }
        self.origins.insert(name.to_string(), pointer.clone());
        Ok(())
    }

    /// The type of an inline schema; enums and objects with properties become shapes named `hint`.
    fn inline_type(&mut self, schema: &Schema, pointer: &Pointer, hint: &str) -> Result<TypeRef> {
        let docs = schema.schema_data.description.as_deref();
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                self.claim(hint, pointer)?;
                let values = string.enumeration.iter().flatten().cloned().collect();
                let docs = self.docs(docs);
                self.shapes.insert(hint.to_string(), Shape::Enum(EnumShape { name: hint.to_string(), docs, values }));
                TypeRef::Named(hint.to_string())
            }
            SchemaKind::Type(Type::String(string)) => match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::Timestamp,
                VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => TypeRef::Blob,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => {
                    return Err(Error::new(&pointer.join("format"), "`format: binary` is not supported in JSON"))
                }
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => TypeRef::Long,
                _ => TypeRef::Integer,
            },
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::Float,
                _ => TypeRef::Double,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => TypeRef::List(Box::new(self.type_of(
                    items.into(),
                    &pointer.join("items"),
                    &format!("{hint}Item"),
                )?)),
                None => TypeRef::List(Box::new(TypeRef::Document)),
            },
            SchemaKind::Type(Type::Object(object)) => match (&object.additional_properties, object.properties.is_empty()) {
                (None | Some(AdditionalProperties::Any(false)), false) => {
                    self.claim(hint, pointer)?;
                    let mut members = self.members(object, pointer, hint)?;
                    name_members(&mut members);
                    let docs = self.docs(docs);
                    self.shapes
                        .insert(hint.to_string(), Shape::Structure(Structure { name: hint.to_string(), docs, members }));
                    TypeRef::Named(hint.to_string())
                }
                (None | Some(AdditionalProperties::Any(false)), true) => TypeRef::Document,
                (Some(AdditionalProperties::Any(true)), true) => TypeRef::Map(Box::new(TypeRef::Document)),
                (Some(AdditionalProperties::Schema(value)), true) => TypeRef::Map(Box::new(self.type_of(
                    (&**value).into(),
                    &pointer.join("additionalProperties"),
                    &format!("{hint}Value"),
                )?)),
                (Some(_), false) => {
                    return Err(Error::new(
                        pointer,
                        "objects with both `properties` and `additionalProperties` are not supported",
                    ))
                }
            },
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [ReferenceOr::Reference { reference }] => {
                    self.type_of(SchemaRef::Ref(reference), &pointer.join("allOf").join(0), hint)?
                }
                _ => {
                    return Err(Error::new(
                        &pointer.join("allOf"),
                        "unsupported `allOf` (only one `$ref` plus description-only schemas is supported)",
                    ))
                }
            },
            SchemaKind::OneOf { .. } => return Err(Error::new(&pointer.join("oneOf"), "`oneOf` is not supported")),
            SchemaKind::AnyOf { .. } => return Err(Error::new(&pointer.join("anyOf"), "`anyOf` is not supported")),
            SchemaKind::Not { .. } => return Err(Error::new(&pointer.join("not"), "`not` is not supported")),
            SchemaKind::Any(any) if *any == AnySchema::default() => TypeRef::Document,
            SchemaKind::Any(any) => {
                let kind = any.typ.as_deref().map_or("untyped".to_string(), |t| format!("`type: {t}`"));
                return Err(Error::new(
                    pointer,
                    format!("unsupported schema: {kind} with keywords that do not fit that type"),
                ));
            }
        })
    }

    /// Lowers the component structures found so far (and those they reach).
    fn drain_queue(&mut self) -> Result<()> {
        while let Some(name) = self.queue.pop() {
            let pointer = component_pointer(&name);
            let api = self.api;
            let Some(ReferenceOr::Item(schema)) =
                api.components.as_ref().and_then(|c| c.schemas.get(&name))
            else {
                continue;
            };
            let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
                continue;
            };
            let mut members = self.members(object, &pointer, &name)?;
            name_members(&mut members);
            let docs = self.docs(schema.schema_data.description.as_deref());
            self.shapes.insert(
                name.clone(),
                Shape::Structure(Structure {
                    name,
                    docs,
                    members,
                }),
            );
        }
        Ok(())
    }

    fn error_shape(&mut self, error: &crate::normalize::ErrorRef) -> Result<ErrorShape> {
        let mut docs = (error.description.trim() != error.name)
            .then(|| self.docs(Some(&error.description)))
            .flatten();
        let mut members = Vec::new();
        if let Some(schema) = &error.schema {
            let resolved = resolve(self.api, (&schema.value).into(), &schema.pointer)?;
            match &resolved.schema.schema_kind {
                SchemaKind::Any(any) if *any == AnySchema::default() => {}
                SchemaKind::Type(Type::Object(object)) => {
                    members = self.members(object, &resolved.pointer, &error.name)?;
                }
                _ => {
                    return Err(Error::new(
                        &resolved.pointer,
                        "an error body must be a JSON object",
                    ))
                }
            }
            if docs.is_none() {
                docs = self.docs(resolved.schema.schema_data.description.as_deref());
            }
        }
        members.retain(|m| !aws::ERROR_MESSAGE_MEMBERS.contains(&m.wire_name.as_str()));
        name_members(&mut members);
        let http_status = match &error.schema {
            Some(schema) => {
                let resolved = resolve(self.api, (&schema.value).into(), &schema.pointer)?;
                match resolved
                    .schema
                    .schema_data
                    .extensions
                    .get(aws::ERROR_EXTENSION)
                {
                    None => None,
                    Some(ext) => Some(
                        ext.get("httpStatusCode")
                            .and_then(serde_json::Value::as_u64)
                            .and_then(|c| u16::try_from(c).ok())
                            .filter(|c| (100..600).contains(c))
                            .ok_or_else(|| {
                                Error::new(
                                    &resolved.pointer.join(aws::ERROR_EXTENSION),
                                    "`httpStatusCode` must be an HTTP status",
                                )
                            })?,
                    ),
                }
            }
            None => None,
        };
        Ok(ErrorShape {
            name: error.name.clone(),
            docs,
            members,
            http_status,
        })
    }
}

/// A header marked `x-aws-jsonvalue` holds any JSON value; its schema must be a string.
fn json_value_header(target: TypeRef, pointer: &Pointer) -> Result<TypeRef> {
    match target {
        TypeRef::String | TypeRef::Document => Ok(TypeRef::Document),
        other => Err(Error::new(
            pointer,
            format!("a JSON value header (`{JSON_VALUE}`) must be a string, not {other:?}"),
        )),
    }
}

/// Applies the extensions of a request body or success response (at `pointer`) that take its
/// members out of the JSON object: header maps first, then the payload (which must then be the
/// only body member).
fn body_bindings<'e>(
    members: &mut [Member],
    extension: impl Fn(&str) -> Option<&'e serde_json::Value>,
    pointer: &Pointer,
) -> Result<()> {
    header_maps(members, extension(HEADER_MAPS), &pointer.join(HEADER_MAPS))?;
    payload(members, extension(PAYLOAD), &pointer.join(PAYLOAD))
}

/// Applies a body's `x-aws-header-maps` extension (at `pointer`) to its members: each named
/// body member (`property`, a map of strings) is a map of headers sharing `prefix`, named
/// `member` (the model's name).
fn header_maps(
    members: &mut [Member],
    extension: Option<&serde_json::Value>,
    pointer: &Pointer,
) -> Result<()> {
    let Some(extension) = extension else {
        return Ok(());
    };
    let maps = extension
        .as_array()
        .ok_or_else(|| Error::new(pointer, "must be a list of `{member, property, prefix}`"))?;
    for (i, map) in maps.iter().enumerate() {
        let at = pointer.join(i);
        let field = |name: &str| map.get(name).and_then(serde_json::Value::as_str);
        let (Some(name), Some(property), Some(prefix)) =
            (field("member"), field("property"), field("prefix"))
        else {
            return Err(Error::new(
                &at,
                "must name the `member`, its `property` in the body and the `prefix`",
            ));
        };
        let member = members
            .iter_mut()
            .find(|m| m.wire_name == property && m.location == Location::Body)
            .ok_or_else(|| {
                Error::new(
                    &at,
                    format!("names `{property}`, which is not a member of the body"),
                )
            })?;
        if !matches!(&member.target, TypeRef::Map(value) if **value == TypeRef::String) {
            return Err(Error::new(
                &at,
                format!("header map `{property}` must be a map of strings"),
            ));
        }
        member.name = name.to_owned();
        member.wire_name = prefix.to_owned();
        member.location = Location::HeaderMap(prefix.to_owned());
    }
    Ok(())
}

/// Applies a body's `x-aws-payload` extension (at `pointer`) to its members: the named member
/// becomes the whole body (a blob's bytes, or a structure's JSON); a payload body has no other
/// members.
fn payload(
    members: &mut [Member],
    extension: Option<&serde_json::Value>,
    pointer: &Pointer,
) -> Result<()> {
    let Some(extension) = extension else {
        return Ok(());
    };
    let field = |name: &str| extension.get(name);
    let (Some(serde_json::Value::String(name)), blob, streaming) = (
        field("member"),
        field("blob").map(serde_json::Value::as_bool),
        field("streaming").map(serde_json::Value::as_bool),
    ) else {
        return Err(Error::new(
            pointer,
            "must be an object naming the `member` that is the body",
        ));
    };
    let (Some(blob), Some(streaming)) = (
        blob.unwrap_or(Some(false)),
        streaming.unwrap_or(Some(false)),
    ) else {
        return Err(Error::new(
            pointer,
            "`blob` and `streaming` must be booleans",
        ));
    };
    let Some(index) = members.iter().position(|m| &m.wire_name == name) else {
        return Err(Error::new(
            pointer,
            format!("names `{name}`, which is not a member of the body"),
        ));
    };
    if let Some(other) = members
        .iter()
        .find(|m| &m.wire_name != name && m.location == Location::Body)
    {
        return Err(Error::new(
            pointer,
            format!(
                "the body is member `{name}`, so it cannot have member `{}` too",
                other.name
            ),
        ));
    }
    let member = &mut members[index];
    member.location = Location::Payload { streaming };
    match (&member.target, blob) {
        (TypeRef::String | TypeRef::Blob, true) => member.target = TypeRef::Blob,
        (TypeRef::Named(_), false) if !streaming => {}
        // A string payload (Data Exchange's `SendApiAsset`): the body's text as it is.
        (TypeRef::String, false) if !streaming => {}
        (other, _) => {
            return Err(Error::new(
                pointer,
                format!(
                    "payload `{name}` of type {other:?} is not supported (blobs, and \
                     structures that do not stream, are)"
                ),
            ))
        }
    }
    Ok(())
}

/// Splits a path template into literals and labels: `/tags/{resourceArn}` →
/// `[Literal("/tags/"), Label("resourceArn")]`.
pub fn parse_path(path: &str, pointer: &Pointer) -> Result<Vec<PathPart>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| Error::new(pointer, format!("unclosed `{{` in path `{path}`")))?;
        let label = &after[..close];
        if label.is_empty()
            || !label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(Error::new(
                pointer,
                format!("unsupported path label `{{{label}}}` in `{path}`"),
            ));
        }
        parts.push(PathPart::Label(label.to_string()));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_string()));
    }
    Ok(parts)
}

/// Gives the members of one structure their names ([`Member::name`]): members come with their
/// plain names (the wire name; for output headers `naming::header_member_name`), numbered here
/// where Rust identifiers would collide (`naming::member_names` states the rule: the first in
/// member order keeps the plain name).
fn name_members(members: &mut [Member]) {
    let names = naming::member_names(members.iter().map(|m| m.name.as_str()));
    for (member, name) in members.iter_mut().zip(names) {
        if member.name != name {
            member.renamed_from = Some(std::mem::replace(&mut member.name, name));
        }
    }
}

/// The document's paginator names wire names; the model's names members. A wire name names the
/// first member carrying it (a body member and a path label can share a wire name; the
/// normalize steps leave pagination members in one place). A name no member carries stays, for
/// the emitter to report.
fn paginator_by_member_names(
    p: &crate::model::Paginator,
    input: &Structure,
    output: &Structure,
) -> crate::model::Paginator {
    let by_wire = |s: &Structure, wire: &str| {
        s.members
            .iter()
            .find(|m| m.wire_name == wire)
            .map_or_else(|| wire.to_owned(), |m| m.name.clone())
    };
    crate::model::Paginator {
        input_token: by_wire(input, &p.input_token),
        output_token: by_wire(output, &p.output_token),
        page_size: p.page_size.as_deref().map(|w| by_wire(input, w)),
        items: p.items.as_deref().map(|w| by_wire(output, w)),
    }
}

/// Every emitted type must have a distinct Rust name within its module (and every operation
/// a distinct module and client method, no error the name of the catch-all variant): the operations'
/// inputs and outputs (each in its operation's module, named after it), the shapes
/// (`crate::types`) and the errors (`crate::types::error`). Generated code names types by their
/// full path, so a shape may share a name with an operation's output (Elastic Transcoder's
/// `CreateJobOutput` shape next to the `CreateJob` operation's output).
fn check_type_names(
    operations: &[Operation],
    shapes: &BTreeMap<String, Shape>,
    origins: &BTreeMap<String, Pointer>,
    errors: &BTreeMap<String, ErrorShape>,
    doc: &Normalized,
) -> Result<()> {
    let op_pointer = |name: &str| {
        doc.operations
            .iter()
            .find(|o| o.name == name)
            .map_or_else(Pointer::root, |o| o.pointer.clone())
    };
    let mut io: Vec<(String, Pointer)> = Vec::new();
    for op in operations {
        io.push((op.input.name.clone(), op_pointer(&op.name)));
        io.push((op.output.name.clone(), op_pointer(&op.name)));
    }
    let mut types: Vec<(String, Pointer)> = Vec::new();
    for name in shapes.keys() {
        types.push((
            name.clone(),
            origins
                .get(name)
                .cloned()
                .unwrap_or_else(|| component_pointer(name)),
        ));
    }
    let mut error_types: Vec<(String, Pointer)> = Vec::new();
    for name in errors.keys() {
        let pointer = doc
            .operations
            .iter()
            .flat_map(|o| &o.errors)
            .find(|e| &e.name == name)
            .map_or_else(Pointer::root, |e| e.pointer.clone());
        error_types.push((name.clone(), pointer));
    }
    // Operations also name a module and a client method (`create_stage`).
    let mut methods: BTreeMap<String, &str> = BTreeMap::new();
    for op in operations {
        let method = naming::method_name(&op.name);
        if naming::CLIENT_METHODS.contains(&method.as_str()) {
            return Err(Error::new(
                &op_pointer(&op.name),
                format!(
                    "operation `{}` would be the client method `{method}`, which every client has",
                    op.name
                ),
            ));
        }
        if let Some(other) = methods.insert(method.clone(), &op.name) {
            return Err(Error::new(
                &op_pointer(&op.name),
                format!(
                    "operations `{other}` and `{}` both become the module and method `{method}`",
                    op.name
                ),
            ));
        }
    }
    // Each operation's error enum has a variant per error plus the catch-all.
    for (name, pointer) in &error_types {
        if naming::type_name(name) == naming::UNHANDLED_VARIANT {
            return Err(Error::new(
                pointer,
                format!(
                    "error `{name}` would be the variant `{}`, which every operation's error \
                     enum has for errors it does not document",
                    naming::UNHANDLED_VARIANT
                ),
            ));
        }
    }
    for named in [io, types, error_types] {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (name, pointer) in named {
            let rust = naming::type_name(&name);
            if let Some(other) = seen.get(&rust) {
                return Err(Error::new(
                    &pointer,
                    format!("`{name}` and `{other}` both become the Rust type `{rust}`"),
                ));
            }
            seen.insert(rust, name);
        }
    }
    Ok(())
}
