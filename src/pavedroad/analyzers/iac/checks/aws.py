"""AWS checks for Terraform (and, where the same rule applies, CloudFormation)."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath
from typing import Any

from pavedroad.analyzers.iac.check import Check, Evaluate, Project, Violation
from pavedroad.analyzers.iac.conditions import absent_unless_related, all_of, at_least, equals, only_if, required
from pavedroad.analyzers.iac.model import MISSING, Node, NodeList, Resource, Unknown, lookup, lookup_all
from pavedroad.analyzers.secrets.noise import mask
from pavedroad.core.findings import Confidence, Severity

terraform_check = partial(Check, frameworks=("terraform",))

OPEN_CIDRS = ("0.0.0.0/0", "::/0")
ADMIN_PORTS = {22: "SSH", 3389: "RDP", 23: "Telnet", 5985: "WinRM", 5986: "WinRM"}


# --- security group ingress -------------------------------------------------------------------


_CIDR_KEYS = ("cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6")


def _open_ingress(resource: Resource) -> Iterator[tuple[int, str, int, int]]:
    """(line, open cidr, first port, last port) of every ingress rule open to the internet."""
    if resource.kind == "aws_security_group":
        rules = [(rule, line) for rule, line in lookup_all(resource.body, ("ingress", "*"))]
    elif resource.kind == "aws_security_group_rule":
        if str(resource.get("type")).lower() != "ingress":
            return
        rules = [(resource.body, resource.line)]
    else:  # aws_vpc_security_group_ingress_rule
        rules = [(resource.body, resource.line)]
    for rule, line in rules:
        if not isinstance(rule, dict):
            continue
        keys = [key for key in _CIDR_KEYS if any(cidr in OPEN_CIDRS for cidr in _strings(rule.get(key)))]
        if not keys:
            continue
        low, high = _port_range(rule)
        if low is None or high is None:
            continue
        open_cidr = next(cidr for cidr in _strings(rule.get(keys[0])) if cidr in OPEN_CIDRS)
        where = rule.line_of(keys[0]) if isinstance(rule, Node) else line
        yield where or line, open_cidr, low, high


def open_ingress_ports(ports: dict[int, str]) -> Evaluate:
    """Security group ingress (inline blocks or rule resources) open to the internet on `ports`."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        for line, cidr, low, high in _open_ingress(resource):
            exposed = sorted(name for port, name in ports.items() if low <= port <= high)
            if exposed:
                yield Violation(
                    line,
                    f"ingress from {cidr} to port(s) {low}-{high} ({', '.join(dict.fromkeys(exposed))})",
                    f"{cidr}:{low}-{high}",
                )

    return evaluate


def open_ingress_all_ports(resource: Resource, project: Project) -> Iterator[Violation]:
    """Ingress open to the internet on every port (protocol -1/all, or 0-65535)."""
    for line, cidr, low, high in _open_ingress(resource):
        if low <= 1 and high >= 65535:
            yield Violation(line, f"ingress from {cidr} on all ports ({low}-{high})", f"{cidr}:{low}-{high}")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _port_range(rule: dict) -> tuple[int | None, int | None]:  # type: ignore[type-arg]
    protocol = str(rule.get("protocol", rule.get("ip_protocol", "tcp"))).lower()
    if protocol in ("-1", "all"):
        return 0, 65535
    low, high = rule.get("from_port"), rule.get("to_port")
    if isinstance(low, int) and isinstance(high, int):
        return low, high
    return None, None


# --- small building blocks ----------------------------------------------------------------------


def _absent(value: Any) -> bool:
    return value is MISSING or value is None


def _truth(value: Any) -> bool | None:
    """True/False for a known boolean (HCL also writes "true"/"false"); None when unknown or absent."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def must_be_true(path: str) -> Evaluate:
    """A boolean that must be true; absent counts as the provider default false."""
    return required(path, True, message="{path} is false", missing_message="{path} is not set (defaults to false)")


def set_true(path: str) -> Evaluate:
    """A boolean that must not be true."""
    return equals(path, True, message="{path} is true")


def per_kind(evaluates: Mapping[str, Evaluate]) -> Evaluate:
    """A different evaluation per resource kind (a bucket and its split-out configuration resource)."""

    def evaluate(resource: Resource, project: Project) -> Iterable[Violation]:
        chosen = evaluates.get(resource.kind)
        return chosen(resource, project) if chosen is not None else ()

    return evaluate


def unless_project_has(
    kinds: tuple[str, ...], evaluate: Evaluate, where: Callable[[Resource], bool] = lambda _: True
) -> Evaluate:
    """Silent when the configuration holds an account-wide resource that settles the question
    (EBS encryption by default, account-level public access block, registry scanning...)."""

    def guarded(resource: Resource, project: Project) -> Iterable[Violation]:
        covered = any(other.framework == resource.framework and where(other) for other in project.of_kind(*kinds))
        return () if covered else evaluate(resource, project)

    return guarded


def _setting_not_false(path: str) -> Callable[[Resource], bool]:
    """The account-wide resource counts unless `path` is known to be false (absent = provider default true)."""
    return lambda resource: _truth(resource.get(path)) is not False


# --- relations between resources ----------------------------------------------------------------
#
# Project.referencing() answers "found or not": a related resource whose attribute is unknown
# (`bucket = var.name`, `each.value.id`) simply does not count, which turns "cannot tell" into
# "absent", and a child module that receives the target (`bucket_id = aws_s3_bucket.b.id`) is out
# of its scope. `related` reports the first as undecided, so absence checks stay silent, and
# follows references passed down into child modules. Scope otherwise matches referencing():
# the same module instance and directory, instance keys (`["x"]`) ignored.

_INSTANCE_KEY = re.compile(r"\[[^\]]*\]$")
_MODULE_PREFIX = re.compile(r"^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*")
_IDENTITY_KEYS = ("bucket", "name", "id", "arn")


def _split_address(address: str) -> tuple[str, str]:
    """(module prefix, local address without instance key): `module.m.aws_x.y["k"]` -> (`module.m.`, `aws_x.y`)."""
    match = _MODULE_PREFIX.match(address)
    prefix = match.group(0) if match else ""
    return prefix, _INSTANCE_KEY.sub("", address[len(prefix) :])


@dataclass(frozen=True, slots=True)
class Related:
    found: tuple[Resource, ...]
    undecided: bool  # some candidate's attribute is unknown: it may point at the target

    @property
    def any(self) -> bool:
        return bool(self.found) or self.undecided


def related(target: Resource, project: Project, kinds: tuple[str, ...], attribute: str) -> Related:
    """Resources of `kinds` whose `attribute` points at `target` (by reference or by name)."""
    module, local = _split_address(target.address)
    directory = PurePosixPath(target.path).parent
    names = {value for key in _IDENTITY_KEYS if isinstance(value := target.body.get(key), str) and value}
    name_unknown = any(isinstance(target.body.get(key), Unknown) for key in _IDENTITY_KEYS)
    found: list[Resource] = []
    undecided = False
    for other in project.of_kind(*kinds):
        if other is target or other.framework != target.framework:
            continue
        other_module = _split_address(other.address)[0]
        if other_module == module and PurePosixPath(other.path).parent != directory:
            continue  # another root module (envs/dev and envs/prod may share resource names)
        if other_module != module:
            # A child module keeps its caller's references in its inputs (`bucket_id = aws_s3_bucket.b.id`);
            # a caller can only point into a child module through its outputs (`module.child.id`).
            if other_module.startswith(module) and any(
                isinstance(value, Unknown) and local in value.references
                for value, _ in lookup_all(other.body, attribute)
            ):
                found.append(other)
            elif module.startswith(other_module):
                child = "module." + module[len(other_module) :].split(".")[1]
                undecided |= any(
                    isinstance(value, Unknown) and child in value.references
                    for value, _ in lookup_all(other.body, attribute)
                )
            continue
        for value, _ in lookup_all(other.body, attribute):
            if isinstance(value, Unknown):
                references = value.references
                if local in references:
                    found.append(other)
                    break
                if not references or any(ref.startswith(("module.", "data.")) for ref in references):
                    undecided = True
            elif isinstance(value, str):
                if value in names:
                    found.append(other)
                    break
                if name_unknown:
                    undecided = True
    return Related(tuple(found), undecided)


def _find(project: Project, near: Resource, kind: str, name: str) -> Resource | None:
    """The resource `kind.name` in the same module as `near`."""
    address = f"{_split_address(near.address)[0]}{kind}.{name}"
    return next((item for item in project.of_kind(kind) if item.address == address), None)


# --- Terraform templates ------------------------------------------------------------------------
#
# The evaluator turns a string with any unknown interpolation ("arn:${aws_s3_bucket.b.arn}/*", a
# heredoc JSON policy or user_data script mentioning one variable) into a single Unknown whose
# expression is the raw text. Its literal parts are still certain; `_template_text` recovers them
# with every interpolation replaced by `hole`.

_HOLE = "\u27e8unknown\u27e9"
_CALL = re.compile(r"^\s*[A-Za-z_][\w.]*\s*\(")


def _template_text(value: Unknown, hole: str = _HOLE) -> str | None:
    text = value.expression
    if "${" not in text or "%{" in text or _CALL.match(text):
        return None
    pieces: list[str] = []
    position = 0
    while (start := text.find("${", position)) >= 0:
        pieces.append(text[position:start])
        depth, index = 1, start + 2
        while index < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            index += 1
        if depth:
            return None
        pieces.append(hole)
        position = index
    pieces.append(text[position:])
    return "".join(pieces)


# --- IAM policy documents -----------------------------------------------------------------------
#
# A policy arrives as a JSON string (heredoc), an already-evaluated dict (jsonencode), a template
# with unknown parts, or a reference to a `data.aws_iam_policy_document`. All become `Statement`s
# whose string lists hold only known values: an unknown item never matches.


@dataclass(frozen=True, slots=True)
class Statement:
    effect: str | None  # "allow" / "deny"; None when unknown
    actions: tuple[str, ...] = ()  # as written: compare them case-insensitively
    not_actions: bool = False
    resources: tuple[str, ...] = ()
    principals: tuple[tuple[str, str], ...] = ()  # (type lowercased, identifier)
    has_principal: bool = False  # a resource policy statement (Principal or NotPrincipal)
    not_principal: bool = False
    conditioned: bool = False  # has a Condition (or one that cannot be read)
    condition_keys: tuple[str, ...] = ()
    unknown: frozenset[str] = frozenset()  # fields with unknown parts: effect, condition...
    sid: str | None = None
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass(frozen=True, slots=True)
class Document:
    statements: tuple[Statement, ...]
    complete: bool  # every statement is known (no unknown list, no merged source documents)


_DOCUMENT_REFERENCE = re.compile(r"^data\.aws_iam_policy_document\.([\w-]+)\.(?:minified_)?json$")
_MERGED_DOCUMENTS = ("source_policy_documents", "override_policy_documents", "source_json", "override_json")


def _items(value: Any) -> tuple[tuple[str, ...], bool]:
    """Known strings of a string-or-list value, and whether some part was unknown."""
    if _absent(value):
        return (), False
    values = value if isinstance(value, list) else [value]
    known = tuple(item for item in values if isinstance(item, str) and _HOLE not in item)
    return known, len(known) != len(values)


def _ci(mapping: Mapping[str, Any], key: str) -> Any:
    """A JSON policy key, whatever its case."""
    return next((item for name, item in mapping.items() if str(name).lower() == key), MISSING)


def _effect(value: Any, default: str | None = None) -> str | None:
    if _absent(value):
        return default
    return value.lower() if isinstance(value, str) and _HOLE not in value else None


def _json_statement(raw: Mapping[str, Any], line: int) -> Statement:
    unknown = set()
    effect = _effect(_ci(raw, "effect"))
    if effect is None:
        unknown.add("effect")
    actions, partial_actions = _items(_ci(raw, "action"))
    resources, _ = _items(_ci(raw, "resource"))
    principal, not_principal = _ci(raw, "principal"), _ci(raw, "notprincipal")
    principals: list[tuple[str, str]] = []
    if principal == "*":
        principals.append(("*", "*"))
    elif isinstance(principal, Mapping):
        for kind, identifiers in principal.items():
            known, partial_principal = _items(identifiers)
            principals += [(str(kind).lower(), identifier) for identifier in known]
            if partial_principal:
                unknown.add("principal")
    elif not _absent(principal):
        unknown.add("principal")
    condition = _ci(raw, "condition")
    keys: list[str] = []
    if isinstance(condition, Mapping):
        for operator in condition.values():
            if isinstance(operator, Mapping):
                keys += [str(key).lower() for key in operator]
            else:
                unknown.add("condition")
    elif not _absent(condition):
        unknown.add("condition")
    if partial_actions:
        unknown.add("action")
    sid = _ci(raw, "sid")
    return Statement(
        effect=effect,
        actions=actions,
        not_actions=not _absent(_ci(raw, "notaction")),
        resources=resources,
        principals=tuple(principals),
        has_principal=not _absent(principal) or not _absent(not_principal),
        not_principal=not _absent(not_principal),
        conditioned=condition not in (MISSING, None, {}, []),
        condition_keys=tuple(keys),
        unknown=frozenset(unknown),
        sid=sid if isinstance(sid, str) else None,
        line=line,
    )


def _json_document(document: Any, line: int) -> Document | None:
    if not isinstance(document, Mapping):
        return None
    statements = _ci(document, "statement")
    if _absent(statements):
        return Document((), True)
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, list):
        return None
    parsed = tuple(_json_statement(item, line) for item in statements if isinstance(item, Mapping))
    return Document(parsed, len(parsed) == len(statements))


def _blocks(value: Any) -> list[Mapping[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, Mapping)]


def _hcl_statement(raw: Mapping[str, Any], line: int, line_override: int | None) -> Statement:
    """One `statement { }` block of a data.aws_iam_policy_document."""
    unknown = set()

    def at(*keys: str) -> int:
        if line_override is not None:
            return line_override
        present = next((key for key in keys if key in raw), None)
        return raw.line_of(present) if isinstance(raw, Node) and present else line

    effect = _effect(raw.get("effect"), default="allow")
    if effect is None:
        unknown.add("effect")
    actions, partial_actions = _items(raw.get("actions"))
    if partial_actions:
        unknown.add("action")
    resources, _ = _items(raw.get("resources"))
    principals: list[tuple[str, str]] = []
    for block in _blocks(raw.get("principals")):
        kind = block.get("type")
        known, partial_principal = _items(block.get("identifiers"))
        if isinstance(kind, str):
            principals += [(kind.lower(), identifier) for identifier in known]
        if partial_principal or not isinstance(kind, str):
            unknown.add("principal")
    if isinstance(raw.get("principals"), Unknown):
        unknown.add("principal")
    conditions = raw.get("condition")
    keys = [str(block.get("variable")).lower() for block in _blocks(conditions)]
    if isinstance(conditions, Unknown) or any(
        not isinstance(block.get("variable"), str) for block in _blocks(conditions)
    ):
        unknown.add("condition")
    sid = raw.get("sid")
    return Statement(
        effect=effect,
        actions=actions,
        not_actions=not _absent(raw.get("not_actions")),
        resources=resources,
        principals=tuple(principals),
        has_principal=not _absent(raw.get("principals")) or not _absent(raw.get("not_principals")),
        not_principal=not _absent(raw.get("not_principals")),
        conditioned=not _absent(conditions) and conditions != [],
        condition_keys=tuple(keys),
        unknown=frozenset(unknown),
        sid=sid if isinstance(sid, str) else None,
        line=line_override if line_override is not None else line,
        lines={
            "action": at("actions", "not_actions"),
            "not_action": at("not_actions"),
            "principal": at("principals", "not_principals"),
        },
    )


def _data_document(resource: Resource, line_override: int | None = None) -> Document:
    body = resource.body
    merged = [key for key in _MERGED_DOCUMENTS if not _absent(body.get(key))]
    value = body.get("statement", MISSING)
    if isinstance(value, Unknown):
        return Document((), False)
    blocks = value if isinstance(value, list) else [] if _absent(value) else [value]
    statements = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Mapping):
            continue
        line = blocks.line_of(index) if isinstance(blocks, NodeList) else resource.line
        statement = _hcl_statement(block, line, line_override)
        overridden = statement.sid is not None and any("override" in key for key in merged)
        if not overridden:  # an override document may replace a statement with the same sid
            statements.append(statement)
    complete = not merged and len(statements) == len(blocks)
    return Document(tuple(statements), complete)


def _document(value: Any, line: int, resource: Resource, project: Project, *, follow: bool) -> Document | None:
    """The policy at an attribute; None when it cannot be read (unknown, not JSON, a file()...).

    `follow` resolves `data.aws_iam_policy_document.x.json` (in the same module); its statements
    are then reported at `line`, the attribute that uses it."""
    if _absent(value):
        return Document((), True)
    if isinstance(value, Mapping):
        return _json_document(value, line)
    if isinstance(value, Unknown):
        reference = _DOCUMENT_REFERENCE.match(value.expression.strip())
        if reference:
            source = _find(project, resource, "data.aws_iam_policy_document", reference.group(1))
            return _data_document(source, line) if follow and source is not None else None
        text = _template_text(value)
        if text is None:
            return None
        value = text
    if isinstance(value, str):
        try:
            return _json_document(json.loads(value), line)
        except (ValueError, RecursionError):
            return None
    return None


def _policies(resource: Resource, project: Project, paths: tuple[str, ...], *, follow: bool) -> Iterator[Document]:
    if resource.kind == "data.aws_iam_policy_document":
        yield _data_document(resource)
        return
    for path in paths:
        for value, line in lookup_all(resource.body, path):
            document = _document(value, line or resource.line, resource, project, follow=follow)
            if document is not None:
                yield document


StatementFinder = Callable[[Statement], Iterable[tuple[str, str, str]]]  # -> (field for the line, message, evidence)


def policy_statements(paths: tuple[str, ...], finder: StatementFinder, *, follow: bool) -> Evaluate:
    """Violations of `finder` in every statement of the policies at `paths` (or of a policy document data source)."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        for document in _policies(resource, project, paths, follow=follow):
            for statement in document.statements:
                for key, message, evidence in finder(statement):
                    yield Violation(statement.line_of(key), message, evidence)

    return evaluate


