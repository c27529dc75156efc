"""Kubernetes checks: the Pod Security Standards (baseline and restricted), container hygiene, RBAC, exposure.

Pod checks read every workload kind through `kubernetes.pod_spec`/`containers` (Pod, Deployment,
StatefulSet, DaemonSet, Job, CronJob...; init and ephemeral containers too). A securityContext
field a container leaves unset inherits the pod's where Kubernetes does (`Container.effective`).
Violations point at the offending field; a missing field is reported at the deepest part of its
path that exists (the container's `securityContext:` line, else the container's first line).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any
from weakref import WeakKeyDictionary

from pavedroad.analyzers.iac import kubernetes as k8s
from pavedroad.analyzers.iac.check import Check, Evaluate, Project, Violation
from pavedroad.analyzers.iac.conditions import all_of, is_unknown, show
from pavedroad.analyzers.iac.kubernetes import KUSTOMIZE_NAMESPACE
from pavedroad.analyzers.iac.model import DYNAMIC_KEY, MISSING, Node, Resource, line_at, lookup
from pavedroad.core.findings import Confidence, Severity

kubernetes_check = partial(Check, frameworks=("kubernetes",))

Keys = tuple[str, ...]
Predicate = Callable[[Any], bool]

PSS_URL = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
SECURITY_CONTEXT_URL = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
RBAC_URL = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
RESOURCES_URL = "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"
IMAGES_URL = "https://kubernetes.io/docs/concepts/containers/images/"
SERVICE_URL = "https://kubernetes.io/docs/concepts/services-networking/service/"

WORKLOADS = k8s.WORKLOAD_KINDS
ROLES = ("Role", "ClusterRole")
BINDINGS = ("RoleBinding", "ClusterRoleBinding")
ALL_CONTAINERS = k8s.CONTAINER_LISTS
RUNNING_CONTAINERS = ("initContainers", "containers")  # ephemeral containers may not declare resources

# Objects that live in a namespace (cluster-scoped kinds and unknown custom kinds are left alone).
NAMESPACED_KINDS = (
    *WORKLOADS,
    "Service",
    "ConfigMap",
    "Secret",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "Ingress",
    "NetworkPolicy",
    "PersistentVolumeClaim",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "LimitRange",
    "ResourceQuota",
    "Endpoints",
    "EndpointSlice",
)

# Pod Security Standards, baseline: capabilities a container may add.
BASELINE_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)
# Reported by iac/k8s-dangerous-capabilities (high) rather than iac/k8s-capabilities-added.
DANGEROUS_CAPABILITIES = frozenset({"SYS_ADMIN", "NET_ADMIN", "ALL"})
SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    }
)
SELINUX_TYPES = frozenset({"container_t", "container_init_t", "container_kvm_t", "container_engine_t"})
# Restricted: the only volume types allowed (hostPath is reported by the baseline check).
RESTRICTED_VOLUME_TYPES = frozenset(
    {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}
)
APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"

SECRET_ENV_NAME = re.compile(
    r"passw(?:or)?d|(?:^|[_.-])(?:pwd|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key"
    r"|credentials?|connection[_-]?string|dsn)(?:$|[_.-])",
    re.IGNORECASE,
)
NOT_SECRET_ENV_NAME = re.compile(
    r"[_.-](?:file|path|dir|url|uri|endpoint|host|port|name|user|username|id|enabled|disabled|ttl|timeout"
    r"|length|expiry|expires|expiration|header|type|mode|size|version|ref|issuer|audience)$",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"^\$\(\w+\)$|^\$\{[^}]*\}$|\{\{.*\}\}|^<[^>]*>$")

# Network policies that cover every namespace at once.
CLUSTER_WIDE_POLICIES = ("GlobalNetworkPolicy", "CiliumClusterwideNetworkPolicy", "AdminNetworkPolicy")
NAMESPACED_POLICIES = ("NetworkPolicy", "CiliumNetworkPolicy")

INTERNAL_LB_ANNOTATIONS = {
    "service.beta.kubernetes.io/aws-load-balancer-internal": ("true",),
    "service.beta.kubernetes.io/aws-load-balancer-scheme": ("internal",),
    "service.beta.kubernetes.io/azure-load-balancer-internal": ("true",),
    "networking.gke.io/load-balancer-type": ("internal",),
    "cloud.google.com/load-balancer-type": ("internal",),
    "service.beta.kubernetes.io/oci-load-balancer-internal": ("true",),
}
OPEN_CIDRS = ("0.0.0.0/0", "::/0")


# -- values -----------------------------------------------------------------------------------


def _absent(value: Any) -> bool:
    return value is MISSING or value is None


def _known(value: Any) -> bool:
    return not _absent(value) and not is_unknown(value)


def _is(value: Any, *expected: Any) -> bool:
    """`value` equals one of `expected` (strings case-insensitively; "true" is True)."""
    for wanted in expected:
        if isinstance(wanted, bool):
            if value is wanted or (isinstance(value, str) and value.lower() == str(wanted).lower()):
                return True
        elif isinstance(wanted, str):
            if isinstance(value, str) and value.lower() == wanted.lower():
                return True
        elif isinstance(value, int) and not isinstance(value, bool) and value == wanted:
            return True
    return False


def is_true(value: Any) -> bool:
    return _is(value, True)


def _line_of(container: Any, index: int, default: int) -> int:
    line_of = getattr(container, "line_of", None)
    return int(line_of(index)) if line_of is not None else default


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _holds(value: Any, *items: str) -> bool:
    """The list (or scalar) at `value` holds one of `items` (case-insensitive)."""
    return any(_is(item, *items) for item in _strings(value))


def namespace_of(resource: Resource) -> str:
    """The object's namespace: its own, else the one a kustomization that lists it sets, else default."""
    namespace = lookup(resource.body, "metadata.namespace")
    if isinstance(namespace, str) and namespace:
        return namespace
    assigned = resource.facts.get(KUSTOMIZE_NAMESPACE)
    return assigned if isinstance(assigned, str) and assigned else "default"


def _show(value: Any) -> str:
    """A value as the manifest spells it (`true`, not Python's `True`)."""
    return str(value).lower() if isinstance(value, bool) else show(value)


def _distinct(violations: Iterable[Violation]) -> list[Violation]:
    """Once per (line, message): containers inheriting one pod-level value report it once."""
    return list({(violation.line, violation.message): violation for violation in violations}.values())


# -- pods and containers ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Setting:
    """A value as a workload sets it (MISSING when set nowhere), where, and by whom."""

    value: Any
    line: int
    scope: str
    field: str

    @property
    def shown(self) -> str:
        return f"{self.field}: {_show(self.value)}"

    def violation(self, message: str | None = None) -> Violation:
        text = message.format(value=_show(self.value), field=self.field) if message else self.shown
        return Violation(self.line, f"{self.scope}: {text}", f"{self.scope} {self.field}={_show(self.value)}")


def _setting(node: Any, keys: Keys, scope: str, prefix: str = "") -> Setting:
    field = ".".join((prefix, *keys) if prefix else keys)
    path = (prefix, *keys) if prefix else keys
    return Setting(lookup(node, path), line_at(node, path) or getattr(node, "line", 0), scope, field)


@dataclass(frozen=True, slots=True)
class PodSpec:
    resource: Resource
    node: Node
    path: tuple[str, ...]

    @property
    def line(self) -> int:
        return self.resource.line_at(self.path)

    @property
    def metadata(self) -> Any:
        """The pod's own metadata (a Pod's, or the workload's pod template's)."""
        return lookup(self.resource.body, (*self.path[:-1], "metadata"))

    @property
    def linux(self) -> bool:
        return not _is(lookup(self.node, "os.name"), "windows")

    def field(self, *keys: str) -> Setting:
        return _setting(self.node, keys, "pod")

    def security(self, *keys: str) -> Setting:
        return _setting(self.node, keys, "pod", "securityContext")

    def containers(self, groups: tuple[str, ...] = ALL_CONTAINERS) -> Iterator[Container]:
        for node, path in k8s.containers(self.resource):
            if path[-2] in groups:
                yield Container(node, str(path[-2]), self)

    def volumes(self) -> Iterator[Node]:
        volumes = self.node.get("volumes")
        yield from (volume for volume in volumes if isinstance(volume, Node)) if isinstance(volumes, list) else ()


