#!/usr/bin/env python3
"""Test server for the tfwhy conformance suite: moto 5.2.1 plus the stubs moto lacks, on one loopback port.

Usage: python3 moto_server.py --port PORT --log FILE   (or env TFWHY_REQUEST_LOG)

What it adds around moto's WSGI app (moto.server's DomainDispatcherApplication):
- Patches moto's SigV4 re-signing bug: `IAMRequestBase._create_aws_request`
  rebuilds the request from the percent-DECODED URL, so with IAM enforcement on, every request whose path or query
  holds `:` or `/` (Terraform lists with `prefix=env%3A%2F`) fails with SignatureDoesNotMatch. We re-encode the path
  (S3 only; botocore encodes other services' paths itself) and the query per SigV4 (RFC 3986 unreserved kept)
  before moto's check.
- Logs every request as one JSON line: access key id + service + region (credential scope, header or presigned),
  operation (X-Amz-Target / Action / S3 method+path), status, and for AssumeRole* the role ARN and the temporary key
  moto issued (so an ASIA key seen later can be traced to "assumed role X"), the `prefix` of S3 ListObjectsV2 and
  the `LockID` of DynamoDB item calls (which workspace's state and lock Terraform used), the `ConditionExpression`
  of DynamoDB calls, and the S3 encryption and `If-None-Match` request headers (SSE-C keys are never logged).
- Reshapes moto's auth error bodies the way AWS sends them, so the Go SDK (Terraform) prints real error codes:
  STS/IAM `<ErrorResponse><Errors><Error>` -> `<ErrorResponse><Error>`; DynamoDB 403 XML -> 400 JSON.
- Stubs: SSO portal `GET /federation/credentials`, IMDS (`/latest/...`, IMDSv2 token), a container credentials
  endpoint (`/container-credentials...`, for AWS_CONTAINER_CREDENTIALS_FULL_URI).
- AWS behaviour moto lacks, per setup and only with IAM enforcement on (setup `awsMissingKey403`,
  `headBucketAsListBucket`, both default true with `enforceAuth`; see `_aws_missing_key` and `_set_action_aws`):
  a missing key answers 403 AccessDenied (not 404) when the caller lacks s3:ListBucket on the bucket, as AWS does
  (GetObject/HeadObject API reference); HeadBucket is authorised as s3:ListBucket (moto asks for the non-existent
  action s3:HeadBucket, so it denies every HeadBucket).
- Control endpoints for the harness: `POST /_harness/reset`, `POST /_harness/setup` (JSON), `GET /_harness/ping`,
  `GET /_harness/contents` (every object version and DynamoDB item, to prove a client left nothing behind).
Binds 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable

import moto.iam.access_control as access_control
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import WSGIRequestHandler, run_simple

ACCOUNT_ID = "123456789012"
SETUP_KEY = "AKIAHARNESSSETUP0000"  # requests the harness makes itself; not logged
SECRET = "harness-secret"

# ---------------------------------------------------------------------------------------------------------------
# 1. moto SigV4 re-signing fix


def _sigv4_quote(text: str, safe: str) -> str:
    return urllib.parse.quote(text, safe=safe)


_orig_create_aws_request = access_control.IAMRequestBase._create_aws_request


def _create_aws_request_fixed(self: Any) -> Any:
    """Same as moto's, but with the URL re-encoded the way SigV4 canonicalises it."""
    request = _orig_create_aws_request(self)
    path, _, query = str(self._path).partition("?")
    if self._service == "s3":
        # S3SigV4Auth uses the path verbatim, so give it the encoded form (each byte but unreserved and '/').
        path = _sigv4_quote(urllib.parse.unquote(path), safe="/~")
    pairs = []
    if query:
        for pair in query.split("&"):
            key, _, value = pair.partition("=")
            pairs.append(
                _sigv4_quote(urllib.parse.unquote(key), safe="-_.~")
                + "="
                + _sigv4_quote(urllib.parse.unquote(value), safe="-_.~")
            )
    request.url = path + ("?" + "&".join(pairs) if pairs else "")
    return request