_FULL_ADMIN_ACTIONS = ("*", "*:*")
_SERVICE_WILDCARD = re.compile(r"^[a-z0-9-]+:\*$")


def _identity_allow(statement: Statement) -> bool:
    """An Allow statement of an identity policy (resource policies name a Principal)."""
    return statement.effect == "allow" and not statement.has_principal


def _full_admin(statement: Statement) -> Iterator[tuple[str, str, str]]:
    if _identity_allow(statement) and "*" in statement.resources:
        action = next((action for action in statement.actions if action.lower() in _FULL_ADMIN_ACTIONS), None)
        if action is not None:
            yield "action", f'Allow Action "{action}" on Resource "*" (full administrator access)', action


def _service_wildcard(statement: Statement) -> Iterator[tuple[str, str, str]]:
    if not _identity_allow(statement) or "*" not in statement.resources:
        return
    if any(action.lower() in _FULL_ADMIN_ACTIONS for action in statement.actions):
        return  # reported as full administrator access
    wildcards = sorted(action for action in statement.actions if _SERVICE_WILDCARD.match(action.lower()))
    if wildcards:
        iam = any(action.lower() == "iam:*" for action in wildcards)
        escalation = " (iam:* can grant itself any other permission)" if iam else ""
        yield "action", f'Allow {", ".join(wildcards)} on Resource "*"{escalation}', ",".join(wildcards)


def _allow_not_action(statement: Statement) -> Iterator[tuple[str, str, str]]:
    if _identity_allow(statement) and statement.not_actions:
        scope = 'on Resource "*"' if "*" in statement.resources else "on its resources"
        yield "not_action", f"Allow with NotAction grants every action not listed {scope}", "NotAction"


# Actions that let an identity raise its own privileges (Rhino Security Labs' AWS privilege escalation
# methods), with what the holder can do; iam:PassRole is dangerous with any service that runs code.
_ESCALATIONS: dict[str, str] = {
    "iam:PassRole": "pass any role, admin roles included, to a service that runs code",
    "iam:CreatePolicyVersion": "rewrite any managed policy",
    "iam:SetDefaultPolicyVersion": "switch any managed policy to a more permissive version",
    "iam:AttachUserPolicy": "attach AdministratorAccess to itself",
    "iam:AttachGroupPolicy": "attach AdministratorAccess to itself",
    "iam:AttachRolePolicy": "attach AdministratorAccess to itself",
    "iam:PutUserPolicy": "write itself an inline policy granting anything",
    "iam:PutGroupPolicy": "write itself an inline policy granting anything",
    "iam:PutRolePolicy": "write itself an inline policy granting anything",
    "iam:CreateAccessKey": "create access keys for other users",
    "iam:CreateLoginProfile": "set other users' console passwords",
    "iam:UpdateLoginProfile": "set other users' console passwords",
    "iam:UpdateAssumeRolePolicy": "make any role trust it",
    "iam:AddUserToGroup": "add users to any group, admins included",
    "lambda:UpdateFunctionCode": "run its code as any Lambda function's role",
    "glue:UpdateDevEndpoint": "run its code as any Glue dev endpoint's role",
}
# Services an identity holding iam:PassRole can hand a role to and then run its own code as that role.
_RUNS_CODE = (
    "lambda:CreateFunction",
    "ec2:RunInstances",
    "glue:CreateDevEndpoint",
    "cloudformation:CreateStack",
    "datapipeline:CreatePipeline",
)


def _action_covers(pattern: str, action: str) -> bool:
    """An IAM action pattern (`*` and `?` wildcards, any case) matches `action`."""
    regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.fullmatch(regex, action, re.IGNORECASE) is not None


def _privilege_escalation(statement: Statement) -> Iterator[tuple[str, str, str]]:
    if not _identity_allow(statement) or "*" not in statement.resources or statement.conditioned:
        return
    if any(action.lower() in _FULL_ADMIN_ACTIONS for action in statement.actions):
        return  # reported as full administrator access

    def allowed(action: str) -> bool:
        return any(_action_covers(pattern, action) for pattern in statement.actions)

    granted = [action for action in _ESCALATIONS if allowed(action)]
    if not granted:
        return
    written = [pattern for pattern in statement.actions if any(_action_covers(pattern, a) for a in granted)]
    reasons = list(dict.fromkeys(_ESCALATIONS[action] for action in granted))
    runner = next((action for action in _RUNS_CODE if allowed(action)), None)
    if "iam:PassRole" in granted and runner is not None:
        reasons.remove(_ESCALATIONS["iam:PassRole"])
        reasons.insert(0, f"pass any role to {runner} and run code as it")
    can = "; ".join(reasons[:3]) + ("; ..." if len(reasons) > 3 else "")
    covers = ""
    if any("*" in pattern or "?" in pattern for pattern in written):
        covers = f" (covers {', '.join(granted[:4])}{', ...' if len(granted) > 4 else ''})"
    yield (
        "action",
        f'Allow {", ".join(written)} on Resource "*" with no Condition{covers}: can {can}',
        ",".join(sorted(written, key=str.lower)),
    )