@dataclass(frozen=True, slots=True)
class Container:
    node: Node
    group: str
    pod: PodSpec

    @property
    def scope(self) -> str:
        kind = {"initContainers": "init container", "ephemeralContainers": "ephemeral container"}
        return f"{kind.get(self.group, 'container')} {show(self.node.get('name', '?'))}"

    def field(self, *keys: str) -> Setting:
        return _setting(self.node, keys, self.scope)

    def security(self, *keys: str) -> Setting:
        return _setting(self.node, keys, self.scope, "securityContext")

    def effective(self, *keys: str) -> Setting:
        """The container's value, else the pod's; MISSING (at the container) when neither sets it."""
        own = self.security(*keys)
        if not _absent(own.value):
            return own
        inherited = self.pod.security(*keys)
        return inherited if not _absent(inherited.value) else own


def pod_of(resource: Resource) -> PodSpec | None:
    node, path = k8s.pod_spec(resource)
    return PodSpec(resource, node, tuple(str(step) for step in path)) if node is not None else None


PodTest = Callable[[PodSpec, Project], Iterable[Violation]]
ContainerTest = Callable[[Container, Project], Iterable[Violation]]


def each_pod(test: PodTest) -> Evaluate:
    def evaluate(resource: Resource, project: Project) -> list[Violation]:
        pod = pod_of(resource)
        return _distinct(test(pod, project)) if pod is not None else []

    return evaluate


def each_container(test: ContainerTest, *, groups: tuple[str, ...] = ALL_CONTAINERS, linux: bool = False) -> Evaluate:
    """`test` on every container; `linux` skips pods with `os.name: windows` (exempt from those PSS rules)."""

    def per_pod(pod: PodSpec, project: Project) -> Iterator[Violation]:
        if linux and not pod.linux:
            return
        for container in pod.containers(groups):
            yield from test(container, project)

    return each_pod(per_pod)


# -- securityContext rows ----------------------------------------------------------------------


def security_value(keys: Keys, bad: Predicate, message: str | None = None, *, pod: bool = True) -> Evaluate:
    """Every explicit securityContext value at `keys` (pod level when `pod`, and each container) that is bad."""

    def test(spec: PodSpec, project: Project) -> Iterator[Violation]:
        settings = [spec.security(*keys)] if pod else []
        settings += [container.security(*keys) for container in spec.containers()]
        for setting in settings:
            if _known(setting.value) and bad(setting.value):
                yield setting.violation(message)

    return each_pod(test)


def security_required(
    keys: Keys, ok: Predicate, missing: str, *, inherit: bool = True, linux: bool = False
) -> Evaluate:
    """Each container's effective securityContext value at `keys` must satisfy `ok`; unset violates too.

    `inherit`: the pod-level securityContext supplies the value a container leaves unset.
    """

    def test(container: Container, project: Project) -> Iterator[Violation]:
        setting = container.effective(*keys) if inherit else container.security(*keys)
        if _absent(setting.value):
            where = "container or pod" if inherit else "container"
            yield Violation(
                setting.line, f"{container.scope}: {setting.field} is not set ({where}); {missing}", "missing"
            )
        elif not is_unknown(setting.value) and not ok(setting.value):
            yield setting.violation()

    return each_container(test, linux=linux)


def _capability(name: str) -> str:
    upper = name.upper()
    return upper[4:] if upper.startswith("CAP_") else upper


def added_capabilities(bad: Callable[[str], bool]) -> Evaluate:
    """Capabilities in securityContext.capabilities.add for which `bad` holds, once per line."""

    def test(container: Container, project: Project) -> Iterator[Violation]:
        added = container.security("capabilities", "add")
        if not isinstance(added.value, list):
            return
        by_line: dict[int, list[str]] = {}
        for index, item in enumerate(added.value):
            if isinstance(item, str) and bad(_capability(item)):
                by_line.setdefault(_line_of(added.value, index, added.line), []).append(item)
        for line, names in by_line.items():
            listed = ", ".join(names)
            yield Violation(
                line, f"{container.scope}: capabilities.add includes {listed}", f"{container.scope} {listed}"
            )

    return each_container(test)


def drops_all_capabilities(container: Container, project: Project) -> Iterator[Violation]:
    dropped = container.security("capabilities", "drop")
    if _absent(dropped.value):
        yield Violation(dropped.line, f"{container.scope}: capabilities.drop does not include ALL", "missing")
    elif not is_unknown(dropped.value) and not _holds(dropped.value, "ALL"):
        yield dropped.violation("{field} is {value}, without ALL")


def apparmor_annotations(spec: PodSpec, project: Project) -> Iterator[Violation]:
    annotations = lookup(spec.metadata, "annotations")
    if not isinstance(annotations, Node):
        return
    for key, value in annotations.items():
        if not key.startswith(APPARMOR_ANNOTATION) or not isinstance(value, str):
            continue
        if value != "runtime/default" and not value.startswith("localhost/"):
            container = key[len(APPARMOR_ANNOTATION) :]
            yield Violation(
                annotations.line_of(key),
                f"container {show(container)}: AppArmor annotation is {show(value)}",
                f"{key}={value}",
            )


def unsafe_sysctls(spec: PodSpec, project: Project) -> Iterator[Violation]:
    sysctls = spec.security("sysctls").value
    if not isinstance(sysctls, list):
        return
    for item in sysctls:
        name = item.get("name") if isinstance(item, Node) else None
        if isinstance(name, str) and name.replace("/", ".") not in SAFE_SYSCTLS:
            yield Violation(item.line_of("name"), f"pod: unsafe sysctl {show(name)}", name)


def host_namespaces(spec: PodSpec, project: Project) -> Iterator[Violation]:
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        setting = spec.field(key)
        if _known(setting.value) and is_true(setting.value):
            yield setting.violation()


def host_path_volumes(spec: PodSpec, project: Project) -> Iterator[Violation]:
    for volume in spec.volumes():
        if "hostPath" in volume and not _absent(volume["hostPath"]):
            path = lookup(volume, "hostPath.path")
            yield Violation(
                volume.line_of("hostPath"),
                f"volume {show(volume.get('name', '?'))} mounts host path {show(path)}",
                f"{volume.get('name')}={path}",
            )


def restricted_volumes(spec: PodSpec, project: Project) -> Iterator[Violation]:
    for volume in spec.volumes():
        for key in volume:
            if key not in RESTRICTED_VOLUME_TYPES and key not in ("name", "hostPath", DYNAMIC_KEY):
                yield Violation(
                    volume.line_of(key),
                    f"volume {show(volume.get('name', '?'))} is of type {key}",
                    f"{volume.get('name')}:{key}",
                )


def host_ports(container: Container, project: Project) -> Iterator[Violation]:
    ports = container.node.get("ports")
    if not isinstance(ports, list):
        return
    for port in ports:
        if isinstance(port, Node) and isinstance(port.get("hostPort"), int) and port["hostPort"] != 0:
            yield Violation(
                port.line_of("hostPort"),
                f"{container.scope}: hostPort {port['hostPort']}",
                f"{container.scope} {port['hostPort']}",
            )


# -- resources, images, environment ----------------------------------------------------------


def _limit_range_default(project: Project, namespace: str, section: str, name: str) -> bool:
    """A LimitRange in the namespace gives containers a default for `name` (`default` = limits)."""
    for limit_range in project.of_kind("LimitRange"):
        if limit_range.framework != "kubernetes" or namespace_of(limit_range) != namespace:
            continue
        limits = limit_range.get("spec.limits")
        for item in limits if isinstance(limits, list) else []:
            if isinstance(item, Node) and _is(item.get("type"), "Container"):
                defaults = item.get(section)
                if isinstance(defaults, dict) and name in defaults:
                    return True
    return False


