"""What sshd, PAM, sudo and su write to the auth log, as data: one row per message shape.

Each rule names the programs it applies to (empty: any), a literal prefix checked before the
regular expression runs (cheap), the event action and outcome it means, and extra fields.
Named groups become fields through GROUP_FIELDS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pavedroad.monitor.model import ACTION, OUTCOME, SOURCE_IP, SOURCE_PORT, USER

AUTH_METHOD = "auth.method"
TARGET_USER = "user.target.name"
COMMAND_LINE = "process.command_line"
TTY = "process.tty"
WORKING_DIRECTORY = "process.working_directory"
PAM_SERVICE = "pam.service"
INVALID_USER = "ssh.invalid_user"
SUDO_ATTEMPTS = "sudo.attempts"
REPEAT = "event.repeat"

GROUP_FIELDS = {
    "user": USER,
    "ip": SOURCE_IP,
    "port": SOURCE_PORT,
    "method": AUTH_METHOD,
    "target": TARGET_USER,
    "command": COMMAND_LINE,
    "tty": TTY,
    "cwd": WORKING_DIRECTORY,
    "service": PAM_SERVICE,
    "attempts": SUDO_ATTEMPTS,
}
INTEGER_GROUPS = frozenset({"port", "attempts"})
SSHD_PROGRAMS = frozenset({"sshd", "sshd-session"})  # OpenSSH 9.8 logs as sshd-session


@dataclass(frozen=True, slots=True)
class MessageRule:
    """One message shape of one or more programs."""

    programs: frozenset[str]
    prefix: str
    pattern: re.Pattern[str]
    action: str
    outcome: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def _rule(
    programs: frozenset[str], prefix: str, pattern: str, action: str, outcome: str | None = None, **extra: Any
) -> MessageRule:
    return MessageRule(programs, prefix, re.compile(pattern), action, outcome, extra)


_FROM = r" from (?P<ip>\S+) port (?P<port>\d+)"
_INVALID = r"(?P<invalid>invalid user )?"
SUDO = frozenset({"sudo"})
SU = frozenset({"su"})
ANY: frozenset[str] = frozenset()

_SUDO_TAIL = r"TTY=(?P<tty>\S+) ; PWD=(?P<cwd>.*?) ; USER=(?P<target>\S+) ; (?:.*?; )?COMMAND=(?P<command>.*)"
_PAM = r"pam_unix\((?P<service>[^:)]+):"
SSH = SSHD_PROGRAMS

RULES: tuple[MessageRule, ...] = (
    _rule(SSH, "Failed ", rf"Failed (?P<method>\S+) for {_INVALID}(?P<user>.*?){_FROM}", "ssh_login", "failure"),
    _rule(SSH, "Accepted ", rf"Accepted (?P<method>\S+) for (?P<user>.*?){_FROM}", "ssh_login", "success"),
    _rule(SSH, "Invalid user ", r"Invalid user (?P<user>.*?) from (?P<ip>\S+)(?: port (?P<port>\d+))?",
          "ssh_invalid_user", "failure"),
    _rule(SSH, "", rf"(?:error: )?maximum authentication attempts exceeded for {_INVALID}(?P<user>.*?){_FROM}",
          "ssh_max_attempts", "failure"),
    _rule(SSH, "Connection closed by ",
          r"Connection closed by (?:(?:authenticating|invalid) user (?P<user>.*?) )?(?P<ip>\S+) port (?P<port>\d+)",
          "ssh_connection_closed"),
    _rule(SSH, "Disconnected from ",
          r"Disconnected from (?:(?:authenticating |invalid )?user (?P<user>.*?) )?(?P<ip>\S+) port (?P<port>\d+)",
          "ssh_disconnect"),
    _rule(SSH, "Received disconnect from ", r"Received disconnect from (?P<ip>\S+) port (?P<port>\d+)",
          "ssh_disconnect"),
    _rule(SSH, "Did not receive identification string",
          r"Did not receive identification string from (?P<ip>\S+)(?: port (?P<port>\d+))?",
          "ssh_no_identification", "failure"),
    _rule(SSH, "Unable to negotiate", r"Unable to negotiate with (?P<ip>\S+) port (?P<port>\d+)",
          "ssh_negotiation_failed", "failure"),
    _rule(ANY, "pam_unix(", _PAM + r"auth\): authentication failure;.*? rhost=(?P<ip>\S*)(?:\s+user=(?P<user>\S+))?",
          "pam_authentication", "failure"),
    _rule(ANY, "pam_unix(", _PAM + r"session\): session opened for user (?P<user>[^\s(]+)",
          "session_opened", "success"),
    _rule(ANY, "pam_unix(", _PAM + r"session\): session closed for user (?P<user>[^\s(]+)", "session_closed"),
    _rule(SUDO, "", r"\s*(?P<user>\S+) : (?P<attempts>\d+) incorrect password attempts? ; " + _SUDO_TAIL,
          "sudo", "failure"),
    _rule(SUDO, "", r"\s*(?P<user>\S+) : user NOT in sudoers ; " + _SUDO_TAIL,
          "sudo", "failure", **{"sudo.reason": "not in sudoers"}),
    _rule(SUDO, "", r"\s*(?P<user>\S+) : " + _SUDO_TAIL, "sudo", "success"),
    _rule(SU, "FAILED SU", r"FAILED SU \(to (?P<target>\S+)\) (?P<user>\S+) on (?P<tty>\S+)", "su", "failure"),
    _rule(SU, "Successful su", r"Successful su for (?P<target>\S+) by (?P<user>\S+)", "su", "success"),
    _rule(SU, "(to ", r"\(to (?P<target>\S+)\) (?P<user>\S+) on (?P<tty>\S+)", "su", "success"),
)  # fmt: skip

_RULES_BY_PROGRAM: dict[tuple[str, str], tuple[MessageRule, ...]] = {}
_MEMOISED_PROGRAMS = 1024  # distinct (program, first character) pairs remembered
_REPEATED = re.compile(r"message repeated (\d+) times: \[ ?(.*?) ?\]\Z")


def rules_for(program: str, first: str | None = None) -> tuple[MessageRule, ...]:
    """The rules that apply to a program's messages, program-specific ones first (memoised);
    given the message's `first` character, only those whose prefix can start the message."""
    key = (program, "" if first is None else first)
    rules = _RULES_BY_PROGRAM.get(key)
    if rules is None:
        specific = tuple(rule for rule in RULES if program in rule.programs)
        general = tuple(rule for rule in RULES if not rule.programs)
        rules = tuple(rule for rule in specific + general if first is None or rule.prefix[:1] in ("", first))
        if len(_RULES_BY_PROGRAM) >= _MEMOISED_PROGRAMS:
            _RULES_BY_PROGRAM.clear()  # program names come from the log: bounded memory
        _RULES_BY_PROGRAM[key] = rules
    return rules


def annotate(program: str, message: str, fields: dict[str, Any]) -> None:
    """Add the action, outcome and named fields of the first rule matching the message."""
    if message.startswith("message repeated "):
        repeated = _REPEATED.match(message)
        if repeated is not None:
            fields[REPEAT] = int(repeated.group(1))
            message = repeated.group(2)
    for rule in rules_for(program, message[:1]):
        if not message.startswith(rule.prefix):
            continue
        match = rule.pattern.match(message)
        if match is None:
            continue
        fields[ACTION] = rule.action
        if rule.outcome is not None:
            fields[OUTCOME] = rule.outcome
        for group, value in match.groupdict().items():
            if value is None or value == "":
                continue
            if group == "invalid":
                fields[INVALID_USER] = True
            else:
                fields[GROUP_FIELDS[group]] = int(value) if group in INTEGER_GROUPS else value
        fields.update(rule.extra)
        return