def _public_principal(statement: Statement) -> Iterator[tuple[str, str, str]]:
    if statement.effect != "allow" or statement.conditioned:
        return
    if statement.not_principal:
        yield "principal", "Allow with NotPrincipal and no Condition grants everyone but the listed principals", "*"
        return
    if any(identifier == "*" and kind in ("*", "aws") for kind, identifier in statement.principals):
        actions = ", ".join(statement.actions[:3]) or "its actions"
        yield "principal", f'Allow Principal "*" ({actions}) with no Condition', f"*:{actions}"


def public_policy(*paths: str) -> Evaluate:
    """A resource policy (bucket, key, repository, trust policy) open to any AWS principal."""
    return policy_statements(paths, _public_principal, follow=True)


IDENTITY_POLICY_KINDS = (
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_role",
    "data.aws_iam_policy_document",
)
# Identity policies are checked where they are written: a data document is checked itself, so the
# policies that use it through `.json` are not followed (one finding, at the statement's line).
IDENTITY_POLICY_PATHS = ("policy", "inline_policy.policy")


def identity_policy(finder: StatementFinder) -> Evaluate:
    return policy_statements(IDENTITY_POLICY_PATHS, finder, follow=False)


_ADMIN_POLICY_ARN = re.compile(r"^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$")
_POLICY_DATA_REFERENCE = re.compile(r"^data\.aws_iam_policy\.([\w-]+)\.arn$")


def _policy_arn(value: Any, resource: Resource, project: Project) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Unknown) and (reference := _POLICY_DATA_REFERENCE.match(value.expression.strip())):
        source = _find(project, resource, "data.aws_iam_policy", reference.group(1))
        if source is not None:
            arn, name = source.get("arn"), source.get("name")
            if isinstance(arn, str):
                return arn
            if name == "AdministratorAccess":
                return "arn:aws:iam::aws:policy/AdministratorAccess"
    return None


def administrator_access_attached(resource: Resource, project: Project) -> Iterator[Violation]:
    for path in ("policy_arn", "managed_policy_arns.*", "policy_arns.*"):
        for value, line in lookup_all(resource.body, path):
            arn = _policy_arn(value, resource, project)
            if arn is not None and _ADMIN_POLICY_ARN.match(arn):
                yield Violation(line or resource.line, f"attaches {arn} (full administrator access)", arn)


USER_POLICY_KINDS = {  # kind -> attribute naming what is attached ("" = the resource itself is a user policy)
    "aws_iam_user_policy": "",
    "aws_iam_user_policy_attachment": "",
    "aws_iam_policy_attachment": "users",
    "aws_iam_user_policy_attachments_exclusive": "policy_arns",
    "aws_iam_user_policies_exclusive": "policy_names",
}


def user_policies(resource: Resource, project: Project) -> Iterator[Violation]:
    attribute = USER_POLICY_KINDS.get(resource.kind, "")
    if not attribute:
        kind = "inline policy" if resource.kind == "aws_iam_user_policy" else "managed policy attachment"
        yield Violation(resource.line_at("user"), f"{kind} on an IAM user instead of a group", resource.kind)
        return
    value = resource.get(attribute)
    if isinstance(value, list) and value:
        yield Violation(resource.line_at(attribute), f"{attribute} attaches policies directly to IAM users", attribute)


def access_key(resource: Resource, project: Project) -> Iterator[Violation]:
    status = resource.get("status")
    if isinstance(status, Unknown) or (isinstance(status, str) and status.lower() == "inactive"):
        return
    message = "long-lived access key for an IAM user"
    if _absent(resource.get("pgp_key")):
        message += "; without pgp_key its secret is stored in plain text in the Terraform state"
    yield Violation(resource.line, message, "access-key")


# --- S3 -----------------------------------------------------------------------------------------

PUBLIC_ACCESS_BLOCK_EXAMPLE = (
    'resource "aws_s3_bucket_public_access_block" "data" {\n  bucket                  = aws_s3_bucket.data.id\n'
    "  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n"
    "  restrict_public_buckets = true\n}"
)
PUBLIC_ACCESS_BLOCK_FLAGS = (
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
)


def public_access_block_flags(resource: Resource, project: Project) -> Iterator[Violation]:
    for flag in PUBLIC_ACCESS_BLOCK_FLAGS:
        value = resource.get(flag)
        if _absent(value):
            yield Violation(resource.line, f"{flag} is not set (defaults to false)", f"{flag}=unset")
        elif _truth(value) is False:
            yield Violation(resource.line_at(flag), f"{flag} is false", f"{flag}=false")


def bucket_without_public_access_block(resource: Resource, project: Project) -> Iterator[Violation]:
    if related(resource, project, ("aws_s3_bucket_public_access_block",), "bucket").any:
        return  # its flags are checked on that resource
    yield Violation(resource.line, "no aws_s3_bucket_public_access_block for this bucket", "absent")


def bucket_versioning(resource: Resource, project: Project) -> Iterator[Violation]:
    enabled = resource.get("versioning.enabled")
    if isinstance(enabled, Unknown) or _truth(enabled) is True:
        return
    if related(resource, project, ("aws_s3_bucket_versioning",), "bucket").any:
        return  # its status is checked on that resource
    if _truth(enabled) is False:
        yield Violation(resource.line_at("versioning.enabled"), "versioning.enabled is false", "false")
    else:
        yield Violation(
            resource.line, "no versioning: no enabled versioning block or aws_s3_bucket_versioning", "absent"
        )


def _is_log_bucket(resource: Resource, project: Project) -> bool:
    """The target of other buckets' access logs (logging it too would only log the logging)."""
    if related(resource, project, ("aws_s3_bucket_logging",), "target_bucket").found:
        return True
    if related(resource, project, ("aws_s3_bucket",), "logging.target_bucket").found:
        return True
    acls = [resource.get("acl")] + [
        acl.get("acl") for acl in related(resource, project, ("aws_s3_bucket_acl",), "bucket").found
    ]
    return any(isinstance(acl, str) and acl.lower() == "log-delivery-write" for acl in acls)


def bucket_access_logging(resource: Resource, project: Project) -> Iterator[Violation]:
    logging = resource.get("logging")
    if isinstance(logging, Unknown) or (not _absent(logging) and logging != []):
        return
    if related(resource, project, ("aws_s3_bucket_logging",), "bucket").any or _is_log_bucket(resource, project):
        return
    yield Violation(resource.line, "no access logging: no logging block or aws_s3_bucket_logging", "absent")


_TRANSPORT_KEYS = ("aws:securetransport", "s3:tlsversion")


def _may_deny_plain_http(document: Document) -> bool:
    """A statement that denies (or might deny) requests without TLS."""
    if not document.complete:
        return True
    for statement in document.statements:
        if statement.effect is None or (statement.effect == "deny" and "condition" in statement.unknown):
            return True
        if statement.effect == "deny" and any(key in statement.condition_keys for key in _TRANSPORT_KEYS):
            return True
    return False


def bucket_allows_plain_http(resource: Resource, project: Project) -> Iterator[Violation]:
    policies = related(resource, project, ("aws_s3_bucket_policy",), "bucket")
    if policies.undecided:
        return
    documents = []
    for holder, path in [(resource, "policy"), *((policy, "policy") for policy in policies.found)]:
        value = holder.get(path)
        if _absent(value) and holder is resource:
            continue
        document = _document(value, holder.line_at(path), holder, project, follow=True)
        if document is None:
            return  # a policy we cannot read may hold the deny
        documents.append(document)
    if not any(_may_deny_plain_http(document) for document in documents):
        where = "its bucket policy has" if documents else "it has no bucket policy, so"
        yield Violation(resource.line, f"{where} no Deny for aws:SecureTransport = false", "no-tls-deny")


# --- EC2 / EBS ----------------------------------------------------------------------------------


def unless_encrypted_by_default(evaluate: Evaluate) -> Evaluate:
    """EBS encryption by default (enabled unless set false) encrypts every new volume, whatever it says."""
    return unless_project_has(("aws_ebs_encryption_by_default",), evaluate, _setting_not_false("enabled"))


def _unencrypted(block: Any, line: int, what: str) -> Iterator[Violation]:
    """`encrypted` of a volume block: false, or absent without a snapshot to inherit from."""
    if not isinstance(block, Mapping):
        return
    encrypted = block.get("encrypted", MISSING)
    if _truth(encrypted) is False:
        yield Violation(line, f"{what}: encrypted is false", "false")
    elif _absent(encrypted) and _absent(block.get("snapshot_id")):
        yield Violation(line, f"{what}: encrypted is not set", "unset")


def ebs_volume_unencrypted(resource: Resource, project: Project) -> Iterator[Violation]:
    yield from _unencrypted(resource.body, resource.line_at("encrypted"), "volume")


def block_devices_unencrypted(resource: Resource, project: Project) -> Iterator[Violation]:
    if resource.kind == "aws_launch_template":
        for mapping, line in lookup_all(resource.body, ("block_device_mappings", "*")):
            if isinstance(mapping, Mapping) and isinstance(ebs := lookup(mapping, ("ebs", 0)), Mapping):
                device = mapping.get("device_name", "device")
                at = ebs.line_of("encrypted") if isinstance(ebs, Node) and "encrypted" in ebs else line
                yield from _unencrypted(ebs, at, f"block device {device}")
        return
    root = resource.get("root_block_device")
    if isinstance(root, Unknown):
        pass
    elif _absent(root) or root == []:
        if resource.kind != "aws_instance" or _absent(resource.get("launch_template")):
            yield Violation(
                resource.line, "root_block_device is not declared: the root volume is not encrypted", "root"
            )
    else:
        yield from _unencrypted(
            lookup(root, (0,)), resource.line_at("root_block_device.encrypted"), "root_block_device"
        )
    for device, line in lookup_all(resource.body, ("ebs_block_device", "*")):
        name = device.get("device_name", "device") if isinstance(device, Mapping) else "device"
        at = device.line_of("encrypted") if isinstance(device, Node) and "encrypted" in device else line
        yield from _unencrypted(device, at, f"ebs_block_device {name}")


def imds_v1_allowed(resource: Resource, project: Project) -> Iterator[Violation]:
    tokens = resource.get("metadata_options.http_tokens")
    endpoint = resource.get("metadata_options.http_endpoint")
    if isinstance(tokens, Unknown) or (isinstance(endpoint, str) and endpoint.lower() == "disabled"):
        return
    if _absent(tokens):
        if resource.kind == "aws_instance" and not _absent(resource.get("launch_template")):
            return  # the launch template's metadata options apply
        defaults = project.of_kind("aws_ec2_instance_metadata_defaults")
        if any(str(item.get("http_tokens")).lower() == "required" for item in defaults):
            return
        yield Violation(
            resource.line_at("metadata_options"),
            "metadata_options.http_tokens is not set: IMDSv1 stays enabled",
            "unset",
        )
    elif not (isinstance(tokens, str) and tokens.lower() == "required"):
        yield Violation(
            resource.line_at("metadata_options.http_tokens"),
            f"metadata_options.http_tokens is {tokens!r}: IMDSv1 is enabled",
            str(tokens),
        )


