"""A SAST rule's metadata, in one place: docs, SARIF descriptors and `rules show` read it."""

from __future__ import annotations

from dataclasses import dataclass

from pavedroad.core.findings import Confidence, Rule, Severity


@dataclass(frozen=True, slots=True)
class SastRule:
    """`cwe` is the precise weakness (CWE-328 for a weak hash, not a broad parent);
    `owasp` the OWASP Top 10 (2021) category, e.g. "A03:2021-Injection"."""

    id: str
    title: str
    severity: Severity
    confidence: Confidence
    cwe: str
    owasp: str
    rationale: str
    fix: str
    vulnerable_example: str
    fixed_example: str
    references: tuple[str, ...] = ()

    @property
    def rule(self) -> Rule:
        number = self.cwe.split("-", 1)[1]
        return Rule(
            id=self.id,
            title=self.title,
            severity=self.severity,
            confidence=self.confidence,
            rationale=self.rationale,
            fix=self.fix,
            cwe=(self.cwe,),
            controls=(f"OWASP-{self.owasp.split('-', 1)[0]}",),
            references=self.references,
            tags=("sast", "python", f"external/cwe/cwe-{number}", f"owasp/{self.owasp}"),
            example=self.vulnerable_example,
            secure_example=self.fixed_example,
        )
