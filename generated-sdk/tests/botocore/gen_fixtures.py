#!/usr/bin/env python3
"""Generates fixtures.json: what botocore (the reference) sends and parses for IVS RealTime.

Usage:
    python3 generated-sdk/tests/botocore/gen_fixtures.py          # (re)write fixtures.json
    python3 generated-sdk/tests/botocore/gen_fixtures.py --check  # exit 1 if fixtures.json is stale

Install the pinned reference first: `python3 -m pip install -r generated-sdk/tests/botocore/requirements.txt`.

How the fixtures are made (read by generated-sdk/tests/botocore_parity.rs and the protocol tests):

* Requests: a real botocore client for `ivs-realtime` (botocore's own service model, rest-json
  serializer, SigV4 signer with signing name `ivs`) with a `before-send` hook that captures the
  prepared request and answers with a canned response, so nothing leaves the process. The clock is
  patched the way botocore's own tests do (`botocore.auth.get_current_datetime`) to FIXED_TIME.
  The canonical request and string to sign are captured from `SigV4Auth.string_to_sign`.
* Host: botocore signs `host: 127.0.0.1:18765` (endpoint_url `http://127.0.0.1:18765`). The Rust
  parity test binds exactly that port (waiting a little if it is busy, never another port), so the
  Rust client signs the same Host (without a body, its Authorization header is botocore's, byte
  for byte).
* Body bytes: botocore writes JSON with `json.dumps` defaults (`", "` and `": "` separators,
  `\\uXXXX` escapes for non-ASCII), so a compact JSON writer never sends the same bytes and its
  payload hash differs. The Rust parity test therefore compares bodies as JSON values, and checks
  signatures two ways: the SDK's signer fed botocore's exact request must give botocore's
  canonical request, string to sign and signature; and the SDK's request must carry the signature
  of botocore's canonical request with only the payload hash replaced by its own body's hash.
  Inputs are given to botocore with keys sorted, so the recorded bodies read alphabetically,
  like the SDK writes them.
* Errors: for every operation and every error the DOCUMENT lists for it (fake codes 480-484), the
  real HTTP status from botocore's model, and botocore's parse of three error forms
  (`x-amzn-ErrorType` header with its `:http://...` suffix, body `__type` with a `namespace#`
  prefix, body `code`), plus edge cases.
* Responses: botocore's parse of a few success bodies (fractional timestamps, unknown enum values,
  unknown extra fields).

Output is deterministic: fixed time, fixed keys, fixed inputs, no random values kept (botocore's
`amz-sdk-invocation-id` is not signed and not recorded).
"""

import argparse
import calendar
import datetime
import hashlib
import hmac
import json
import os
import sys
from unittest import mock
from urllib.parse import unquote, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SPEC = os.path.join(REPO, "spec", "ivs-realtime", "2020-07-14", "openapi.aws-model.json")
OUT = os.path.join(HERE, "fixtures.json")
REQUIREMENTS = os.path.join(HERE, "requirements.txt")

PORT = 18765
ENDPOINT = f"http://127.0.0.1:{PORT}"
REGION = "us-east-1"
FIXED_TIME = datetime.datetime(2024, 1, 2, 3, 4, 5)
ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
# The example session token of AWS's documentation: it has `/`, `+` and `=` in it.
SESSION_TOKEN = (
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfp"
    "SPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPky"
    "QDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz"
    "+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
)

STAGE_ARN = "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh"
SESSION_ID = "st-a1B2c3D4e5F6g"
PARTICIPANT_ID = "p-Xy12Zw34Ab56"
ENCODER_ARN = "arn:aws:ivs:us-east-1:123456789012:encoder-configuration/ABabCDcdEFef"
INGEST_ARN = "arn:aws:ivs:us-east-1:123456789012:ingest-configuration/ABabCDcdEFef"
STORAGE_ARN = "arn:aws:ivs:us-east-1:123456789012:storage-configuration/ABabCDcdEFef"
PUBLIC_KEY_ARN = "arn:aws:ivs:us-east-1:123456789012:public-key/ABabCDcdEFef"
COMPOSITION_ARN = "arn:aws:ivs:us-east-1:123456789012:composition/ABabCDcdEFef"
CHANNEL_ARN = "arn:aws:ivs:us-east-1:123456789012:channel/ABabCDcdEFef"
PUBLIC_KEY_PEM = (
    "-----BEGIN PUBLIC KEY-----\n"
    "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEhGKtW3d9MpD9GnqAcY3HHxhqNM4bEH4t\n"
    "-----END PUBLIC KEY-----\n"
)