_SECRETS = (
    ("an AWS access key id", re.compile(r"\b((?:AKIA|ASIA)[0-9A-Z]{16})\b")),
    (
        "an AWS secret access key",
        re.compile(r"(?i)aws_?secret_?access_?key[\"']?\s*[=:]\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"),
    ),
    ("a private key", re.compile(r"(-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----)")),
)
_SECRET_ASSIGNMENT = re.compile(
    r"(?i)(?<![\w-])([\w.-]*(?:password|passwd|pwd|secret|token|api_?key)[\w]*)[\"']?\s*[=:]\s*[\"']?([^\s\"'$`;&|<>]{6,})"
)
_NOT_SECRET_NAMES = re.compile(r"(?i)(?:_|-|^)(?:id|name|arn|path|file|url|uri|ttl|length|type|header|prefix)$")


def _looks_secret(value: str) -> bool:
    if "EXAMPLE" in value or value.startswith(("/", "arn:", "http://", "https://", "file:")):
        return False
    classes = [any(test(char) for char in value) for test in (str.islower, str.isupper, str.isdigit)]
    return sum(classes) + (not value.isalnum()) >= 2


def _secrets_in(text: str) -> Iterator[tuple[str, str]]:
    """(description, secret) of every credential written into a script."""
    seen = set()
    for description, pattern in _SECRETS:
        for match in pattern.finditer(text):
            secret = match.group(1)
            if "EXAMPLE" not in secret and secret not in seen:
                seen.add(secret)
                yield description, secret
    for match in _SECRET_ASSIGNMENT.finditer(text):
        name, secret = match.group(1), match.group(2)
        if secret not in seen and not _NOT_SECRET_NAMES.search(name) and _looks_secret(secret):
            seen.add(secret)
            yield f"{name} set to a literal value", secret


def _script(value: Any, encoded: bool) -> str | None:
    if isinstance(value, Unknown):
        return _template_text(value, hole="$")
    if not isinstance(value, str):
        return None
    if encoded:
        try:
            return base64.b64decode(value, validate=True).decode("utf-8", errors="replace")
        except (binascii.Error, ValueError):
            return value
    return value


USER_DATA_PATHS = {"user_data": False, "user_data_base64": True}


def user_data_secrets(resource: Resource, project: Project) -> Iterator[Violation]:
    for path, encoded in USER_DATA_PATHS.items():
        text = _script(resource.get(path), encoded or resource.kind == "aws_launch_template")
        if text is None:
            continue
        for description, secret in _secrets_in(text):
            yield Violation(
                resource.line_at(path), f"{path} contains {description} ({mask(secret)})", secret, sensitive=True
            )


# --- VPC ----------------------------------------------------------------------------------------


def vpc_without_flow_log(resource: Resource, project: Project) -> Iterator[Violation]:
    if not related(resource, project, ("aws_flow_log",), "vpc_id").any:
        yield Violation(resource.line, "no aws_flow_log captures this VPC's traffic", "absent")


_DEFAULT_GROUP = re.compile(r"(?:^|\.)(?:aws_default_security_group\.[\w-]+\.id|default_security_group_id)$")


def default_security_group_rules(resource: Resource, project: Project) -> Iterator[Violation]:
    if resource.kind != "aws_default_security_group":
        group = resource.get("security_group_id")
        if isinstance(group, Unknown) and _DEFAULT_GROUP.search(group.expression.strip()):
            yield Violation(
                resource.line_at("security_group_id"), "adds a rule to the VPC's default security group", "rule"
            )
        return
    for direction in ("ingress", "egress"):
        if not isinstance(resource.get(direction), list):
            continue  # unknown (a dynamic block over an unknown collection)
        for index, (_, line) in enumerate(lookup_all(resource.body, (direction, "*"))):
            yield Violation(line, f"the default security group allows {direction} traffic", f"{direction}#{index}")


@dataclass(frozen=True, slots=True)
class AclRule:
    number: int | None
    allow: bool | None  # None when the action is unknown
    open_cidrs: tuple[str, ...]
    protocol: str | None  # "all", "tcp", "udp"; None for other or unknown protocols
    low: int | None
    high: int | None
    line: int


_ACL_PROTOCOLS = {"-1": "all", "all": "all", "6": "tcp", "tcp": "tcp", "17": "udp", "udp": "udp"}


def _acl_rule(raw: Mapping[str, Any], line: int, number_key: str, action_key: str) -> AclRule:
    protocol_value = raw.get("protocol")
    protocol = None if isinstance(protocol_value, Unknown) else _ACL_PROTOCOLS.get(str(protocol_value).lower())
    low, high = _integer(raw.get("from_port")), _integer(raw.get("to_port"))
    if protocol == "all":
        low, high = 0, 65535
    action = raw.get(action_key)
    keys = [key for key in ("cidr_block", "ipv6_cidr_block") if any(c in OPEN_CIDRS for c in _strings(raw.get(key)))]
    cidrs = [cidr for key in keys for cidr in _strings(raw.get(key))]
    at = raw.line_of(keys[0]) if isinstance(raw, Node) and keys else line
    return AclRule(
        number=_integer(raw.get(number_key)),
        allow=action.lower() == "allow" if isinstance(action, str) else None,
        open_cidrs=tuple(cidr for cidr in cidrs if cidr in OPEN_CIDRS),
        protocol=protocol,
        low=low,
        high=high,
        line=at,
    )


def _covers(rule: AclRule, port: int, protocol: str) -> bool:
    if rule.protocol is None or rule.low is None or rule.high is None:
        return False
    return rule.protocol in ("all", protocol) and rule.low <= port <= rule.high


def _shadowed(allow: AclRule, port: int, rules: list[AclRule]) -> bool:
    """A deny rule evaluated first (lower number) for the same open source and port; unknown order counts."""
    for other in rules:
        if other is allow or other.allow is True or not set(other.open_cidrs) & set(allow.open_cidrs):
            continue
        covers = allow.protocol is not None and _covers(other, port, allow.protocol)
        if covers and (other.number is None or allow.number is None or other.number < allow.number):
            return True
    return False


def _acl_exposures(rule: AclRule, rules: list[AclRule]) -> Iterator[Violation]:
    if rule.allow is not True or not rule.open_cidrs or rule.protocol is None or rule.low is None or rule.high is None:
        return
    exposed = [
        name
        for port, name in sorted(ADMIN_PORTS.items())
        if rule.low <= port <= rule.high and not _shadowed(rule, port, rules)
    ]
    if exposed:
        ports, names = f"{rule.low}-{rule.high}", ", ".join(dict.fromkeys(exposed))
        source = rule.open_cidrs[0]
        message = f"rule {rule.number} allows {rule.protocol} from {source} to port(s) {ports} ({names})"
        yield Violation(rule.line, message, f"{source}:{ports}")


def _acl_key(value: Any) -> str | None:
    if isinstance(value, Unknown):
        return value.expression
    return value if isinstance(value, str) else None


def network_acl_admin_ports(resource: Resource, project: Project) -> Iterator[Violation]:
    if resource.kind == "aws_network_acl_rule":
        if _truth(resource.get("egress")) is not False and not _absent(resource.get("egress")):
            return
        key = _acl_key(resource.get("network_acl_id"))
        module = _split_address(resource.address)[0]
        siblings = [
            other
            for other in project.of_kind("aws_network_acl_rule")
            if other is not resource
            and key is not None
            and _acl_key(other.get("network_acl_id")) == key
            and _split_address(other.address)[0] == module
            and _truth(other.get("egress")) is not True
        ]
        rules = [_acl_rule(item.body, item.line, "rule_number", "rule_action") for item in (resource, *siblings)]
        yield from _acl_exposures(rules[0], rules)
        return
    ingress = resource.get("ingress")
    if not isinstance(ingress, list):
        return
    rules = [
        _acl_rule(raw, line, "rule_no", "action")
        for raw, line in lookup_all(resource.body, ("ingress", "*"))
        if isinstance(raw, Mapping)
    ]
    for rule in rules:
        yield from _acl_exposures(rule, rules)


# --- CloudTrail, KMS, ECR -----------------------------------------------------------------------


def global_events_off(resource: Resource, project: Project) -> Iterator[Violation]:
    if _truth(resource.get("include_global_service_events")) is not False:
        return
    others = [
        trail
        for trail in project.of_kind("aws_cloudtrail")
        if trail is not resource and _truth(trail.get("include_global_service_events")) is not False
    ]
    if not others:
        yield Violation(
            resource.line_at("include_global_service_events"),
            "include_global_service_events is false and no other trail records IAM, STS and CloudFront events",
            "false",
        )


def _symmetric_key(resource: Resource) -> bool:
    """Automatic rotation exists only for symmetric encryption keys."""
    spec = resource.get("customer_master_key_spec")
    spec = resource.get("key_spec") if _absent(spec) else spec
    usage = resource.get("key_usage")
    if isinstance(spec, Unknown) or isinstance(usage, Unknown):
        return False
    return (_absent(spec) or str(spec).upper() == "SYMMETRIC_DEFAULT") and str(usage).upper() != "GENERATE_VERIFY_MAC"


def _registry_scans(resource: Resource) -> bool:
    rules = resource.get("rule")
    return isinstance(rules, Unknown) or (isinstance(rules, list) and bool(rules))


def scan_on_push(resource: Resource, project: Project) -> Iterator[Violation]:
    value = resource.get("image_scanning_configuration.scan_on_push")
    if isinstance(value, Unknown) or _truth(value) is True:
        return
    state = "is false" if _truth(value) is False else "is not set (defaults to false)"
    message = f"image_scanning_configuration.scan_on_push {state}"
    yield Violation(resource.line_at("image_scanning_configuration.scan_on_push"), message, str(value))


