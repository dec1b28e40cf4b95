"""`handover doctor`: is a deployment (or the local stack) ready to hand databases over?

One line per check, each with what to fix; the exit status is 0 only when every check
passes. A check that cannot tell (free disk without MariaDB's DISKS plugin, the SES sandbox)
passes with a warning, so that the verdict never rests on a guess."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import boto3
import pymysql

from handover.dal.credentials import ServerCredentials
from handover.dal.mysql import quote_identifier
from handover.register.metadata.schema import migrations

REFERENCE_FILES = ("core.sql", "variation.sql", "funcgen.sql", "compara.sql")
MIN_MAX_ALLOWED_PACKET = 64 * 1024 * 1024  # a chunk of long rows, such as dna's
DISK_HEADROOM = 1.2  # a copy takes about its source's size; indexes are rebuilt in place
# Errors that mean "this user may not": table, database, column or global privilege.
NOT_ALLOWED = {1044, 1045, 1142, 1143, 1227, 1370}


@dataclass
class Finding:
    check: str
    ok: bool
    detail: str
    fix: str = ""
    warning: bool = False

    def line(self) -> str:
        mark = "ok  " if self.ok and not self.warning else ("warn" if self.ok else "FAIL")
        text = f"{mark} {self.check}: {self.detail}"
        return text + (f"\n       fix: {self.fix}" if self.fix else "")


@dataclass
class Target:
    """What is checked: the deployment's parameters (as its stack holds them), its API, and
    AWS clients (moto's, for the local stack)."""

    parameters: dict[str, str]
    api_url: str | None
    call_api: Callable[[str], int]  # GET path -> HTTP status
    waiting_sources: Callable[[], list[str]] = lambda: []  # src_uris of unfinished handovers
    clients: dict[str, Any] = field(default_factory=dict)
    # Each secret is read once a run, however many checks use it.
    secrets: dict[str, dict[str, Any]] = field(default_factory=dict)

    def client(self, service: str) -> Any:
        if service not in self.clients:
            self.clients[service] = boto3.client(service)  # type: ignore[call-overload]
        return self.clients[service]


def run(
    target: Target, checks: list[Callable[[Target], list[Finding]]] | None = None
) -> list[Finding]:
    findings: list[Finding] = []
    for check in CHECKS if checks is None else checks:
        try:
            findings.extend(check(target))
        except Exception as exc:  # noqa: BLE001 - a check that breaks is a failed check
            findings.append(Finding(check.__name__.strip("_"), False, f"could not run: {exc}"))
    return findings


# --- reading secrets and logging in ---


def _secret(target: Target, arn: str) -> dict[str, Any]:
    if arn not in target.secrets:
        value = json.loads(
            target.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]
        )
        if not isinstance(value, dict):
            raise ValueError("the secret must hold a JSON object")
        target.secrets[arn] = value
    return target.secrets[arn]


@contextmanager
def _connect(server: ServerCredentials, database: str | None = None) -> Iterator[Any]:
    conn = pymysql.connect(
        host=server.host,
        port=server.port,
        user=server.user,
        password=server.password,
        database=database,
        connect_timeout=5,
        autocommit=True,
        local_infile=True,
    )
    with closing(conn):
        yield conn


def _login_failure(exc: pymysql.err.MySQLError, where: str) -> tuple[str, str]:
    code = exc.args[0] if exc.args else 0
    if code == 1045:
        return (
            "refused the secret's user and password",
            f"set the password of that user on {where}, or the secret's",
        )
    return (
        f"nothing answered at {where} ({exc.args[-1]})",
        f"make {where} reachable from the functions (VPC subnets, security group on its port, DNS)",
    )


def _staging_servers(target: Target) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for parameter in ("StagingSecretArn", "SecondaryStagingSecretArn"):
        arn = target.parameters.get(parameter, "")
        if arn:
            found.append((parameter, _secret(target, arn)))
    return found


# --- the checks ---