def resources_set(section: str, names: Keys) -> Evaluate:
    """Every (init) container sets resources.<section>.<name> for each of `names`.

    A LimitRange default in the namespace counts; for requests, a limit counts too (Kubernetes
    copies limits into unset requests).
    """
    defaults = ("default",) if section == "limits" else ("defaultRequest", "default")
    fallbacks = ("limits", "requests") if section == "requests" else ("limits",)

    def test(container: Container, project: Project) -> Iterator[Violation]:
        namespace = namespace_of(container.pod.resource)
        unset = []
        for name in names:
            values = [lookup(container.node, ("resources", part, name)) for part in fallbacks]
            if any(is_unknown(value) for value in values) or any(not _absent(value) for value in values):
                continue
            if any(_limit_range_default(project, namespace, default, name) for default in defaults):
                continue
            unset.append(name)
        if unset:
            line = line_at(container.node, ("resources", section, unset[0]))
            listed = ", ".join(f"resources.{section}.{name}" for name in unset)
            yield Violation(line, f"{container.scope}: {listed} not set", f"{container.scope} {listed}")

    return each_container(test, groups=RUNNING_CONTAINERS)


def parse_image(image: str) -> tuple[str, str | None, str | None]:
    """`registry:5000/team/app:1.2@sha256:...` -> (name, tag or None, digest or None)."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.rsplit(":", 1)[1] if ":" in last else None
    return name, tag, digest or None


def _image(container: Container) -> tuple[Setting, str | None, str | None] | None:
    """The container's literal image, its tag and digest (None for templated or unknown images)."""
    image = container.field("image")
    if not isinstance(image.value, str) or not image.value or "$" in image.value or "{{" in image.value:
        return None
    _, tag, digest = parse_image(image.value)
    return image, tag, digest


def image_tag_latest(container: Container, project: Project) -> Iterator[Violation]:
    parsed = _image(container)
    if parsed is None:
        return
    image, tag, digest = parsed
    if digest is None and (tag is None or tag.lower() == "latest"):
        reason = "has no tag (defaults to latest)" if tag is None else "uses the latest tag"
        yield image.violation(f"image {{value}} {reason}")


def image_digest_missing(container: Container, project: Project) -> Iterator[Violation]:
    parsed = _image(container)
    if parsed is None:
        return
    image, tag, digest = parsed
    if digest is None and tag is not None and tag.lower() != "latest":  # no tag / latest: image-tag-latest
        yield image.violation("image {value} is not pinned by digest")


def image_pull_policy(container: Container, project: Project) -> Iterator[Violation]:
    parsed = _image(container)
    policy = container.field("imagePullPolicy")
    if parsed is None or not _known(policy.value) or _is(policy.value, "Always"):
        return
    if parsed[2] is None:
        yield policy.violation(f"imagePullPolicy is {{value}} for the mutable image {show(parsed[0].value)}")


def secret_env_values(container: Container, project: Project) -> Iterator[Violation]:
    env = container.node.get("env")
    if not isinstance(env, list):
        return
    for item in env:
        if not isinstance(item, Node):
            continue
        name, value = item.get("name"), item.get("value")
        if not isinstance(name, str) or not isinstance(value, str) or not value.strip():
            continue
        if not SECRET_ENV_NAME.search(name) or NOT_SECRET_ENV_NAME.search(name):
            continue
        if PLACEHOLDER.search(value.strip()) or value.startswith("/") or value.lower() in ("true", "false"):
            continue
        yield Violation(
            item.line_of("value"),
            f"{container.scope}: env {name} holds a literal secret",
            value,
            sensitive=True,
        )


# -- namespaces and service accounts ---------------------------------------------------------


def default_namespace(resource: Resource, project: Project) -> Iterator[Violation]:
    namespace = resource.get("metadata.namespace")
    if is_unknown(namespace) or (_absent(namespace) and resource.facts.get(KUSTOMIZE_NAMESPACE)):
        return
    if _absent(namespace):
        yield Violation(resource.line_at("metadata"), "metadata.namespace is not set (default namespace)", "")
    elif _is(namespace, "default"):
        yield Violation(resource.line_at("metadata.namespace"), "metadata.namespace is default", "default")


def _service_account(spec: PodSpec) -> Setting:
    named = spec.field("serviceAccountName")
    return named if not _absent(named.value) else spec.field("serviceAccount")


def token_automount(resource: Resource, project: Project) -> Iterator[Violation]:
    if resource.kind == "ServiceAccount":
        setting = _setting(resource.body, ("automountServiceAccountToken",), "ServiceAccount")
        if _absent(setting.value):
            yield Violation(resource.line, "automountServiceAccountToken is not set to false", "missing")
        elif not is_unknown(setting.value) and not _is(setting.value, False):
            yield setting.violation()
        return
    spec = pod_of(resource)
    if spec is None:
        return
    setting = spec.field("automountServiceAccountToken")
    if not _absent(setting.value):
        if not is_unknown(setting.value) and not _is(setting.value, False):
            yield setting.violation()
        return
    account = _service_account(spec).value
    name = account if isinstance(account, str) and account else "default"
    namespace = namespace_of(resource)
    if any(sa.name == name and namespace_of(sa) == namespace for sa in project.of_kind("ServiceAccount")):
        return  # the ServiceAccount decides (and is checked itself)
    yield Violation(
        spec.line,
        f"pod: automountServiceAccountToken is not set to false (ServiceAccount {show(name)} is not in the scan)",
        "missing",
    )


def default_service_account(resource: Resource, project: Project) -> Iterator[Violation]:
    if resource.kind in BINDINGS:
        subjects = resource.get("subjects")
        for subject in subjects if isinstance(subjects, list) else []:
            if not isinstance(subject, Node):
                continue
            kind, name = subject.get("kind"), subject.get("name")
            uses_default = (_is(kind, "ServiceAccount") and _is(name, "default")) or (
                _is(kind, "User")
                and isinstance(name, str)
                and re.fullmatch(r"system:serviceaccount:[^:]+:default", name)
            )
            if uses_default:
                yield Violation(subject.line_of("name"), f"binds {resource.get('roleRef.name')} to {name}", str(name))
        return
    spec = pod_of(resource)
    if spec is not None:
        account = _service_account(spec)
        if _is(account.value, "default"):
            yield account.violation()


# -- RBAC --------------------------------------------------------------------------------------


def each_rule(test: Callable[[Node], Iterable[Violation]]) -> Evaluate:
    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        rules = resource.get("rules")
        for index, rule in enumerate(rules if isinstance(rules, list) else []):
            if isinstance(rule, Node):
                for violation in test(rule):
                    yield Violation(
                        violation.line, f"rules[{index}]: {violation.message}", f"{index}:{violation.evidence}"
                    )

    return evaluate


def _item_line(rule: Node, key: str, *items: str) -> int:
    """The line of the first of `items` in the list at `key` (block lists put each on its own line)."""
    values = rule.get(key)
    if isinstance(values, list):
        for index, value in enumerate(values):
            if _is(value, *items):
                return _line_of(values, index, rule.line_of(key))
    return rule.line_of(key)


def _core_group(rule: Node) -> bool:
    return _holds(rule.get("apiGroups"), "", "*")


def rbac_wildcards(rule: Node) -> Iterator[Violation]:
    fields = [key for key in ("verbs", "resources", "apiGroups") if _holds(rule.get(key), "*")]
    if fields:
        yield Violation(_item_line(rule, fields[0], "*"), f"'*' in {', '.join(fields)}", ",".join(fields))


def rbac_grant(
    resources: Keys, verbs: Keys, message: str, *, named_reads_ok: bool = False
) -> Callable[[Node], Iterator[Violation]]:
    """Rules of the core API group that allow one of `verbs` on one of `resources` (at the resources line).

    `named_reads_ok`: a rule limited by resourceNames to `get` only is fine (reading one named secret).
    """

    def test(rule: Node) -> Iterator[Violation]:
        if not _core_group(rule) or not _holds(rule.get("resources"), *resources):
            return
        granted = [verb for verb in _strings(rule.get("verbs")) if _is(verb, *verbs, "*")]
        if not granted:
            return
        if named_reads_ok and _strings(rule.get("resourceNames")) and all(_is(verb, "get") for verb in granted):
            return
        on = [name for name in _strings(rule.get("resources")) if _is(name, *resources)]
        yield Violation(
            _item_line(rule, "resources", *resources),
            message.format(verbs=", ".join(granted), resources=", ".join(on)),
            f"{on}:{granted}",
        )

    return test


