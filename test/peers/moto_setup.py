#!/usr/bin/env python3
"""Provision a running moto server with the IAM/STS principals sigv4-kit's interop tests sign with.

Needs: Python 3.10+ with `pip install "moto[server]" boto3` (moto 5.x).
Run by test/support/motoServer.ts (startMoto):

    python3 test/peers/moto_setup.py --endpoint http://127.0.0.1:PORT [--region us-east-1] [--prefix sigv4kit]

Steps:
  1. POST /moto-api/reset-auth "inf": checking OFF. The server starts with checking on
     (INITIAL_NO_AUTH_ACTION_COUNT=0), and no principal exists yet that could call CreateUser.
  2. Creates, with dummy credentials:
       - user <prefix>-user + access key, managed policy <prefix>-mediaconnect-sts
         (mediaconnect:ListFlows/DescribeFlow/CreateFlow, sts:AssumeRole, sts:GetSessionToken);
       - user <prefix>-denied + access key, no policy (for AccessDenied tests);
       - roles <prefix>-role (trusts the user), -role-extid (+ sts:ExternalId condition),
         -role-mfa (+ aws:MultiFactorAuthPresent, which moto does not evaluate; a virtual MFA
         device is enabled for the user), -role-web (an OIDC provider), -role-saml (a SAML provider),
         each allowed mediaconnect:ListFlows and DescribeFlow.
  3. POST /moto-api/reset-auth "0": checking ON, then GetCallerIdentity and AssumeRole on
     <prefix>-role under checking, as a smoke test; the temporary credentials are printed too.
  4. Prints one JSON object (the `MotoSetup` shape of motoServer.ts, without `chain`).

Trust policies name the user's ARN exactly: moto compares the caller ARN with Principal.AWS
literally, so an account root ARN would deny AssumeRole. Exit 0 on success; otherwise a message
on stderr and exit 1. Refuses any endpoint that is not loopback.
"""
import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import boto3
import botocore.exceptions
from botocore.config import Config

USER_ACTIONS = ["mediaconnect:ListFlows", "mediaconnect:DescribeFlow", "mediaconnect:CreateFlow",
                "sts:AssumeRole", "sts:GetSessionToken"]
ROLE_ACTIONS = ["mediaconnect:ListFlows", "mediaconnect:DescribeFlow"]
BOOTSTRAP_KEY = ("AKIABOOTSTRAPDUMMY00", "bootstrap")  # any key works while checking is off


def reset_auth(endpoint: str, count: str) -> None:
    # text/plain, not form-urlencoded: Flask would move a form body into request.form and moto
    # would then parse float('') and answer HTTP 500.
    req = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=count.encode(), method="POST",
                                 headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(req, timeout=10) as r:
        r.read()


def policy(statements: list) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def saml_metadata(prefix: str) -> str:
    # IAM (and botocore's parameter validation) want at least 1000 characters; moto never parses it.
    return (
        "<?xml version='1.0'?><EntityDescriptor xmlns='urn:oasis:names:tc:SAML:2.0:metadata' "
        f"entityID='https://idp.{prefix}.test/saml'><IDPSSODescriptor "
        "protocolSupportEnumeration='urn:oasis:names:tc:SAML:2.0:protocol'><KeyDescriptor use='signing'>"
        "<KeyInfo xmlns='http://www.w3.org/2000/09/xmldsig#'><X509Data><X509Certificate>"
        f"MIIC{'A' * 900}</X509Certificate></X509Data></KeyInfo></KeyDescriptor><SingleSignOnService "
        "Binding='urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect' "
        f"Location='https://idp.{prefix}.test/sso'/></IDPSSODescriptor></EntityDescriptor>"
    )


