#!/usr/bin/env python3
"""conformance/harness/moto_server.py plus one reshaping it lacks: KMS auth errors; and clearer log names.

moto answers KMS requests that IAM enforcement rejects with the STS-style XML body
(`<ErrorResponse><Errors><Error>…`), which the AWS SDKs cannot parse for a JSON-protocol service.
AWS sends them as HTTP 400 JSON (`AccessDeniedException`, `UnrecognizedClientException`), as the
harness already does for DynamoDB.

The harness logs every bucket-level GET without `list-type` as `ListObjects`; here a bucket sub-resource
request (`?policy`, `?versioning`, `?encryption`, …) is logged by its operation name (`GetBucketPolicy`…),
so tests can count each. Everything else is the harness, unchanged. Same arguments.
"""
from __future__ import annotations

import json
import os
import re
import sys

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "conformance", "harness")
sys.path.insert(0, os.path.normpath(HARNESS))

import moto_server as harness  # noqa: E402

_reshape = harness._reshape_error


def _reshape_with_kms(service, status, headers, body):
    code = int(status.split(" ")[0])
    text = body.decode("utf-8", "replace")
    if service == "kms" and code >= 400 and text.lstrip().startswith("<"):
        err = re.search(r"<Code>([^<]+)</Code>", text)
        message = re.search(r"<Message>([^<]*)</Message>", text)
        name = err.group(1) if err else "AccessDeniedException"
        name = {"InvalidClientTokenId": "UnrecognizedClientException", "AccessDenied": "AccessDeniedException"}.get(name, name)
        out = json.dumps({"__type": name, "message": message.group(1) if message else name}).encode()
        kept = [(k, v) for k, v in headers if k.lower() not in ("content-length", "content-type")]
        return "400 BAD REQUEST", kept + [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(out)))], out
    return _reshape(service, status, headers, body)


harness._reshape_error = _reshape_with_kms

_s3_operation = harness._s3_operation
_SUBRESOURCES = {
    "policy": "BucketPolicy",
    "versioning": "BucketVersioning",
    "encryption": "BucketEncryption",
    "location": "BucketLocation",
    "acl": "BucketAcl",
    "tagging": "BucketTagging",
}


def _s3_operation_named(method, path, query):
    if len([s for s in path.split("/") if s]) == 1:
        verb = {"GET": "Get", "PUT": "Put", "DELETE": "Delete"}.get(method)
        for sub, name in _SUBRESOURCES.items():
            if verb and sub in query:
                return verb + name
    return _s3_operation(method, path, query)


harness._s3_operation = _s3_operation_named

if __name__ == "__main__":
    harness.main()