access_control.IAMRequestBase._create_aws_request = _create_aws_request_fixed

# 1b. HeadBucket authorised as s3:ListBucket (AWS's rule), when the setup asks for it

import moto.s3.responses as s3_responses  # noqa: E402

_orig_set_action = s3_responses.S3Response._set_action


def _set_action_aws(self: Any, action_resource_type: str, method: str, querystring: dict[str, Any]) -> None:
    _orig_set_action(self, action_resource_type, method, querystring)
    with STATE_LOCK:
        as_list = STATE["head_bucket_as_list"]
    if as_list and action_resource_type == "BUCKET" and method == "HEAD":
        self.data["Action"] = "ListBucket"


s3_responses.S3Response._set_action = _set_action_aws

# ---------------------------------------------------------------------------------------------------------------
# 2. Stub state (reset by /_harness/reset)


def _default_state() -> dict[str, Any]:
    return {
        # token -> access key id returned by GetRoleCredentials
        "sso_tokens": {},
        "imds": {"enabled": True, "role": "tfwhy-imds-role", "keyId": "ASIATFWHYSTUB000IMDS"},
        "container": {"keyId": "ASIATFWHYSTUB000CONT", "token": None},
        # bucket -> region, to answer 301 like AWS when a request is signed for another region (moto does not)
        "bucket_regions": {},
        # AWS behaviour switched on per setup (only meaningful with enforceAuth)
        "missing_key_403": False,
        "head_bucket_as_list": False,
    }


STATE: dict[str, Any] = _default_state()
STATE_LOCK = threading.Lock()


