"""Configuration from `.pavedroad.toml` or `[tool.pavedroad]` in pyproject.toml.

Every mistake is reported with the file, the line and what is wrong; unknown keys are
mistakes too, because a misspelt setting that is silently ignored is worse than none.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pavedroad.core.errors import ConfigError
from pavedroad.core.findings import Confidence, Severity
from pavedroad.core.suppress import ConfiguredSuppression
from pavedroad.core.workspace import DEFAULT_MAX_FILE_SIZE

CONFIG_FILE = ".pavedroad.toml"
MODES = ("monitor", "enforce")
_SIZE = re.compile(r"^\s*(\d+)\s*(B|KB|MB|GB)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


@dataclass(frozen=True, slots=True)
class RuleOverride:
    enabled: bool = True
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class PolicyConfig:
    """What fails a build. Counts apply to active findings at or above `min_confidence`."""

    fail_on: Severity = Severity.HIGH
    min_confidence: Confidence = Confidence.MEDIUM
    max_counts: dict[Severity, int] = field(default_factory=dict)
    block_rules: tuple[str, ...] = ()
    rego: tuple[Path, ...] = ()
    fail_on_known_exploited: bool = False
    fail_on_epss: float | None = None


@dataclass(frozen=True, slots=True)
class Config:
    source: str | None = None
    mode: str = "monitor"
    analyzers: dict[str, bool] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    rules: dict[str, RuleOverride] = field(default_factory=dict)
    suppressions: tuple[ConfiguredSuppression, ...] = ()
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    baseline: str = ".pavedroad-baseline.json"
    sca: dict[str, object] = field(default_factory=dict)
    licenses: dict[str, object] = field(default_factory=dict)
    iac: dict[str, object] = field(default_factory=dict)
    metrics: dict[str, object] = field(default_factory=dict)


_TOP_KEYS = {
    "mode",
    "analyzers",
    "exclude",
    "max_file_size",
    "rules",
    "suppress",
    "policy",
    "baseline",
    "sca",
    "licenses",
    "iac",
    "metrics",
}
_METRICS_KEYS = {"sla_days", "deploy_tags"}
_IAC_KEYS = {"policies", "var_files"}
_LICENSES_KEYS = {"allow", "deny"}
_SCA_KEYS = {"database", "max_age_days"}
_POLICY_KEYS = {"fail_on", "min_confidence", "block_rules", "rego", "fail_on_known_exploited", "fail_on_epss"} | {
    f"max_{s.value}" for s in Severity
}
_SUPPRESS_KEYS = {"rule", "path", "fingerprint", "reason", "expires"}
_RULE_KEYS = {"enabled", "severity"}


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """The configuration for a scan of `root`: an explicit file, .pavedroad.toml, pyproject, or defaults."""
    candidates = [explicit] if explicit else [root / CONFIG_FILE, root / "pyproject.toml"]
    for path in candidates:
        if path is None or not path.is_file():
            if explicit:
                raise ConfigError(str(explicit), "no such configuration file")
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        document = _parse_toml(path, text)
        if path.name == "pyproject.toml" and not explicit:
            section = document.get("tool", {}).get("pavedroad")
            if section is None:
                continue
            return _ConfigReader(path, text, "tool.pavedroad").read(section, root)
        return _ConfigReader(path, text, "").read(document, root)
    return Config()


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise ConfigError(str(path), f"invalid TOML: {message}", int(found[1]) if found else None) from None


class _ConfigReader:
    """Validates one parsed document, knowing the source text to point at lines."""

    def __init__(self, path: Path, text: str, prefix: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.prefix = prefix

    def fail(self, message: str, key: str | None = None, table: str = "") -> ConfigError:
        return ConfigError(str(self.path), message, self.line_of(key, table) if key else None)

    def line_of(self, key: str, table: str = "") -> int | None:
        """Line of `key = ...` inside `[table]` (or at the top), found in the source text."""
        full_table = ".".join(part for part in (self.prefix, table) if part)
        inside = not full_table
        header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
        key_line = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(self.lines, start=1):
            found = header.match(line)
            if found:
                name = found[1].replace('"', "").replace("'", "")
                if name == full_table and key == table.rsplit(".", 1)[-1]:
                    return number
                inside = name == full_table
                continue
            if inside and key_line.match(line):
                return number
        return None

    def read(self, document: dict[str, Any], root: Path) -> Config:
        self._no_unknown(document, _TOP_KEYS, "")
        mode = document.get("mode", "monitor")
        if mode not in MODES:
            raise self.fail(f"mode must be one of {', '.join(MODES)}, not {mode!r}", "mode")
        analyzers = self._table(document, "analyzers")
        for name, enabled in analyzers.items():
            if not isinstance(enabled, bool):
                raise self.fail(f"analyzers.{name} must be true or false", name, "analyzers")
        return Config(
            source=str(self.path),
            mode=mode,
            analyzers=dict(analyzers),
            exclude=self._strings(document, "exclude", ""),
            max_file_size=self._size(document.get("max_file_size", DEFAULT_MAX_FILE_SIZE)),
            rules=self._rules(self._table(document, "rules")),
            suppressions=self._suppressions(document.get("suppress", [])),
            policy=self._policy(self._table(document, "policy"), root),
            baseline=str(document.get("baseline", ".pavedroad-baseline.json")),
            sca=self._sca(self._table(document, "sca"), root),
            licenses=self._licenses(self._table(document, "licenses")),
            iac=self._iac(self._table(document, "iac")),
            metrics=self._metrics(self._table(document, "metrics")),
        )

    def _no_unknown(self, table: dict[str, Any], allowed: set[str], name: str) -> None:
        for key in table:
            if key not in allowed:
                where = f"[{name}]" if name else "the top level"
                raise self.fail(
                    f"unknown setting {key!r} in {where}; expected one of {', '.join(sorted(allowed))}",
                    key,
                    name,
                )

    def _table(self, document: dict[str, Any], key: str) -> dict[str, Any]:
        value = document.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(f"{key} must be a table", key)
        return value

    def _strings(self, table: dict[str, Any], key: str, table_name: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(f"{key} must be a list of strings", key, table_name)
        return tuple(value)

    def _size(self, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        found = _SIZE.match(value) if isinstance(value, str) else None
        if not found:
            raise self.fail(f'max_file_size must be a size like "5MB", not {value!r}', "max_file_size")
        return int(found[1]) * _SIZE_UNITS[(found[2] or "B").upper()]

    def _enum(self, kind: type[Severity] | type[Confidence], value: object, key: str, table: str) -> Any:
        try:
            return kind(str(value).lower())
        except ValueError:
            choices = ", ".join(member.value for member in kind)
            raise self.fail(f"{key} must be one of {choices}, not {value!r}", key, table) from None

    def _rules(self, rules: dict[str, Any]) -> dict[str, RuleOverride]:
        overrides = {}
        for rule_id, settings in rules.items():
            table = f'rules."{rule_id}"'
            if not isinstance(settings, dict):
                raise self.fail(f"rules.{rule_id} must be a table", rule_id, "rules")
            self._no_unknown(settings, _RULE_KEYS, f"rules.{rule_id}")
            enabled = settings.get("enabled", True)
            if not isinstance(enabled, bool):
                raise self.fail(f"rules.{rule_id}.enabled must be true or false", "enabled", table)
            severity = self._enum(Severity, settings["severity"], "severity", table) if "severity" in settings else None
            overrides[rule_id] = RuleOverride(enabled, severity)
        return overrides

    def _suppressions(self, entries: object) -> tuple[ConfiguredSuppression, ...]:
        if not isinstance(entries, list):
            raise self.fail("suppress must be an array of tables ([[suppress]])", "suppress")
        headers = [
            number for number, line in enumerate(self.lines, start=1) if re.match(r"^\s*\[\[.*suppress\s*\]\]", line)
        ]
        result = []
        for index, entry in enumerate(entries):
            line = headers[index] if index < len(headers) else None
            if not isinstance(entry, dict):
                raise ConfigError(str(self.path), "each [[suppress]] entry must be a table", line)
            unknown = set(entry) - _SUPPRESS_KEYS
            if unknown:
                raise ConfigError(str(self.path), f"unknown setting {sorted(unknown)[0]!r} in [[suppress]]", line)
            if not any(key in entry for key in ("rule", "path", "fingerprint")):
                raise ConfigError(str(self.path), "a [[suppress]] entry needs a rule, path or fingerprint", line)
            expires = entry.get("expires")
            if expires is not None and not isinstance(expires, date):
                try:
                    expires = date.fromisoformat(str(expires))
                except ValueError:
                    raise ConfigError(
                        str(self.path), f"expires must be a date like 2027-01-31, not {expires!r}", line
                    ) from None
            result.append(
                ConfiguredSuppression(
                    reason=str(entry.get("reason", "")).strip(),
                    rule=entry.get("rule"),
                    path=entry.get("path"),
                    fingerprint=entry.get("fingerprint"),
                    expires=expires,
                    source=str(self.path.name),
                    line=line,
                )
            )
        return tuple(result)

    def _iac(self, iac: dict[str, Any]) -> dict[str, object]:
        self._no_unknown(iac, _IAC_KEYS, "iac")
        return {key: self._strings(iac, key, "iac") for key in _IAC_KEYS if key in iac}

    def _metrics(self, metrics: dict[str, Any]) -> dict[str, object]:
        """`sla_days` (days to fix per severity) and `deploy_tags` (a glob of release tag names)."""
        self._no_unknown(metrics, _METRICS_KEYS, "metrics")
        result: dict[str, object] = {}
        sla = metrics.get("sla_days", {})
        if not isinstance(sla, dict):
            raise self.fail("sla_days must be a table like {critical = 7, high = 30}", "sla_days", "metrics")
        for severity, days in sla.items():
            self._enum(Severity, severity, "sla_days", "metrics")
            if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
                raise self.fail(f"sla_days.{severity} must be a positive number of days", "sla_days", "metrics")
        if sla:
            result["sla_days"] = {str(severity).lower(): days for severity, days in sla.items()}
        if "deploy_tags" in metrics:
            if not isinstance(metrics["deploy_tags"], str) or not metrics["deploy_tags"]:
                raise self.fail('deploy_tags must be a glob such as "v*"', "deploy_tags", "metrics")
            result["deploy_tags"] = metrics["deploy_tags"]
        return result

    def _licenses(self, licenses: dict[str, Any]) -> dict[str, object]:
        self._no_unknown(licenses, _LICENSES_KEYS, "licenses")
        return {key: self._strings(licenses, key, "licenses") for key in _LICENSES_KEYS if key in licenses}

    def _sca(self, sca: dict[str, Any], root: Path) -> dict[str, object]:
        self._no_unknown(sca, _SCA_KEYS, "sca")
        options: dict[str, object] = {}
        if "database" in sca:
            if not isinstance(sca["database"], str):
                raise self.fail("database must be a path", "database", "sca")
            options["database"] = str(root / sca["database"])
        if "max_age_days" in sca:
            age = sca["max_age_days"]
            if isinstance(age, bool) or not isinstance(age, int | float) or age <= 0:
                raise self.fail("max_age_days must be a number of days > 0", "max_age_days", "sca")
            options["max_age_days"] = float(age)
        return options

    def _policy(self, policy: dict[str, Any], root: Path) -> PolicyConfig:
        self._no_unknown(policy, _POLICY_KEYS, "policy")
        max_counts = {}
        for severity in Severity:
            key = f"max_{severity.value}"
            if key in policy:
                value = policy[key]
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise self.fail(f"{key} must be a whole number ≥ 0", key, "policy")
                max_counts[severity] = value
        rego = tuple(root / item for item in self._strings(policy, "rego", "policy"))
        for path in rego:
            if not path.is_file():
                raise self.fail(f"Rego policy file {path} does not exist", "rego", "policy")
        known_exploited = policy.get("fail_on_known_exploited", False)
        if not isinstance(known_exploited, bool):
            raise self.fail("fail_on_known_exploited must be true or false", "fail_on_known_exploited", "policy")
        epss = policy.get("fail_on_epss")
        if epss is not None and (isinstance(epss, bool) or not isinstance(epss, int | float) or not 0 <= epss <= 1):
            raise self.fail("fail_on_epss must be a probability between 0 and 1", "fail_on_epss", "policy")
        return PolicyConfig(
            fail_on_known_exploited=known_exploited,
            fail_on_epss=float(epss) if epss is not None else None,
            fail_on=self._enum(Severity, policy.get("fail_on", "high"), "fail_on", "policy"),
            min_confidence=self._enum(Confidence, policy.get("min_confidence", "medium"), "min_confidence", "policy"),
            max_counts=max_counts,
            block_rules=self._strings(policy, "block_rules", "policy"),
            rego=rego,
        )
