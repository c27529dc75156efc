"""`pavedroad scan` over infrastructure and pipeline code, from the user's side."""

from __future__ import annotations

from pathlib import Path

from helpers import active_rules, make_repo, scan_json

OPEN_SSH = """resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""

WORKFLOW = """on: issues
permissions:
  contents: read
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.issue.title }}"
"""


def errors_of(document: dict[str, object]) -> list[tuple[str, int | None, str]]:
    return [(error["path"], error.get("line"), error["message"]) for error in document["errors"]]  # type: ignore[index, union-attr, attr-defined]


def test_terraform_and_workflow_findings_with_exact_lines_and_exit_code(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"infra/network.tf": OPEN_SSH, ".github/workflows/greet.yml": WORKFLOW})
    code, document = scan_json(str(repo), "--mode", "enforce")
    assert code == 1
    assert active_rules(document) == [
        ("iac/aws-sg-admin-port-open", "infra/network.tf", 6),
        ("pipelines/gha-script-injection", ".github/workflows/greet.yml", 8),
    ]
    finding = next(f for f in document["findings"] if f["rule_id"] == "iac/aws-sg-admin-port-open")
    assert "aws_security_group.bastion" in finding["message"]
    assert any(control.startswith("CIS-AWS-") for control in finding["controls"])


def test_inline_suppression_in_terraform(tmp_path: Path) -> None:
    suppressed = OPEN_SSH.replace(
        '["0.0.0.0/0"]', '["0.0.0.0/0"] # pavedroad: ignore[iac/aws-sg-admin-port-open] bastion for the lab only'
    )
    repo = make_repo(tmp_path / "repo", {"main.tf": suppressed})
    code, document = scan_json(str(repo), "--mode", "enforce")
    assert code == 0
    assert active_rules(document) == []
    [finding] = document["findings"]
    assert finding["suppression"]["reason"] == "bastion for the lab only"


def test_variables_from_tfvars_and_local_modules_are_followed(tmp_path: Path) -> None:
    module = OPEN_SSH.replace('["0.0.0.0/0"]', "var.allowed").replace(
        'resource "aws_security_group"', 'variable "allowed" {}\n\nresource "aws_security_group"'
    )
    repo = make_repo(
        tmp_path / "repo",
        {
            "modules/sg/main.tf": module,
            "live/main.tf": 'variable "cidrs" {}\n\n'
            'module "sg" {\n  source  = "../modules/sg"\n  allowed = var.cidrs\n}\n',
            "live/terraform.tfvars": 'cidrs = ["0.0.0.0/0"]\n',
        },
    )
    code, document = scan_json(str(repo))
    assert code == 0  # monitor mode by default
    # Standalone, the module's variable is unknown: nothing is invented. Called from live/ with the
    # tfvars value, the module's ingress is open; the finding points into the module file.
    assert active_rules(document) == [("iac/aws-sg-admin-port-open", "modules/sg/main.tf", 8)]
    assert document["findings"][0]["message"].startswith("module.sg.aws_security_group.bastion")


BOMB = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a [" + ", ".join(["lol"] * 9) + "]\n"
BOMB += "".join(f"  {chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))


def test_bad_iac_files_are_errors_naming_file_and_line_and_the_rest_is_checked(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {
            "good/network.tf": OPEN_SSH,
            "broken/main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n',
            "k8s/broken.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n",
            "k8s/bomb.yaml": BOMB,
            "k8s/deep.yaml": "apiVersion: v1\nkind: ConfigMap\ndata: " + "[" * 300 + "]" * 300 + "\n",
            "cfn/template.json": '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {',
            "unknown/main.tf": 'resource "acme_widget" "w" {\n  size = 3\n}\n',
        },
    )
    code, document = scan_json(str(repo))
    assert code == 2
    errors = {path: (line, message) for path, line, message in errors_of(document)}
    assert set(errors) == {"broken/main.tf", "k8s/broken.yaml", "k8s/bomb.yaml", "k8s/deep.yaml", "cfn/template.json"}
    assert errors["broken/main.tf"][0] == 2 and "invalid HCL" in errors["broken/main.tf"][1]
    assert errors["k8s/broken.yaml"][0] == 5 and "invalid YAML" in errors["k8s/broken.yaml"][1]
    assert "alias bomb" in errors["k8s/bomb.yaml"][1]
    assert "nest" in errors["k8s/deep.yaml"][1]
    assert active_rules(document) == [("iac/aws-sg-admin-port-open", "good/network.tf", 6)]


def test_a_module_cycle_is_reported_not_followed_forever(tmp_path: Path) -> None:
    call = 'module "next" {{\n  source = "{}"\n}}\n'
    repo = make_repo(
        tmp_path / "repo",
        {"a/main.tf": call.format("../b"), "b/main.tf": call.format("../a"), "c/main.tf": OPEN_SSH},
    )
    code, document = scan_json(str(repo))
    assert code == 2
    assert any("module cycle" in message for _, _, message in errors_of(document))
    assert active_rules(document) == [("iac/aws-sg-admin-port-open", "c/main.tf", 6)]


def test_a_ten_megabyte_manifest_is_checked(tmp_path: Path) -> None:
    document = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{}\n  namespace: app\ndata:\n  key: {}\n---\n"
    count = 10 * 1024 * 1024 // len(document.format(0, "x" * 100))
    big = "".join(document.format(index, "x" * 100) for index in range(count))
    repo = make_repo(tmp_path / "repo", {"big.yaml": big, "main.tf": OPEN_SSH})
    code, result = scan_json(str(repo), "--no-cache")
    assert [skip["path"] for skip in result["skipped"]] == ["big.yaml"]  # over the 5 MB default, said so
    code, result = scan_json(str(repo), "--no-cache", "--max-file-size", str(20 * 1024 * 1024))
    assert (code, result["errors"], result["skipped"]) == (0, [], [])
    assert result["run"]["files_scanned"] == 2
    assert active_rules(result) == [("iac/aws-sg-admin-port-open", "main.tf", 6)]


OWNER_POLICY = """package pavedroad.iac.owner_tag
import rego.v1