def _expiration(hours: int = 1) -> str:
    return (datetime.now(timezone.utc) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------------------------
# 3. Request parsing helpers

CRED_RE = re.compile(r"Credential=([^/,\s]+)/(\d+)/([^/]+)/([^/]+)/aws4_request")


def _read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def _credential(environ: dict[str, Any], query: dict[str, list[str]]) -> tuple[str | None, str | None, str | None]:
    """(access key id, region, service) from the Authorization header or a presigned query."""
    match = CRED_RE.search(environ.get("HTTP_AUTHORIZATION", ""))
    if match:
        return match.group(1), match.group(3), match.group(4)
    cred = (query.get("X-Amz-Credential") or [""])[0]
    parts = cred.split("/")
    if len(parts) >= 4:
        return parts[0], parts[2], parts[3]
    return None, None, None


def _s3_operation(method: str, path: str, query: dict[str, list[str]]) -> str:
    segments = [s for s in path.split("/") if s]
    if len(segments) <= 1:
        if method == "GET" and "list-type" in query:
            return "ListObjectsV2"
        return {"GET": "ListObjects", "HEAD": "HeadBucket", "PUT": "CreateBucket", "DELETE": "DeleteBucket"}.get(
            method, method
        )
    return {"GET": "GetObject", "HEAD": "HeadObject", "PUT": "PutObject", "DELETE": "DeleteObject"}.get(method, method)


def _operation(environ: dict[str, Any], service: str | None, query: dict[str, list[str]], body: bytes) -> str:
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target.split(".")[-1]
    if "Action" in query:
        return query["Action"][0]
    if body and "form-urlencoded" in environ.get("CONTENT_TYPE", ""):
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return form["Action"][0]
    if service == "s3":
        return _s3_operation(environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"), query)
    return f'{environ["REQUEST_METHOD"]} {environ.get("PATH_INFO", "/")}'


def _lock_id(body: bytes) -> str | None:
    """The `LockID` of a DynamoDB item request (GetItem/DeleteItem `Key`, PutItem `Item`), for workspace paths."""
    try:
        doc = json.loads(body or b"{}")
    except ValueError:
        return None
    item = doc.get("Key") or doc.get("Item") or {}
    value = item.get("LockID", {}).get("S") if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def _condition(body: bytes) -> str | None:
    """The `ConditionExpression` of a DynamoDB request (the lock's `attribute_not_exists(LockID)`)."""
    try:
        value = json.loads(body or b"{}").get("ConditionExpression")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


# S3 request headers worth asserting (encryption, conditional writes); logged only when sent
_S3_HEADERS = {
    "HTTP_X_AMZ_SERVER_SIDE_ENCRYPTION": "sse",
    "HTTP_X_AMZ_SERVER_SIDE_ENCRYPTION_AWS_KMS_KEY_ID": "sseKmsKeyId",
    "HTTP_X_AMZ_SERVER_SIDE_ENCRYPTION_CUSTOMER_ALGORITHM": "sseCustomerAlgorithm",
    "HTTP_IF_NONE_MATCH": "ifNoneMatch",
}


def _s3_headers(environ: dict[str, Any]) -> dict[str, Any]:
    headers: dict[str, Any] = {field: environ[name] for name, field in _S3_HEADERS.items() if environ.get(name)}
    if environ.get("HTTP_X_AMZ_SERVER_SIDE_ENCRYPTION_CUSTOMER_KEY"):
        headers["sseCustomerKey"] = True  # that it was sent, never the key
    return headers


def _form(body: bytes, query: dict[str, list[str]]) -> dict[str, str]:
    merged = {k: v[0] for k, v in query.items()}
    try:
        merged.update({k: v[0] for k, v in urllib.parse.parse_qs(body.decode("utf-8", "replace")).items()})
    except Exception:  # noqa: BLE001 - binary bodies
        pass
    return merged


# ---------------------------------------------------------------------------------------------------------------
# 4. The WSGI app

Start = Callable[..., Any]


class HarnessApp:
    def __init__(self, moto_app: Any, log_path: str, port: int) -> None:
        self.moto_app = moto_app
        self.log_path = log_path
        self.port = port
        self.log_lock = threading.Lock()
        self._clients: dict[str, Any] = {}

    # -- logging
    def log(self, record: dict[str, Any]) -> None:
        record["t"] = round(time.time(), 3)
        line = json.dumps(record, sort_keys=True)
        with self.log_lock, open(self.log_path, "a", encoding="utf-8") as f:
            f.write(line + "\n")

    # -- entry point
    def __call__(self, environ: dict[str, Any], start_response: Start) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        if path.startswith("/_harness/"):
            return self.control(environ, start_response, path)
        if path == "/federation/credentials":
            return self.sso(environ, start_response)
        if path.startswith("/latest/"):
            return self.imds(environ, start_response)
        if path.startswith("/container-credentials"):
            return self.container(environ, start_response)
        return self.aws(environ, start_response)

    # -- moto, logged and reshaped
    def aws(self, environ: dict[str, Any], start_response: Start) -> Iterable[bytes]:
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        body = _read_body(environ)
        key_id, region, service = _credential(environ, query)
        operation = _operation(environ, service, query, body)
        redirect = self._wrong_region(environ, service, region, key_id, operation)
        if redirect is not None:
            return redirect(start_response)

        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            captured["status"] = status
            captured["headers"] = headers
            return lambda _data: None

        result = self.moto_app(environ, capture)
        try:
            out = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        status: str = captured.get("status", "500 INTERNAL SERVER ERROR")
        headers: list[tuple[str, str]] = list(captured.get("headers", []))
        status, headers, out = _reshape_error(service, status, headers, out)
        if service == "s3" and status.startswith("404") and key_id != SETUP_KEY:
            status, headers, out = _aws_missing_key(environ, body, status, headers, out)

        if key_id != SETUP_KEY and not environ.get("PATH_INFO", "").startswith("/moto-api"):
            record: dict[str, Any] = {
                "keyId": key_id,
                "service": service,
                "region": region,
                "operation": operation,
                "method": environ["REQUEST_METHOD"],
                "path": environ.get("PATH_INFO", "/"),
                "status": int(status.split(" ")[0]),
                "sessionToken": bool(environ.get("HTTP_X_AMZ_SECURITY_TOKEN")),
            }
            if operation in ("AssumeRole", "AssumeRoleWithWebIdentity"):
                form = _form(body, query)
                record["roleArn"] = form.get("RoleArn")
                record["roleSessionName"] = form.get("RoleSessionName")
                if operation == "AssumeRoleWithWebIdentity":
                    record["webIdentityToken"] = form.get("WebIdentityToken")
                issued = re.search(rb"<AccessKeyId>([^<]+)</AccessKeyId>", out)
                if issued:
                    record["issuedKeyId"] = issued.group(1).decode()
            if service == "s3" and operation == "ListObjectsV2":
                record["prefix"] = query.get("prefix", [""])[0]
            if service == "dynamodb":
                record["lockId"] = _lock_id(body)
                condition = _condition(body)
                if condition:
                    record["condition"] = condition
            if service == "s3":
                record.update(_s3_headers(environ))
            if record["status"] >= 400:
                record["error"] = out[:300].decode("utf-8", "replace")
            self.log(record)
        start_response(status, headers)
        return [out]

    def _wrong_region(
        self, environ: dict[str, Any], service: str | None, region: str | None, key_id: str | None, operation: str
    ) -> Any:
        """AWS answers 301 PermanentRedirect (+ x-amz-bucket-region) to a request signed for the wrong region."""
        if service != "s3" or key_id == SETUP_KEY:
            return None
        bucket = environ.get("PATH_INFO", "/").lstrip("/").split("/")[0]
        with STATE_LOCK:
            actual = STATE["bucket_regions"].get(bucket)
        if actual is None or actual == region:
            return None
        self.log(
            {
                "keyId": key_id,
                "service": service,
                "region": region,
                "operation": operation,
                "method": environ["REQUEST_METHOD"],
                "path": environ.get("PATH_INFO", "/"),
                "status": 301,
                "error": f"PermanentRedirect (bucket in {actual})",
            }
        )
        body = b"" if environ["REQUEST_METHOD"] == "HEAD" else (
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>PermanentRedirect</Code><Message>The bucket you are "
            "attempting to access must be addressed using the specified endpoint. Please send all future requests to "
            f"this endpoint.</Message><Endpoint>s3.{actual}.amazonaws.com</Endpoint><Bucket>{bucket}</Bucket></Error>"
        ).encode()
        headers = [("Content-Type", "application/xml"), ("x-amz-bucket-region", actual), ("Content-Length", str(len(body)))]

        def respond(start_response: Start) -> Iterable[bytes]:
            start_response("301 MOVED PERMANENTLY", headers)
            return [body]

        return respond

    # -- SSO portal GetRoleCredentials
    def sso(self, environ: dict[str, Any], start_response: Start) -> Iterable[bytes]:
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        token = environ.get("HTTP_X_AMZ_SSO_BEARER_TOKEN", "")
        with STATE_LOCK:
            key_id = STATE["sso_tokens"].get(token)
        record = {
            "service": "sso",
            "operation": "GetRoleCredentials",
            "keyId": None,
            "ssoToken": token,
            "accountId": (query.get("account_id") or [None])[0],
            "roleName": (query.get("role_name") or [None])[0],
        }
        if key_id is None:
            record.update(status=401)
            self.log(record)
            body = json.dumps({"message": "Session token not found or invalid"}).encode()
            start_response(
                "401 UNAUTHORIZED",
                [("Content-Type", "application/json"), ("x-amzn-ErrorType", "UnauthorizedException")],
            )
            return [body]
        record.update(status=200, issuedKeyId=key_id)
        self.log(record)
        body = json.dumps(
            {
                "roleCredentials": {
                    "accessKeyId": key_id,
                    "secretAccessKey": SECRET,
                    "sessionToken": "sso-session-token",
                    "expiration": int((time.time() + 3600) * 1000),
                }
            }
        ).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]

    # -- IMDS (v2 token + role credentials)
    def imds(self, environ: dict[str, Any], start_response: Start) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        method = environ["REQUEST_METHOD"]
        with STATE_LOCK:
            imds = dict(STATE["imds"])
        self.log({"service": "imds", "operation": f"{method} {path}", "keyId": None, "status": 200})

        def reply(status: str, text: str, ctype: str = "text/plain") -> Iterable[bytes]:
            start_response(status, [("Content-Type", ctype)])
            return [text.encode()]

        if path == "/latest/api/token" and method == "PUT":
            return reply("200 OK", "imds-stub-token")
        if not imds["enabled"]:
            return reply("404 NOT FOUND", "")
        base = "/latest/meta-data/iam/security-credentials"
        if path in (base, base + "/"):
            return reply("200 OK", imds["role"])
        if path == f'{base}/{imds["role"]}':
            self.log({"service": "imds", "operation": "RoleCredentials", "keyId": None, "issuedKeyId": imds["keyId"]})
            return reply(
                "200 OK",
                json.dumps(
                    {
                        "Code": "Success",
                        "LastUpdated": _expiration(0),
                        "Type": "AWS-HMAC",
                        "AccessKeyId": imds["keyId"],
                        "SecretAccessKey": SECRET,
                        "Token": "imds-session-token",
                        "Expiration": _expiration(),
                    }
                ),
                "application/json",
            )
        if path == "/latest/meta-data/iam/info":
            return reply(
                "200 OK",
                json.dumps(
                    {
                        "Code": "Success",
                        "LastUpdated": _expiration(0),
                        "InstanceProfileArn": f"arn:aws:iam::{ACCOUNT_ID}:instance-profile/{imds['role']}",
                        "InstanceProfileId": "AIPATFWHYSTUB",
                    }
                ),
                "application/json",
            )
        if path == "/latest/dynamic/instance-identity/document":
            return reply(
                "200 OK",
                json.dumps({"region": "us-east-1", "accountId": ACCOUNT_ID}),
                "application/json",
            )
        if path == "/latest/meta-data/placement/region":
            return reply("200 OK", "us-east-1")
        return reply("404 NOT FOUND", "")

    # -- container credentials endpoint
    def container(self, environ: dict[str, Any], start_response: Start) -> Iterable[bytes]:
        with STATE_LOCK:
            cont = dict(STATE["container"])
        auth = environ.get("HTTP_AUTHORIZATION")
        ok = cont["token"] is None or auth == cont["token"]
        self.log(
            {
                "service": "container",
                "operation": "GetCredentials",
                "keyId": None,
                "authorization": auth,
                "status": 200 if ok else 401,
                **({"issuedKeyId": cont["keyId"]} if ok else {}),
            }
        )
        if not ok:
            start_response("401 UNAUTHORIZED", [("Content-Type", "application/json")])
            return [json.dumps({"code": "Unauthorized", "message": "bad token"}).encode()]
        start_response("200 OK", [("Content-Type", "application/json")])
        body = {
            "AccessKeyId": cont["keyId"],
            "SecretAccessKey": SECRET,
            "Token": "container-session-token",
            "Expiration": _expiration(),
            "RoleArn": f"arn:aws:iam::{ACCOUNT_ID}:role/tfwhy-container-role",
        }
        return [json.dumps(body).encode()]

    # -- harness control
    def control(self, environ: dict[str, Any], start_response: Start, path: str) -> Iterable[bytes]:
        body = _read_body(environ)
        try:
            if path == "/_harness/ping":
                result: Any = {"ok": True}
            elif path == "/_harness/reset":
                result = self.reset()
            elif path == "/_harness/setup":
                result = self.setup(json.loads(body or b"{}"))
            elif path == "/_harness/contents":
                result = self.contents()
            else:
                start_response("404 NOT FOUND", [("Content-Type", "application/json")])
                return [b'{"error":"unknown control path"}']
        except Exception as e:  # noqa: BLE001 - report setup errors to the harness
            start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "application/json")])
            return [json.dumps({"error": f"{type(e).__name__}: {e}"}).encode()]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(result).encode()]

    def _client(self, service: str) -> Any:
        if service not in self._clients:
            import boto3  # imported lazily: only setup needs it

            self._clients[service] = boto3.client(
                service,
                region_name="us-east-1",
                endpoint_url=f"http://127.0.0.1:{self.port}",
                aws_access_key_id=SETUP_KEY,
                aws_secret_access_key=SECRET,
            )
        return self._clients[service]

    def reset(self) -> dict[str, Any]:
        from moto.core import DEFAULT_ACCOUNT_ID  # noqa: F401
        from moto.backends import get_backend  # noqa: F401
        from moto import settings
        from moto.moto_api._internal import moto_api_backend

        moto_api_backend.reset()
        settings.INITIAL_NO_AUTH_ACTION_COUNT = float("inf")
        with STATE_LOCK:
            STATE.clear()
            STATE.update(_default_state())
        return {"ok": True}

    def setup(self, spec: dict[str, Any]) -> dict[str, Any]:
        """spec: {buckets: [{name, region?}], objects: [{bucket?, key, body}], tables: [name],
        items: [{table, item: {attribute: string}}],
        users: [{name, accessKeyId, secretAccessKey?, policy?}],
        roles: [{name, trust?, policy?}], ssoTokens: {token: keyId}, imds: {enabled?, keyId?, role?},
        container: {keyId?, token?}, enforceAuth: bool, awsMissingKey403?: bool, headBucketAsListBucket?: bool,
        versionedBuckets: [name], bucketPolicies: [{bucket, policy}]}"""
        for bucket in spec.get("buckets", []):
            region = bucket.get("region", "us-east-1")
            s3 = self._client("s3")
            if region == "us-east-1":
                s3.create_bucket(Bucket=bucket["name"])
            else:
                s3.create_bucket(Bucket=bucket["name"], CreateBucketConfiguration={"LocationConstraint": region})
            if "region" in bucket:  # only buckets with an explicit region answer 301 to other regions
                with STATE_LOCK:
                    STATE["bucket_regions"][bucket["name"]] = region
        for name in spec.get("versionedBuckets", []):
            self._client("s3").put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        for obj in spec.get("objects", []):
            bucket_name = obj.get("bucket", "tfstate")
            self._client("s3").put_object(Bucket=bucket_name, Key=obj["key"], Body=obj["body"].encode())
        # after the objects: moto applies a Deny to every caller (the setup key too), for object GET/PUT only
        for entry in spec.get("bucketPolicies", []):
            self._client("s3").put_bucket_policy(Bucket=entry["bucket"], Policy=json.dumps(entry["policy"]))
        for table in spec.get("tables", []):
            self._client("dynamodb").create_table(
                TableName=table,
                KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
        for entry in spec.get("items", []):  # e.g. a held DynamoDB lock or a state digest
            item = {name: {"S": value} for name, value in entry["item"].items()}
            self._client("dynamodb").put_item(TableName=entry["table"], Item=item)
        iam = self._client("iam") if spec.get("users") or spec.get("roles") else None
        for user in spec.get("users", []):
            iam.create_user(UserName=user["name"])
            if user.get("policy"):
                iam.put_user_policy(
                    UserName=user["name"], PolicyName="inline", PolicyDocument=json.dumps(user["policy"])
                )
            created = iam.create_access_key(UserName=user["name"])["AccessKey"]["AccessKeyId"]
            _set_user_key(user["name"], created, user["accessKeyId"], user.get("secretAccessKey", SECRET))
        for role in spec.get("roles", []):
            trust = role.get("trust") or {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}, "Action": "sts:AssumeRole"},
                    {"Effect": "Allow", "Principal": {"Federated": "*"}, "Action": "sts:AssumeRoleWithWebIdentity"},
                ],
            }
            iam.create_role(RoleName=role["name"], AssumeRolePolicyDocument=json.dumps(trust))
            if role.get("policy"):
                iam.put_role_policy(RoleName=role["name"], PolicyName="inline", PolicyDocument=json.dumps(role["policy"]))
        with STATE_LOCK:
            STATE["sso_tokens"].update(spec.get("ssoTokens", {}))
            STATE["imds"].update(spec.get("imds", {}))
            STATE["container"].update(spec.get("container", {}))
        with STATE_LOCK:
            enforce = bool(spec.get("enforceAuth"))
            STATE["missing_key_403"] = enforce and spec.get("awsMissingKey403", True) is not False
            STATE["head_bucket_as_list"] = enforce and spec.get("headBucketAsListBucket", True) is not False
        if spec.get("enforceAuth"):
            from moto import settings

            settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
            # moto counts requests since the last reset-auth; POST /moto-api/reset-auth does the same reset.
            from moto.core.responses import ActionAuthenticatorMixin

            ActionAuthenticatorMixin.request_count = 0
        return {"ok": True}