def _secrets(target: Target) -> list[Finding]:
    """Each secret resolves and logs in to its server."""
    findings = []
    for parameter in ("StagingSecretArn", "SecondaryStagingSecretArn", "MetadataSecretArn"):
        arn = target.parameters.get(parameter, "")
        if not arn:
            if parameter != "SecondaryStagingSecretArn":
                findings.append(
                    Finding(f"secret {parameter}", False, "not set", f"deploy with {parameter}")
                )
            continue
        name = f"secret {parameter}"
        try:
            server = ServerCredentials.from_secret(_secret(target, arn))
        except (KeyError, ValueError) as exc:
            findings.append(
                Finding(
                    name,
                    False,
                    f"unreadable ({exc})",
                    'give it {"host", "port", "username", "password"} (and "dbname" for the metadata)',
                )
            )
            continue
        try:
            with _connect(server):
                pass
        except pymysql.err.MySQLError as exc:
            detail, fix = _login_failure(exc, f"{server.host}:{server.port}")
            findings.append(Finding(name, False, f"{server.host}:{server.port} {detail}", fix))
            continue
        findings.append(
            Finding(name, True, f"logs in to {server.host}:{server.port} as {server.user}")
        )
    arn = target.parameters.get("SourceCredentialsSecretArn", "")
    if arn:
        for key, entry in _secret(target, arn).items():
            name = f"source credentials {key}"
            match = re.fullmatch(r"(?P<host>[^:/@\s]+):(?P<port>\d+)", key)
            if match is None:
                findings.append(
                    Finding(
                        name,
                        False,
                        "the key is not host:port",
                        'name it "host:port", exactly as src_uri has it (mysql://user@host:port/db)',
                    )
                )
                continue
            server = ServerCredentials(
                match["host"],
                int(match["port"]),
                str(entry.get("username", "")),
                str(entry.get("password", "")),
            )
            try:
                with _connect(server):
                    pass
            except pymysql.err.MySQLError as exc:
                detail, fix = _login_failure(exc, key)
                findings.append(
                    Finding(
                        name,
                        False,
                        detail,
                        f"the key must be the host:port of a source server exactly as users type it in src_uri; {fix}",
                    )
                )
                continue
            findings.append(Finding(name, True, f"logs in as {server.user}"))
    return findings


def _try(cur: Any, statement: str) -> str | None:
    """None when the statement ran, else why the user may not run it."""
    try:
        cur.execute(statement)
    except pymysql.err.MySQLError as exc:
        if exc.args and exc.args[0] in NOT_ALLOWED:
            return str(exc.args[-1])
        raise
    return None


def _grants(target: Target) -> list[Finding]:
    """The grants suffice: every kind of statement the copy and the check run on staging, and
    registration on the metadata database, tried in scratch schemas and tables."""
    findings = []
    for parameter, value in _staging_servers(target):
        server = ServerCredentials.from_secret(value)
        scratch = f"_handover_doctor_{uuid.uuid4().hex[:8]}"
        other = scratch + "_b"
        a, b = quote_identifier(scratch), quote_identifier(other)
        steps = [
            ("CREATE", f"CREATE DATABASE {a}"),
            ("CREATE", f"CREATE DATABASE {b}"),
            ("CREATE", f"CREATE TABLE {a}.t (id INT PRIMARY KEY, v VARCHAR(8))"),
            ("INSERT", f"INSERT INTO {a}.t VALUES (1, 'x')"),
            ("SELECT", f"SELECT COUNT(*) FROM {a}.t"),
            ("INDEX", f"CREATE INDEX v ON {a}.t (v)"),
            ("ALTER", f"ALTER TABLE {a}.t DISABLE KEYS"),
            ("DELETE", f"DELETE FROM {a}.t WHERE id = 1"),
            ("CREATE VIEW", f"CREATE VIEW {a}.w AS SELECT id FROM {a}.t"),
            ("SHOW VIEW", f"SHOW CREATE VIEW {a}.w"),
            ("ALTER, DROP, CREATE and INSERT", f"RENAME TABLE {a}.t TO {b}.t"),
            ("DROP", f"DROP VIEW {a}.w"),
        ]
        missing = _missing_privileges(
            server, steps, [f"DROP DATABASE IF EXISTS {d}" for d in (a, b)]
        )
        who = f"{server.user}@{server.host}:{server.port}"
        findings.append(
            _grants_finding(
                f"grants on {parameter}", who, "may do all a copy does", missing, "*.*", "staging"
            )
        )
    arn = target.parameters.get("MetadataSecretArn", "")
    if arn:
        server = ServerCredentials.from_secret(_secret(target, arn))
        table = f"{quote_identifier(server.database or '')}.{quote_identifier('_handover_doctor_' + uuid.uuid4().hex[:8])}"
        steps = [
            ("CREATE", f"CREATE TABLE {table} (id INT PRIMARY KEY, v VARCHAR(8)) ENGINE=InnoDB"),
            ("INSERT", f"INSERT INTO {table} VALUES (1, 'x')"),
            ("UPDATE", f"UPDATE {table} SET v = 'y'"),
            ("INDEX", f"CREATE INDEX v ON {table} (v)"),
            ("ALTER", f"ALTER TABLE {table} ADD COLUMN w INT"),
            ("DELETE", f"DELETE FROM {table}"),
            ("DROP", f"DROP TABLE {table}"),
        ]
        missing = _missing_privileges(server, steps, [f"DROP TABLE IF EXISTS {table}"])
        who, on = f"{server.user} on {server.database}", f"`{server.database}`.*"
        findings.append(
            _grants_finding(
                "grants on MetadataSecretArn", who, "may register", missing, on, "metadata"
            )
        )
    return findings


