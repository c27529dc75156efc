"""Detections for `pavedroad monitor`: Sigma rules, stateful detections and anomaly scoring.

`build_detectors(config)` is the one entry point the runtime needs: it reads the
`[monitor.detect]` part of the parsed `[monitor]` table and returns the Detectors to feed
Events to. `load_detections(config)` returns the same plus the notes a user should see
(rules that did not load, detections that are off and why).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pavedroad.monitor.detect.anomaly.settings import AnomalySettings, anomaly_settings
from pavedroad.monitor.detect.facts import EventFacts
from pavedroad.monitor.detect.payloads import LOGIN_PATHS
from pavedroad.monitor.detect.settings import DetectionConfigError, read_settings, section
from pavedroad.monitor.detect.sigma.backend import SigmaDetector
from pavedroad.monitor.detect.sigma.loader import BUILTIN_RULES, RuleIssue, load_rules, rule_files
from pavedroad.monitor.detect.stateful.bruteforce import BruteForceDetector, BruteForceSettings
from pavedroad.monitor.detect.stateful.geo import GeoSettings, MaxMindGeoLookup, NewLocationDetector
from pavedroad.monitor.detect.stateful.injection import InjectionDetector, InjectionSettings
from pavedroad.monitor.detect.stateful.privesc import PrivilegeEscalationDetector, PrivilegeEscalationSettings
from pavedroad.monitor.detect.stateful.rates import TokenRateDetector, TokenRateSettings
from pavedroad.monitor.detect.stateful.scanners import ScannerDetector, ScannerSettings
from pavedroad.monitor.detect.stateful.stuffing import CredentialStuffingDetector, CredentialStuffingSettings
from pavedroad.monitor.model import Detector

if TYPE_CHECKING:
    from pavedroad.monitor.detect.anomaly.model import AnomalyModel, ModelError, train_baseline

__all__ = [
    "END_OF_INPUT",
    "AnomalyModel",
    "DetectionConfigError",
    "Detections",
    "ModelError",
    "RuleIssue",
    "build_detectors",
    "load_detections",
    "train_baseline",
]

# Anomaly scoring needs scikit-learn, numpy and river: over 100 MB of memory and about a
# second of start-up. They are imported when anomaly scoring is configured, or when one of
# these names is asked for (PEP 562), not by every monitor that only runs rules.
_ANOMALY_MODEL_NAMES = frozenset({"AnomalyModel", "ModelError", "train_baseline"})


def __getattr__(name: str) -> Any:
    if name in _ANOMALY_MODEL_NAMES:
        from pavedroad.monitor.detect.anomaly import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Pass to `flush` at the end of a replay: every open window closes.
END_OF_INPUT = datetime.max.replace(tzinfo=UTC)

_SECTIONS = frozenset(
    {"sigma", "bruteforce", "stuffing", "scanners", "injection", "privesc", "rates", "geo", "anomaly"}
)


@dataclass(frozen=True, slots=True)
class CommonSettings:
    """Keys directly under `[monitor.detect]`."""

    group_window: float = 300.0
    max_entities: int = 100_000
    login_paths: tuple[str, ...] = LOGIN_PATHS


@dataclass(frozen=True, slots=True)
class SigmaSettings:
    """`[monitor.detect.sigma]`: `rule_dirs` are folders (or files) of the user's own rules."""

    enabled: bool = True
    builtin: bool = True
    rule_dirs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Detections:
    """The configured detectors, and what the user should be told about the configuration.

    `unconfigured` names the detections that stay off until a setting is given (each with the
    setting), which a default run is expected to have; `notes` are anything else worth saying.
    """

    detectors: list[Detector]
    rule_issues: tuple[RuleIssue, ...]
    notes: tuple[str, ...]
    unconfigured: tuple[str, ...] = ()


def build_detectors(config: Mapping[str, Any]) -> list[Detector]:
    """The Detectors the `[monitor]` config asks for (all built-in detections by default)."""
    return load_detections(config).detectors