def escalation_verbs(rule: Node) -> Iterator[Violation]:
    granted = [verb for verb in _strings(rule.get("verbs")) if _is(verb, "escalate", "bind", "impersonate")]
    if granted:
        yield Violation(_item_line(rule, "verbs", *granted), f"grants {', '.join(granted)}", ",".join(granted))


def _rbac_default(resource: Resource) -> bool:
    """Kubernetes' own bootstrap objects (the built-in cluster-admin binding to system:masters)."""
    return _is(resource.get(("metadata", "labels", "kubernetes.io/bootstrapping")), "rbac-defaults")


def cluster_admin_binding(resource: Resource, project: Project) -> Iterator[Violation]:
    name = resource.get("roleRef.name")
    if _is(resource.get("roleRef.kind"), "ClusterRole") and _is(name, "cluster-admin") and not _rbac_default(resource):
        yield Violation(resource.line_at("roleRef.name"), "binds the cluster-admin ClusterRole", "cluster-admin")


def anonymous_binding(resource: Resource, project: Project) -> Iterator[Violation]:
    subjects = resource.get("subjects")
    for subject in subjects if isinstance(subjects, list) else []:
        if isinstance(subject, Node) and _is(subject.get("name"), "system:anonymous", "system:unauthenticated"):
            name = subject["name"]
            yield Violation(subject.line_of("name"), f"binds {show(resource.get('roleRef.name'))} to {name}", name)


# -- exposure ----------------------------------------------------------------------------------


def _internal_load_balancer(resource: Resource) -> bool:
    annotations = resource.get("metadata.annotations")
    if isinstance(annotations, dict) and any(
        _is(annotations.get(key), *values) for key, values in INTERNAL_LB_ANNOTATIONS.items()
    ):
        return True
    ranges = _strings(resource.get("spec.loadBalancerSourceRanges"))
    return bool(ranges) and not any(cidr in OPEN_CIDRS for cidr in ranges)


def service_type(kind: str, *, unless: Callable[[Resource], bool] | None = None) -> Evaluate:
    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        value = resource.get("spec.type")
        if _is(value, kind) and (unless is None or not unless(resource)):
            yield Violation(resource.line_at("spec.type"), f"spec.type is {value}", str(value))

    return evaluate


def external_ips(resource: Resource, project: Project) -> Iterator[Violation]:
    addresses = _strings(resource.get("spec.externalIPs"))
    if addresses:
        yield Violation(
            resource.line_at("spec.externalIPs"), f"spec.externalIPs: {', '.join(addresses)}", ",".join(addresses)
        )


def ingress_without_tls(resource: Resource, project: Project) -> Iterator[Violation]:
    tls = resource.get("spec.tls")
    if is_unknown(tls) or (isinstance(tls, list) and tls):
        return
    problem = "spec.tls is empty" if isinstance(tls, list) else "no spec.tls"
    yield Violation(resource.line_at("spec.tls"), f"{problem}: served over plain HTTP", "no-tls")


_FIRST_WORKLOADS: WeakKeyDictionary[Project, dict[str, Resource]] = WeakKeyDictionary()


def _first_workloads(project: Project) -> dict[str, Resource]:
    """The first workload of each namespace in scan order: where a namespace without a Namespace object is reported."""
    first = _FIRST_WORKLOADS.get(project)
    if first is None:
        first = {}
        for resource in project.resources:
            if resource.framework == "kubernetes" and resource.kind in WORKLOADS:
                first.setdefault(namespace_of(resource), resource)
        _FIRST_WORKLOADS[project] = first
    return first


def namespace_without_network_policy(resource: Resource, project: Project) -> Iterator[Violation]:
    if resource.framework != "kubernetes" or any(
        p.framework == "kubernetes" for p in project.of_kind(*CLUSTER_WIDE_POLICIES)
    ):
        return
    if resource.kind == "Namespace":
        namespace, line = resource.name, resource.line
        if not namespace:
            return
    else:
        namespace, line = namespace_of(resource), resource.line_at("metadata.namespace")
        if _first_workloads(project).get(namespace) is not resource:
            return
        if any(other.name == namespace for other in project.of_kind("Namespace") if other.framework == "kubernetes"):
            return  # reported at the Namespace object
    policies = project.of_kind(*NAMESPACED_POLICIES)
    if not any(policy.framework == "kubernetes" and namespace_of(policy) == namespace for policy in policies):
        yield Violation(line, f"no NetworkPolicy in namespace {namespace} in the scanned manifests", namespace)


# -- the checks --------------------------------------------------------------------------------

pod_check = partial(kubernetes_check, kinds=WORKLOADS, references=(PSS_URL, SECURITY_CONTEXT_URL))
rbac_check = partial(kubernetes_check, kinds=ROLES, references=(RBAC_URL,))
binding_check = partial(kubernetes_check, kinds=BINDINGS, references=(RBAC_URL,))
service_check = partial(kubernetes_check, kinds=("Service",), references=(SERVICE_URL,))

BASELINE = ("PSS-BASELINE",)
RESTRICTED = ("PSS-RESTRICTED",)
LEAST_PRIVILEGE = ("NIST-800-53-AC-6", "SOC2-CC6.1")
ISOLATION = ("NIST-800-53-SC-39", "NIST-800-53-AC-6", "SOC2-CC6.1")
RBAC_CONTROLS = ("NIST-800-53-AC-6", "NIST-800-53-AC-3", "SOC2-CC6.3")
EXPOSURE = ("NIST-800-53-SC-7", "SOC2-CC6.6")
CAPACITY = ("NIST-800-53-SC-6", "SOC2-A1.1")
SUPPLY_CHAIN = ("NIST-800-53-SI-7", "NIST-800-53-CM-2", "SOC2-CC8.1")


def _pod_yaml(security: str, pod: str = "") -> str:
    """A Deployment's pod template, for the docs' before/after examples."""
    pod_lines = f"      {pod}\n" if pod else ""
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n"
        f"    spec:\n{pod_lines}      containers:\n        - name: web\n"
        "          image: registry.example.com/web:1.4.2\n"
        f"          securityContext:\n            {security}\n"
    )


