"""What the walk of one body has established so far: the taint of each name, which names hold a
request or a response, and which member paths a guard has proven safe."""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript import specs
from pavedroad.analyzers.sast.javascript.guards import Proof
from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.python.taint import Environment


@dataclass(slots=True)
class Scope:
    """What the code walked so far has established: taints, request objects, proofs from guards."""

    env: Environment = field(default_factory=Environment)
    requests: set[str] = field(default_factory=set)
    responses: set[str] = field(default_factory=set)
    pinned: dict[str, frozenset[str]] = field(default_factory=dict)  # member paths proven safe
    derived: dict[str, str] = field(default_factory=dict)  # `u = new URL(x)`: u -> x

    def copy(self) -> Scope:
        return Scope(self.env.copy(), set(self.requests), set(self.responses), dict(self.pinned), dict(self.derived))

    def join(self, *others: Scope) -> None:
        """After branches: tainted on any path is tainted; proven only if proven on every path."""
        environments = [other.env for other in others]
        keys = set.intersection(*(set(other.pinned) for other in others))
        pinned = {key: frozenset.intersection(*(other.pinned[key] for other in others)) for key in keys}
        self.env = Environment()
        for environment in environments:
            self.env.absorb(environment)
        self.pinned = pinned

    def narrowed(self, proof: Proof) -> Scope:
        """A copy for the branch a guard leads into: what the guard proves (about a name, or about the
        value a parsed `new URL(x)` came from) is cleared from the taint and remembered."""
        branch = self.copy()
        for name, categories in proof.items():
            for target in (name, self.derived.get(name)):
                if target is None:
                    continue
                branch.pinned[target] = branch.pinned.get(target, frozenset()) | categories
                taint = branch.env.get(target)
                if taint is not None:
                    branch.env.set(target, taint.clear(categories))
        return branch

    def is_request(self, node: Node | None) -> bool:
        """A name holding a request, or a wrapper reached through one (`ctx.request`)."""
        if node is None:
            return False
        if node.type == "identifier":
            return text(node) in self.requests
        if node.type == "member_expression":
            prop = text(node.child_by_field_name("property"))
            return prop in specs.REQUEST_WRAPPERS and self.is_request(node.child_by_field_name("object"))
        return False

    def is_response(self, node: Node | None) -> bool:
        """`res`, `res.status(404)`, `reply.code(200).type("text/html")`: a chain rooted at a response."""
        while node is not None and node.type in {"call_expression", "member_expression"}:
            if node.type == "call_expression":
                node = node.child_by_field_name("function")
            else:
                if text(node.child_by_field_name("property")) in {"res", "response"}:
                    return True  # ctx.res, ctx.response
                node = node.child_by_field_name("object")
        return node is not None and node.type == "identifier" and text(node) in self.responses