def load_detections(config: Mapping[str, Any]) -> Detections:
    """Detectors plus rule issues and notes; DetectionConfigError on a bad `[monitor.detect]`."""
    detect = section(config, "")
    common = read_settings(CommonSettings(), {k: v for k, v in detect.items() if k not in _SECTIONS}, "monitor.detect")
    login_paths = tuple(str(path).lower() for path in common.login_paths)
    # One EventFacts for every detector: an event's time and login are worked out once.
    facts = EventFacts(login_paths)
    shared: dict[str, Any] = {"group_window": common.group_window, "max_entities": common.max_entities, "facts": facts}
    detectors: list[Detector] = []
    notes: list[str] = []
    unconfigured: list[str] = []
    issues: tuple[RuleIssue, ...] = ()

    sigma = read_settings(SigmaSettings(), section(config, "sigma"), "monitor.detect.sigma")
    if sigma.enabled:
        folders = [BUILTIN_RULES] if sigma.builtin else []
        for folder in sigma.rule_dirs:
            path = Path(str(folder)).expanduser()
            if not path.exists():
                raise DetectionConfigError(f"monitor.detect.sigma.rule_dirs: {path} does not exist")
            folders.append(path)
        loaded = load_rules(rule_files(folders))
        issues = loaded.issues
        detectors.append(
            SigmaDetector(loaded.rules, group_window=common.group_window, max_groups=common.max_entities, facts=facts)
        )

    def settings(defaults: Any, name: str) -> Any:
        return read_settings(defaults, section(config, name), f"monitor.detect.{name}")

    brute = settings(BruteForceSettings(), "bruteforce")
    if brute.enabled:
        detectors.append(BruteForceDetector(brute, **shared))
    stuffing = settings(CredentialStuffingSettings(), "stuffing")
    if stuffing.enabled:
        detectors.append(CredentialStuffingDetector(stuffing, **shared))
    scanners = settings(ScannerSettings(), "scanners")
    if scanners.enabled:
        detectors.append(ScannerDetector(scanners, **shared))
    injection = settings(InjectionSettings(), "injection")
    if injection.enabled:
        detectors.append(InjectionDetector(injection, **shared))
    privesc = settings(PrivilegeEscalationSettings(), "privesc")
    if privesc.enabled:
        detectors.append(PrivilegeEscalationDetector(privesc, **shared))
    rates = settings(TokenRateSettings(), "rates")
    if rates.enabled:
        detectors.append(TokenRateDetector(rates, **shared))

    geo = settings(GeoSettings(), "geo")
    if geo.enabled and not geo.database:
        unconfigured.append("new-country logins (monitor.detect.geo.database: a GeoIP database)")
    elif geo.enabled:
        try:
            lookup = MaxMindGeoLookup.open(Path(geo.database).expanduser())
        except ImportError:
            notes.append("geo: the 'maxminddb' package is not installed; new-country logins are off")
        except (OSError, ValueError) as error:
            raise DetectionConfigError(f"monitor.detect.geo.database: cannot open {geo.database}: {error}") from error
        else:
            detectors.append(NewLocationDetector(lookup, **shared))

    anomaly = anomaly_settings(config)
    if anomaly.enabled and (anomaly.mode == "online" or anomaly.model_path):
        detectors.append(_anomaly_detector(anomaly, common.max_entities))
    elif anomaly.enabled:
        unconfigured.append("anomaly scoring (monitor.detect.anomaly.model_path: a model from --train-baseline)")
    return Detections(detectors, issues, tuple(notes), tuple(unconfigured))


def _anomaly_detector(anomaly: AnomalySettings, max_entities: int) -> Detector:
    """The anomaly detector `anomaly` asks for (online, or with the baseline model file)."""
    from pavedroad.monitor.detect.anomaly.detector import AnomalyDetector
    from pavedroad.monitor.detect.anomaly.model import AnomalyModel, ModelError
    from pavedroad.monitor.detect.anomaly.online import OnlineScorer

    thresholds: dict[str, Any] = {
        "min_z": anomaly.min_z,
        "extreme_z": anomaly.extreme_z,
        "min_requests": anomaly.min_requests,
    }
    if anomaly.mode == "online":
        scorer = OnlineScorer(
            threshold=anomaly.online_threshold, warmup=anomaly.online_warmup, seed=anomaly.online_seed, **thresholds
        )
        return AnomalyDetector(online=scorer, window=anomaly.window, max_entities=max_entities, **thresholds)
    try:
        model = AnomalyModel.load(Path(anomaly.model_path).expanduser())
    except ModelError as error:
        raise DetectionConfigError(f"monitor.detect.anomaly.model_path: {error}") from error
    return AnomalyDetector(model=model, max_entities=max_entities, **thresholds)