CHECKS: tuple[Check, ...] = (
    terraform_check(
        id="iac/aws-s3-public-acl",
        title="S3 bucket ACL grants public access",
        severity=Severity.HIGH,
        kinds=("aws_s3_bucket", "aws_s3_bucket_acl"),
        evaluate=equals("acl", "public-read", "public-read-write", "authenticated-read", message="acl is {value}"),
        rationale="A canned ACL of public-read or public-read-write lets anyone on the internet list and read"
        " (or write) the bucket's objects; public buckets are among the most common causes of cloud data breaches.",
        fix="Remove the public ACL (use `private`, or no ACL with object ownership `BucketOwnerEnforced`) and"
        " serve public content through CloudFront with an origin access control.",
        insecure_example='resource "aws_s3_bucket_acl" "site" {\n'
        '  bucket = aws_s3_bucket.site.id\n  acl    = "public-read"\n}',
        secure_example='resource "aws_s3_bucket_acl" "site" {\n'
        '  bucket = aws_s3_bucket.site.id\n  acl    = "private"\n}',
        controls=("CIS-AWS-2.1.4", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",),
    ),
    terraform_check(
        id="iac/aws-s3-encryption-missing",
        title="S3 bucket has no server-side encryption configuration",
        severity=Severity.MEDIUM,
        kinds=("aws_s3_bucket",),
        evaluate=absent_unless_related(
            "server_side_encryption_configuration",
            ("aws_s3_bucket_server_side_encryption_configuration",),
            "no server_side_encryption_configuration inline or as a related resource",
        ),
        rationale="Without an explicit encryption configuration the bucket relies on defaults and cannot"
        " require a customer-managed KMS key; auditors (PCI DSS, HIPAA) ask for encryption at rest to be declared.",
        fix="Add an `aws_s3_bucket_server_side_encryption_configuration` for the bucket, preferably with"
        ' `sse_algorithm = "aws:kms"` and a customer-managed key.',
        insecure_example='resource "aws_s3_bucket" "data" {\n  bucket = "data"\n}',
        secure_example='resource "aws_s3_bucket_server_side_encryption_configuration" "data" {\n'
        "  bucket = aws_s3_bucket.data.id\n  rule {\n    apply_server_side_encryption_by_default {\n"
        '      sse_algorithm = "aws:kms"\n    }\n  }\n}',
        controls=("CIS-CSC-3.11", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html",),
    ),
    terraform_check(
        id="iac/aws-sg-admin-port-open",
        title="Security group allows SSH/RDP/remote administration from the internet",
        severity=Severity.HIGH,
        kinds=("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"),
        evaluate=open_ingress_ports(ADMIN_PORTS),
        rationale="Administration ports open to 0.0.0.0/0 are scanned and brute-forced within minutes of"
        " exposure; a leaked key or weak password then gives an attacker a shell.",
        fix="Restrict the source to a bastion, VPN or corporate range, or use SSM Session Manager instead of SSH.",
        insecure_example='ingress {\n  from_port   = 22\n  to_port     = 22\n  protocol    = "tcp"\n'
        '  cidr_blocks = ["0.0.0.0/0"]\n}',
        secure_example='ingress {\n  from_port   = 22\n  to_port     = 22\n  protocol    = "tcp"\n'
        '  cidr_blocks = ["10.20.0.0/16"]\n}',
        controls=("CIS-AWS-5.2", "CIS-AWS-5.3", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
    ),
    # --- S3 ---------------------------------------------------------------------------------------
    terraform_check(
        id="iac/aws-s3-public-access-block-missing",
        title="S3 bucket has no public access block in the configuration",
        severity=Severity.MEDIUM,
        kinds=("aws_s3_bucket",),
        evaluate=unless_project_has(("aws_s3_account_public_access_block",), bucket_without_public_access_block),
        rationale="Block Public Access is the guard rail that stops a later ACL or bucket policy change (a console"
        ' click, a copied policy with Principal "*") from exposing the bucket. S3 turns it on for buckets created'
        " since April 2023, but a configuration that does not declare it neither protects older buckets nor"
        " notices when someone switches it off.",
        fix="Add an `aws_s3_bucket_public_access_block` for the bucket (or one `aws_s3_account_public_access_block`)"
        " with `block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets`"
        " all true.",
        insecure_example='resource "aws_s3_bucket" "data" {\n  bucket = "data"\n}',
        secure_example=PUBLIC_ACCESS_BLOCK_EXAMPLE,
        controls=("CIS-AWS-2.1.4", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.1", "NIST-800-53-AC-3", "NIST-800-53-AC-21"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",),
    ),
    terraform_check(
        id="iac/aws-s3-public-access-block-disabled",
        title="S3 public access block leaves a protection off",
        severity=Severity.HIGH,
        kinds=("aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"),
        evaluate=public_access_block_flags,
        rationale="Each of the four settings closes one way to make data public (new public ACLs, existing public"
        " ACLs, public bucket policies, cross-account access through a public policy). A flag that is false, or"
        " left unset (the provider then writes false, undoing S3's secure default), lets that kind of grant"
        " expose the bucket.",
        fix="Set `block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets`"
        " to true; serve public content through CloudFront with origin access control instead.",
        insecure_example='resource "aws_s3_bucket_public_access_block" "data" {\n'
        "  bucket              = aws_s3_bucket.data.id\n  block_public_acls   = true\n"
        "  block_public_policy = false\n}",
        secure_example=PUBLIC_ACCESS_BLOCK_EXAMPLE,
        controls=("CIS-AWS-2.1.4", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.1", "NIST-800-53-AC-3", "NIST-800-53-AC-21"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",),
    ),
    terraform_check(
        id="iac/aws-s3-versioning-disabled",
        title="S3 bucket versioning is not enabled",
        severity=Severity.MEDIUM,
        kinds=("aws_s3_bucket", "aws_s3_bucket_versioning"),
        evaluate=per_kind(
            {
                "aws_s3_bucket": bucket_versioning,
                "aws_s3_bucket_versioning": required(
                    "versioning_configuration.status", "Enabled", missing=False, message="{path} is {value}"
                ),
            }
        ),
        rationale="Without versioning an overwrite or delete is final: ransomware that re-encrypts objects, a"
        " compromised key that deletes them, or a buggy job cannot be undone. Versioning is also the prerequisite"
        " for MFA Delete and Object Lock.",
        fix='Add an `aws_s3_bucket_versioning` with `versioning_configuration { status = "Enabled" }` (and a'
        " lifecycle rule expiring noncurrent versions to control cost).",
        insecure_example='resource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n'
        '  versioning_configuration {\n    status = "Suspended"\n  }\n}',
        secure_example='resource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n'
        '  versioning_configuration {\n    status = "Enabled"\n  }\n}',
        controls=("CIS-AWS-2.1.2", "PCI-DSS-4.0-10.5.1", "SOC2-A1.2", "NIST-800-53-CP-9", "NIST-800-53-SI-12"),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",),
    ),
    terraform_check(
        id="iac/aws-s3-access-logging-missing",
        title="S3 bucket has no server access logging",
        severity=Severity.LOW,
        kinds=("aws_s3_bucket",),
        evaluate=bucket_access_logging,
        rationale="Server access logs are the record of who read, wrote or deleted which object; without them an"
        " investigation of a leak cannot tell what was taken or by whom. Buckets that receive other buckets' logs"
        " are not flagged.",
        fix="Add an `aws_s3_bucket_logging` that sends the bucket's access logs to a dedicated log bucket"
        " (or enable CloudTrail S3 data events for the bucket).",
        insecure_example='resource "aws_s3_bucket" "data" {\n  bucket = "data"\n}',
        secure_example='resource "aws_s3_bucket_logging" "data" {\n  bucket        = aws_s3_bucket.data.id\n'
        '  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "s3/data/"\n}',
        controls=("CIS-AWS-3.4", "PCI-DSS-4.0-10.2.1", "SOC2-CC7.2", "NIST-800-53-AU-2", "NIST-800-53-AU-12"),
        cwe=("CWE-778",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",),
    ),
    terraform_check(
        id="iac/aws-s3-policy-public",
        title='S3 bucket policy allows Principal "*" without a condition',
        severity=Severity.HIGH,
        kinds=("aws_s3_bucket_policy", "aws_s3_bucket"),
        evaluate=public_policy("policy"),
        rationale='A bucket policy statement that allows Principal "*" (or {"AWS": "*"}) with no Condition grants'
        " its actions to anyone on the internet, authenticated or not; this is how most public S3 data leaks happen."
        " Statements restricted by a condition (source VPC endpoint, organization id, CloudFront distribution) are"
        " not flagged.",
        fix="Name the principals that need access, or add a Condition (`aws:SourceVpce`, `aws:PrincipalOrgID`,"
        " `aws:SourceArn` of a CloudFront distribution using origin access control).",
        insecure_example='policy = jsonencode({\n  Statement = [{\n    Effect    = "Allow"\n    Principal = "*"\n'
        '    Action    = "s3:GetObject"\n    Resource  = "${aws_s3_bucket.site.arn}/*"\n  }]\n})',
        secure_example='policy = jsonencode({\n  Statement = [{\n    Effect    = "Allow"\n'
        '    Principal = { Service = "cloudfront.amazonaws.com" }\n    Action    = "s3:GetObject"\n'
        '    Resource  = "${aws_s3_bucket.site.arn}/*"\n'
        '    Condition = { StringEquals = { "aws:SourceArn" = aws_cloudfront_distribution.site.arn } }\n  }]\n})',
        controls=("CIS-AWS-2.1.4", "CIS-AWS-1.20", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284", "CWE-732"),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",),
    ),
    terraform_check(
        id="iac/aws-s3-policy-insecure-transport",
        title="S3 bucket policy does not deny requests without TLS",
        severity=Severity.LOW,
        kinds=("aws_s3_bucket",),
        evaluate=bucket_allows_plain_http,
        rationale="S3 accepts plain HTTP requests unless the bucket policy denies them; a client or SDK"
        " misconfigured to use http:// sends objects and signed requests in clear text that can be read or"
        " replayed on the network path.",
        fix='Add a bucket policy statement with Effect "Deny", Principal "*", Action "s3:*" on the bucket and its'
        ' objects, and Condition `Bool { "aws:SecureTransport" = "false" }`.',
        insecure_example='resource "aws_s3_bucket" "data" {\n  bucket = "data"\n}',
        secure_example='data "aws_iam_policy_document" "tls_only" {\n  statement {\n    effect    = "Deny"\n'
        '    actions   = ["s3:*"]\n    resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]\n'
        '    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n    condition {\n'
        '      test     = "Bool"\n      variable = "aws:SecureTransport"\n      values   = ["false"]\n    }\n  }\n}',
        controls=("CIS-AWS-2.1.1", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-319",),
        references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",),
    ),
    # --- IAM --------------------------------------------------------------------------------------
    terraform_check(
        id="iac/aws-iam-policy-full-admin",
        title='IAM policy allows every action ("*") on every resource',
        severity=Severity.CRITICAL,
        kinds=IDENTITY_POLICY_KINDS,
        evaluate=identity_policy(_full_admin),
        rationale='A statement allowing Action "*" on Resource "*" is full administrator access: whoever holds it'
        " (or steals its credentials) can read every secret, delete every resource and create new users and keys"
        " to persist.",
        fix="List the actions and resources the principal needs (IAM Access Analyzer can generate a policy from"
        " CloudTrail activity); keep administrator access to a few break-glass roles behind MFA.",
        insecure_example='statement {\n  actions   = ["*"]\n  resources = ["*"]\n}',
        secure_example='statement {\n  actions   = ["s3:GetObject", "s3:PutObject"]\n'
        '  resources = ["${aws_s3_bucket.data.arn}/*"]\n}',
        controls=("CIS-AWS-1.16", "PCI-DSS-4.0-7.2.2", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-269",),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",),
    ),
    terraform_check(
        id="iac/aws-iam-policy-service-wildcard",
        title='IAM policy allows all actions of a service ("s3:*") on every resource',
        severity=Severity.MEDIUM,
        kinds=IDENTITY_POLICY_KINDS,
        evaluate=identity_policy(_service_wildcard),
        rationale='"service:*" on Resource "*" grants every current and future action of the service on every'
        " resource in the account: s3:* includes deleting every bucket and rewriting bucket policies, iam:* lets"
        " the holder grant itself anything.",
        fix="Name the actions the workload calls and scope Resource to the ARNs it uses.",
        insecure_example='Statement = [{\n  Effect   = "Allow"\n  Action   = "s3:*"\n  Resource = "*"\n}]',
        secure_example='Statement = [{\n  Effect   = "Allow"\n  Action   = ["s3:GetObject"]\n'
        '  Resource = "${aws_s3_bucket.data.arn}/*"\n}]',
        controls=("CIS-AWS-1.16", "PCI-DSS-4.0-7.2.2", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-269",),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",),
    ),
    terraform_check(
        id="iac/aws-iam-policy-not-action",
        title="IAM policy uses Allow with NotAction",
        severity=Severity.MEDIUM,
        kinds=IDENTITY_POLICY_KINDS,
        evaluate=identity_policy(_allow_not_action),
        rationale='"Allow" with NotAction grants every action except those listed, including actions of services'
        " AWS launches later; `NotAction: iam:*` on `*` is administrator access minus IAM, which is still enough to"
        " read all data and, through services that pass roles, often to escalate.",
        fix="Replace NotAction with an explicit Action list; to forbid a set of actions use a Deny statement.",
        insecure_example='statement {\n  not_actions = ["iam:*"]\n  resources   = ["*"]\n}',
        secure_example='statement {\n  actions   = ["ec2:Describe*", "cloudwatch:GetMetricData"]\n'
        '  resources = ["*"]\n}',
        controls=("CIS-AWS-1.16", "PCI-DSS-4.0-7.2.2", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-269",),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",),
    ),
    terraform_check(
        id="iac/aws-iam-policy-privilege-escalation",
        title="IAM policy allows privilege escalation actions on every resource",
        severity=Severity.HIGH,
        kinds=IDENTITY_POLICY_KINDS,
        evaluate=identity_policy(_privilege_escalation),
        rationale="Some IAM actions are administrator access in disguise: with iam:CreatePolicyVersion,"
        ' iam:Attach*Policy or iam:Put*Policy on Resource "*" the holder rewrites its own permissions; with'
        " iam:CreateAccessKey or iam:UpdateLoginProfile it takes over other users; with iam:PassRole (plus"
        " lambda:CreateFunction, ec2:RunInstances...) or lambda:UpdateFunctionCode it runs code as a more"
        " privileged role. Whoever steals the credentials of a CI user or workload holding them owns the account."
        ' Statements with Action "*" are reported by iac/aws-iam-policy-full-admin instead.',
        fix="Scope Resource to the ARNs the workload manages (`arn:aws:iam::111122223333:role/app-*` for"
        " iam:PassRole) and add conditions such as `iam:PassedToService` or `iam:PermissionsBoundary`; leave user,"
        " group and policy administration to a few audited admin roles.",
        insecure_example='statement {\n  actions   = ["iam:PassRole", "lambda:CreateFunction"]\n  resources = ["*"]\n}',
        secure_example='statement {\n  actions   = ["iam:PassRole"]\n'
        '  resources = ["arn:aws:iam::111122223333:role/app-lambda"]\n  condition {\n'
        '    test     = "StringEquals"\n    variable = "iam:PassedToService"\n'
        '    values   = ["lambda.amazonaws.com"]\n  }\n}',
        controls=("CIS-AWS-1.16", "PCI-DSS-4.0-7.2.2", "SOC2-CC6.3", "NIST-800-53-AC-6", "NIST-800-53-AC-6(10)"),
        cwe=("CWE-269",),
        references=(
            "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
        ),
    ),
    terraform_check(
        id="iac/aws-iam-role-trust-public",
        title="IAM role can be assumed by any AWS principal",
        severity=Severity.CRITICAL,
        kinds=("aws_iam_role",),
        evaluate=public_policy("assume_role_policy"),
        rationale='A trust policy allowing Principal "*" (or {"AWS": "*"}) with no Condition lets any AWS account in'
        " the world call sts:AssumeRole and act with the role's permissions; attackers enumerate role ARNs to find"
        " exactly this.",
        fix="Trust named accounts, roles or services, and for cross-account access add an `sts:ExternalId` or"
        " `aws:PrincipalOrgID` condition.",
        insecure_example='assume_role_policy = jsonencode({\n  Statement = [{\n    Effect    = "Allow"\n'
        '    Principal = { AWS = "*" }\n    Action    = "sts:AssumeRole"\n  }]\n})',
        secure_example='assume_role_policy = jsonencode({\n  Statement = [{\n    Effect    = "Allow"\n'
        '    Principal = { AWS = "arn:aws:iam::111122223333:root" }\n    Action    = "sts:AssumeRole"\n'
        '    Condition = { StringEquals = { "sts:ExternalId" = var.external_id } }\n  }]\n})',
        controls=("CIS-AWS-1.20", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3", "NIST-800-53-AC-6"),
        cwe=("CWE-284", "CWE-732"),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",),
    ),
    terraform_check(
        id="iac/aws-iam-user-policy",
        title="IAM policy attached directly to a user",
        severity=Severity.LOW,
        kinds=tuple(USER_POLICY_KINDS),
        evaluate=user_policies,
        rationale="Permissions attached to individual users drift apart and are missed in access reviews; when a"
        " person changes role their user keeps what it had. Granting through groups (or, better, roles assumed"
        " through SSO) keeps permissions reviewable in one place.",
        fix="Attach the policy to an `aws_iam_group` and add the user to it with `aws_iam_user_group_membership`;"
        " prefer IAM Identity Center permission sets for people.",
        insecure_example='resource "aws_iam_user_policy_attachment" "deploy" {\n  user       = aws_iam_user.ci.name\n'
        "  policy_arn = aws_iam_policy.deploy.arn\n}",
        secure_example='resource "aws_iam_group_policy_attachment" "deploy" {\n'
        "  group      = aws_iam_group.deployers.name\n  policy_arn = aws_iam_policy.deploy.arn\n}",
        controls=("CIS-AWS-1.15", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.3", "NIST-800-53-AC-2", "NIST-800-53-AC-6"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html",),
    ),
    terraform_check(
        id="iac/aws-iam-access-key",
        title="Long-lived IAM access key created by Terraform",
        severity=Severity.MEDIUM,
        kinds=("aws_iam_access_key",),
        evaluate=access_key,
        rationale="An access key never expires: it ends up in CI variables, laptops and logs, and leaked AWS keys"
        " are exploited within minutes. Terraform also stores the secret in its state (in plain text without"
        " `pgp_key`), so anyone who can read the state holds the key.",
        fix="Use roles instead: OIDC federation for CI (`aws_iam_openid_connect_provider`), instance profiles,"
        " IAM Roles Anywhere or IAM Identity Center. If a key is unavoidable, create it outside Terraform and"
        " rotate it within 90 days.",
        insecure_example='resource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}',
        secure_example='resource "aws_iam_role" "ci" {\n  name               = "ci"\n'
        "  assume_role_policy = data.aws_iam_policy_document.github_oidc.json\n}",
        controls=("CIS-AWS-1.11", "CIS-AWS-1.14", "PCI-DSS-4.0-8.3.9", "SOC2-CC6.1", "NIST-800-53-IA-5"),
        cwe=("CWE-522",),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",),
    ),
    terraform_check(
        id="iac/aws-iam-password-policy-weak",
        title="IAM account password policy is weak",
        severity=Severity.MEDIUM,
        kinds=("aws_iam_account_password_policy",),
        evaluate=all_of(
            at_least("minimum_password_length", 14, message="{path} is {value}; 14 or more is required"),
            at_least("password_reuse_prevention", 24, message="{path} is {value}; 24 previous passwords"),
            *(
                must_be_true(flag)
                for flag in (
                    "require_lowercase_characters",
                    "require_uppercase_characters",
                    "require_numbers",
                    "require_symbols",
                )
            ),
        ),
        rationale="Console passwords of IAM users are guessed and sprayed; AWS defaults to 8 characters with no"
        " reuse prevention and no character requirements, so short, recycled passwords are accepted.",
        fix="Set `minimum_password_length = 14` or more, `password_reuse_prevention = 24` and the four `require_*`"
        " flags to true; better, move people to IAM Identity Center with MFA.",
        insecure_example='resource "aws_iam_account_password_policy" "this" {\n  minimum_password_length = 8\n}',
        secure_example='resource "aws_iam_account_password_policy" "this" {\n  minimum_password_length      = 14\n'
        "  password_reuse_prevention    = 24\n  require_lowercase_characters = true\n"
        "  require_uppercase_characters = true\n  require_numbers              = true\n"
        "  require_symbols              = true\n}",
        controls=(
            "CIS-AWS-1.8",
            "CIS-AWS-1.9",
            "PCI-DSS-4.0-8.3.6",
            "PCI-DSS-4.0-8.3.7",
            "SOC2-CC6.1",
            "NIST-800-53-IA-5(1)",
        ),
        cwe=("CWE-521",),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",),
    ),
    terraform_check(
        id="iac/aws-iam-admin-policy-attached",
        title="AdministratorAccess managed policy attached",
        severity=Severity.HIGH,
        kinds=(
            "aws_iam_user_policy_attachment",
            "aws_iam_role_policy_attachment",
            "aws_iam_group_policy_attachment",
            "aws_iam_policy_attachment",
            "aws_iam_role",
            "aws_iam_role_policy_attachments_exclusive",
            "aws_iam_user_policy_attachments_exclusive",
            "aws_iam_group_policy_attachments_exclusive",
        ),
        evaluate=administrator_access_attached,
        rationale='The AWS managed AdministratorAccess policy is Action "*" on Resource "*": a workload role, CI'
        " user or group that carries it turns any compromise of that identity (a leaked key, an SSRF on an"
        " instance, a poisoned pipeline) into control of the whole account.",
        fix="Attach a policy scoped to what the identity does; keep AdministratorAccess to a break-glass role that"
        " requires MFA and is monitored.",
        insecure_example='resource "aws_iam_role_policy_attachment" "app" {\n  role       = aws_iam_role.app.name\n'
        '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}',
        secure_example='resource "aws_iam_role_policy_attachment" "app" {\n  role       = aws_iam_role.app.name\n'
        "  policy_arn = aws_iam_policy.app.arn\n}",
        controls=("CIS-AWS-1.16", "PCI-DSS-4.0-7.2.2", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-269",),
        references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",),
    ),
    # --- KMS --------------------------------------------------------------------------------------
    terraform_check(
        id="iac/aws-kms-key-rotation-disabled",
        title="KMS key rotation is not enabled",
        severity=Severity.MEDIUM,
        kinds=("aws_kms_key",),
        evaluate=only_if(
            _symmetric_key,
            must_be_true("enable_key_rotation"),
        ),
        rationale="Without rotation the same key material protects data for the key's whole life, so material"
        " exposed once (or attacked at length) decrypts everything ever written with it. Automatic rotation is"
        " free of re-encryption work and old material stays available for decryption. Asymmetric and HMAC keys,"
        " which cannot rotate automatically, are not flagged.",
        fix="Set `enable_key_rotation = true` (optionally `rotation_period_in_days`).",
        insecure_example='resource "aws_kms_key" "data" {\n  description = "data"\n}',
        secure_example='resource "aws_kms_key" "data" {\n  description         = "data"\n'
        "  enable_key_rotation = true\n}",
        controls=("CIS-AWS-3.6", "PCI-DSS-4.0-3.7.4", "SOC2-CC6.1", "NIST-800-53-SC-12"),
        cwe=("CWE-324",),
        references=("https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",),
    ),
    terraform_check(
        id="iac/aws-kms-key-policy-public",
        title='KMS key policy allows Principal "*" without a condition',
        severity=Severity.HIGH,
        kinds=("aws_kms_key", "aws_kms_key_policy", "aws_kms_replica_key"),
        evaluate=public_policy("policy"),
        rationale='A key policy statement with Principal "*" and no Condition lets any AWS account use (or manage)'
        " the key, so data encrypted with it is only as private as the ciphertext; key policies are the one"
        " place where KMS access is decided.",
        fix='Name the account root or the roles that use the key; if "*" is needed, restrict it with'
        " `kms:CallerAccount` and `kms:ViaService`, or `aws:PrincipalOrgID`.",
        insecure_example='Statement = [{\n  Effect    = "Allow"\n  Principal = { AWS = "*" }\n  Action    = "kms:*"\n'
        '  Resource  = "*"\n}]',
        secure_example='Statement = [{\n  Effect    = "Allow"\n'
        '  Principal = { AWS = "arn:aws:iam::111122223333:root" }\n  Action    = "kms:*"\n  Resource  = "*"\n}]',
        controls=("CIS-AWS-1.20", "PCI-DSS-4.0-3.6.1", "SOC2-CC6.1", "NIST-800-53-AC-3", "NIST-800-53-SC-12"),
        cwe=("CWE-284", "CWE-732"),
        references=("https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",),
    ),
    # --- CloudTrail -------------------------------------------------------------------------------
    terraform_check(
        id="iac/aws-cloudtrail-not-multi-region",
        title="CloudTrail trail does not cover all regions",
        severity=Severity.MEDIUM,
        kinds=("aws_cloudtrail",),
        evaluate=must_be_true("is_multi_region_trail"),
        rationale="A single-region trail misses API calls made in every other region, which is exactly where an"
        " attacker with stolen keys launches crypto-mining instances or hides resources.",
        fix="Set `is_multi_region_trail = true` (and `include_global_service_events = true`).",
        insecure_example='resource "aws_cloudtrail" "main" {\n  name           = "main"\n'
        "  s3_bucket_name = aws_s3_bucket.trail.id\n}",
        secure_example='resource "aws_cloudtrail" "main" {\n  name                  = "main"\n'
        "  s3_bucket_name        = aws_s3_bucket.trail.id\n  is_multi_region_trail = true\n}",
        controls=("CIS-AWS-3.1", "PCI-DSS-4.0-10.2.1", "SOC2-CC7.2", "NIST-800-53-AU-2", "NIST-800-53-AU-12"),
        cwe=("CWE-778",),
        references=(
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
        ),
    ),
    terraform_check(
        id="iac/aws-cloudtrail-log-validation-disabled",
        title="CloudTrail log file integrity validation is not enabled",
        severity=Severity.MEDIUM,
        kinds=("aws_cloudtrail",),
        evaluate=must_be_true("enable_log_file_validation"),
        rationale="Without digest files nobody can prove that a log file was not edited or deleted after delivery;"
        " an intruder with write access to the log bucket can remove the evidence of their own API calls.",
        fix="Set `enable_log_file_validation = true` and validate with `aws cloudtrail validate-logs`.",
        insecure_example='resource "aws_cloudtrail" "main" {\n  enable_log_file_validation = false\n}',
        secure_example='resource "aws_cloudtrail" "main" {\n  enable_log_file_validation = true\n}',
        controls=("CIS-AWS-3.2", "PCI-DSS-4.0-10.3.4", "SOC2-CC7.2", "NIST-800-53-AU-9"),
        cwe=("CWE-354",),
        references=(
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
        ),
    ),
    terraform_check(
        id="iac/aws-cloudtrail-kms-missing",
        title="CloudTrail logs are not encrypted with a KMS key",
        severity=Severity.LOW,
        kinds=("aws_cloudtrail",),
        evaluate=required("kms_key_id", missing_message="{path} is not set: logs are encrypted with SSE-S3 only"),
        rationale="With SSE-S3 anyone allowed to read the log bucket reads the trail; SSE-KMS adds a second,"
        " separately audited permission (kms:Decrypt on a key you control) between the logs and a reader.",
        fix="Create a customer-managed `aws_kms_key` whose policy lets CloudTrail encrypt, and set `kms_key_id`.",
        insecure_example='resource "aws_cloudtrail" "main" {\n  name = "main"\n}',
        secure_example='resource "aws_cloudtrail" "main" {\n  name       = "main"\n'
        "  kms_key_id = aws_kms_key.trail.arn\n}",
        controls=("CIS-AWS-3.5", "PCI-DSS-4.0-10.3.2", "SOC2-CC6.1", "NIST-800-53-AU-9", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=(
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
        ),
    ),
    terraform_check(
        id="iac/aws-cloudtrail-global-events-disabled",
        title="No CloudTrail trail records global service events",
        severity=Severity.LOW,
        kinds=("aws_cloudtrail",),
        evaluate=global_events_off,
        rationale="IAM, STS and CloudFront calls are global service events: a trail without them does not record"
        " users, keys or policies being created. Turning them off on extra regional trails to avoid duplicates is"
        " fine, so the check only fires when no trail in the configuration records them.",
        fix="Leave `include_global_service_events` at its default (true) on the multi-region trail.",
        insecure_example='resource "aws_cloudtrail" "main" {\n  include_global_service_events = false\n}',
        secure_example='resource "aws_cloudtrail" "main" {\n  is_multi_region_trail         = true\n'
        "  include_global_service_events = true\n}",
        controls=("CIS-AWS-3.1", "PCI-DSS-4.0-10.2.1", "SOC2-CC7.2", "NIST-800-53-AU-2"),
        cwe=("CWE-778",),
        references=(
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events",
        ),
    ),
    # --- VPC --------------------------------------------------------------------------------------
    terraform_check(
        id="iac/aws-vpc-flow-logs-missing",
        title="VPC has no flow log",
        severity=Severity.MEDIUM,
        kinds=("aws_vpc", "aws_default_vpc"),
        evaluate=vpc_without_flow_log,
        rationale="Flow logs are the only record of which addresses talked to which instances and how much data"
        " left; without them exfiltration, scanning and C2 traffic cannot be investigated after the fact.",
        fix="Add an `aws_flow_log` with `vpc_id` set to the VPC (traffic_type ALL or at least REJECT) delivering to"
        " CloudWatch Logs or S3.",
        insecure_example='resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}',
        secure_example='resource "aws_flow_log" "main" {\n  vpc_id               = aws_vpc.main.id\n'
        '  traffic_type         = "ALL"\n  log_destination_type = "s3"\n'
        "  log_destination      = aws_s3_bucket.flow_logs.arn\n}",
        controls=("CIS-AWS-3.7", "PCI-DSS-4.0-10.2.1", "SOC2-CC7.2", "NIST-800-53-AU-12", "NIST-800-53-SI-4"),
        cwe=("CWE-778",),
        references=("https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",),
    ),
    terraform_check(
        id="iac/aws-vpc-default-sg-allows-traffic",
        title="Default security group allows traffic",
        severity=Severity.MEDIUM,
        kinds=(
            "aws_default_security_group",
            "aws_security_group_rule",
            "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule",
        ),
        evaluate=default_security_group_rules,
        rationale="Anything launched without an explicit security group (an instance, a Lambda ENI, an endpoint)"
        " lands in the VPC's default group; rules on it silently open those resources to each other or to the"
        " network, outside any deliberate design.",
        fix="Manage the default group with an `aws_default_security_group` that has no `ingress` or `egress`"
        " blocks (Terraform then removes every rule) and give each workload its own security group.",
        insecure_example='resource "aws_default_security_group" "default" {\n  vpc_id = aws_vpc.main.id\n'
        '  ingress {\n    protocol  = "-1"\n    self      = true\n    from_port = 0\n    to_port   = 0\n  }\n}',
        secure_example='resource "aws_default_security_group" "default" {\n  vpc_id = aws_vpc.main.id\n}',
        controls=("CIS-AWS-5.4", "PCI-DSS-4.0-1.2.1", "SOC2-CC6.6", "NIST-800-53-SC-7", "NIST-800-53-CM-7"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",),
    ),
    terraform_check(
        id="iac/aws-nacl-admin-port-open",
        title="Network ACL allows SSH/RDP/remote administration from the internet",
        severity=Severity.MEDIUM,
        kinds=("aws_network_acl", "aws_default_network_acl", "aws_network_acl_rule"),
        evaluate=network_acl_admin_ports,
        rationale="Network ACLs are the subnet-wide layer behind security groups; one that allows 0.0.0.0/0 to"
        " SSH or RDP leaves every instance in the subnet one security-group mistake away from brute force."
        " Rules shadowed by a lower-numbered deny are not flagged.",
        fix="Allow administration ports only from the VPN or bastion range, or add a lower-numbered deny for"
        " 0.0.0.0/0 on those ports; use SSM Session Manager instead of SSH.",
        insecure_example='ingress {\n  rule_no    = 100\n  action     = "allow"\n  protocol   = "tcp"\n'
        '  cidr_block = "0.0.0.0/0"\n  from_port  = 22\n  to_port    = 22\n}',
        secure_example='ingress {\n  rule_no    = 100\n  action     = "allow"\n  protocol   = "tcp"\n'
        '  cidr_block = "10.20.0.0/16"\n  from_port  = 22\n  to_port    = 22\n}',
        controls=("CIS-AWS-5.1", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",),
    ),
    terraform_check(
        id="iac/aws-vpc-subnet-public-ip",
        title="Subnet assigns public IP addresses on launch",
        severity=Severity.LOW,
        kinds=("aws_subnet", "aws_default_subnet"),
        evaluate=set_true("map_public_ip_on_launch"),
        rationale="Every instance launched into the subnet gets a public address, so the only thing between it and"
        " the internet is its security group; workloads meant to be private become reachable by accident.",
        fix="Set `map_public_ip_on_launch = false`; put internet-facing services behind a load balancer and give"
        " private instances egress through a NAT gateway.",
        insecure_example='resource "aws_subnet" "app" {\n  vpc_id                  = aws_vpc.main.id\n'
        '  cidr_block              = "10.0.1.0/24"\n  map_public_ip_on_launch = true\n}',
        secure_example='resource "aws_subnet" "app" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.0.1.0/24"\n}',
        controls=("CIS-CSC-12.2", "PCI-DSS-4.0-1.4.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html",),
    ),
    terraform_check(
        id="iac/aws-sg-all-ports-open",
        title="Security group allows all ports from the internet",
        severity=Severity.CRITICAL,
        kinds=("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"),
        evaluate=open_ingress_all_ports,
        rationale="Ingress on every port (protocol -1, or 0-65535) from 0.0.0.0/0 exposes every service on the"
        " instance, including databases, admin consoles and debug ports never meant to be reachable; internet"
        " scanners find them within minutes.",
        fix="Open only the ports the service answers on, and only to the sources that need them (a load"
        " balancer's security group, a VPN range).",
        insecure_example='ingress {\n  from_port   = 0\n  to_port     = 0\n  protocol    = "-1"\n'
        '  cidr_blocks = ["0.0.0.0/0"]\n}',
        secure_example='ingress {\n  from_port       = 443\n  to_port         = 443\n  protocol        = "tcp"\n'
        "  security_groups = [aws_security_group.lb.id]\n}",
        controls=("CIS-AWS-5.2", "CIS-AWS-5.3", "PCI-DSS-4.0-1.3.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",),
    ),
    # --- EC2 / EBS --------------------------------------------------------------------------------
    terraform_check(
        id="iac/aws-ec2-imdsv1-enabled",
        title="EC2 instance metadata service allows IMDSv1",
        severity=Severity.HIGH,
        kinds=("aws_instance", "aws_launch_template", "aws_launch_configuration"),
        evaluate=imds_v1_allowed,
        rationale="IMDSv1 answers any GET to 169.254.169.254, so one server-side request forgery in an application"
        " (the Capital One breach) hands the attacker the instance role's credentials. IMDSv2 requires a session"
        " token obtained with a PUT, which SSRF and most proxies cannot send.",
        fix='Set `metadata_options { http_tokens = "required" }` (or account-wide with'
        " `aws_ec2_instance_metadata_defaults`).",
        insecure_example='resource "aws_instance" "app" {\n  ami           = var.ami\n  instance_type = "t3.micro"\n}',
        secure_example='resource "aws_instance" "app" {\n  ami           = var.ami\n  instance_type = "t3.micro"\n'
        '  metadata_options {\n    http_tokens = "required"\n  }\n}',
        controls=("CIS-AWS-5.6", "PCI-DSS-4.0-2.2.6", "SOC2-CC6.6", "NIST-800-53-AC-3", "NIST-800-53-SC-7"),
        cwe=("CWE-918",),
        references=("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",),
    ),
    terraform_check(
        id="iac/aws-ec2-public-ip",
        title="EC2 instance gets a public IP address",
        severity=Severity.MEDIUM,
        kinds=("aws_instance", "aws_launch_template", "aws_launch_configuration"),
        evaluate=per_kind(
            {
                "aws_instance": set_true("associate_public_ip_address"),
                "aws_launch_configuration": set_true("associate_public_ip_address"),
                "aws_launch_template": set_true("network_interfaces.associate_public_ip_address"),
            }
        ),
        rationale="A public address makes the instance directly reachable from the internet; its exposure then"
        " hangs on every security group rule staying right, and the instance bypasses load balancer and WAF"
        " protections.",
        fix="Remove `associate_public_ip_address`, place the instance in a private subnet and publish it through"
        " a load balancer; use SSM Session Manager for access.",
        insecure_example='resource "aws_instance" "app" {\n  associate_public_ip_address = true\n}',
        secure_example='resource "aws_instance" "app" {\n  subnet_id                   = aws_subnet.private.id\n'
        "  associate_public_ip_address = false\n}",
        controls=("CIS-CSC-12.2", "PCI-DSS-4.0-1.4.1", "SOC2-CC6.6", "NIST-800-53-SC-7"),
        cwe=("CWE-284",),
        references=("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html",),
    ),
    terraform_check(
        id="iac/aws-ebs-volume-unencrypted",
        title="EBS volume is not encrypted",
        severity=Severity.MEDIUM,
        kinds=("aws_ebs_volume",),
        evaluate=unless_encrypted_by_default(ebs_volume_unencrypted),
        rationale="Unencrypted volumes and their snapshots can be copied, shared or attached elsewhere and read"
        " without any key permission; a snapshot shared by mistake exposes the whole disk. Volumes created from a"
        " snapshot inherit its encryption and are not flagged, nor is anything when EBS encryption by default is on.",
        fix="Set `encrypted = true` (with a customer-managed `kms_key_id` where separation matters), or enable"
        " `aws_ebs_encryption_by_default`.",
        insecure_example='resource "aws_ebs_volume" "data" {\n  availability_zone = "eu-west-1a"\n  size = 100\n}',
        secure_example='resource "aws_ebs_volume" "data" {\n  availability_zone = "eu-west-1a"\n  size = 100\n'
        "  encrypted         = true\n}",
        controls=("CIS-AWS-2.2.1", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",),
    ),
    terraform_check(
        id="iac/aws-ebs-encryption-by-default-disabled",
        title="EBS encryption by default is turned off",
        severity=Severity.MEDIUM,
        kinds=("aws_ebs_encryption_by_default",),
        evaluate=equals("enabled", False, message="{path} is false"),
        rationale="Encryption by default is the region-wide guarantee that every new volume and snapshot copy is"
        " encrypted; explicitly disabling it lets any launch without `encrypted = true` create plaintext disks.",
        fix="Set `enabled = true` (the default) in every region you use.",
        insecure_example='resource "aws_ebs_encryption_by_default" "this" {\n  enabled = false\n}',
        secure_example='resource "aws_ebs_encryption_by_default" "this" {\n  enabled = true\n}',
        controls=("CIS-AWS-2.2.1", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",),
    ),
    terraform_check(
        id="iac/aws-ec2-block-device-unencrypted",
        title="EC2 instance or launch template volume is not encrypted",
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,  # an undeclared root volume is encrypted if its AMI snapshot is
        kinds=("aws_instance", "aws_launch_template", "aws_launch_configuration"),
        evaluate=unless_encrypted_by_default(block_devices_unencrypted),
        rationale="Root and data volumes declared on an instance or template are plaintext unless they say"
        " `encrypted = true` (or the AMI snapshot is encrypted); their snapshots and AMIs copied from them carry"
        " the data in the clear. Nothing is flagged when EBS encryption by default is enabled.",
        fix="Set `encrypted = true` in `root_block_device`, each `ebs_block_device`, and each launch template"
        " `block_device_mappings.ebs`; or enable `aws_ebs_encryption_by_default`.",
        insecure_example='resource "aws_instance" "app" {\n  root_block_device {\n    volume_size = 20\n  }\n}',
        secure_example='resource "aws_instance" "app" {\n  root_block_device {\n    volume_size = 20\n'
        "    encrypted   = true\n  }\n}",
        controls=("CIS-AWS-2.2.1", "PCI-DSS-4.0-3.5.1", "SOC2-CC6.1", "NIST-800-53-SC-28"),
        cwe=("CWE-311",),
        references=("https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",),
    ),
    terraform_check(
        id="iac/aws-ec2-user-data-secret",
        title="EC2 user data contains a credential",
        severity=Severity.HIGH,
        confidence=Confidence.MEDIUM,
        kinds=("aws_instance", "aws_launch_template", "aws_launch_configuration"),
        evaluate=user_data_secrets,
        rationale="User data is not secret: anyone with ec2:DescribeInstanceAttribute, any process on the instance"
        " (through the metadata service) and the Terraform state can read it. Keys and passwords written there"
        " leak to all of them and are never rotated.",
        fix="Give the instance a role for AWS access and fetch other secrets at boot from Secrets Manager or SSM"
        " Parameter Store (`aws secretsmanager get-secret-value`); rotate the exposed credential.",
        insecure_example='user_data = <<-EOT\n  #!/bin/bash\n  export DB_PASSWORD="Example-Passw0rd-1"\nEOT',
        secure_example='user_data = <<-EOT\n  #!/bin/bash\n  export DB_PASSWORD="$(aws secretsmanager'
        ' get-secret-value --secret-id db --query SecretString --output text)"\nEOT',
        controls=("CIS-AWS-1.18", "PCI-DSS-4.0-8.6.2", "SOC2-CC6.1", "NIST-800-53-IA-5(7)"),
        cwe=("CWE-798", "CWE-312"),
        references=("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html",),
    ),
    terraform_check(
        id="iac/aws-ec2-ami-public",
        title="AMI is shared publicly",
        severity=Severity.HIGH,
        kinds=("aws_ami_launch_permission",),
        evaluate=equals("group", "all", message="{path} is {value}: every AWS account can launch the image"),
        rationale="A public AMI can be launched and its snapshots read by every AWS account; images routinely"
        " contain application code, configuration files, SSH keys and credentials baked in at build time.",
        fix="Share the image with specific accounts (`account_id`) or your organization (`organization_arn`)"
        ' instead of `group = "all"`.',
        insecure_example='resource "aws_ami_launch_permission" "app" {\n  image_id = aws_ami.app.id\n'
        '  group    = "all"\n}',
        secure_example='resource "aws_ami_launch_permission" "app" {\n  image_id   = aws_ami.app.id\n'
        '  account_id = "111122223333"\n}',
        controls=("CIS-CSC-3.3", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-200", "CWE-732"),
        references=("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html",),
    ),
    # --- ECR --------------------------------------------------------------------------------------
    terraform_check(
        id="iac/aws-ecr-scan-on-push-disabled",
        title="ECR repository does not scan images on push",
        severity=Severity.LOW,
        kinds=("aws_ecr_repository",),
        evaluate=unless_project_has(("aws_ecr_registry_scanning_configuration",), scan_on_push, _registry_scans),
        rationale="Without scanning, images with known-exploitable packages are pushed and deployed with nobody"
        " told; scan results are also what admission policies and patch SLAs are built on. A registry-wide"
        " scanning configuration (which overrides the repository setting) satisfies the check.",
        fix="Set `image_scanning_configuration { scan_on_push = true }`, or configure registry-level (enhanced)"
        " scanning with `aws_ecr_registry_scanning_configuration`.",
        insecure_example='resource "aws_ecr_repository" "app" {\n  name = "app"\n}',
        secure_example='resource "aws_ecr_repository" "app" {\n  name = "app"\n'
        "  image_scanning_configuration {\n    scan_on_push = true\n  }\n}",
        controls=("CIS-CSC-7.5", "PCI-DSS-4.0-6.3.1", "SOC2-CC7.1", "NIST-800-53-RA-5"),
        cwe=("CWE-1395",),
        references=("https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",),
    ),
    terraform_check(
        id="iac/aws-ecr-tag-mutable",
        title="ECR repository allows image tags to be overwritten",
        severity=Severity.LOW,
        kinds=("aws_ecr_repository",),
        evaluate=required(
            "image_tag_mutability",
            "IMMUTABLE",
            "IMMUTABLE_WITH_EXCLUSION",
            missing_message="{path} is not set (defaults to MUTABLE)",
        ),
        rationale="With mutable tags, anyone who can push can replace the image behind a tag that deployments"
        " already trust (`v1.4.2`, `prod`); the next pull runs the new image without any change to the"
        " deployment, defeating review and scanning of the original.",
        fix='Set `image_tag_mutability = "IMMUTABLE"` and deploy by digest or by unique version tags.',
        insecure_example='resource "aws_ecr_repository" "app" {\n  name = "app"\n}',
        secure_example='resource "aws_ecr_repository" "app" {\n  name                 = "app"\n'
        '  image_tag_mutability = "IMMUTABLE"\n}',
        controls=("CIS-CSC-2.5", "PCI-DSS-4.0-6.3.2", "SOC2-CC8.1", "NIST-800-53-CM-14", "NIST-800-53-SI-7"),
        cwe=("CWE-494",),
        references=("https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",),
    ),
    terraform_check(
        id="iac/aws-ecr-policy-public",
        title='ECR repository policy allows Principal "*" without a condition',
        severity=Severity.HIGH,
        kinds=("aws_ecr_repository_policy",),
        evaluate=public_policy("policy"),
        rationale='A repository policy allowing Principal "*" lets any AWS account pull the images (code,'
        " embedded configuration and secrets) and, if push actions are included, replace them with malicious ones.",
        fix='Grant the accounts or roles that pull the images, or restrict "*" with `aws:PrincipalOrgID`.',
        insecure_example='Statement = [{\n  Effect    = "Allow"\n  Principal = "*"\n'
        '  Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]\n}]',
        secure_example='Statement = [{\n  Effect    = "Allow"\n  Principal = "*"\n'
        '  Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]\n'
        '  Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } }\n}]',
        controls=("CIS-AWS-1.20", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-284", "CWE-732"),
        references=("https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html",),
    ),
)