# (case name, operation, input, uses session token). Inputs are sorted by the script.
REQUEST_CASES = [
    (
        "CreateParticipantToken",
        "CreateParticipantToken",
        {
            "attributes": {"displayName": "Zoë", "role": "host"},
            "capabilities": ["PUBLISH", "SUBSCRIBE"],
            "duration": 720,
            "stageArn": STAGE_ARN,
            "userId": "user-42",
        },
        False,
    ),
    (
        "CreateParticipantToken_session_token",
        "CreateParticipantToken",
        {"capabilities": ["SUBSCRIBE"], "duration": 60, "stageArn": STAGE_ARN},
        True,
    ),
    (
        "CreateStage",
        "CreateStage",
        {
            "name": "my-stage_1",
            "participantTokenConfigurations": [
                {
                    "attributes": {"seat": "1"},
                    "capabilities": ["PUBLISH"],
                    "duration": 30,
                    "userId": "alice",
                },
                {"capabilities": [], "userId": "bob"},
            ],
            "tags": {"env": "prod"},
        },
        False,
    ),
    ("DeleteStage", "DeleteStage", {"arn": STAGE_ARN}, False),
    (
        "DisconnectParticipant",
        "DisconnectParticipant",
        {"participantId": PARTICIPANT_ID, "reason": "kicked: spam & abuse", "stageArn": STAGE_ARN},
        False,
    ),
    (
        "GetParticipant",
        "GetParticipant",
        {"participantId": PARTICIPANT_ID, "sessionId": SESSION_ID, "stageArn": STAGE_ARN},
        False,
    ),
    ("GetStage", "GetStage", {"arn": STAGE_ARN}, False),
    ("GetStageSession", "GetStageSession", {"sessionId": SESSION_ID, "stageArn": STAGE_ARN}, False),
    (
        "ListParticipantEvents",
        "ListParticipantEvents",
        {
            "maxResults": 25,
            "nextToken": "eyJwYWdlIjoyfQ+/=_-",
            "participantId": PARTICIPANT_ID,
            "sessionId": SESSION_ID,
            "stageArn": STAGE_ARN,
        },
        False,
    ),
    (
        "ListParticipants",
        "ListParticipants",
        {
            "filterByPublished": False,
            "filterByState": "DISCONNECTED",
            "maxResults": 10,
            "nextToken": "bmV4dA==",
            "sessionId": SESSION_ID,
            "stageArn": STAGE_ARN,
        },
        False,
    ),
    (
        "ListParticipants_filter_by_user",
        "ListParticipants",
        {"filterByUserId": "user-42", "sessionId": SESSION_ID, "stageArn": STAGE_ARN},
        False,
    ),
    (
        "ListStageSessions",
        "ListStageSessions",
        {"maxResults": 5, "stageArn": STAGE_ARN},
        False,
    ),
    ("ListStages", "ListStages", {}, False),
    ("ListStages_paginated", "ListStages", {"maxResults": 2, "nextToken": "AAAA+/=_-token"}, False),
    ("ListTagsForResource", "ListTagsForResource", {"resourceArn": STAGE_ARN}, False),
    ("ListTagsForResource_session_token", "ListTagsForResource", {"resourceArn": STAGE_ARN}, True),
    (
        "TagResource",
        "TagResource",
        {"resourceArn": STAGE_ARN, "tags": {"env": "prod", "team": "video"}},
        False,
    ),
    ("TagResource_one_tag", "TagResource", {"resourceArn": STAGE_ARN, "tags": {"cost center": "a/b=c&d"}}, False),
    (
        "UntagResource",
        "UntagResource",
        {"resourceArn": STAGE_ARN, "tagKeys": ["env", "cost center/team"]},
        False,
    ),
    ("UpdateStage", "UpdateStage", {"arn": STAGE_ARN, "name": "renamed-stage"}, False),
    # Operations added after APIs-guru's document (botocore 1.44.8's model).
    (
        "CreateEncoderConfiguration",
        "CreateEncoderConfiguration",
        {
            "name": "enc-720p",
            "tags": {"env": "prod"},
            "video": {"bitrate": 2500000, "framerate": 29.97, "height": 720, "width": 1280},
        },
        False,
    ),
    (
        "CreateIngestConfiguration",
        "CreateIngestConfiguration",
        {
            "attributes": {"seat": "2"},
            "ingestProtocol": "RTMPS",
            "insecureIngest": False,
            "name": "ingest-1",
            "stageArn": STAGE_ARN,
            "userId": "encoder-7",
        },
        False,
    ),
    (
        "CreateStorageConfiguration",
        "CreateStorageConfiguration",
        {"name": "rec", "s3": {"bucketName": "my-bucket.recordings"}, "tags": {"team": "video"}},
        False,
    ),
    ("DeleteEncoderConfiguration", "DeleteEncoderConfiguration", {"arn": ENCODER_ARN}, False),
    ("DeleteIngestConfiguration", "DeleteIngestConfiguration", {"arn": INGEST_ARN, "force": True}, False),
    ("DeletePublicKey", "DeletePublicKey", {"arn": PUBLIC_KEY_ARN}, False),
    ("DeleteStorageConfiguration", "DeleteStorageConfiguration", {"arn": STORAGE_ARN}, False),
    ("GetComposition", "GetComposition", {"arn": COMPOSITION_ARN}, False),
    ("GetEncoderConfiguration", "GetEncoderConfiguration", {"arn": ENCODER_ARN}, False),
    ("GetIngestConfiguration", "GetIngestConfiguration", {"arn": INGEST_ARN}, False),
    ("GetPublicKey", "GetPublicKey", {"arn": PUBLIC_KEY_ARN}, False),
    ("GetStorageConfiguration", "GetStorageConfiguration", {"arn": STORAGE_ARN}, False),
    (
        "ImportPublicKey",
        "ImportPublicKey",
        {"name": "key-1", "publicKeyMaterial": PUBLIC_KEY_PEM, "tags": {"env": "prod"}},
        False,
    ),
    (
        "ListCompositions",
        "ListCompositions",
        {"filterByEncoderConfigurationArn": ENCODER_ARN, "filterByStageArn": STAGE_ARN, "maxResults": 3, "nextToken": "cGFnZTI="},
        False,
    ),
    ("ListEncoderConfigurations", "ListEncoderConfigurations", {"maxResults": 7}, False),
    (
        "ListIngestConfigurations",
        "ListIngestConfigurations",
        {"filterByStageArn": STAGE_ARN, "filterByState": "ACTIVE", "nextToken": "bmV4dA=="},
        False,
    ),
    (
        "ListParticipantReplicas",
        "ListParticipantReplicas",
        {"maxResults": 4, "participantId": PARTICIPANT_ID, "sourceStageArn": STAGE_ARN},
        False,
    ),
    ("ListPublicKeys", "ListPublicKeys", {"maxResults": 2, "nextToken": "a2V5cw=="}, False),
    ("ListStorageConfigurations", "ListStorageConfigurations", {}, False),
    ("RevokeConnectionToken", "RevokeConnectionToken", {"tokenId": "tok-123_abc"}, False),
    (
        "StartComposition",
        "StartComposition",
        {
            "destinations": [
                {"channel": {"channelArn": CHANNEL_ARN, "encoderConfigurationArn": ENCODER_ARN}, "name": "live"},
            ],
            "idempotencyToken": "f81d4fae-7dec-41d0-a765-00a0c91e6bf6",
            "layout": {"grid": {"featuredParticipantAttribute": "featured", "gridGap": 4, "videoFillMode": "COVER"}},
            "stageArn": STAGE_ARN,
            "tags": {"show": "morning"},
        },
        False,
    ),
    (
        "StartParticipantReplication",
        "StartParticipantReplication",
        {
            "attributes": {"region": "eu"},
            "destinationStageArn": STAGE_ARN + "2",
            "participantId": PARTICIPANT_ID,
            "reconnectWindowSeconds": 30,
            "sourceStageArn": STAGE_ARN,
        },
        False,
    ),
    ("StopComposition", "StopComposition", {"arn": COMPOSITION_ARN}, False),
    (
        "StopParticipantReplication",
        "StopParticipantReplication",
        {"destinationStageArn": STAGE_ARN + "2", "participantId": PARTICIPANT_ID, "sourceStageArn": STAGE_ARN},
        False,
    ),
    (
        "UpdateIngestConfiguration",
        "UpdateIngestConfiguration",
        {"arn": INGEST_ARN, "stageArn": STAGE_ARN},
        False,
    ),
]