CHECKS: tuple[Check, ...] = (
    # -- Pod Security Standards: baseline --
    pod_check(
        id="iac/k8s-privileged-container",
        title="Container runs privileged",
        severity=Severity.HIGH,
        evaluate=security_value(("privileged",), is_true, pod=False),
        rationale="A privileged container has every capability and access to every host device; it can mount the"
        " node's disk, load kernel modules and escape to the node (and from there to every pod on it).",
        fix="Remove `privileged: true`; grant the one capability the workload needs instead.",
        insecure_example=_pod_yaml("privileged: true"),
        secure_example=_pod_yaml("privileged: false"),
        controls=(*BASELINE, "CIS-K8S-5.2.2", *LEAST_PRIVILEGE),
        cwe=("CWE-250",),
    ),
    pod_check(
        id="iac/k8s-host-namespace",
        title="Pod shares the host's network, PID or IPC namespace",
        severity=Severity.HIGH,
        evaluate=each_pod(host_namespaces),
        rationale="hostNetwork lets a pod sniff and bind node traffic and reach services listening on localhost"
        " (kubelet, metadata endpoints); hostPID lets it see and signal every process on the node (and read their"
        " environment); hostIPC exposes the node's shared memory.",
        fix="Remove hostNetwork, hostPID and hostIPC (or set them to false); expose ports through a Service.",
        insecure_example=_pod_yaml("runAsNonRoot: true", "hostPID: true"),
        secure_example=_pod_yaml("runAsNonRoot: true", "hostPID: false"),
        controls=(*BASELINE, "CIS-K8S-5.2.3", "CIS-K8S-5.2.4", "CIS-K8S-5.2.5", *ISOLATION),
        cwe=("CWE-653",),
    ),
    pod_check(
        id="iac/k8s-host-path-volume",
        title="Pod mounts a hostPath volume",
        severity=Severity.HIGH,
        evaluate=each_pod(host_path_volumes),
        rationale="A hostPath volume exposes the node's filesystem to the pod: the container runtime socket, kubelet"
        " credentials or /etc are a short step from taking over the node.",
        fix="Use an emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim instead of a hostPath volume.",
        insecure_example="volumes:\n  - name: docker\n    hostPath:\n      path: /var/run/docker.sock",
        secure_example="volumes:\n  - name: scratch\n    emptyDir: {}",
        controls=(*BASELINE, "CIS-K8S-5.2.12", *ISOLATION),
        cwe=("CWE-668",),
    ),
    pod_check(
        id="iac/k8s-host-port",
        title="Container binds a host port",
        severity=Severity.MEDIUM,
        evaluate=each_container(host_ports),
        rationale="hostPort opens the port on the node's own address, bypassing Services and NetworkPolicies, and"
        " ties the pod to nodes where the port is free.",
        fix="Remove hostPort and expose the container through a Service (ClusterIP, or an Ingress for HTTP).",
        insecure_example="ports:\n  - containerPort: 8080\n    hostPort: 8080",
        secure_example="ports:\n  - containerPort: 8080",
        controls=(*BASELINE, "CIS-K8S-5.2.13", *EXPOSURE),
        cwe=("CWE-668",),
    ),
    pod_check(
        id="iac/k8s-capabilities-added",
        title="Container adds Linux capabilities beyond the baseline set",
        severity=Severity.MEDIUM,
        evaluate=added_capabilities(
            lambda name: name not in BASELINE_CAPABILITIES and name not in DANGEROUS_CAPABILITIES
        ),
        rationale="The baseline profile allows adding only the default container capabilities (CHOWN, KILL,"
        " NET_BIND_SERVICE...). Others such as NET_RAW (packet spoofing), SYS_PTRACE (reading other processes),"
        " SYS_MODULE or DAC_READ_SEARCH widen what an attacker in the container can do to the node."
        " SYS_ADMIN, NET_ADMIN and ALL are reported by iac/k8s-dangerous-capabilities.",
        fix="Remove the capability from `capabilities.add`; if it is truly needed, isolate the workload on"
        " dedicated nodes and document the exception.",
        insecure_example=_pod_yaml("capabilities:\n              add: [NET_RAW, SYS_PTRACE]"),
        secure_example=_pod_yaml("capabilities:\n              drop: [ALL]\n              add: [NET_BIND_SERVICE]"),
        controls=(*BASELINE, "CIS-K8S-5.2.9", "CIS-K8S-5.2.8", *LEAST_PRIVILEGE),
        cwe=("CWE-250",),
    ),
    pod_check(
        id="iac/k8s-dangerous-capabilities",
        title="Container adds SYS_ADMIN, NET_ADMIN or ALL capabilities",
        severity=Severity.HIGH,
        evaluate=added_capabilities(lambda name: name in DANGEROUS_CAPABILITIES),
        rationale="SYS_ADMIN is nearly root on the node (mount, namespaces, BPF: the classic container escapes);"
        " NET_ADMIN reconfigures the pod network and can intercept traffic; ALL grants every capability.",
        fix="Remove the capability; run the privileged part as a separate, tightly scoped component.",
        insecure_example=_pod_yaml("capabilities:\n              add: [SYS_ADMIN]"),
        secure_example=_pod_yaml("capabilities:\n              drop: [ALL]"),
        controls=(*BASELINE, "CIS-K8S-5.2.9", *LEAST_PRIVILEGE),
        cwe=("CWE-250",),
    ),
    pod_check(
        id="iac/k8s-apparmor-unconfined",
        title="AppArmor profile is not runtime/default or a localhost profile",
        severity=Severity.MEDIUM,
        evaluate=all_of(
            security_value(("appArmorProfile", "type"), lambda value: not _is(value, "RuntimeDefault", "Localhost")),
            each_pod(apparmor_annotations),
        ),
        rationale="An unconfined AppArmor profile removes the mandatory access control layer that blocks mounts,"
        " writes to /proc and /sys, and other escape primitives.",
        fix="Use `appArmorProfile: {type: RuntimeDefault}` (or a Localhost profile); drop the `unconfined` annotation.",
        insecure_example=_pod_yaml("appArmorProfile:\n              type: Unconfined"),
        secure_example=_pod_yaml("appArmorProfile:\n              type: RuntimeDefault"),
        controls=(*BASELINE, "CIS-K8S-5.7.3", *ISOLATION),
        cwe=("CWE-693",),
        references=(PSS_URL, "https://kubernetes.io/docs/tutorials/security/apparmor/"),
    ),
    pod_check(
        id="iac/k8s-selinux-override",
        title="SELinux type, user or role is overridden",
        severity=Severity.MEDIUM,
        evaluate=all_of(
            security_value(("seLinuxOptions", "type"), lambda value: str(value) not in SELINUX_TYPES),
            security_value(("seLinuxOptions", "user"), lambda value: value != ""),
            security_value(("seLinuxOptions", "role"), lambda value: value != ""),
        ),
        rationale="A custom SELinux type (spc_t, unconfined_t...), user or role lifts the container out of the"
        " confinement the runtime's container_t policy gives it.",
        fix="Remove seLinuxOptions.type/user/role (setting `level` is fine); use container_t or"
        " container_init_t if a type is required.",
        insecure_example=_pod_yaml("seLinuxOptions:\n              type: spc_t"),
        secure_example=_pod_yaml('seLinuxOptions:\n              level: "s0:c123,c456"'),
        controls=(*BASELINE, "CIS-K8S-5.7.3", *ISOLATION),
        cwe=("CWE-693",),
    ),
    pod_check(
        id="iac/k8s-proc-mount-unmasked",
        title="Container mounts /proc unmasked",
        severity=Severity.MEDIUM,
        evaluate=security_value(("procMount",), lambda value: not _is(value, "Default"), pod=False),
        rationale="procMount: Unmasked exposes /proc paths the runtime normally masks (kcore, sysrq-trigger,"
        " timer_list...), leaking host information and enabling host-level actions.",
        fix="Remove procMount or set it to Default.",
        insecure_example=_pod_yaml("procMount: Unmasked"),
        secure_example=_pod_yaml("procMount: Default"),
        controls=(*BASELINE, "CIS-K8S-5.7.3", *ISOLATION),
        cwe=("CWE-200",),
    ),
    pod_check(
        id="iac/k8s-seccomp-unconfined",
        title="Seccomp profile is Unconfined",
        severity=Severity.MEDIUM,
        evaluate=security_value(("seccompProfile", "type"), lambda value: _is(value, "Unconfined")),
        rationale="Without seccomp every system call is available to the container, including the rarely used"
        " ones behind most kernel privilege-escalation exploits.",
        fix="Set `seccompProfile: {type: RuntimeDefault}` (or a Localhost profile) instead of Unconfined.",
        insecure_example=_pod_yaml("seccompProfile:\n              type: Unconfined"),
        secure_example=_pod_yaml("seccompProfile:\n              type: RuntimeDefault"),
        controls=(*BASELINE, "CIS-K8S-5.7.2", *ISOLATION),
        cwe=("CWE-693",),
    ),
    pod_check(
        id="iac/k8s-unsafe-sysctl",
        title="Pod sets a sysctl outside the safe set",
        severity=Severity.MEDIUM,
        evaluate=each_pod(unsafe_sysctls),
        rationale="Sysctls outside the namespaced safe set change kernel behaviour for the whole node (or other"
        " pods on it), from disabling protections to exhausting resources.",
        fix="Remove the sysctl, or set it on dedicated nodes through node configuration instead of the pod.",
        insecure_example=_pod_yaml(
            "runAsNonRoot: true",
            'securityContext:\n        sysctls:\n          - {name: kernel.msgmax, value: "65536"}',
        ),
        secure_example=_pod_yaml(
            "runAsNonRoot: true",
            'securityContext:\n        sysctls:\n          - {name: net.ipv4.tcp_keepalive_time, value: "600"}',
        ),
        controls=(*BASELINE, "CIS-K8S-5.7.3", *ISOLATION),
        cwe=("CWE-668",),
        references=(PSS_URL, "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"),
    ),
    pod_check(
        id="iac/k8s-windows-host-process",
        title="Windows pod runs as a HostProcess container",
        severity=Severity.HIGH,
        evaluate=security_value(("windowsOptions", "hostProcess"), is_true),
        rationale="A HostProcess container runs directly on the Windows node with host network, filesystem and"
        " process access: the Windows equivalent of a privileged container.",
        fix="Remove windowsOptions.hostProcess (or set it to false); keep node management in dedicated tooling.",
        insecure_example=_pod_yaml("windowsOptions:\n              hostProcess: true"),
        secure_example=_pod_yaml("windowsOptions:\n              hostProcess: false"),
        controls=(*BASELINE, "CIS-K8S-5.2.11", *LEAST_PRIVILEGE),
        cwe=("CWE-250",),
    ),
    # -- Pod Security Standards: restricted --
    pod_check(
        id="iac/k8s-privilege-escalation",
        title="Container allows privilege escalation",
        severity=Severity.MEDIUM,
        evaluate=security_required(
            ("allowPrivilegeEscalation",),
            lambda value: _is(value, False),
            "it defaults to true",
            inherit=False,
            linux=True,
        ),
        rationale="Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent"
        " (setuid binaries, file capabilities): a foothold as an unprivileged user becomes root in the container.",
        fix="Set `allowPrivilegeEscalation: false` in every container's securityContext.",
        insecure_example=_pod_yaml("runAsNonRoot: true"),
        secure_example=_pod_yaml("allowPrivilegeEscalation: false"),
        controls=(*RESTRICTED, "CIS-K8S-5.2.6", *LEAST_PRIVILEGE),
        cwe=("CWE-269",),
    ),
    pod_check(
        id="iac/k8s-run-as-non-root",
        title="Container may run as root (runAsNonRoot is not true)",
        severity=Severity.MEDIUM,
        evaluate=security_required(("runAsNonRoot",), is_true, "the image's user (often root) is used"),
        rationale="Without runAsNonRoot the kubelet starts the container as whatever user the image declares,"
        " usually root; root in a container is one kernel bug or misconfiguration away from root on the node.",
        fix="Set `runAsNonRoot: true` in the pod securityContext (or in every container) and build images with a"
        " non-root USER.",
        insecure_example=_pod_yaml("runAsNonRoot: false"),
        secure_example=_pod_yaml("allowPrivilegeEscalation: false", "securityContext: {runAsNonRoot: true}"),
        controls=(*RESTRICTED, "CIS-K8S-5.2.7", *LEAST_PRIVILEGE),
        cwe=("CWE-250",),
    ),
    pod_check(
        id="iac/k8s-run-as-root-user",
        title="Pod or container sets runAsUser to 0 (root)",
        severity=Severity.MEDIUM,
        evaluate=security_value(("runAsUser",), lambda value: _is(value, 0)),
        rationale="runAsUser: 0 runs the container explicitly as root, defeating runAsNonRoot and image hardening.",
        fix="Use a non-zero UID (for example 10001) and make the image work with it.",
        insecure_example=_pod_yaml("runAsUser: 0"),
        secure_example=_pod_yaml("runAsUser: 10001"),
        controls=(*RESTRICTED, "CIS-K8S-5.2.7", *LEAST_PRIVILEGE),
        cwe=("CWE-250",),
    ),
    pod_check(
        id="iac/k8s-seccomp-profile-missing",
        title="No seccomp profile (RuntimeDefault or Localhost) is set",
        severity=Severity.LOW,
        evaluate=security_required(
            ("seccompProfile", "type"),
            lambda value: _is(value, "RuntimeDefault", "Localhost", "Unconfined"),  # Unconfined: the baseline check
            "containers run Unconfined by default",
            linux=True,
        ),
        rationale="The restricted profile requires an explicit seccomp profile: without one most runtimes run the"
        " container Unconfined, with every system call available.",
        fix="Set `seccompProfile: {type: RuntimeDefault}` in the pod securityContext.",
        insecure_example=_pod_yaml("runAsNonRoot: true"),
        secure_example=_pod_yaml("runAsNonRoot: true", "securityContext: {seccompProfile: {type: RuntimeDefault}}"),
        controls=(*RESTRICTED, "CIS-K8S-5.7.2", *ISOLATION),
        cwe=("CWE-693",),
    ),
    pod_check(
        id="iac/k8s-capabilities-not-dropped",
        title="Container does not drop all capabilities",
        severity=Severity.LOW,
        evaluate=each_container(drops_all_capabilities, linux=True),
        rationale="Containers start with a default capability set (including NET_RAW in many runtimes); the"
        " restricted profile requires dropping ALL and adding back only NET_BIND_SERVICE.",
        fix="Add `capabilities: {drop: [ALL]}` to every container's securityContext.",
        insecure_example=_pod_yaml("capabilities:\n              drop: [NET_RAW]"),
        secure_example=_pod_yaml("capabilities:\n              drop: [ALL]"),
        controls=(*RESTRICTED, "CIS-K8S-5.2.10", "CIS-K8S-5.2.8", *LEAST_PRIVILEGE),
        cwe=("CWE-250",),
    ),
    pod_check(
        id="iac/k8s-restricted-volume-type",
        title="Pod uses a volume type outside the restricted profile's list",
        severity=Severity.LOW,
        evaluate=each_pod(restricted_volumes),
        rationale="The restricted profile allows only configMap, csi, downwardAPI, emptyDir, ephemeral,"
        " persistentVolumeClaim, projected and secret volumes; in-tree network and host volume types (nfs,"
        " iscsi, rbd, gitRepo...) bypass storage policy and some, like gitRepo, have allowed host command execution.",
        fix="Provision the storage through a PersistentVolumeClaim (or CSI) instead of an inline volume source.",
        insecure_example="volumes:\n  - name: shared\n    nfs:\n      server: nfs.internal\n      path: /exports",
        secure_example="volumes:\n  - name: shared\n    persistentVolumeClaim:\n      claimName: shared",
        controls=(*RESTRICTED, "CIS-K8S-5.7.3", *ISOLATION),
        cwe=("CWE-668",),
    ),
    # -- container hygiene --
    pod_check(
        id="iac/k8s-writable-root-filesystem",
        title="Container root filesystem is writable",
        severity=Severity.LOW,
        evaluate=security_required(
            ("readOnlyRootFilesystem",), is_true, "the root filesystem is writable", inherit=False, linux=True
        ),
        rationale="A writable root filesystem lets an attacker drop tools, modify binaries and persist inside the"
        " container.",
        fix="Set `readOnlyRootFilesystem: true` and mount an emptyDir where the application must write.",
        insecure_example=_pod_yaml("readOnlyRootFilesystem: false"),
        secure_example=_pod_yaml("readOnlyRootFilesystem: true"),
        controls=("CIS-K8S-5.7.3", "NIST-800-53-CM-5", "SOC2-CC6.8"),
        cwe=("CWE-732",),
    ),
    pod_check(
        id="iac/k8s-memory-limit-missing",
        title="Container has no memory limit",
        severity=Severity.MEDIUM,
        evaluate=resources_set("limits", ("memory",)),
        rationale="Without a memory limit one container (a leak, or an attacker) can exhaust the node's memory and"
        " get other pods OOM-killed or evicted: a denial of service for its neighbours.",
        fix="Set `resources.limits.memory` on every container, or a namespace LimitRange default.",
        insecure_example="resources:\n  requests:\n    memory: 128Mi",
        secure_example="resources:\n  requests:\n    memory: 128Mi\n  limits:\n    memory: 256Mi",
        controls=CAPACITY,
        cwe=("CWE-770",),
        references=(RESOURCES_URL,),
    ),
    pod_check(
        id="iac/k8s-cpu-limit-missing",
        title="Container has no CPU limit",
        severity=Severity.LOW,
        evaluate=resources_set("limits", ("cpu",)),
        rationale="Without a CPU limit a container can take every spare core on the node, starving neighbours"
        " whose requests are low (cryptominers love this).",
        fix="Set `resources.limits.cpu`, or a namespace LimitRange default.",
        insecure_example="resources:\n  requests:\n    cpu: 100m",
        secure_example="resources:\n  requests:\n    cpu: 100m\n  limits:\n    cpu: 500m",
        controls=CAPACITY,
        cwe=("CWE-770",),
        references=(RESOURCES_URL,),
    ),
    pod_check(
        id="iac/k8s-resource-requests-missing",
        title="Container has no CPU or memory request",
        severity=Severity.LOW,
        evaluate=resources_set("requests", ("cpu", "memory")),
        rationale="Pods without requests are scheduled as if they needed nothing (BestEffort QoS): they overload"
        " nodes and are the first evicted under pressure.",
        fix="Set `resources.requests.cpu` and `.memory` (or limits, which requests default to, or a LimitRange).",
        insecure_example="resources: {}",
        secure_example="resources:\n  requests:\n    cpu: 100m\n    memory: 128Mi",
        controls=CAPACITY,
        cwe=("CWE-770",),
        references=(RESOURCES_URL,),
    ),
    pod_check(
        id="iac/k8s-image-tag-latest",
        title="Container image uses the latest tag or no tag",
        severity=Severity.MEDIUM,
        evaluate=each_container(image_tag_latest),
        rationale="`latest` (or no tag) changes under you: nodes run whatever was pushed last, rollbacks are"
        " impossible and a compromised registry push reaches production on the next restart.",
        fix="Reference an immutable version tag, ideally with its digest (`image: app:1.4.2@sha256:...`).",
        insecure_example="image: nginx:latest",
        secure_example="image: nginx:1.27.2@sha256:<digest>",
        controls=("CIS-K8S-5.5.1", *SUPPLY_CHAIN),
        cwe=("CWE-1357",),
        references=(IMAGES_URL,),
    ),
    pod_check(
        id="iac/k8s-image-digest-missing",
        title="Container image is not pinned by digest",
        severity=Severity.LOW,
        confidence=Confidence.MEDIUM,
        evaluate=each_container(image_digest_missing),
        rationale="Tags are mutable: the registry can serve different content for the same tag tomorrow. A digest"
        " makes the deployed image exactly the one that was reviewed and scanned.",
        fix="Append the digest to the image reference (`app:1.4.2@sha256:...`), e.g. with a Renovate or"
        " kustomize images step.",
        insecure_example="image: registry.example.com/web:1.4.2",
        secure_example="image: registry.example.com/web:1.4.2@sha256:<digest>",
        controls=("CIS-K8S-5.5.1", *SUPPLY_CHAIN),
        cwe=("CWE-494",),
        references=(IMAGES_URL,),
    ),
    pod_check(
        id="iac/k8s-image-pull-policy",
        title="Mutable image is not pulled Always",
        severity=Severity.LOW,
        confidence=Confidence.MEDIUM,
        evaluate=each_container(image_pull_policy),
        rationale="With IfNotPresent or Never a node reuses whatever image it cached under that tag: a stale or"
        " tampered image keeps running, and any pod on the node can use a private image without pull credentials.",
        fix="Set `imagePullPolicy: Always` (or pin the image by digest), and consider the AlwaysPullImages"
        " admission plugin.",
        insecure_example="image: registry.example.com/web:1.4.2\nimagePullPolicy: IfNotPresent",
        secure_example="image: registry.example.com/web:1.4.2\nimagePullPolicy: Always",
        controls=("CIS-K8S-1.2.11", "NIST-800-53-AC-3", "NIST-800-53-SI-7"),
        cwe=("CWE-285",),
        references=(IMAGES_URL,),
    ),
    pod_check(
        id="iac/k8s-secret-in-env",
        title="Secret written as a literal environment variable",
        severity=Severity.HIGH,
        evaluate=each_container(secret_env_values),
        rationale="A password or token written into the manifest is in version control, in every rendered copy"
        " and readable by anyone who can get the workload; environment variables also leak into logs and crash"
        " dumps.",
        fix="Store the value in a Secret (or an external secret manager) and reference it with"
        " `valueFrom.secretKeyRef`, preferably mounted as a file.",
        insecure_example="env:\n  - name: DB_PASSWORD\n    value: hunter2",
        secure_example="env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}",
        controls=("CIS-K8S-5.4.1", "PCI-DSS-4.0-8.6.2", "NIST-800-53-IA-5", "SOC2-CC6.1"),
        cwe=("CWE-798",),
        references=("https://kubernetes.io/docs/concepts/security/secrets-good-practices/",),
    ),
    # -- namespaces and service accounts --
    kubernetes_check(
        id="iac/k8s-default-namespace",
        title="Object is placed in the default namespace",
        severity=Severity.LOW,
        kinds=NAMESPACED_KINDS,
        evaluate=default_namespace,
        rationale="The default namespace is shared by everything deployed without thought; RBAC, quotas and"
        " network policies scoped to an application's namespace do not separate it there.",
        fix="Set `metadata.namespace` to the application's namespace (or a kustomization `namespace:`).",
        insecure_example="metadata:\n  name: web",
        secure_example="metadata:\n  name: web\n  namespace: shop",
        controls=("CIS-K8S-5.7.4", "CIS-K8S-5.7.1", "NIST-800-53-AC-4", "SOC2-CC6.1"),
        cwe=("CWE-653",),
        references=("https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",),
    ),
    kubernetes_check(
        id="iac/k8s-service-account-token-automount",
        title="Service account token is mounted automatically",
        severity=Severity.LOW,
        kinds=(*WORKLOADS, "ServiceAccount"),
        evaluate=token_automount,
        rationale="Every pod gets an API token unless automountServiceAccountToken is false; most applications"
        " never call the API, and the token is what an attacker uses to move from a compromised pod to the cluster.",
        fix="Set `automountServiceAccountToken: false` on the ServiceAccount (or the pod) and enable it only"
        " for workloads that talk to the Kubernetes API.",
        insecure_example="apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web",
        secure_example="apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n"
        "automountServiceAccountToken: false",
        controls=("CIS-K8S-5.1.6", "NIST-800-53-AC-6", "NIST-800-53-IA-5", "SOC2-CC6.1"),
        cwe=("CWE-284",),
        references=("https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",),
    ),
    kubernetes_check(
        id="iac/k8s-default-service-account",
        title="Default service account is used or granted permissions",
        severity=Severity.LOW,
        kinds=(*WORKLOADS, *BINDINGS),
        evaluate=default_service_account,
        rationale="Every pod that names no service account runs as `default`; permissions granted to it (or"
        " relied on by naming it) are silently shared by all of them.",
        fix="Create a dedicated ServiceAccount per workload, bind roles to it, and leave `default` without"
        " permissions.",
        insecure_example="spec:\n  serviceAccountName: default",
        secure_example="spec:\n  serviceAccountName: web",
        controls=("CIS-K8S-5.1.5", *RBAC_CONTROLS),
        cwe=("CWE-284",),
        references=("https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",),
    ),
    # -- RBAC --
    rbac_check(
        id="iac/k8s-rbac-wildcard",
        title="RBAC rule uses '*' for verbs, resources or API groups",
        severity=Severity.HIGH,
        evaluate=each_rule(rbac_wildcards),
        rationale="A wildcard grants everything, including resources and verbs added in later Kubernetes versions"
        " or by CRDs; it is how roles silently become cluster-admin equivalents.",
        fix="List the exact apiGroups, resources and verbs the subject needs.",
        insecure_example='rules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]',
        secure_example='rules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list"]',
        controls=("CIS-K8S-5.1.3", *RBAC_CONTROLS),
        cwe=("CWE-269",),
    ),
    rbac_check(
        id="iac/k8s-rbac-secrets-access",
        title="RBAC rule can read Secrets",
        severity=Severity.MEDIUM,
        evaluate=each_rule(
            rbac_grant(("secrets",), ("get", "list", "watch"), "{verbs} on {resources}", named_reads_ok=True)
        ),
        rationale="get, list or watch on Secrets reveals every credential in scope (database passwords, service"
        " account tokens, TLS keys); list and watch return the values too.",
        fix="Remove the rule, or restrict it to `get` with `resourceNames` for the specific Secrets needed.",
        insecure_example='rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get", "list"]',
        secure_example='rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["web-tls"]\n'
        '    verbs: ["get"]',
        controls=("CIS-K8S-5.1.2", *RBAC_CONTROLS),
        cwe=("CWE-522",),
    ),
    rbac_check(
        id="iac/k8s-rbac-pod-exec",
        title="RBAC rule allows exec or attach into pods",
        severity=Severity.HIGH,
        evaluate=each_rule(rbac_grant(("pods/exec", "pods/attach", "pods/*"), ("create",), "{verbs} on {resources}")),
        rationale="create on pods/exec or pods/attach runs commands inside any pod in scope, with its service"
        " account token, mounted Secrets and network position.",
        fix="Remove the permission from standing roles; grant it just in time to named operators.",
        insecure_example='rules:\n  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]',
        secure_example='rules:\n  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["get"]',
        controls=("CIS-K8S-5.1.4", *RBAC_CONTROLS),
        cwe=("CWE-269",),
    ),
    rbac_check(
        id="iac/k8s-rbac-create-pods",
        title="RBAC rule allows creating pods",
        severity=Severity.MEDIUM,
        evaluate=each_rule(rbac_grant(("pods",), ("create",), "{verbs} on {resources}")),
        rationale="Whoever can create pods can run them with any service account and Secret in the namespace (and,"
        " without admission policy, privileged or with hostPath), so this permission is an escalation path.",
        fix="Grant create on pods only to controllers that need it; people deploy through workload controllers"
        " and a pipeline.",
        insecure_example='rules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["create"]',
        secure_example='rules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list"]',
        controls=("CIS-K8S-5.1.4", *RBAC_CONTROLS),
        cwe=("CWE-269",),
    ),
    rbac_check(
        id="iac/k8s-rbac-escalation-verbs",
        title="RBAC rule grants escalate, bind or impersonate",
        severity=Severity.HIGH,
        evaluate=each_rule(escalation_verbs),
        rationale="escalate lets a subject edit roles beyond its own rights, bind lets it bind any role, and"
        " impersonate lets it act as any user or group: each is a direct path to cluster-admin.",
        fix="Remove these verbs; grant them only to the controllers that need them, scoped with resourceNames.",
        insecure_example='rules:\n  - apiGroups: [""]\n    resources: ["users", "groups"]\n    verbs: ["impersonate"]',
        secure_example='rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles"]\n'
        '    verbs: ["get", "list"]',
        controls=("CIS-K8S-5.1.8", *RBAC_CONTROLS),
        cwe=("CWE-269",),
    ),
    binding_check(
        id="iac/k8s-cluster-admin-binding",
        title="Binding grants the cluster-admin role",
        severity=Severity.HIGH,
        evaluate=cluster_admin_binding,
        rationale="cluster-admin is unrestricted superuser access; every subject bound to it (and anyone who"
        " compromises one) owns the cluster and everything it can reach.",
        fix="Bind a role with only the needed permissions; keep cluster-admin for break-glass accounts.",
        insecure_example="roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin",
        secure_example="roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: deployer",
        controls=("CIS-K8S-5.1.1", *RBAC_CONTROLS),
        cwe=("CWE-269",),
    ),
    binding_check(
        id="iac/k8s-anonymous-binding",
        title="Binding grants a role to anonymous or unauthenticated users",
        severity=Severity.CRITICAL,
        evaluate=anonymous_binding,
        rationale="system:anonymous and system:unauthenticated are whoever reaches the API server without"
        " credentials: anything bound to them is public.",
        fix="Remove the subject; bind the role to authenticated users, groups or service accounts.",
        insecure_example="subjects:\n  - kind: Group\n    name: system:unauthenticated",
        secure_example="subjects:\n  - kind: Group\n    name: platform-admins",
        controls=("CIS-K8S-1.2.1", "CIS-K8S-5.1.1", "NIST-800-53-AC-14", "NIST-800-53-IA-2", "SOC2-CC6.1"),
        cwe=("CWE-306",),
    ),
    # -- exposure --
    service_check(
        id="iac/k8s-service-load-balancer",
        title="Service is exposed through an external load balancer",
        severity=Severity.LOW,
        confidence=Confidence.MEDIUM,
        evaluate=service_type("LoadBalancer", unless=_internal_load_balancer),
        rationale="type LoadBalancer provisions a cloud load balancer that is internet-facing by default,"
        " bypassing the Ingress layer (TLS, WAF, authentication) and exposing the Service to scanning.",
        fix="Use ClusterIP behind an Ingress, mark the load balancer internal, or restrict `loadBalancerSourceRanges`.",
        insecure_example="spec:\n  type: LoadBalancer",
        secure_example="spec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8]",
        controls=EXPOSURE,
        cwe=("CWE-668",),
    ),
    service_check(
        id="iac/k8s-service-node-port",
        title="Service is exposed on a node port",
        severity=Severity.LOW,
        evaluate=service_type("NodePort"),
        rationale="A NodePort opens the port on every node's address, outside Ingress controls and often"
        " outside firewall rules written for the load balancer.",
        fix="Use ClusterIP (behind an Ingress or internal load balancer) instead of NodePort.",
        insecure_example="spec:\n  type: NodePort",
        secure_example="spec:\n  type: ClusterIP",
        controls=EXPOSURE,
        cwe=("CWE-668",),
    ),
    service_check(
        id="iac/k8s-service-external-ips",
        title="Service sets externalIPs (CVE-2020-8554)",
        severity=Severity.MEDIUM,
        evaluate=external_ips,
        rationale="Whoever can set externalIPs can make kube-proxy capture traffic addressed to any IP"
        " (CVE-2020-8554, a cluster-wide man-in-the-middle); legitimate uses are rare.",
        fix="Remove externalIPs (use a LoadBalancer or Ingress) and enable the DenyServiceExternalIPs admission"
        " plugin.",
        insecure_example="spec:\n  externalIPs: [203.0.113.10]",
        secure_example="spec:\n  type: ClusterIP",
        controls=EXPOSURE,
        cwe=("CWE-283",),
        references=(SERVICE_URL, "https://github.com/kubernetes/kubernetes/issues/97076"),
    ),
    kubernetes_check(
        id="iac/k8s-ingress-no-tls",
        title="Ingress has no TLS configuration",
        severity=Severity.MEDIUM,
        kinds=("Ingress",),
        evaluate=ingress_without_tls,
        rationale="Without a tls section the Ingress serves plain HTTP: credentials, cookies and data cross the"
        " network readable and modifiable.",
        fix="Add `spec.tls` with the hosts and a certificate Secret (for example from cert-manager).",
        insecure_example="spec:\n  rules:\n    - host: shop.example.com",
        secure_example="spec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n"
        "  rules:\n    - host: shop.example.com",
        controls=("PCI-DSS-4.0-4.2.1", "NIST-800-53-SC-8", "SOC2-CC6.7"),
        cwe=("CWE-319",),
        references=("https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",),
    ),
    kubernetes_check(
        id="iac/k8s-namespace-no-network-policy",
        title="Namespace has no NetworkPolicy",
        severity=Severity.LOW,
        confidence=Confidence.MEDIUM,
        kinds=("Namespace", *WORKLOADS),
        evaluate=namespace_without_network_policy,
        rationale="Without a NetworkPolicy every pod accepts traffic from every other pod in the cluster: one"
        " compromised workload can reach databases and internal APIs in all namespaces.",
        fix="Add a default-deny NetworkPolicy to the namespace and allow only the flows the application needs.",
        insecure_example="apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop",
        secure_example="apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n"
        "  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]",
        controls=("CIS-K8S-5.3.2", "NIST-800-53-SC-7", "NIST-800-53-AC-4", "SOC2-CC6.6", "PCI-DSS-4.0-1.3.1"),
        cwe=("CWE-284",),
        references=("https://kubernetes.io/docs/concepts/services-networking/network-policies/",),
    ),
)