def _missing_privileges(
    server: ServerCredentials, steps: list[tuple[str, str]], cleanup: list[str]
) -> list[str]:
    """The privileges whose statements the user may not run, in order; the first step
    (creating the scratch space) failing stops the rest, which need it. The scratch space is
    removed whatever happens."""
    missing: list[str] = []
    with _connect(server) as conn, conn.cursor() as cur:
        try:
            for number, (privilege, statement) in enumerate(steps):
                if _try(cur, statement) is not None:
                    missing.append(privilege)
                    if number == 0:
                        break
        finally:
            for statement in cleanup:
                _try(cur, statement)
    return list(dict.fromkeys(missing))


def _grants_finding(
    check: str, who: str, enough: str, missing: list[str], on: str, role: str
) -> Finding:
    if not missing:
        return Finding(check, True, f"{who} {enough}")
    lacking = ", ".join(missing)
    return Finding(
        check,
        False,
        f"{who} lacks {lacking}",
        f"GRANT {lacking} ON {on} TO the service's user (sql/grants.sql, role {role})",
    )


def _staging_settings(target: Target) -> list[Finding]:
    findings = []
    for parameter, value in _staging_servers(target):
        server = ServerCredentials.from_secret(value)
        with _connect(server) as conn, conn.cursor() as cur:
            cur.execute("SELECT @@global.local_infile, @@global.max_allowed_packet")
            local_infile, packet = cur.fetchone()
        where = f"{server.host}:{server.port}"
        findings.append(
            Finding(
                f"local_infile on {parameter}",
                bool(int(local_infile)),
                f"{where} local_infile is {'ON' if int(local_infile) else 'OFF'}",
                ""
                if int(local_infile)
                else "SET GLOBAL local_infile = ON (and local_infile=ON under [mysqld] in the server's config): the copy loads with LOAD DATA LOCAL INFILE",
            )
        )
        findings.append(
            Finding(
                f"max_allowed_packet on {parameter}",
                int(packet) >= MIN_MAX_ALLOWED_PACKET,
                f"{where} max_allowed_packet is {int(packet) // (1024 * 1024)} MB",
                ""
                if int(packet) >= MIN_MAX_ALLOWED_PACKET
                else "SET GLOBAL max_allowed_packet = 1073741824 (and in the server's config): long rows (dna) travel in one packet",
            )
        )
    return findings


def _metadata_schema(target: Target) -> list[Finding]:
    arn = target.parameters.get("MetadataSecretArn", "")
    if not arn:
        return []
    server = ServerCredentials.from_secret(_secret(target, arn))
    wanted = {version for version, _, _ in migrations()}
    with _connect(server) as conn, conn.cursor() as cur:
        cur.execute("SHOW DATABASES LIKE %s", (server.database,))
        if not cur.fetchall():
            return [
                Finding(
                    "metadata schema",
                    False,
                    f"database {server.database} does not exist on {server.host}:{server.port}",
                    f"CREATE DATABASE `{server.database}` (the service then creates its tables)",
                )
            ]
        cur.execute("SHOW TABLES FROM " + quote_identifier(server.database or ""))
        tables = {r[0] for r in cur.fetchall()}
        if not tables:
            return [
                Finding(
                    "metadata schema",
                    True,
                    f"{server.database} is empty: the first registration creates its tables",
                )
            ]
        if "schema_version" not in tables:
            return [
                Finding(
                    "metadata schema",
                    False,
                    f"{server.database} holds tables but no schema_version: not this service's",
                    "give MetadataSecretArn a database of its own (an empty one is fine)",
                )
            ]
        cur.execute(f"SELECT version FROM {quote_identifier(server.database or '')}.schema_version")
        done = {int(r[0]) for r in cur.fetchall()}
    behind = sorted(wanted - done)
    ahead = sorted(done - wanted)
    if ahead:
        return [
            Finding(
                "metadata schema",
                False,
                f"has migrations {ahead} this deployment does not know",
                "deploy the service's newer version, which wrote them",
            )
        ]
    if behind:
        return [
            Finding(
                "metadata schema",
                False,
                f"lacks migrations {behind}",
                "the next registration applies them; to apply them now, run layers/handover/handover/register/metadata/migrations/*.sql in order",
            )
        ]
    return [Finding("metadata schema", True, f"{server.database} is at migration {max(wanted)}")]