metadata := {"title": "Buckets carry an owner tag", "severity": "low", "controls": ["ORG-TAG-1"]}

deny contains msg if {
  input.kind == "aws_s3_bucket"
  not input.body.tags.owner
  msg := {"msg": sprintf("bucket %s has no owner tag", [input.name]), "attribute": "tags"}
}
"""


def test_custom_rego_policies_see_the_same_resources(tmp_path: Path) -> None:
    buckets = (
        'resource "aws_s3_bucket" "tagged" {\n  bucket = "a"\n  tags = {\n    owner = "team-a"\n  }\n}\n\n'
        'resource "aws_s3_bucket" "untagged" {\n  bucket = "b"\n  tags = {\n    env = "prod"\n  }\n}\n'
    )
    repo = make_repo(
        tmp_path / "repo",
        {
            "main.tf": buckets,
            "policy/owner.rego": OWNER_POLICY,
            ".pavedroad.toml": '[iac]\npolicies = ["policy"]\n\n[rules."iac/aws-*"]\nenabled = false\n',
        },
    )
    code, document = scan_json(str(repo))
    assert (code, document["errors"]) == (0, [])
    assert active_rules(document) == [("iac/custom-owner-tag", "main.tf", 10)]
    [finding] = document["findings"]
    assert finding["message"] == "aws_s3_bucket.untagged: bucket untagged has no owner tag"
    assert (finding["severity"], finding["controls"]) == ("low", ["ORG-TAG-1"])


def test_a_broken_rego_policy_is_an_error_naming_it(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {
            "main.tf": OPEN_SSH,
            "policy/bad.rego": "package pavedroad.iac.bad\ndeny contains msg if {\n",
            ".pavedroad.toml": '[iac]\npolicies = ["policy"]\n',
        },
    )
    code, document = scan_json(str(repo))
    assert code == 2
    assert any(
        path.endswith("policy/bad.rego") and "invalid Rego" in message for path, _, message in errors_of(document)
    )
    assert ("iac/aws-sg-admin-port-open", "main.tf", 6) in active_rules(document)


def test_var_files_from_config_apply_to_root_modules(tmp_path: Path) -> None:
    open_by_variable = OPEN_SSH.replace('["0.0.0.0/0"]', "var.cidrs").replace(
        'resource "aws_security_group"', 'variable "cidrs" {}\n\nresource "aws_security_group"'
    )
    repo = make_repo(
        tmp_path / "repo",
        {"main.tf": open_by_variable, "envs/prod.tfvars": 'cidrs = ["0.0.0.0/0"]\n'},
    )
    _, unconfigured = scan_json(str(repo))
    assert active_rules(unconfigured) == []
    (repo / ".pavedroad.toml").write_text('[iac]\nvar_files = ["envs/prod.tfvars"]\n')
    _, configured = scan_json(str(repo), "--no-cache")
    assert active_rules(configured) == [("iac/aws-sg-admin-port-open", "main.tf", 8)]


CHART_TEMPLATE = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  template:
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          securityContext:
            privileged: {{ .Values.privileged }}
        - name: sidecar
          image: busybox:1.36
          securityContext:
            {{- toYaml .Values.sidecarSecurityContext | nindent 12 }}
"""