OPERATIONS = [
    "CreateEncoderConfiguration",
    "CreateIngestConfiguration",
    "CreateParticipantToken",
    "CreateStage",
    "CreateStorageConfiguration",
    "DeleteEncoderConfiguration",
    "DeleteIngestConfiguration",
    "DeletePublicKey",
    "DeleteStage",
    "DeleteStorageConfiguration",
    "DisconnectParticipant",
    "GetComposition",
    "GetEncoderConfiguration",
    "GetIngestConfiguration",
    "GetParticipant",
    "GetPublicKey",
    "GetStage",
    "GetStageSession",
    "GetStorageConfiguration",
    "ImportPublicKey",
    "ListCompositions",
    "ListEncoderConfigurations",
    "ListIngestConfigurations",
    "ListParticipantEvents",
    "ListParticipantReplicas",
    "ListParticipants",
    "ListPublicKeys",
    "ListStageSessions",
    "ListStages",
    "ListStorageConfigurations",
    "ListTagsForResource",
    "RevokeConnectionToken",
    "StartComposition",
    "StartParticipantReplication",
    "StopComposition",
    "StopParticipantReplication",
    "TagResource",
    "UntagResource",
    "UpdateIngestConfiguration",
    "UpdateStage",
]

# Success bodies whose botocore parse is recorded.
RESPONSE_CASES = [
    (
        "GetStageSession_fractional_timestamps",
        "GetStageSession",
        {
            "stageSession": {
                "endTime": "2024-01-02T03:04:05.123Z",
                "sessionId": SESSION_ID,
                "startTime": "2023-12-31T23:59:59.999999Z",
            }
        },
    ),
    (
        "ListParticipantEvents_unknown_enum_and_fields",
        "ListParticipantEvents",
        {
            "events": [
                {
                    "errorCode": "QUOTA_EXCEEDED",
                    "eventTime": "2024-01-02T03:04:05Z",
                    "name": "PUBLISH_ERROR",
                    "participantId": PARTICIPANT_ID,
                },
                {
                    "errorCode": "SOME_FUTURE_ERROR",
                    "eventTime": "2024-01-02T03:04:06.5Z",
                    "name": "SOME_FUTURE_EVENT",
                    "participantId": PARTICIPANT_ID,
                    "remoteParticipantId": "p-remote",
                    "someNewField": {"nested": [1, 2, 3]},
                },
            ],
            "nextToken": "next-page",
            "unknownTopLevel": True,
        },
    ),
    (
        "GetParticipant",
        "GetParticipant",
        {
            "participant": {
                "attributes": {"displayName": "Zoë"},
                "firstJoinTime": "2024-01-02T03:04:05.000Z",
                "participantId": PARTICIPANT_ID,
                "published": True,
                "state": "CONNECTED",
                "userId": "user-42",
            }
        },
    ),
    (
        "CreateParticipantToken",
        "CreateParticipantToken",
        {
            "participantToken": {
                "attributes": {"role": "host"},
                "capabilities": ["PUBLISH", "SUBSCRIBE"],
                "duration": 720,
                "expirationTime": "2024-01-02T15:04:05Z",
                "participantId": PARTICIPANT_ID,
                "token": "eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.SECRET-PARTICIPANT-TOKEN",
                "userId": "user-42",
            }
        },
    ),
    (
        "ListStages_extra_fields",
        "ListStages",
        {
            "stages": [
                {"activeSessionId": SESSION_ID, "arn": STAGE_ARN, "name": "a", "tags": {"env": "prod"}},
                {"arn": STAGE_ARN + "2", "endpoints": {"whip": "https://x"}},
            ]
        },
    ),
]


