"""All JavaScript/TypeScript modules of a scan: function lookup across `require`/`import`, summaries
computed once per calling context, and the sink hits found."""

from __future__ import annotations

from dataclasses import dataclass, field

from pavedroad.analyzers.sast.javascript import specs
from pavedroad.analyzers.sast.javascript.binding import parameters
from pavedroad.analyzers.sast.javascript.interpreter import FunctionAnalysis
from pavedroad.analyzers.sast.javascript.modules import DEFAULT, FunctionInfo, ModuleIndex
from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.python.interpreter import SinkHit, Summary

MAX_CALL_DEPTH = 40  # summaries computed inside summaries: deeper chains are cut (the rest stays sound)
Roles = frozenset[int]
SummaryKey = tuple[str, Roles, Roles]


@dataclass(slots=True)
class Failure:
    path: str
    message: str


@dataclass(slots=True)
class Project:
    modules: list[ModuleIndex]
    legacy_yaml: bool = False  # the project depends on js-yaml < 4, whose `load` runs code
    hits: dict[tuple[str, str, int, int], SinkHit] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    _summaries: dict[SummaryKey, Summary] = field(default_factory=dict)
    _in_progress: set[SummaryKey] = field(default_factory=set)

    def run(self) -> list[SinkHit]:
        """Every module's top level, then every named function in its own context."""
        for module in self.modules:
            if not specs.SOURCE_HINT.search(text(module.root)):
                continue  # reads no input itself: its functions are summarised when something calls them
            try:
                FunctionAnalysis(self, module, None).run_module()
                for info in list(module.functions.values()):
                    roles = default_roles(info)
                    if roles[0] or roles[1] or specs.SOURCE_HINT.search(text(info.node)):
                        self.summary(info, frozenset(), frozenset())
            except RecursionError:
                self.failures.append(Failure(module.relpath, "too deeply nested to analyse"))
        return list(self.hits.values())

    def report(self, hit: SinkHit) -> None:
        key = (hit.category, hit.step.path, hit.step.line, hit.step.column)
        self.hits.setdefault(key, hit)

    def summary(self, info: FunctionInfo, requests: Roles, responses: Roles) -> Summary:
        """What `info` does with its parameters when those positions hold a request / a response."""
        own_requests, own_responses = default_roles(info)
        key = (info.key, requests | own_requests, responses | own_responses)
        known = self._summaries.get(key)
        if known is not None:
            return known
        if key in self._in_progress or len(self._in_progress) >= MAX_CALL_DEPTH:
            return Summary()  # recursion: the sinks inside are found by the outer analysis
        self._in_progress.add(key)
        try:
            summary = FunctionAnalysis(self, info.module, info).run_function(key[1], key[2])
        finally:
            self._in_progress.discard(key)
        self._summaries[key] = summary
        return summary

    def function_for(
        self, module: ModuleIndex, qualified: str | None, current: FunctionInfo | None
    ) -> FunctionInfo | None:
        """The project function a callee names: local, `this.method`, or exported by an imported module."""
        if qualified is None:
            return None
        if qualified.startswith("@"):
            target, member = self._exported(qualified)
            if target is None:
                return None
            local = target.exports.get(member or DEFAULT, member if member in target.functions else None)
            return target.functions.get(local) if local else None
        if qualified.startswith("this.") and current is not None and current.class_name:
            found = module.functions.get(f"{current.class_name}.{qualified.removeprefix('this.')}")
            if found is not None:
                return found
        if "." not in qualified:
            return module.functions.get(qualified)
        return self._method(module, qualified, current)

    def _exported(self, qualified: str) -> tuple[ModuleIndex | None, str]:
        number, _, member = qualified[1:].partition(".")
        if not number.isdigit() or int(number) >= len(self.modules):
            return None, member
        return self.modules[int(number)], member

    def _method(self, module: ModuleIndex, qualified: str, current: FunctionInfo | None) -> FunctionInfo | None:
        """`svc.find()` or `this.service.find()` where the object was built with `new Class()`."""
        holder, _, method = qualified.rpartition(".")
        key = (
            f"{current.class_name}.{holder}"
            if holder.startswith("this.") and current and current.class_name
            else holder
        )
        constructor = module.instances.get(key)
        if constructor is None:
            return None
        resolved = module.aliases.get(constructor, constructor)
        if resolved.startswith("@"):
            target, member = self._exported(resolved)
            if target is None:
                return None
            class_name = target.exports.get(member or DEFAULT, member)
            return target.functions.get(f"{class_name}.{method}")
        return module.functions.get(f"{constructor}.{method}")

    def sink_for(self, qualified: str | None, method: str | None) -> specs.Sink | None:
        if qualified is not None:
            sink = specs.CALL_SINKS.get(qualified)
            if sink is None and self.legacy_yaml:
                sink = specs.LEGACY_YAML_SINKS.get(qualified)
            if sink is not None:
                return sink
        return specs.CALL_SINKS.get(f".{method}") if method else None


def default_roles(info: FunctionInfo) -> tuple[Roles, Roles]:
    """Parameters that hold a request or a response whoever calls: handlers registered by reference
    (`app.get("/", show)`) and Next.js route exports take the request first."""
    names = [text(parameter.child_by_field_name("pattern") or parameter) for parameter in parameters(info.node)]
    handler = info.name in info.module.handlers or info.name in specs.ROUTE_EXPORTS
    requests = {index for index, name in enumerate(names) if name in specs.REQUEST_NAMES}
    responses = {index for index, name in enumerate(names) if name in specs.RESPONSE_NAMES}
    if handler and names:
        requests.add(0)
        if len(names) > 1 and info.name not in specs.ROUTE_EXPORTS:
            responses.add(1)
    return frozenset(requests), frozenset(responses)