def _contents(self: "HarnessApp") -> dict[str, Any]:
    """Every object version / delete marker of every bucket and every DynamoDB item, read from moto's backends
    (not over HTTP: the setup key is not an IAM user once enforcement is on)."""
    from moto.dynamodb.models import dynamodb_backends
    from moto.s3.models import FakeDeleteMarker, s3_backends

    objects: list[dict[str, Any]] = []
    for name, bucket in sorted(s3_backends[ACCOUNT_ID]["aws"].buckets.items()):
        for key in sorted(bucket.keys.keys()):
            for v in bucket.keys.getlist(key) or []:
                marker = isinstance(v, FakeDeleteMarker)
                objects.append(
                    {"bucket": name, "key": key, "version": str(v.version_id), "deleteMarker": marker,
                     "etag": None if marker else v.etag}
                )
    items: list[dict[str, Any]] = []
    for region, backend in sorted(dynamodb_backends[ACCOUNT_ID].items()):
        for table_name, table in sorted(backend.tables.items()):
            for item in table.all_items():
                items.append({"table": f"{region}/{table_name}", "item": json.dumps(item.to_json(), sort_keys=True)})
    items.sort(key=lambda i: json.dumps(i, sort_keys=True))
    return {"objects": objects, "items": items}


HarnessApp.contents = _contents  # type: ignore[attr-defined]