def _reference_schemas(target: Target) -> list[Finding]:
    uri = target.parameters.get("ReferenceSchemaUri", "")
    if not uri:
        return [
            Finding(
                "reference schemas",
                True,
                "ReferenceSchemaUri is empty: schemas are not compared",
                warning=True,
            )
        ]
    bucket, _, prefix = uri.removeprefix("s3://").partition("/")
    listed = target.client("s3").list_objects_v2(Bucket=bucket, Prefix=prefix)
    present = {o["Key"].removeprefix(prefix) for o in listed.get("Contents", [])}
    missing = [f for f in REFERENCE_FILES if f not in present]
    release = target.parameters.get("Release", "")
    wrong = []
    if "core.sql" in present:
        core = (
            target.client("s3")
            .get_object(Bucket=bucket, Key=prefix + "core.sql")["Body"]
            .read()
            .decode(errors="replace")
        )
        versions = set(re.findall(r"'schema_version',\s*'(\d+)'", core))
        if versions and versions != {release}:
            wrong = sorted(versions)
    ok = not missing and not wrong
    detail = (
        f"{uri} holds {', '.join(f for f in REFERENCE_FILES if f in present) or 'none of them'}"
    )
    if wrong:
        detail += f"; its core.sql is for release {', '.join(wrong)}, not {release}"
    return [
        Finding(
            "reference schemas",
            ok,
            detail,
            ""
            if ok
            else f"upload release {release}'s {', '.join(missing) or 'core.sql'} (sql/table.sql of each Ensembl repository) under {uri}",
        )
    ]


def _ses(target: Target) -> list[Finding]:
    sender = target.parameters.get("NotifySender", "")
    if not sender:
        return [
            Finding("SES sender", True, "NotifySender is empty: no email is sent", warning=True)
        ]
    ses = target.client("ses")
    domain = sender.rsplit("@", 1)[-1]
    attributes = ses.get_identity_verification_attributes(Identities=[sender, domain])[
        "VerificationAttributes"
    ]
    verified = any(
        attributes.get(i, {}).get("VerificationStatus") == "Success" for i in (sender, domain)
    )
    findings = [
        Finding(
            "SES sender",
            verified,
            f"{sender} is {'verified' if verified else 'not verified'} in SES",
            ""
            if verified
            else f"verify {sender} (or {domain}) in SES: aws ses verify-email-identity --email-address {sender}",
        )
    ]
    quota = ses.get_send_quota()
    sandbox = float(quota.get("Max24HourSend", 0)) <= 200
    findings.append(
        Finding(
            "SES sandbox",
            True,
            "the account is in the SES sandbox: emails reach only verified addresses"
            if sandbox
            else "the account has production access",
            "request production access in the SES console (Account dashboard)" if sandbox else "",
            warning=sandbox,
        )
    )
    return findings


def _disk(target: Target) -> list[Finding]:
    """Free disk on staging against the largest database waiting to be copied."""
    findings = []
    largest, largest_name = 0, "none"
    for src_uri in target.waiting_sources():
        size = _source_size(target, src_uri)
        if size > largest:
            largest, largest_name = size, src_uri.rsplit("/", 1)[-1]
    for parameter, value in _staging_servers(target):
        server = ServerCredentials.from_secret(value)
        with _connect(server) as conn, conn.cursor() as cur:
            try:
                # The disk of the data directory: the longest mount path that holds it (KB).
                cur.execute(
                    "SELECT Available FROM information_schema.DISKS "
                    "WHERE @@datadir LIKE CONCAT(TRIM(TRAILING '/' FROM Path), '/%') "
                    "ORDER BY LENGTH(Path) DESC LIMIT 1"
                )
                row = cur.fetchone()
                if row is None:
                    raise pymysql.err.OperationalError(0, "no disk holds the data directory")
                available = int(row[0]) * 1024
            except pymysql.err.MySQLError:
                findings.append(
                    Finding(
                        f"free disk on {parameter}",
                        True,
                        "cannot be read by the service's user; "
                        + (
                            f"the largest database waiting is {largest_name} "
                            f"({largest / 1e9:.1f} GB)"
                            if largest
                            else "no database is waiting to be copied"
                        ),
                        (
                            f"make sure staging has {largest * DISK_HEADROOM / 1e9:.1f} GB free"
                            if largest
                            else "watch staging's free disk against the databases handed over"
                        )
                        + " (MariaDB's information_schema.DISKS, from INSTALL SONAME 'disks', "
                        "shows it to a user with FILE, which the service's user should not have)",
                        warning=True,
                    )
                )
                continue
        enough = available >= largest * DISK_HEADROOM
        findings.append(
            Finding(
                f"free disk on {parameter}",
                enough,
                f"{available / 1e9:.1f} GB free; the largest database waiting is {largest_name} ({largest / 1e9:.1f} GB)",
                ""
                if enough
                else f"free at least {largest * DISK_HEADROOM / 1e9:.1f} GB on staging before it is copied",
            )
        )
    return findings