def fail(message):
    print(f"gen_fixtures.py: {message}", file=sys.stderr)
    sys.exit(2)


def pinned_botocore_version():
    with open(REQUIREMENTS, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line.startswith("botocore=="):
                return line.split("==", 1)[1]
    fail(f"no botocore==VERSION pin in {REQUIREMENTS}")


def sorted_deep(value):
    if isinstance(value, dict):
        return {k: sorted_deep(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [sorted_deep(v) for v in value]
    return value


def load_document():
    import yaml

    with open(SPEC, encoding="utf-8") as f:
        return yaml.safe_load(f)


def document_errors(doc):
    """Operation id -> error names, as the document lists them (fake codes 480-484)."""
    out = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            names = []
            for code, resp in op["responses"].items():
                if str(code).startswith("48"):
                    ref = resp["content"]["application/json"]["schema"]["$ref"]
                    names.append(ref.rsplit("/", 1)[1])
            out[op["operationId"]] = names
    return out


def make_client(session_token=None):
    import botocore.session
    from botocore.config import Config

    session = botocore.session.Session()
    return session.create_client(
        "ivs-realtime",
        region_name=REGION,
        endpoint_url=ENDPOINT,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
        aws_session_token=session_token,
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
    )


_CLIENTS = {}


def client_with_capture(status=200, headers=None, body=b"{}", session_token=None):
    """A cached client (creating one is slow) whose `before-send` hook answers with the response."""
    if session_token not in _CLIENTS:
        client = make_client(session_token)
        capture = Capture()
        client.meta.events.register("before-send", capture)
        _CLIENTS[session_token] = (client, capture)
    client, capture = _CLIENTS[session_token]
    capture.status = status
    capture.headers = headers or {}
    capture.body = body
    capture.requests = []
    return client, capture


class CannedBody:
    def __init__(self, data):
        self.data = data

    def stream(self, **kwargs):
        yield self.data


class Capture:
    """`before-send` hook: records the prepared request, answers with a canned response."""

    def __init__(self, status=200, headers=None, body=b"{}"):
        self.status = status
        self.headers = headers or {}
        self.body = body
        self.requests = []

    def __call__(self, request, **kwargs):
        from botocore.awsrequest import AWSResponse

        self.requests.append(request)
        return AWSResponse(request.url, self.status, dict(self.headers), CannedBody(self.body))


def snake(name):
    from botocore import xform_name

    return xform_name(name)


def sigv4_reference(canonical_request, timestamp, secret, region, service):
    """Independent SigV4 computation, to check botocore's output is self-consistent."""
    scope = f"{timestamp[:8]}/{region}/{service}/aws4_request"
    sts = "\n".join(
        ["AWS4-HMAC-SHA256", timestamp, scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )

    def h(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    k = h(h(h(h(("AWS4" + secret).encode(), timestamp[:8]), region), service), "aws4_request")
    return sts, hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()


def header_str(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def request_fixtures(doc_errors):
    import botocore.auth

    recorded = []
    original_sts = botocore.auth.SigV4Auth.string_to_sign

    def recording_sts(self, request, canonical_request):
        sts = original_sts(self, request, canonical_request)
        recorded.append((canonical_request, sts))
        return sts

    out = []
    with mock.patch("botocore.auth.get_current_datetime", return_value=FIXED_TIME), mock.patch.object(
        botocore.auth.SigV4Auth, "string_to_sign", recording_sts
    ):
        for name, operation, raw_input, with_token in REQUEST_CASES:
            if operation not in doc_errors:
                fail(f"{operation} is not an operation of the document")
            params = sorted_deep(raw_input)
            client, capture = client_with_capture(session_token=SESSION_TOKEN if with_token else None)
            recorded.clear()
            getattr(client, snake(operation))(**params)
            if len(capture.requests) != 1 or len(recorded) != 1:
                fail(f"{name}: expected exactly one signed request")
            request = capture.requests[0]
            canonical_request, string_to_sign = recorded[0]
            out.append(describe_request(name, operation, params, with_token, request, canonical_request, string_to_sign))
    return out


def describe_request(name, operation, params, with_token, request, canonical_request, string_to_sign):
    url = urlsplit(request.url)
    headers = {k.lower(): header_str(v) for k, v in request.headers.items()}
    authorization = headers["authorization"]
    prefix, _, rest = authorization.partition(" ")
    assert prefix == "AWS4-HMAC-SHA256", authorization
    parts = dict(p.strip().split("=", 1) for p in rest.split(","))
    signed_names = parts["SignedHeaders"].split(";")
    signed = []
    for h in signed_names:
        if h == "host":
            signed.append(["host", url.netloc])
        else:
            signed.append([h, headers[h]])
    query = []
    if url.query:
        for pair in url.query.split("&"):
            k, _, v = pair.partition("=")
            query.append([unquote(k), unquote(v)])
    body = request.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    body = body or None
    timestamp = headers["x-amz-date"]
    ref_sts, ref_sig = sigv4_reference(canonical_request, timestamp, SECRET_ACCESS_KEY, REGION, "ivs")
    if ref_sts != string_to_sign or ref_sig != parts["Signature"]:
        fail(f"{name}: botocore's signature is not reproducible")
    return {
        "name": name,
        "operation": operation,
        "input": params,
        "session_token": SESSION_TOKEN if with_token else None,
        "method": request.method,
        "path": url.path,
        "query_string": url.query,
        "query": query,
        "content_type": headers.get("content-type"),
        "signed_headers": signed,
        "body": body.decode("utf-8") if body is not None else None,
        "body_json": json.loads(body) if body is not None else None,
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
        "signature": parts["Signature"],
        "authorization": authorization,
    }


def minimal_input(operation):
    for _, op, params, _ in REQUEST_CASES:
        if op == operation:
            return sorted_deep(params)
    fail(f"no request case for {operation}")


def botocore_error(operation, status, headers, body):
    """Sends `operation` and returns botocore's view of the canned error response."""
    from botocore.exceptions import ClientError

    client, capture = client_with_capture(status, headers, body)
    with mock.patch("botocore.auth.get_current_datetime", return_value=FIXED_TIME):
        try:
            getattr(client, snake(operation))(**minimal_input(operation))
        except ClientError as e:
            if len(capture.requests) != 1:
                fail(f"{operation}: botocore retried an error response")
            response = e.response
            return {
                "exception": type(e).__name__,
                "code": response["Error"].get("Code"),
                "message": response["Error"].get("Message"),
                "exception_message": response.get("exceptionMessage"),
                "request_id": response["ResponseMetadata"].get("RequestId"),
                "status": response["ResponseMetadata"]["HTTPStatusCode"],
            }
    fail(f"{operation}: botocore accepted the error response {status} {body!r}")


def error_fixtures(doc_errors, model):
    statuses = {}
    for name in sorted({e for errs in doc_errors.values() for e in errs}):
        shape = model.shape_for(name)
        statuses[name] = shape.metadata["error"]["httpStatusCode"]

    cases = []
    for operation in OPERATIONS:
        modeled = [e.name for e in model.operation_model(operation).error_shapes]
        for error in doc_errors[operation]:
            if error not in modeled:
                fail(f"{operation}: the document lists {error}, botocore's model does not")
            status = statuses[error]
            message = f"{error} raised by {operation}"
            request_id = f"{operation}-{error}"
            forms = {
                "header": (
                    {
                        "x-amzn-ErrorType": f"{error}:http://internal.amazon.com/coral/com.amazonaws.ivs.realtime/",
                        "x-amzn-RequestId": request_id + "-header",
                        "Content-Type": "application/json",
                    },
                    {"exceptionMessage": message},
                ),
                "__type": (
                    {"x-amzn-RequestId": request_id + "-type", "Content-Type": "application/json"},
                    {"__type": f"com.amazonaws.ivsrealtime#{error}", "message": message},
                ),
                "code": (
                    {"x-amzn-RequestId": request_id + "-code", "Content-Type": "application/json"},
                    {"code": error, "exceptionMessage": message},
                ),
            }
            for form, (headers, body) in forms.items():
                raw = json.dumps(body).encode()
                cases.append(
                    {
                        "name": f"{operation}/{error}/{form}",
                        "operation": operation,
                        "error": error,
                        "form": form,
                        "response": {"status": status, "headers": [[k, v] for k, v in headers.items()], "body": raw.decode()},
                        "botocore": botocore_error(operation, status, headers, raw),
                    }
                )

    edge = [
        (
            "unknown_code",
            400,
            {"x-amzn-RequestId": "req-unknown", "Content-Type": "application/json"},
            {"__type": "com.amazonaws.ivsrealtime#BrandNewException", "message": "something new"},
        ),
        (
            "unknown_code_teapot",
            418,
            {"x-amzn-ErrorType": "TeapotException", "x-amzn-RequestId": "req-teapot"},
            {"message": "short and stout"},
        ),
        (
            "header_wins_over_body",
            409,
            {
                "x-amzn-ErrorType": "ConflictException:http://internal.amazon.com/coral/com.amazonaws.ivs.realtime/",
                "x-amzn-RequestId": "req-both",
            },
            {"__type": "com.amazonaws.ivsrealtime#ValidationException", "code": "ResourceNotFoundException", "message": "m"},
        ),
        (
            "code_wins_over_type",
            404,
            {"x-amzn-RequestId": "req-code-type"},
            {"__type": "com.amazonaws.ivsrealtime#ValidationException", "code": "ResourceNotFoundException", "message": "m"},
        ),
        (
            "capitalized_Message",
            400,
            {"x-amzn-RequestId": "req-cap"},
            {"__type": "ValidationException", "Message": "capital M"},
        ),
        ("no_code", 400, {"x-amzn-RequestId": "req-nocode"}, {"message": "no code anywhere"}),
    ]
    edge_cases = []
    for name, status, headers, body in edge:
        raw = json.dumps(body).encode()
        edge_cases.append(
            {
                "name": name,
                "operation": "DeleteStage",
                "response": {"status": status, "headers": [[k, v] for k, v in headers.items()], "body": raw.decode()},
                "botocore": botocore_error("DeleteStage", status, headers, raw),
            }
        )
    return statuses, cases, edge_cases


def jsonable(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return {"$timestamp": {"secs": calendar.timegm(value.timetuple()), "nanos": value.microsecond * 1000}}
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def response_fixtures():
    out = []
    for name, operation, body in RESPONSE_CASES:
        raw = json.dumps(body).encode()
        client, _ = client_with_capture(200, {"Content-Type": "application/json", "x-amzn-RequestId": "req-ok"}, raw)
        with mock.patch("botocore.auth.get_current_datetime", return_value=FIXED_TIME):
            parsed = getattr(client, snake(operation))(**minimal_input(operation))
        parsed.pop("ResponseMetadata", None)
        out.append({"name": name, "operation": operation, "body": raw.decode(), "botocore": jsonable(parsed)})
    return out


def generate():
    import botocore
    import botocore.session

    pinned = pinned_botocore_version()
    if botocore.__version__ != pinned:
        fail(
            f"botocore {botocore.__version__} is installed, the fixtures are made with {pinned}: "
            f"python3 -m pip install -r {os.path.relpath(REQUIREMENTS)}"
        )
    # Nothing from the environment or config files may change what botocore does.
    for key in list(os.environ):
        if key.startswith("AWS_"):
            del os.environ[key]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

    doc = load_document()
    doc_errors = document_errors(doc)
    if sorted(doc_errors) != sorted(OPERATIONS):
        fail(f"the document's operations changed: {sorted(doc_errors)}")
    covered = {op for _, op, _, _ in REQUEST_CASES}
    if covered != set(OPERATIONS):
        fail(f"operations without a request case: {sorted(set(OPERATIONS) - covered)}")

    model = botocore.session.Session().get_service_model("ivs-realtime")
    statuses, error_cases, edge_cases = error_fixtures(doc_errors, model)
    fixtures = {
        "_comment": "Generated by gen_fixtures.py from botocore; do not edit. Regenerate: python3 generated-sdk/tests/botocore/gen_fixtures.py",
        "botocore_version": botocore.__version__,
        "endpoint_url": ENDPOINT,
        "port": PORT,
        "region": REGION,
        "signing_name": model.metadata["signingName"],
        "time": FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "time_epoch_secs": calendar.timegm(FIXED_TIME.timetuple()),
        "access_key_id": ACCESS_KEY_ID,
        "secret_access_key": SECRET_ACCESS_KEY,
        "requests": request_fixtures(doc_errors),
        "error_status": statuses,
        "operation_errors": {op: doc_errors[op] for op in OPERATIONS},
        "botocore_operation_errors": {
            op: [e.name for e in model.operation_model(op).error_shapes] for op in OPERATIONS
        },
        "errors": error_cases,
        "error_edge_cases": edge_cases,
        "responses": response_fixtures(),
    }
    return json.dumps(fixtures, indent=2, ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if fixtures.json is stale")
    args = parser.parse_args()
    text = generate()
    # Determinism: a second run in the same process must give the same bytes.
    if generate() != text:
        fail("generation is not deterministic")
    if args.check:
        try:
            with open(OUT, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            print(
                f"{os.path.relpath(OUT)} is stale: run python3 {os.path.relpath(__file__)}",
                file=sys.stderr,
            )
            sys.exit(1)
        print(f"{os.path.relpath(OUT)} is up to date")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
