"""Whole-project taint analysis: function summaries to a fixed point, then every entry point."""

from __future__ import annotations

import ast
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from pavedroad.analyzers.sast.python.interpreter import Interpreter, SinkHit, Summary
from pavedroad.analyzers.sast.python.modules import FunctionInfo, ModuleInfo
from pavedroad.analyzers.sast.python.taint import PARAM, Environment, Step, Taint, dotted

MAX_ROUNDS = 4
_T = TypeVar("_T")


def _suffixes(qualified: str, module_name: str) -> list[str]:
    """`pkg.app.db.find` -> ["app.db.find", "db.find"]: names an import may use when the scan root
    is above the package root (never the bare function name)."""
    parts = qualified.split(".")
    depth = module_name.count(".") + 1  # components belonging to the module path
    return [".".join(parts[index:]) for index in range(1, depth)]


def _path_of(candidate: object) -> str:
    if isinstance(candidate, FunctionInfo):
        return candidate.module.relpath
    return candidate.relpath if isinstance(candidate, ModuleInfo) else ""


def _shared_prefix(first: str, second: str) -> int:
    count = 0
    for left, right in zip(first.split("/"), second.split("/"), strict=False):
        if left != right:
            break
        count += 1
    return count


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    line: int
    message: str


class ProjectTaint:
    def __init__(self, modules: Iterable[ModuleInfo]) -> None:
        self.modules = list(modules)
        self.functions: dict[str, FunctionInfo] = {
            function.qualified: function for module in self.modules for function in module.functions.values()
        }
        self.summaries: dict[str, Summary] = {}
        self.failures: list[Failure] = []
        self.classes = {
            function.qualified.rsplit(".", 1)[0] for function in self.functions.values() if function.class_name
        }
        self.functions_by_suffix: dict[str, list[FunctionInfo]] = defaultdict(list)
        for function in self.functions.values():
            for suffix in _suffixes(function.qualified, function.module.name):
                self.functions_by_suffix[suffix].append(function)
        self.modules_by_name = {module.name: module for module in self.modules}
        self.modules_by_suffix: dict[str, list[ModuleInfo]] = defaultdict(list)
        for module in self.modules:
            parts = module.name.split(".")
            for index in range(1, len(parts)):
                self.modules_by_suffix[".".join(parts[index:])].append(module)
        self.classes_by_suffix: dict[str, list[str]] = defaultdict(list)
        for qualified in self.classes:
            for suffix in _suffixes(qualified, qualified.rsplit(".", 1)[0]):
                self.classes_by_suffix[suffix].append(qualified)
        self._class_paths = {
            function.qualified.rsplit(".", 1)[0]: function.module.relpath
            for function in self.functions.values()
            if function.class_name
        }

        for module in self.modules:
            self._module_instances(module)

    def _module_instances(self, module: ModuleInfo) -> None:
        """`service = Service()` at module level: calls of `service.method` resolve in every function."""
        for node in module.tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.targets) == 1:
                target, func = node.targets[0], node.value.func
                name = dotted(func) if isinstance(func, ast.Name | ast.Attribute) else None
                if isinstance(target, ast.Name) and name:
                    head, _, rest = name.partition(".")
                    qualified = module.aliases.get(head, head) + (f".{rest}" if rest else "")
                    found = self.resolve_class(module, qualified)
                    if found:
                        module.instances[target.id] = found

    def resolve_class(self, module: ModuleInfo, callee: str) -> str | None:
        """The qualified project class a constructor call names, if any."""
        local = f"{module.name}.{callee}"
        if local in self.classes:
            return local
        if callee in self.classes:
            return callee
        candidates = self.classes_by_suffix.get(callee)
        if not candidates:
            return None
        return max(candidates, key=lambda name: _shared_prefix(self._class_paths.get(name, ""), module.relpath))

    def resolve(
        self, module: ModuleInfo, callee: str, call: ast.Call, class_name: str | None
    ) -> tuple[FunctionInfo, int] | None:
        """The project function a call reaches, and the parameter index of its first argument."""
        if class_name and callee.startswith(("self.", "cls.")) and callee.count(".") == 1:
            method = module.functions.get(f"{class_name}.{callee.split('.', 1)[1]}")
            return (method, 1) if method is not None else None
        local = module.functions.get(callee)
        if local is not None and local.class_name is None:
            return local, 0
        function = (
            self.functions.get(callee)
            or self._by_suffix(self.functions_by_suffix, callee, module)
            or self._reexported(callee, module)
        )
        if function is not None:
            return function, 1 if function.is_method else 0
        return None

    def _reexported(self, callee: str, module: ModuleInfo) -> FunctionInfo | None:
        """`payments.issue_refund` where payments/__init__.py does `from .refunds import issue_refund`."""
        package, _, name = callee.rpartition(".")
        owner = self.modules_by_name.get(package) or self._by_suffix(self.modules_by_suffix, package, module)
        target = owner.aliases.get(name) if owner is not None else None
        if target is None or target == callee:
            return None
        return self.functions.get(target) or self._by_suffix(self.functions_by_suffix, target, module)

    @staticmethod
    def _by_suffix(index: dict[str, list[_T]], name: str, module: ModuleInfo) -> _T | None:
        """`app.db.find_user` when the scan root is above the import root (a monorepo, a `src/`
        layout): the candidate nearest the calling module wins."""
        candidates = index.get(name)
        if not candidates:
            return None
        return max(candidates, key=lambda candidate: _shared_prefix(_path_of(candidate), module.relpath))

    def run(self) -> list[SinkHit]:
        """Summaries by a worklist (a function is redone only when a callee's summary grew), then the
        handlers with their request parameters as sources, then each module's top level."""
        for module in self.modules:
            self._module_globals(module)
        callers: dict[str, set[str]] = defaultdict(set)
        real_hits: dict[str, list[SinkHit]] = {}
        work = deque(self.functions)
        queued = set(work)
        budget = MAX_ROUNDS * max(1, len(self.functions))
        while work and budget:
            budget -= 1
            qualified = work.popleft()
            queued.discard(qualified)
            summary, hits, callees = self._summarise(self.functions[qualified])
            for callee in callees:
                callers[callee].add(qualified)
            real_hits[qualified] = [hit for hit in hits if hit.taint.real_sources]
            previous = self.summaries.get(qualified)
            self.summaries[qualified] = summary
            if previous is None or previous.size() != summary.size():
                for caller in callers[qualified] - queued:
                    work.append(caller)
                    queued.add(caller)
        hits_found: list[SinkHit] = []
        for qualified, function in self.functions.items():
            handler = function.handler
            hits_found.extend(self._entry(function, handler) if handler else real_hits.get(qualified, []))
        for module in self.modules:
            hits_found.extend(self._module_level(module))
        return hits_found

    def _parameter_env(self, function: FunctionInfo, real: dict[str, str]) -> Environment:
        env = Environment()
        for index, name in enumerate(function.parameters):
            if function.is_method and index == 0:
                continue
            step = Step(
                function.module.relpath,
                function.lineno,
                function.col_offset + 1,
                f"parameter {name} of {function.name}()",
            )
            label = f"{real[name]}" if name in real else f"{PARAM}{index}"
            env.set(name, Taint.of(label, (step,) if name in real else ()))
        return env

    def _interpreter(self, module: ModuleInfo, function: FunctionInfo | None, collect: list[SinkHit]) -> Interpreter:
        interpreter = Interpreter(module, function, self.summaries, self.resolve, collect.append, self.resolve_class)
        interpreter.functions_by_name = self.functions
        return interpreter

    def _interpret(self, function: FunctionInfo, env: Environment, collect: list[SinkHit]) -> Interpreter:
        interpreter = self._interpreter(function.module, function, collect)
        try:
            interpreter.run(function.parse().body, env)
        except RecursionError:
            self.failures.append(
                Failure(function.module.relpath, function.lineno, f"{function.name}: too deeply nested to analyse")
            )
        return interpreter

    def _summarise(self, function: FunctionInfo) -> tuple[Summary, list[SinkHit], set[str]]:
        hits: list[SinkHit] = []
        interpreter = self._interpret(function, self._parameter_env(function, {}), hits)
        summary = Summary(returns=interpreter.returns, attributes=dict(interpreter.attribute_writes))
        seen = set()
        for hit in hits:
            for symbol in sorted(hit.taint.symbols):
                key = (symbol, hit.category, hit.step)
                if key not in seen:
                    seen.add(key)
                    summary.sinks.append((symbol, hit))
        return summary, hits, interpreter.callees

    def _entry(self, function: FunctionInfo, handler: dict[str, str]) -> list[SinkHit]:
        hits: list[SinkHit] = []
        self._interpret(function, self._parameter_env(function, handler), hits)
        return [hit for hit in hits if hit.taint.real_sources]

    def _module_globals(self, module: ModuleInfo) -> None:
        """Names the module's top level fills with input (`DOMAIN = sys.argv[1]`), seen by its functions."""
        env = Environment()
        interpreter = self._interpreter(module, None, [])
        try:
            interpreter.run(self._top_level(module), env)
        except RecursionError:
            return
        module.global_taints = {name: taint for name, taint in env.values.items() if taint.real_sources}

    @staticmethod
    def _top_level(module: ModuleInfo) -> list[ast.stmt]:
        return [
            node
            for node in module.tree.body
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]

    def _module_level(self, module: ModuleInfo) -> list[SinkHit]:
        hits: list[SinkHit] = []
        body = [
            node
            for node in module.tree.body
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        interpreter = self._interpreter(module, None, hits)
        try:
            interpreter.run(body, Environment())
        except RecursionError:
            self.failures.append(Failure(module.relpath, 1, "module too deeply nested to analyse"))
        return [hit for hit in hits if hit.taint.real_sources]