def _source_size(target: Target, src_uri: str) -> int:
    from handover.uris import parse_uri

    uri = parse_uri(src_uri, "src_uri")
    arn = target.parameters.get("SourceCredentialsSecretArn", "")
    entry = _secret(target, arn).get(uri.server, {}) if arn else {}
    server = ServerCredentials(
        uri.host, uri.port, uri.user or entry.get("username", ""), entry.get("password", "")
    )
    try:
        with _connect(server) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.TABLES "
                "WHERE table_schema = %s",
                (uri.database,),
            )
            return int(cur.fetchone()[0])
    except pymysql.err.MySQLError:
        return 0


def api_check(target: Target) -> list[Finding]:
    if not target.api_url:
        return [
            Finding("API", False, "no API URL", "give --stack-name (its ApiUrl output) or --api")
        ]
    try:
        status = target.call_api("/ping")
    except OSError as exc:
        return [
            Finding(
                "API",
                False,
                f"{target.api_url} did not answer ({exc})",
                "check the URL and your network",
            )
        ]
    if status == 403:
        return [
            Finding(
                "API",
                False,
                f"{target.api_url}/ping answered 403",
                "attach the stack's CallerPolicyArn (or ReaderPolicyArn) to your role or user",
            )
        ]
    return [
        Finding(
            "API",
            status == 200,
            f"{target.api_url}/ping answered {status}",
            "" if status == 200 else "see the API function's logs",
        )
    ]


CHECKS: list[Callable[[Target], list[Finding]]] = [
    _secrets,
    _grants,
    _staging_settings,
    _metadata_schema,
    _reference_schemas,
    _ses,
    _disk,
    api_check,
]


def as_json(findings: list[Finding]) -> list[dict[str, Any]]:
    return [asdict(f) for f in findings]


# --- what is checked ---


def api_caller(api_url: str) -> Callable[[str], int]:
    """GET a path of the API (signed when it is an execute-api URL): its HTTP status."""
    from handover_cli.client import ApiError, HandoverClient

    client = HandoverClient(api_url, timeout=15)

    def call(path: str) -> int:
        try:
            client.request("GET", path)
        except ApiError as exc:
            if exc.status == 0:
                raise OSError(exc.message) from None
            return exc.status
        return 200

    return call


def stack_target(stack_name: str) -> Target:
    """A deployed stack: its parameters and outputs, as CloudFormation holds them."""
    (stack,) = boto3.client("cloudformation").describe_stacks(StackName=stack_name)["Stacks"]
    parameters = {
        p["ParameterKey"]: p.get("ParameterValue", "") for p in stack.get("Parameters", [])
    }
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    api_url = outputs.get("ApiUrl")

    table = outputs["JobTableName"]
    release = int(parameters["Release"])
    return Target(parameters, api_url, api_caller(api_url or ""), lambda: _waiting(table, release))


def local_target(stack: Any, api_url: str) -> Target:
    """The local stack, from inside its process (its AWS is moto's)."""
    release = int(stack.parameters["Release"])
    return Target(
        dict(stack.parameters),
        api_url,
        api_caller(api_url),
        lambda: _waiting(stack.table_name, release),
    )


def _waiting(table: str, release: int) -> list[str]:
    """The source URIs of the release's handovers still in flight."""
    from handover.dal.jobs import JobStore

    return [j.src_uri for j in JobStore(table).unfinished(release)]


def report(findings: list[Finding], out: Any) -> int:
    for finding in findings:
        print(finding.line(), file=out)
    failed = [f for f in findings if not f.ok]
    print(f"{len(findings) - len(failed)} of {len(findings)} checks pass", file=out)
    return 1 if failed else 0