def _aws_missing_key(
    environ: dict[str, Any], body: bytes, status: str, headers: list[tuple[str, str]], out: bytes
) -> tuple[str, list[tuple[str, str]], bytes]:
    """AWS answers 403 AccessDenied for a missing key when the caller lacks s3:ListBucket on the bucket; moto 404s.
    Decided by moto's own IAM evaluator (S3IAMRequest.check_action_permitted on the bucket ARN)."""
    with STATE_LOCK:
        wanted = STATE["missing_key_403"]
    method = environ["REQUEST_METHOD"]
    segments = [s for s in environ.get("PATH_INFO", "/").split("/") if s]
    if not wanted or method not in ("GET", "HEAD") or len(segments) < 2:
        return status, headers, out
    if method == "GET" and b"NoSuchKey" not in out:
        return status, headers, out
    bucket = segments[0]
    from moto.s3.models import s3_backends

    if bucket not in s3_backends[ACCOUNT_ID]["aws"].buckets:  # NoSuchBucket stays 404
        return status, headers, out
    request_headers = {"Authorization": environ.get("HTTP_AUTHORIZATION", "")}
    if environ.get("HTTP_X_AMZ_SECURITY_TOKEN"):
        request_headers["X-Amz-Security-Token"] = environ["HTTP_X_AMZ_SECURITY_TOKEN"]
    try:
        request = access_control.S3IAMRequest(
            account_id=ACCOUNT_ID,
            method=method,
            path=environ.get("PATH_INFO", "/"),
            data={"BucketName": bucket},
            body=body,
            headers=request_headers,
            action="ListBucket",
        )
        request.check_action_permitted(f"arn:aws:s3:::{bucket}")
        return status, headers, out
    except Exception as e:  # noqa: BLE001 - moto raises its AccessDenied error types
        if "AccessDenied" not in type(e).__name__:
            return status, headers, out
    text = b"" if method == "HEAD" else (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>'
        b"<RequestId>harness</RequestId></Error>"
    )
    new_headers = [(k, v) for k, v in headers if k.lower() not in ("content-length", "content-type")]
    new_headers += [("Content-Type", "application/xml"), ("Content-Length", str(len(text)))]
    return "403 FORBIDDEN", new_headers, text