def provision(endpoint: str, region: str, p: str) -> dict:
    cfg = Config(retries={"max_attempts": 1})

    def client(service: str, key: str, secret: str):
        return boto3.client(service, endpoint_url=endpoint, region_name=region, config=cfg,
                            aws_access_key_id=key, aws_secret_access_key=secret)

    reset_auth(endpoint, "inf")
    iam = client("iam", *BOOTSTRAP_KEY)
    out: dict = {"endpoint": endpoint, "region": region}

    def new_user(name: str) -> dict:
        user = iam.create_user(UserName=name)["User"]
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return {"userName": name, "arn": user["Arn"], "accessKeyId": key["AccessKeyId"],
                "secretAccessKey": key["SecretAccessKey"]}

    user = new_user(f"{p}-user")
    out["accountId"] = user["arn"].split(":")[4]
    managed = iam.create_policy(PolicyName=f"{p}-mediaconnect-sts", PolicyDocument=policy(
        [{"Effect": "Allow", "Action": USER_ACTIONS, "Resource": "*"}]))["Policy"]
    iam.attach_user_policy(UserName=user["userName"], PolicyArn=managed["Arn"])
    out["user"] = user
    out["policyArn"] = managed["Arn"]
    out["deniedUser"] = new_user(f"{p}-denied")

    mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{p}-mfa")["VirtualMFADevice"]
    iam.enable_mfa_device(UserName=user["userName"], SerialNumber=mfa["SerialNumber"],
                          AuthenticationCode1="123456", AuthenticationCode2="654321")
    oidc = iam.create_open_id_connect_provider(Url=f"https://oidc.{p}.test", ClientIDList=[f"{p}-client"],
                                               ThumbprintList=["0" * 40])["OpenIDConnectProviderArn"]
    saml = iam.create_saml_provider(Name=f"{p}-idp", SAMLMetadataDocument=saml_metadata(p))["SAMLProviderArn"]

    trust_user = {"Effect": "Allow", "Principal": {"AWS": user["arn"]}, "Action": "sts:AssumeRole"}
    external_id = f"{p}-external-id"
    specs = {
        "basic": (f"{p}-role", trust_user),
        "externalId": (f"{p}-role-extid", {**trust_user, "Condition": {"StringEquals": {"sts:ExternalId": external_id}}}),
        "mfa": (f"{p}-role-mfa", {**trust_user, "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}),
        "webIdentity": (f"{p}-role-web", {"Effect": "Allow", "Principal": {"Federated": oidc},
                                          "Action": "sts:AssumeRoleWithWebIdentity"}),
        "saml": (f"{p}-role-saml", {"Effect": "Allow", "Principal": {"Federated": saml},
                                    "Action": "sts:AssumeRoleWithSAML"}),
    }
    roles: dict = {}
    for label, (name, trust) in specs.items():
        role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=policy([trust]))["Role"]
        iam.put_role_policy(RoleName=name, PolicyName=f"{p}-role-mediaconnect",
                            PolicyDocument=policy([{"Effect": "Allow", "Action": ROLE_ACTIONS, "Resource": "*"}]))
        roles[label] = {"roleName": name, "arn": role["Arn"]}
    roles["externalId"]["externalId"] = external_id
    roles["mfa"].update(serialNumber=mfa["SerialNumber"], tokenCode="123456")  # moto accepts any 6 digits
    roles["webIdentity"]["providerArn"] = oidc
    roles["saml"]["providerArn"] = saml
    out["roles"] = roles

    reset_auth(endpoint, "0")
    out["authEnabled"] = True
    sts = client("sts", user["accessKeyId"], user["secretAccessKey"])
    who = sts.get_caller_identity()["Arn"]
    if who != user["arn"]:
        raise RuntimeError(f"GetCallerIdentity returned {who}, expected {user['arn']}")
    r = sts.assume_role(RoleArn=roles["basic"]["arn"], RoleSessionName=f"{p}-session", DurationSeconds=3600)
    c = r["Credentials"]
    out["assumed"] = {"accessKeyId": c["AccessKeyId"], "secretAccessKey": c["SecretAccessKey"],
                      "sessionToken": c["SessionToken"],
                      "expiration": c["Expiration"].strftime("%Y-%m-%dT%H:%M:%SZ"),
                      "arn": r["AssumedRoleUser"]["Arn"]}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", required=True, help="e.g. http://127.0.0.1:5000")
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--prefix", default="sigv4kit")
    a = ap.parse_args()
    if urllib.parse.urlsplit(a.endpoint).hostname not in ("127.0.0.1", "localhost", "::1"):
        print(f"refusing non-loopback endpoint {a.endpoint}", file=sys.stderr)
        return 1
    try:
        out = provision(a.endpoint.rstrip("/"), a.region, a.prefix)
    except (urllib.error.URLError, botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError,
            RuntimeError) as e:
        print(f"moto_setup failed: {e}", file=sys.stderr)
        return 1
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
