"""Walks one function (or a module's top level), moving taint through statements and expressions."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pavedroad.analyzers.sast.python.guards import fixed_collection as _fixed_collection
from pavedroad.analyzers.sast.python.guards import proofs, terminates
from pavedroad.analyzers.sast.python.modules import FunctionInfo, ModuleInfo
from pavedroad.analyzers.sast.python.specs import (
    ARGV,
    CLEAN_CALLS,
    DEFERRED_CALLS,
    ENVIRONMENT_CATEGORIES,
    ENVIRONMENT_SOURCES,
    LOCAL_CATEGORIES,
    LOCAL_USER_SOURCES,
    REQUEST_ATTRIBUTES,
    REQUEST_NAMES,
    RESOLVED_PATH,
    RESOLVING_CALLS,
    SANITIZERS,
    SINKS,
    SOURCE_CALLS,
    STATE_SWITCHES,
    STORING_METHODS,
    STRIPPING_CALLS,
    Sink,
)
from pavedroad.analyzers.sast.python.taint import (
    ATTRIBUTE,
    LOW_CONFIDENCE_PREFIX,
    PARAM,
    Environment,
    Step,
    Taint,
    assigned_names,
    dotted,
    merge,
    substitute,
)

REQUEST_MODULES = ("flask", "quart", "werkzeug", "bottle", "sanic", "starlette", "fastapi", "django")
HEADER_CONTAINERS = ("headers",)


@dataclass(frozen=True, slots=True)
class SinkHit:
    category: str
    taint: Taint
    step: Step  # the sink itself
    context: str = ""  # the function holding the sink, with the sink's code: part of the identity


@dataclass(slots=True)
class Summary:
    """What a function does with its parameters: which reach its return value, which reach sinks."""

    returns: Taint | None = None  # symbols and/or real sources
    sinks: list[tuple[str, SinkHit]] = field(default_factory=list)  # (symbol, hit)
    attributes: dict[str, Taint] = field(default_factory=dict)  # self.<name> = ... (an __init__'s effect)

    def size(self) -> tuple[int, int, int]:
        returned = len(self.returns.sources) if self.returns else 0
        return (returned, len(self.sinks), sum(len(taint.sources) for taint in self.attributes.values()))


Resolver = Callable[[ModuleInfo, str, ast.Call, "str | None"], "tuple[FunctionInfo, int] | None"]
ClassResolver = Callable[[ModuleInfo, str], "str | None"]  # callee -> qualified project class


class Interpreter:
    """One pass over a body. `report` receives every sink reached by tainted data."""

    def __init__(
        self,
        module: ModuleInfo,
        function: FunctionInfo | None,
        summaries: dict[str, Summary],
        resolve: Resolver,
        report: Callable[[SinkHit], None],
        resolve_class: ClassResolver | None = None,
    ) -> None:
        self.module = module
        self.function = function
        self.summaries = summaries
        self.resolve = resolve
        self.report = report
        self.returns: Taint | None = None
        self.parameters = set(function.parameters) if function else set()
        self.resolve_class = resolve_class
        self.attribute_writes: dict[str, Taint] = {}
        self.types: dict[str, str] = {}  # local name -> qualified project class it holds
        self.functions_by_name: dict[str, FunctionInfo] = {}
        self.parsed_urls: dict[str, str] = {}
        self.states: dict[str, frozenset[str]] = {}  # local name -> states of the object it holds (STATE_SWITCHES)
        self.local_functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self.inline_depth = 0
        self.callees: set[str] = set()  # project functions this body calls (for the summary worklist)
        self.evaluated_arguments: dict[int, tuple[list[Taint | None], dict[str | None, Taint | None]]] = {}

    # -- statements -------------------------------------------------------------------------

    def run(self, body: Sequence[ast.stmt], env: Environment) -> None:
        for statement in body:
            self.statement(statement, env)

    def statement(self, node: ast.stmt, env: Environment) -> None:
        if isinstance(node, ast.Assign):
            taint = self.expression(node.value, env)
            for target in node.targets:
                self.bind(target, taint, env, node)
                if isinstance(target, ast.Name):
                    self.states.pop(target.id, None)  # another object
                if isinstance(target, ast.Name) and isinstance(node.value, ast.Call):
                    self.construct(target.id, node.value, env)
                    self.remember_parsed_url(target.id, node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self.bind(node.target, self.expression(node.value, env), env, node)
            if isinstance(node.target, ast.Name):
                self.states.pop(node.target.id, None)
        elif isinstance(node, ast.AugAssign):
            taint = merge(self.expression(node.target, env), self.expression(node.value, env))
            self.bind(node.target, taint, env, node)
        elif isinstance(node, ast.Expr):
            self.expression(node.value, env)
        elif isinstance(node, ast.Return) and node.value is not None:
            self.returns = merge(self.returns, self.expression(node.value, env))
        elif isinstance(node, ast.If):
            self.conditional(node, env)
        elif isinstance(node, ast.For | ast.AsyncFor):
            self.bind(node.target, self.expression(node.iter, env), env, node)
            self.loop(env, node.body)
            self.branches(env, node.orelse, [])
        elif isinstance(node, ast.While):
            self.expression(node.test, env)
            self.loop(env, node.body)
            self.branches(env, node.orelse, [])
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                taint = self.expression(item.context_expr, env)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, taint, env, node)
            self.run(node.body, env)
        elif isinstance(node, ast.Try | ast.TryStar):
            self.run(node.body, env)
            for handler in node.handlers:
                branch = env.copy()
                self.run(handler.body, branch)
                env.absorb(branch)
            self.run(node.orelse, env)
            self.run(node.finalbody, env)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.local_functions[node.name] = node  # a closure: analysed where it is called
        elif isinstance(node, ast.Match):
            self.expression(node.subject, env)
            for case in node.cases:
                branch = env.copy()
                self.run(case.body, branch)
                env.absorb(branch)

    def narrowed(self, env: Environment, proof: dict[str, frozenset[str]]) -> Environment:
        if not proof:
            return env
        branch = env.copy()
        for name, categories in proof.items():
            taint = branch.get(name)
            if taint is not None:
                branch.set(name, taint.clear(categories))
        return branch

    def conditional(self, node: ast.If, env: Environment) -> None:
        """Both branches run; what the test proves narrows each; a branch that never falls through
        (return, raise, abort) does not reach the code after the `if`."""
        self.expression(node.test, env)
        when_true, when_false = proofs(node.test, self.parsed_urls, _resolved_in(env))
        outcomes = []
        for body, proof in ((node.body, when_true), (node.orelse, when_false)):
            branch = self.narrowed(env, proof) if proof else env.copy()
            self.run(body, branch)
            if not terminates(body):
                outcomes.append(branch)
        if not outcomes:
            return
        env.values = outcomes[0].values
        for branch in outcomes[1:]:
            env.absorb(branch)

    def branches(self, env: Environment, *bodies: Sequence[ast.stmt]) -> None:
        results = []
        for body in bodies:
            branch = env.copy()
            self.run(body, branch)
            results.append(branch)
        for branch in results:
            env.absorb(branch)

    def loop(self, env: Environment, body: Sequence[ast.stmt]) -> None:
        for _ in range(2):  # a second pass lets values assigned late in the body reach its start
            branch = env.copy()
            self.run(body, branch)
            if not env.absorb(branch):
                return  # nothing new: a second pass would see the same values

    def bind(self, target: ast.expr, taint: Taint | None, env: Environment, statement: ast.stmt) -> None:
        for element in assigned_names(target):
            name = dotted(element)
            step_taint = taint.through(self.step(statement, f"assigned to {ast.unparse(element)}")) if taint else None
            if isinstance(element, ast.Subscript):
                self.header_assignment(element, taint, statement)
                base = dotted(element.value)
                if base:
                    env.add(base, step_taint)  # a container holding a tainted item is tainted
            elif name is not None:
                env.set(name, step_taint)
                if name.startswith("self.") and name.count(".") == 1 and step_taint is not None:
                    attribute = name.split(".", 1)[1]
                    self.attribute_writes[attribute] = (
                        merge(self.attribute_writes.get(attribute), step_taint) or step_taint
                    )

    def remember_parsed_url(self, name: str, call: ast.Call) -> None:
        """`parts = urlparse(url)`: a later check of `parts.hostname` is a check of `url`."""
        self.parsed_urls.pop(name, None)
        callee = self.qualified(call.func) or ""
        if callee.endswith(("urlparse", "urlsplit")) and call.args and isinstance(call.args[0], ast.Name):
            self.parsed_urls[name] = call.args[0].id

    def construct(self, name: str, call: ast.Call, env: Environment) -> None:
        """`repo = Repo(conn, user)`: remember the class, and what its __init__ stored in which attribute."""
        self.types.pop(name, None)
        callee = self.qualified(call.func)
        qualified = self.resolve_class(self.module, callee) if callee and self.resolve_class else None
        if qualified is None:
            return
        self.types[name] = qualified
        self.callees.add(f"{qualified}.__init__")
        summary = self.summaries.get(f"{qualified}.__init__")
        if summary is None:
            return
        initialiser = self.functions_by_name.get(f"{qualified}.__init__")
        arguments = self.arguments_of(call, 1, initialiser if initialiser else [])
        step = self.step(call, f"stored in {name}")
        for attribute, taint in summary.attributes.items():
            env.set(f"{name}.{attribute}", substitute(taint, lambda symbol: arguments.get(symbol), step))

    def arguments_of(self, call: ast.Call, offset: int, function: FunctionInfo | list[str]) -> dict[str, Taint]:
        """{"param:N": taint} for a call's arguments (positional shifted by `offset`, keywords by name;
        extra positional ones go to `*args`, extra keywords to `**kwargs`), from the taints computed
        when the call was evaluated (never evaluated twice)."""
        positional, keywords = self.evaluated_arguments.get(id(call), ([], {}))
        if isinstance(function, list):
            parameters, named_positional, varargs, kwargs = function, len(function), None, None
        else:
            parameters, named_positional = function.parameters, function.named_positional
            varargs = parameters.index(function.vararg) if function.vararg else None
            kwargs = parameters.index(function.kwarg) if function.kwarg else None
        found: dict[str, Taint] = {}

        def put(index: int, taint: Taint) -> None:
            key = f"{PARAM}{index}"
            found[key] = merge(found.get(key), taint) or taint

        for index, taint in enumerate(positional):
            if taint is None:
                continue
            position = index + offset
            if varargs is not None and position >= named_positional:
                put(varargs, taint)
            else:
                put(position, taint)
        for name, taint in keywords.items():
            if taint is None:
                continue
            if name in parameters and parameters.index(name) not in (varargs, kwargs):
                put(parameters.index(name), taint)
            elif kwargs is not None:
                put(kwargs, taint)
        return found

    def header_assignment(self, target: ast.Subscript, taint: Taint | None, statement: ast.stmt) -> None:
        container = target.value
        if (
            taint is not None
            and taint.dangerous_for("header")
            and isinstance(container, ast.Attribute)
            and container.attr in HEADER_CONTAINERS
        ):
            self.sink("header", taint, statement, f"header {ast.unparse(target)} set")

    # -- expressions ------------------------------------------------------------------------

    def expression(self, node: ast.expr | None, env: Environment) -> Taint | None:
        if node is None or type(node) is ast.Constant:
            return None
        if isinstance(node, ast.Name):
            found = env.get(node.id)
            return found if found is not None or node.id in env.values else self.module.global_taints.get(node.id)
        if isinstance(node, ast.Attribute):
            return self.attribute(node, env)
        if isinstance(node, ast.Subscript):
            self.expression(node.slice, env)
            if _fixed_collection(node.value):
                return None  # ALLOWED[name]: one of our own constants
            if dotted(node.value) in ("sys.argv",) or self.qualified(node.value) == ARGV:
                return self.source(node, "command-line argument sys.argv")
            return self.expression(node.value, env)
        if isinstance(node, ast.Call):
            return self.call(node, env)
        if isinstance(node, ast.BinOp):
            return merge(self.expression(node.left, env), self.expression(node.right, env))
        if isinstance(node, ast.JoinedStr):
            return merge(*(self.expression(value, env) for value in node.values))
        if isinstance(node, ast.FormattedValue):
            return self.expression(node.value, env)
        if isinstance(node, ast.BoolOp):
            return merge(*(self.expression(value, env) for value in node.values))
        if isinstance(node, ast.IfExp):
            self.expression(node.test, env)
            when_true, when_false = proofs(node.test, self.parsed_urls, _resolved_in(env))
            return merge(
                self.expression(node.body, self.narrowed(env, when_true)),
                self.expression(node.orelse, self.narrowed(env, when_false)),
            )
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return merge(*(self.expression(element, env) for element in node.elts))
        if isinstance(node, ast.Dict):
            return merge(*(self.expression(value, env) for value in [*node.keys, *node.values] if value is not None))
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            return self.comprehension(node, env)
        if isinstance(node, ast.Await | ast.Starred):
            return self.expression(node.value, env)
        if isinstance(node, ast.NamedExpr):
            taint = self.expression(node.value, env)
            env.set(node.target.id, taint)
            return taint
        if isinstance(node, ast.Compare):
            for part in (node.left, *node.comparators):
                self.expression(part, env)
            return None
        if isinstance(node, ast.UnaryOp):
            operand = self.expression(node.operand, env)
            return None if isinstance(node.op, ast.Not) else operand
        if isinstance(node, ast.Yield | ast.YieldFrom):
            # a generator's values are what its callers iterate over: treated as returned
            self.returns = merge(self.returns, self.expression(node.value, env))
            return None
        return None

    def comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp, env: Environment
    ) -> Taint | None:
        inner = env.copy()
        for generator in node.generators:
            source = self.expression(generator.iter, inner)
            for element in assigned_names(generator.target):
                name = dotted(element)
                if name:
                    inner.set(name, source)
        if isinstance(node, ast.DictComp):
            return merge(self.expression(node.key, inner), self.expression(node.value, inner))
        return self.expression(node.elt, inner)

    def attribute(self, node: ast.Attribute, env: Environment) -> Taint | None:
        name = dotted(node)
        if name is not None and name in env.values:
            return env.get(name)
        if self.is_request(node.value) and node.attr in REQUEST_ATTRIBUTES:
            return self.source(node, f"{ast.unparse(node)}")
        if name == f"self.{node.attr}" and self.function is not None and self.function.is_method:
            if self.is_request(node):
                return None
            return Taint.of(f"{ATTRIBUTE}{node.attr}")
        qualified = self.qualified(node)
        if qualified == "os.environ":
            return self.source(node, "environment variable")
        return self.expression(node.value, env)

    def is_request(self, node: ast.expr) -> bool:
        """A web request: Flask's imported `request`, or a `request` parameter / `self.request` in a
        module that uses a web framework (a `request` elsewhere is just a variable name)."""
        name = dotted(node)
        if name not in REQUEST_NAMES and not (name or "").endswith(".request"):
            return False
        qualified = self.module.aliases.get(name.split(".")[0], "") if name else ""
        if qualified.startswith(REQUEST_MODULES):
            return True
        return (name in self.parameters or name == "self.request") and self.module.uses_web_framework

    def source(self, node: ast.expr, label: str) -> Taint:
        return Taint.of(label, (self.step(node, f"source: {label}"),))

    # -- calls --------------------------------------------------------------------------------

    def qualified(self, node: ast.expr) -> str | None:
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head in self.module.aliases:
            base = self.module.aliases[head]
            return f"{base}.{rest}" if rest else base
        return name

    def call(self, node: ast.Call, env: Environment) -> Taint | None:
        positional = [self.expression(argument, env) for argument in node.args]
        keywords = {keyword.arg: self.expression(keyword.value, env) for keyword in node.keywords}
        self.evaluated_arguments[id(node)] = (positional, keywords)
        receiver = self.expression(node.func.value, env) if isinstance(node.func, ast.Attribute) else None
        callee = self.qualified(node.func) or ""
        method = f".{node.func.attr}" if isinstance(node.func, ast.Attribute) else None
        receiver_name = dotted(node.func.value) if isinstance(node.func, ast.Attribute) else None
        receiver_type = self.types.get(receiver_name or "") or self.module.instances.get(receiver_name or "")
        project_callee = (
            f"{receiver_type}.{node.func.attr}" if receiver_type and isinstance(node.func, ast.Attribute) else callee
        )
        resolved = self.resolve(self.module, project_callee, node, self.function.class_name if self.function else None)
        # A project method named like a sink (`repo.find`, `self.execute`) is judged by its own code,
        # and a module's function (`re.search`) is not a method of some object (`conn.search`).
        on_module = (
            isinstance(node.func, ast.Attribute)
            and (dotted(node.func.value) or "").split(".")[0] in self.module.imported_modules
        )
        method_sinks = None if resolved or on_module else method
        reported = self.check_sinks(node, callee, method_sinks, positional, keywords, env, receiver)
        if method in STATE_SWITCHES and receiver_name and not resolved:
            self.switch_state(node, receiver_name, *STATE_SWITCHES[method])
        result = self._call_result(node, env, positional, keywords, receiver, callee, method, receiver_name, resolved)
        if result is not None and (callee in RESOLVING_CALLS or method in RESOLVING_CALLS):
            result = result.clear(frozenset({RESOLVED_PATH}))  # `(BASE / name).resolve()`, `realpath(path)`
        # `execute(text(sql))`: a query object built by a SQL sink is reported there, not again
        wrapped = frozenset(reported) & WRAPPING_CATEGORIES
        return result.clear(wrapped) if result is not None and wrapped else result

    def _call_result(
        self,
        node: ast.Call,
        env: Environment,
        positional: list[Taint | None],
        keywords: dict[str | None, Taint | None],
        receiver: Taint | None,
        callee: str,
        method: str | None,
        receiver_name: str | None,
        resolved: tuple[FunctionInfo, int] | None,
    ) -> Taint | None:
        if callee in SOURCE_CALLS or (method in SOURCE_CALLS and method != ".get"):
            return self.source(node, SOURCE_CALLS.get(callee) or SOURCE_CALLS[method or ""])
        if callee in ENVIRONMENT_SOURCES or callee.startswith("os.environ."):
            return self.source(node, "environment variable")
        if (
            isinstance(node.func, ast.Attribute)
            and self.is_request(node.func.value)
            and node.func.attr in REQUEST_ATTRIBUTES
        ):
            return self.source(node, f"{ast.unparse(node.func)}()")
        if any(k.arg == "type" and dotted(k.value) in ("int", "float", "bool") for k in node.keywords):
            return None  # request.args.get("page", type=int): Werkzeug converts (or returns the default)
        everything = merge(*positional, *keywords.values())
        if method == ".format" and _is_markup(node, self.qualified):
            return None  # Markup("<b>{}</b>").format(value) escapes every argument
        # `value.replace("\r", "")` strips the object it is called on, `re.sub(r"[\r\n]", "", value)` its
        # arguments (the others constants, or it strips nothing)
        stripping = STRIPPING_CALLS.get(callee) or (STRIPPING_CALLS.get(method) if method else None)
        cleared = stripping(node) if stripping is not None else frozenset()
        if cleared and callee in STRIPPING_CALLS and everything is not None:
            return everything.clear(cleared)
        if cleared and callee not in STRIPPING_CALLS and receiver is not None:
            return merge(receiver.clear(cleared), everything)
        if callee in SANITIZERS or (method and method in SANITIZERS):
            categories = SANITIZERS.get(callee) or SANITIZERS[method or ""]
            return everything.clear(categories) if everything else None
        if callee in CLEAN_CALLS:
            return None
        if resolved is not None:
            self.callees.add(resolved[0].qualified)
            return self.project_call(node, resolved, env, receiver_name)
        if isinstance(node.func, ast.Name) and node.func.id in self.local_functions and self.inline_depth < MAX_INLINE:
            return self.inline(self.local_functions[node.func.id], positional, keywords, env)
        ssrf = [sink for sink in _SINKS_BY_CALLEE.get(callee, ()) if sink.category == "ssrf"]
        if ssrf:
            # The response is whatever the server at that URL sends: attacker content only if the URL is theirs.
            url = merge(*(positional[i] for i in ssrf[0].args if i < len(positional)), keywords.get("url"))
            return url if url is not None and url.dangerous_for("ssrf") else None
        if isinstance(node.func, ast.Attribute):
            deferred = self.deferred_call(node)
            if deferred is not None:
                return deferred
            if node.func.attr == "get" and _fixed_collection(node.func.value):
                return None  # ALLOWED.get(name): one of our own constants, or None
            if node.func.attr in STORING_METHODS and receiver_name and everything is not None:
                env.add(receiver_name, everything.through(self.step(node, f"stored in {receiver_name}")))
        return merge(receiver, everything)

    def inline(
        self,
        function: ast.FunctionDef | ast.AsyncFunctionDef,
        positional: list[Taint | None],
        keywords: dict[str | None, Taint | None],
        env: Environment,
    ) -> Taint | None:
        """A nested function, analysed at its call with the enclosing function's variables visible."""
        inner = env.copy()
        arguments = function.args
        names = [argument.arg for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
        for name in names:
            inner.set(name, None)
        for name, taint in zip(names, positional, strict=False):
            inner.set(name, taint)
        for keyword, value in keywords.items():
            if keyword in names:
                inner.set(keyword, value)
        saved, self.returns = self.returns, None
        self.inline_depth += 1
        try:
            self.run(function.body, inner)
            return self.returns
        finally:
            self.returns = saved
            self.inline_depth -= 1

    def deferred_call(self, node: ast.Call) -> Taint | None:
        """`task.delay(x)`, `background.add_task(fn, x)`, `pool.submit(fn, x)`: fn runs with x."""
        assert isinstance(node.func, ast.Attribute)
        if node.func.attr not in DEFERRED_CALLS:
            return None
        position = DEFERRED_CALLS[node.func.attr]
        target = node.func.value if position is None else (node.args[position] if len(node.args) > position else None)
        name = dotted(target) if target is not None else None
        if not name:
            return None
        qualified = self.qualified(target) if target is not None else None
        resolved = self.resolve(
            self.module, qualified or name, node, self.function.class_name if self.function else None
        )
        if resolved is None or resolved[1] != 0:
            return None
        self.callees.add(resolved[0].qualified)
        offset = 0 if position is None else -(position + 1)
        return self.project_call(node, (resolved[0], offset), Environment(), None)

    def project_call(
        self, node: ast.Call, resolved: tuple[FunctionInfo, int], env: Environment, receiver_name: str | None
    ) -> Taint | None:
        """A call of a project function: its summary, with symbols replaced by this call's values."""
        function, offset = resolved
        summary = self.summaries.get(function.qualified)
        arguments = self.arguments_of(node, offset, function)
        if summary is None:
            return merge(*arguments.values())

        def value_of(symbol: str) -> Taint | None:
            if symbol.startswith(PARAM):
                return arguments.get(symbol)
            attribute = symbol[len(ATTRIBUTE) :]
            if receiver_name is None:
                return None
            known = env.get(f"{receiver_name}.{attribute}")
            if known is None and receiver_name == "self":
                return Taint.of(symbol)  # still the caller's own attribute: stays symbolic
            return known

        call_step = self.step(node, f"passed to {function.qualified}()")
        for symbol, hit in summary.sinks:
            value = value_of(symbol)
            cleared = value.clear(hit.taint.cleared_for(symbol)) if value is not None else None
            if cleared is None or not cleared.dangerous_for(hit.category):
                continue
            combined = Taint(cleared.labels, (*cleared.through(call_step).trace, *hit.taint.trace))
            if not _environment_only(combined, hit.category):
                self.report(SinkHit(hit.category, combined, hit.step, hit.context))
        return substitute(summary.returns, value_of, call_step) if summary.returns is not None else None

    def check_sinks(
        self,
        node: ast.Call,
        callee: str,
        method: str | None,
        positional: list[Taint | None],
        keywords: dict[str | None, Taint | None],
        env: Environment,
        receiver: Taint | None,
    ) -> set[str]:
        reported: set[str] = set()
        receiver_name = dotted(node.func.value) if isinstance(node.func, ast.Attribute) else None
        for sink in _SINKS_BY_CALLEE.get(callee, ()) + (_SINKS_BY_CALLEE.get(method, ()) if method else ()):
            if sink.when is not None and not sink.when(node):
                continue
            if sink.state is not None and sink.state not in self.states.get(receiver_name or "", frozenset()):
                continue  # `reader.parse(...)`: only once `reader.setFeature(feature_external_ges, True)`
            if sink.receiver:
                taint = receiver
                category = sink.category
            elif sink.category == "command_program":
                taint = self.program_taint(node, env)
                category = "command"
            else:
                taint = merge(
                    *(
                        positional[index]
                        for index in self.sink_arguments(node, sink)
                        # `execute(*args)`: which element is the query is unknown; judged by callers
                        if index < len(positional) and not isinstance(node.args[index], ast.Starred)
                    ),
                    *(keywords.get(name) for name in sink.keywords),
                )
                category = sink.category
                if category == "nosql" and not self.nosql_query(node, positional):
                    continue
            if taint is not None and taint.dangerous_for(category):
                self.sink(category, taint, node, f"reaches {ast.unparse(node.func)}()")
                reported.add(category)
        return reported

    def switch_state(self, node: ast.Call, name: str, options: frozenset[str], state: str) -> None:
        """`reader.setFeature(feature_external_ges, True)`: `reader` now holds an object in `state`
        (a constant false value switches it off again; an option not named in `options` changes nothing)."""
        if len(node.args) < 2 or not isinstance(node.args[1], ast.Constant):
            return
        option = node.args[0]
        named = option.value if isinstance(option, ast.Constant) else (dotted(option) or "").rsplit(".", 1)[-1]
        if named not in options:
            return
        states = self.states.get(name, frozenset())
        self.states[name] = states | {state} if node.args[1].value else states - {state}

    def sink_arguments(self, node: ast.Call, sink: Sink) -> tuple[int, ...]:
        """The arguments a sink reads. For logging with a constant format, the values only where
        the format prints them as `%s` (`%r` and `%d` cannot carry a line break)."""
        if sink.category != "log" or not node.args:
            return sink.args
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            placeholders = re.findall(r"%[-#0 +]*\d*(?:\.\d+)?([a-zA-Z%])", first.value)
            conversions = [conversion for conversion in placeholders if conversion != "%"]
            return tuple(index + 1 for index, conversion in enumerate(conversions) if conversion == "s")
        return sink.args

    def program_taint(self, node: ast.Call, env: Environment) -> Taint | None:
        """subprocess without a shell: only the program, the first item of a literal list, matters."""
        first = node.args[0] if node.args else None
        if isinstance(first, ast.List | ast.Tuple) and first.elts:
            return self.expression(first.elts[0], env)
        return None

    def nosql_query(self, node: ast.Call, positional: list[Taint | None]) -> bool:
        """A MongoDB filter is dangerous with a `$where` built from input, or when the whole filter is a
        document the client sent (JSON body), which can carry operators like `{"$ne": null}`."""
        if not node.args:
            return False
        query = node.args[0]
        if isinstance(query, ast.Dict):
            return any(isinstance(key, ast.Constant) and key.value == "$where" for key in query.keys)
        taint = positional[0]
        if taint is None or isinstance(query, ast.Constant):
            return False
        return any(marker in source for source in taint.real_sources for marker in ("json", "body", "data"))

    def sink(self, category: str, taint: Taint, node: ast.AST, message: str) -> None:
        if _environment_only(taint, category):
            return
        step = self.step(node, message)
        code = ast.unparse(node)[:200] if isinstance(node, ast.expr | ast.stmt) else ""
        where = self.function.qualified if self.function else self.module.name
        self.report(SinkHit(category, taint.through(step), step, f"{where}\0{code}"))

    def step(self, node: ast.AST, message: str) -> Step:
        return Step(self.module.relpath, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1, message)


WRAPPING_CATEGORIES = frozenset({"sql"})
MAX_INLINE = 3  # nested functions calling nested functions


def _is_markup(node: ast.Call, qualified: Callable[[ast.expr], str | None]) -> bool:
    receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
    if not isinstance(receiver, ast.Call):
        return False
    return (qualified(receiver.func) or "") in ("markupsafe.Markup", "flask.Markup", "jinja2.Markup")


def _resolved_in(env: Environment) -> Callable[[str], bool]:
    """Which names hold a resolved path here (no taint: nothing to prove, so any answer will do)."""

    def resolved(name: str) -> bool:
        taint = env.get(name)
        return taint is None or taint.holds(RESOLVED_PATH)

    return resolved


def _environment_only(taint: Taint, category: str) -> bool:
    """Configuration from the environment choosing a file or URL is normal, not an attack; nor is
    the user of a command-line tool choosing which file it reads or writes."""
    real = taint.real_sources
    if not real:
        return False
    local = all(source.startswith((*LOCAL_USER_SOURCES, LOW_CONFIDENCE_PREFIX)) for source in real)
    if local and category in LOCAL_CATEGORIES:
        return True
    return taint.low_confidence and category not in ENVIRONMENT_CATEGORIES


_SINKS_BY_CALLEE: dict[str, tuple[Sink, ...]] = {}
for _sink in SINKS:
    _SINKS_BY_CALLEE[_sink.callee] = (*_SINKS_BY_CALLEE.get(_sink.callee, ()), _sink)