def _set_user_key(user: str, created: str, wanted: str, secret: str) -> None:
    """moto generates key ids; give the user's key the id the scenario wants (moto looks keys up by iterating)."""
    from moto.iam.models import iam_backends

    for key in iam_backends[ACCOUNT_ID]["aws"].get_user(user).access_keys:
        if key.access_key_id == created:
            key.access_key_id = wanted
            key.secret_access_key = secret


def _reshape_error(
    service: str | None, status: str, headers: list[tuple[str, str]], body: bytes
) -> tuple[str, list[tuple[str, str]], bytes]:
    """Make moto's auth error bodies look like AWS's, so the Go SDK can parse them."""
    code = int(status.split(" ")[0])
    if code < 400:
        return status, headers, body
    text = body.decode("utf-8", "replace")
    if service in ("sts", "iam") and "<Errors>" in text:
        text = re.sub(r"<Errors>\s*", "", text)
        text = re.sub(r"\s*</Errors>", "", text)
        body = text.encode()
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        return status, headers, body
    if service == "dynamodb" and text.lstrip().startswith("<"):
        err_code = re.search(r"<Code>([^<]+)</Code>", text)
        message = re.search(r"<Message>([^<]*)</Message>", text)
        name = err_code.group(1) if err_code else "AccessDeniedException"
        if name == "InvalidClientTokenId":
            name = "UnrecognizedClientException"
        elif name == "AccessDenied":
            name = "AccessDeniedException"
        body = json.dumps(
            {"__type": f"com.amazonaws.dynamodb.v20120810#{name}", "message": message.group(1) if message else name}
        ).encode()
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-length", "content-type")]
        headers += [("Content-Type", "application/x-amz-json-1.0"), ("Content-Length", str(len(body)))]
        return "400 BAD REQUEST", headers, body
    return status, headers, body


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:  # werkzeug's access log is noise here
        pass

    def make_environ(self) -> dict[str, Any]:
        # werkzeug drops headers with '_' in their name; the SSO portal's bearer token header is
        # `x-amz-sso_bearer_token`, so put those back.
        environ = super().make_environ()
        for name, value in self.headers.items():
            if "_" in name:
                environ["HTTP_" + name.upper().replace("-", "_")] = value
        return environ


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", default=os.environ.get("TFWHY_REQUEST_LOG"))
    args = parser.parse_args()
    if not args.log:
        sys.exit("moto_server.py: --log FILE or TFWHY_REQUEST_LOG is required")
    open(args.log, "a").close()
    moto_app = DomainDispatcherApplication(create_backend_app)
    app = HarnessApp(moto_app, args.log, args.port)
    run_simple("127.0.0.1", args.port, app, threaded=True, use_reloader=False, request_handler=QuietHandler)


if __name__ == "__main__":
    main()