def test_helm_chart_templates_are_read_statically_and_said_so(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {
            "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
            "charts/web/values.yaml": "image:\n  repository: nginx\n  tag: '1.27'\nprivileged: true\n",
            "charts/web/templates/deployment.yaml": CHART_TEMPLATE,
            "charts/web/templates/broken.yaml": "{{- range .Values.extra }}\n- {{ . }}\n  x: [\n{{- end }}\n",
        },
    )
    _, document = scan_json(str(repo), "--analyzers", "iac")
    assert document["errors"] == []
    privileged = [rule for rule in active_rules(document) if rule[0] == "iac/k8s-privileged-container"]
    # values.yaml says privileged: true for the first container; the sidecar's securityContext
    # comes from toYaml, which static reading cannot see: unknown, so not reported.
    assert privileged == [("iac/k8s-privileged-container", "charts/web/templates/deployment.yaml", 16)]
    notes = {(warning["path"], warning["message"].split(":")[0]) for warning in document["warnings"]}
    assert ("charts/web", "helm chart read statically (the helm binary is not used)") in notes
    assert any(path == "charts/web/templates/broken.yaml" for path, _ in notes)


def test_windows_line_endings_in_terraform(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"main.tf": OPEN_SSH.replace("\n", "\r\n").encode()})
    _, document = scan_json(str(repo))
    assert (document["errors"], active_rules(document)) == ([], [("iac/aws-sg-admin-port-open", "main.tf", 6)])


PLAN = """{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "planned_values": {
    "root_module": {
      "child_modules": [
        {
          "address": "module.edge",
          "resources": [
            {
              "address": "module.edge.aws_security_group.admin",
              "mode": "managed",
              "type": "aws_security_group",
              "name": "admin",
              "values": {
                "name": "admin",
                "ingress": [
                  {
                    "from_port": 3389,
                    "to_port": 3389,
                    "protocol": "tcp",
                    "cidr_blocks": ["0.0.0.0/0"],
                    "ipv6_cidr_blocks": []
                  }
                ]
              }
            }
          ]
        }
      ]
    }
  }
}
"""


def test_terraform_plan_json_is_checked_with_every_value_resolved(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"plan/tfplan.json": PLAN, "other.json": '{"format_version": "1"}\n'})
    _, document = scan_json(str(repo), "--analyzers", "iac")
    assert document["errors"] == []
    assert [rule for rule in active_rules(document) if rule[0] == "iac/aws-sg-admin-port-open"] == [
        ("iac/aws-sg-admin-port-open", "plan/tfplan.json", 22)  # the cidr_blocks line
    ]
    finding = next(f for f in document["findings"] if f["rule_id"] == "iac/aws-sg-admin-port-open")
    assert finding["message"].startswith("module.edge.aws_security_group.admin")
