"""Cloud providers: AWS, Google Cloud, Azure, Alibaba, IBM, Tencent, Yandex, Scaleway, Akamai, Backblaze."""

from __future__ import annotations

import re

from pavedroad.analyzers.secrets.detector import Detector, InTestPaths
from pavedroad.analyzers.secrets.detectors._structure_a import (
    decode_base64,
    decodes_to_byte_count,
    has_letters_and_digits,
    url_encoded_base64_of_byte_count,
)
from pavedroad.analyzers.secrets.validators import gcp_service_account_valid, pem_body_valid
from pavedroad.core.findings import Severity

# Between a setting's name and its value: a closing quote, an operator, an opening quote
# (`KEY=v`, `key: "v"`, `"key": "v"`, `key = 'v'`, `:key => "v"`, `key := "v"`).
_ASSIGN = r"[\"']?\s{0,4}(?::=|=>|:|=)\s{0,4}[\"']?"

# Keys Microsoft publishes for the local storage and Cosmos DB emulators; not secrets.
_EMULATOR_KEYS = frozenset(
    {
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
    }
)

_AWS_KEYS_DOCS = ("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",)
_AZURE_ROTATE = (
    "Regenerate the key in the Azure portal (or `az ... keys renew`), update the consumers from Key"
    " Vault, and prefer a managed identity with Microsoft Entra authorisation over shared keys."
)


def _azure_64_byte_key(value: str) -> bool:
    return decodes_to_byte_count(value, 64) and value not in _EMULATOR_KEYS


def _azure_32_byte_key(value: str) -> bool:
    return decodes_to_byte_count(value, 32)


def _azure_32_or_64_byte_key(value: str) -> bool:
    return decodes_to_byte_count(value, 32, 64)


def _azure_sas_signature(value: str) -> bool:
    return url_encoded_base64_of_byte_count(value, 32)


def _aws_session_token_valid(value: str) -> bool:
    decoded = decode_base64(value)
    return decoded is not None and len(decoded) >= 80


def _bedrock_long_term_key_valid(value: str) -> bool:
    """`ABSK` + base64 of `BedrockAPIKey-<id>-at-<account>:<secret>`."""
    decoded = decode_base64(value.removeprefix("ABSK"))
    if decoded is None or not decoded.startswith(b"BedrockAPIKey-"):
        return False
    identity, _, secret = decoded.partition(b":")
    return b"-at-" in identity and len(secret) >= 20


def _bedrock_short_term_key_valid(value: str) -> bool:
    """`bedrock-api-key-` + base64 of a SigV4 pre-signed URL for bedrock.amazonaws.com."""
    decoded = decode_base64(value.removeprefix("bedrock-api-key-"))
    return decoded is not None and decoded.startswith(b"bedrock.amazonaws.com") and b"X-Amz-" in decoded


_GCP_PRIVATE_KEY = re.compile(
    r'"private_key"\s*:\s*"(-----BEGIN PRIVATE KEY-----.{64,8192}?-----END PRIVATE KEY-----)', re.DOTALL
)


def _gcp_service_account_key_valid(document: str) -> bool:
    """The JSON key file shape, and a private key whose body is real key material."""
    if not gcp_service_account_valid(document):
        return False
    private_key = _GCP_PRIVATE_KEY.search(document)
    return private_key is not None and pem_body_valid(private_key.group(1).replace("\\n", "\n"))


DETECTORS: tuple[Detector, ...] = (
    # --- AWS -------------------------------------------------------------------------------
    Detector(
        slug="aws-access-key-id",
        title="AWS access key ID",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("akia", "asia", "abia", "acca"),
        # Prefix first, boundary checked behind it: the regex engine then skips from one capital A
        # to the next, which matters on minified lines full of "Asia/...".
        pattern=r"(?P<secret>A(?:KIA|SIA|BIA|CCA)(?<![A-Za-z0-9]....)[A-Z0-9]{16})(?![A-Za-z0-9])",
        pairs_with="aws-secret-access-key",
        rationale="With its secret access key, an access key ID signs AWS API calls as the IAM user or"
        " role it belongs to: data in S3, running compute, billing and often IAM itself.",
        fix="Deactivate and delete the key in IAM now, review CloudTrail for its use, and move the"
        " workload to an IAM role (instance profile, IRSA, or OIDC from CI) instead of long-lived keys.",
        references=_AWS_KEYS_DOCS,
    ),
    Detector(
        slug="aws-secret-access-key",
        title="AWS secret access key",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=(
            "aws_secret",
            "aws-secret",
            "awssecret",
            "secret_access_key",
            "secret-access-key",
            "secretaccesskey",
        ),
        pattern=r"(?i:aws[_-]?secret(?:[_-]?access)?(?:[_-]?key)?|secret[_-]?access[_-]?key)"
        + _ASSIGN
        + r"(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
        min_entropy=3.5,
        pairs_with="aws-access-key-id",
        rationale="The secret half of an AWS access key: together with the key ID anyone can sign"
        " requests as its IAM principal.",
        fix="Deactivate and delete the key pair in IAM now, review CloudTrail for its use, and move the"
        " workload to an IAM role (instance profile, IRSA, or OIDC from CI) instead of long-lived keys.",
        references=_AWS_KEYS_DOCS,
    ),
    Detector(
        slug="aws-session-token",
        title="AWS temporary session token",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("fwogzxivyxdz", "fqogzxivyxdz", "iqojb3jpz2lux2vj", "aqodyxdz"),
        pattern=r"(?<![A-Za-z0-9/+])(?P<secret>(?:FwoGZXIvYXdz|FQoGZXIvYXdz|IQoJb3JpZ2luX2Vj|AQoDYXdz)"
        r"[A-Za-z0-9/+]{100,2000}={0,2})(?![A-Za-z0-9/+=])",
        validator=_aws_session_token_valid,
        rationale="An STS session token, with its temporary key pair, acts as the assumed role until it"
        " expires (up to 36 hours), long enough to copy data or plant persistence.",
        fix="Revoke the role's active sessions (IAM > Roles > Revoke sessions), find how the token was"
        " written to disk or logs, and stop persisting temporary credentials.",
        references=(
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_disable-perms.html",
        ),
    ),
    Detector(
        slug="aws-mws-key",
        title="Amazon Marketplace Web Service auth token",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("amzn.mws.",),
        pattern=r"(?<![A-Za-z0-9.])(?P<secret>amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
        r"[0-9a-f]{12})(?![0-9a-f])",
        rationale="An MWS auth token lets a developer application act for a seller account: orders,"
        " inventory and payouts reports.",
    ),
    Detector(
        slug="aws-bedrock-api-key",
        title="Amazon Bedrock long-term API key",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("abskqmvkcm9ja0fqsutles",),
        pattern=r"(?<![A-Za-z0-9+/])(?P<secret>ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{40,400}={0,2})"
        r"(?![A-Za-z0-9+/=])",
        validator=_bedrock_long_term_key_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        rationale="A Bedrock API key invokes foundation models on the owner's account: attackers resell"
        " such access (LLMjacking) and the bill lands on the account owner.",
        fix="Delete the service-specific credential in IAM, check Bedrock invocation logs and billing,"
        " and prefer short-term Bedrock keys or role credentials.",
        references=(
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_bedrock.html",
            "https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html",
        ),
    ),
    Detector(
        slug="aws-bedrock-short-term-api-key",
        title="Amazon Bedrock short-term API key",
        category="cloud",
        severity=Severity.MEDIUM,
        keywords=("bedrock-api-key-ymvkcm9jay5hbwf6b25hd3muy29t",),
        pattern=r"(?<![A-Za-z0-9_-])(?P<secret>bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t"
        r"[A-Za-z0-9+/]{100,4000}={0,2})(?![A-Za-z0-9+/=])",
        validator=_bedrock_short_term_key_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        rationale="A pre-signed Bedrock bearer token carries the permissions of the identity that made it"
        " for up to 12 hours.",
        fix="Revoke the sessions of the principal that generated it and stop writing bearer tokens to files.",
        references=("https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html",),
    ),
    # --- Google Cloud ----------------------------------------------------------------------
    Detector(
        slug="gcp-api-key",
        title="Google Cloud API key",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("aiza",),
        pattern=r"(?<![A-Za-z0-9_-])(?P<secret>AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])",
        rationale="An unrestricted Google API key lets anyone call the enabled APIs (Maps, Gemini,"
        " Firebase, ...) on the project's quota and bill.",
        fix="Rotate the key in Google Cloud console > Credentials, then restrict the new key to the"
        " APIs and the referrers, IPs or apps that need it.",
        references=("https://cloud.google.com/docs/authentication/api-keys",),
    ),
    Detector(
        slug="gcp-service-account-key",
        title="Google Cloud service account key file",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("service_account",),
        pattern=r'(?P<secret>"type"\s{0,8}:\s{0,8}"service_account"\s{0,8},[\s\S]{0,8192}?"client_email"'
        r'\s{0,8}:\s{0,8}"[^"\s]{1,200}\.iam\.gserviceaccount\.com")',
        validator=_gcp_service_account_key_valid,
        placeholder_check=False,
        in_test_paths=InTestPaths.REPORT,
        multiline=True,
        rationale="A service account JSON key authenticates as that service account from anywhere until"
        " the key is deleted; these accounts often hold project-wide roles.",
        fix="Delete the key (gcloud iam service-accounts keys delete), review Cloud Audit Logs for its"
        " use, and switch to workload identity federation or attached service accounts.",
        references=("https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys",),
        cwe=("CWE-798", "CWE-321"),
    ),
    Detector(
        slug="gcp-oauth-client-secret",
        title="Google OAuth client secret",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("gocspx-",),
        pattern=r"(?<![A-Za-z0-9_-])(?P<secret>GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])",
        rationale="With the client secret an attacker can impersonate the OAuth application, exchange"
        " stolen authorisation codes and refresh tokens for user access.",
        fix="Add a new secret to the OAuth client in Google Cloud console, deploy it, then disable and"
        " delete the leaked one.",
        references=("https://developers.google.com/identity/protocols/oauth2",),
    ),
    Detector(
        slug="gcp-oauth-refresh-token",
        title="Google OAuth refresh token",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("1//0",),
        pattern=r"(?<![A-Za-z0-9_/:-])(?P<secret>1//0[A-Za-z0-9_-]{60,250})(?![A-Za-z0-9_-])",
        min_entropy=3.5,
        rationale="A refresh token mints new access tokens for a Google user's granted scopes (Drive,"
        " Gmail, Cloud) until it is revoked.",
        fix="Revoke the grant at https://myaccount.google.com/permissions (or via the revoke endpoint)"
        " and keep refresh tokens in a secret store.",
        references=("https://developers.google.com/identity/protocols/oauth2#expiration",),
    ),
    Detector(
        slug="gcp-oauth-access-token",
        title="Google OAuth access token",
        category="cloud",
        severity=Severity.MEDIUM,
        keywords=("ya29.",),
        pattern=r"(?<![A-Za-z0-9_.-])(?P<secret>ya29\.[A-Za-z0-9_.-]{49,2048}[A-Za-z0-9_-])(?![A-Za-z0-9_-])",
        min_entropy=3.5,
        rationale="A Google access token works as its user or service account for about an hour; in a"
        " log or file it is still usable by whoever reads it in time.",
        fix="Revoke it with the OAuth revoke endpoint and stop logging Authorization headers.",
        references=("https://developers.google.com/identity/protocols/oauth2",),
    ),
    # --- Azure -----------------------------------------------------------------------------
    Detector(
        slug="azure-storage-account-key",
        title="Azure storage account key",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=(
            "accountkey",
            "+ast",
            # not plain "storage": localStorage and sessionStorage fill minified bundles
            "storage_key",
            "storage-key",
            "storagekey",
            "storage_account",
            "storage-account",
            "storageaccount",
            "storage_access",
            "storage-access",
            "storageaccess",
        ),
        pattern=r"(?:AccountName=[^;\s\"']{1,64};AccountKey="
        r"|(?i:(?:azure[_-]?)?storage[_-]?(?:account[_-]?)?(?:access[_-]?)?key)"
        + _ASSIGN
        + r"|(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{76}\+ASt[A-Za-z0-9+/]{5}[AQgw]==))"
        r"(?P<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])",
        validator=_azure_64_byte_key,
        rationale="A storage account key is full administrator access to every blob, file share, queue"
        " and table in the account, and signs SAS tokens for anyone.",
        fix=_AZURE_ROTATE,
        references=("https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage",),
    ),
    Detector(
        slug="azure-cosmosdb-key",
        title="Azure Cosmos DB account key",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("documents.azure.com", "acdb", "cosmos"),
        pattern=r"(?:AccountEndpoint=https://[A-Za-z0-9-]{3,64}\.documents\.azure\.com(?::443)?/?;AccountKey="
        r"|(?i:cosmos[_-]?(?:db[_-]?)?(?:primary[_-]?|master[_-]?|account[_-]?)?key)"
        + _ASSIGN
        + r"|(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{76}ACDb[A-Za-z0-9+/]{5}[AQgw]==))"
        r"(?P<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])",
        validator=_azure_64_byte_key,
        rationale="A Cosmos DB primary key reads, writes and deletes every database and container in the account.",
        fix=_AZURE_ROTATE,
        references=("https://learn.microsoft.com/en-us/azure/cosmos-db/database-security",),
    ),
    Detector(
        slug="azure-service-bus-key",
        title="Azure Service Bus / Event Hubs shared access key",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("servicebus.windows.net", "+asb", "+aeh", "+arm"),
        pattern=r"(?:Endpoint=sb://[A-Za-z0-9-]{1,64}\.servicebus\.windows\.net/?;SharedAccessKeyName="
        r"[^;\s\"']{1,256};SharedAccessKey="
        r"|(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{33}\+A(?:Sb|Eh|Rm)[A-P][A-Za-z0-9+/]{5}=))"
        r"(?P<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])",
        validator=_azure_32_byte_key,
        rationale="A shared access key sends, reads or (with Manage rights, as RootManageSharedAccessKey"
        " has) reconfigures every queue, topic or event hub it covers.",
        fix=_AZURE_ROTATE,
        references=("https://learn.microsoft.com/en-us/azure/service-bus-messaging/service-bus-sas",),
    ),
    Detector(
        slug="azure-iot-hub-key",
        title="Azure IoT Hub shared access key",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("azure-devices.net", "aiot"),
        pattern=r"(?:HostName=[A-Za-z0-9-]{1,64}\.azure-devices\.net;(?:(?:SharedAccessKeyName|DeviceId|"
        r"ModuleId)=[^;\s\"']{1,128};){1,2}SharedAccessKey="
        r"|(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{33}AIoT[A-P][A-Za-z0-9+/]{5}=))"
        r"(?P<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])",
        validator=_azure_32_byte_key,
        rationale="An IoT Hub policy key impersonates the hub's services or devices: it can send commands"
        " to devices, read telemetry, or (iothubowner) manage the device registry.",
        fix=_AZURE_ROTATE,
        references=("https://learn.microsoft.com/en-us/azure/iot-hub/authenticate-authorize-sas",),
    ),
    Detector(
        slug="azure-signalr-key",
        title="Azure SignalR / Web PubSub access key",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("service.signalr.net", "webpubsub.azure.com"),
        pattern=r"Endpoint=https://[A-Za-z0-9-]{1,64}\.(?:service\.signalr\.net|webpubsub\.azure\.com)"
        r"(?::443)?/?;AccessKey=(?P<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])",
        validator=_azure_32_byte_key,
        rationale="The access key signs client and server tokens: an attacker can join any hub, read"
        " and broadcast messages to connected users.",
        fix=_AZURE_ROTATE,
        references=("https://learn.microsoft.com/en-us/azure/azure-signalr/signalr-howto-key-rotation",),
    ),
    Detector(
        slug="azure-app-configuration-key",
        title="Azure App Configuration access key",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("azconfig.io",),
        pattern=r"Endpoint=https://[A-Za-z0-9-]{1,64}\.azconfig\.io/?;Id=[^;\s\"']{1,64};"
        r"Secret=(?P<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])",
        validator=_azure_32_byte_key,
        rationale="An App Configuration key reads (or with a read-write key changes) the application's"
        " settings and feature flags, often including Key Vault references and connection strings.",
        fix=_AZURE_ROTATE,
        references=(
            "https://learn.microsoft.com/en-us/azure/azure-app-configuration/howto-disable-access-key-authentication",
        ),
    ),
    Detector(
        slug="azure-communication-services-key",
        title="Azure Communication Services access key",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("communication.azure.com",),
        pattern=r"(?i:endpoint)=https://[A-Za-z0-9-]{1,64}\.[a-z]{0,20}\.?communication\.azure\.com/?;"
        r"(?i:accesskey)=(?P<secret>[A-Za-z0-9+/]{86}==|[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])",
        validator=_azure_32_or_64_byte_key,
        rationale="The access key sends SMS and email and places calls on the resource's bill, and issues"
        " identity tokens for chat.",
        fix=_AZURE_ROTATE,
        references=("https://learn.microsoft.com/en-us/azure/communication-services/concepts/authentication",),
    ),
    Detector(
        slug="azure-sas-token",
        title="Azure shared access signature (SAS) token",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("sv=20",),
        pattern=r"(?<![A-Za-z0-9_])sv=20\d\d-\d\d-\d\d[^\s\"'<>]{0,600}?[?&]sig="
        r"(?P<secret>(?:[A-Za-z0-9+/]|%2[BbFf]){42,43}(?:=|%3[Dd])?)(?![A-Za-z0-9%+/=])",
        validator=_azure_sas_signature,
        rationale="A SAS URL grants the permissions in its `sp=` field (often read, write, delete, list)"
        " on storage until its `se=` expiry, to whoever holds it.",
        fix="Rotate the storage key that signed it (or revoke the user delegation key / stored access"
        " policy), then issue short-lived, narrowly scoped SAS at run time.",
        references=("https://learn.microsoft.com/en-us/azure/storage/common/storage-sas-overview",),
    ),
    Detector(
        slug="azure-ad-client-secret",
        title="Microsoft Entra ID (Azure AD) client secret",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("q~",),
        pattern=r"(?<![A-Za-z0-9_~.+/-])(?P<secret>[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})"
        r"(?![A-Za-z0-9_~.+/-])",
        rationale="An application secret signs in as the app registration: every Microsoft Graph or Azure"
        " permission granted to the app is the attacker's until the secret is removed.",
        fix="Delete the secret under App registrations > Certificates & secrets, check sign-in logs for"
        " the service principal, and prefer certificates or federated credentials.",
        references=("https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials",),
    ),
    Detector(
        slug="azure-devops-pat",
        title="Azure DevOps personal access token",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("azdo",),
        pattern=r"(?<![A-Za-z0-9])(?P<secret>[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}AZDO"
        r"[A-Za-z0-9]{4})(?![A-Za-z0-9])",
        rationale="An Azure DevOps PAT acts as its user on repositories, pipelines, artifact feeds and"
        " service connections within its scopes.",
        fix="Revoke the token in User settings > Personal access tokens and use Microsoft Entra tokens"
        " or workload identity federation instead.",
        references=(
            "https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate",
        ),
    ),
    Detector(
        slug="azure-devops-pat-legacy",
        title="Azure DevOps personal access token (legacy 52-character format)",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=(
            "azure_devops",
            "azure-devops",
            "azuredevops",
            "azdo",
            "ado_",
            "vsts",
            "dev.azure.com",
            "visualstudio.com",
        ),
        pattern=r"(?:(?P<url>https://[^:@\s/\"']{0,64}:)"
        r"|(?<![A-Za-z])(?i:azure[_-]?devops|azdo|ado|vsts)[A-Za-z_-]{0,20}(?i:pat|token|password|pwd)" + _ASSIGN + r")"
        r"(?P<secret>[a-z2-7]{52})"
        r"(?(url)@(?:dev\.azure\.com|[A-Za-z0-9-]{1,64}\.visualstudio\.com)|(?![A-Za-z0-9]))",
        min_entropy=3.5,
        rationale="An Azure DevOps PAT acts as its user on repositories, pipelines, artifact feeds and"
        " service connections within its scopes.",
        fix="Revoke the token in User settings > Personal access tokens and use Microsoft Entra tokens"
        " or workload identity federation instead.",
        references=(
            "https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate",
        ),
    ),
    Detector(
        slug="azure-function-key",
        title="Azure Functions access key",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("x-functions-key", "azurewebsites.net/api/", "azfu"),
        pattern=r"(?:(?i:x-functions-key)"
        + _ASSIGN
        + r"|azurewebsites\.net/api/[^\s?\"'#]{1,200}\?(?:[^\s\"'#]{0,200}&)?code="
        r"|(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==))"
        r"(?P<secret>[A-Za-z0-9_%/+-]{40,100}(?:==|%3[Dd]%3[Dd])?)(?![A-Za-z0-9_%/+=-])",
        min_entropy=3.5,
        rationale="A function (or host/master) key invokes the HTTP-triggered functions it protects; a"
        " master key also manages the function app's keys.",
        fix="Renew the key in the function app (App keys / Function keys), and put the endpoint behind"
        " Entra authentication or API Management.",
        references=("https://learn.microsoft.com/en-us/azure/azure-functions/function-keys-how-to",),
    ),
    # --- Alibaba, IBM, Tencent ------------------------------------------------------------
    Detector(
        slug="alibaba-access-key-id",
        title="Alibaba Cloud AccessKey ID",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("ltai",),
        pattern=r"(?<![A-Za-z0-9])(?P<secret>LTAI[A-Za-z0-9]{12,20})(?![A-Za-z0-9])",
        min_entropy=3.0,
        pairs_with="alibaba-access-key-secret",
        rationale="With its AccessKey secret, the ID signs Alibaba Cloud API calls as the RAM user or"
        " account that owns it.",
        fix="Disable and delete the AccessKey pair in the RAM console and use RAM roles (STS) instead.",
        references=("https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair",),
    ),
    Detector(
        slug="alibaba-access-key-secret",
        title="Alibaba Cloud AccessKey secret",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("alibaba", "aliyun", "alicloud", "access_key_secret", "access-key-secret", "accesskeysecret"),
        pattern=r"(?i:(?:alibaba|aliyun|alicloud)[_-]?(?:cloud[_-]?)?(?:access[_-]?)?(?:key[_-]?)?secret"
        r"|access[_-]?key[_-]?secret)" + _ASSIGN + r"(?P<secret>[A-Za-z0-9]{30})(?![A-Za-z0-9])",
        min_entropy=3.5,
        pairs_with="alibaba-access-key-id",
        rationale="The secret half of an Alibaba Cloud AccessKey pair; with the ID it acts as the RAM"
        " user or the whole account.",
        fix="Disable and delete the AccessKey pair in the RAM console and use RAM roles (STS) instead.",
        references=("https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair",),
    ),
    Detector(
        slug="ibm-cloud-api-key",
        title="IBM Cloud API key",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("ibmcloud", "ibm_cloud", "ibm-cloud", "ibm_api_key", "ic_api_key", "bluemix"),
        pattern=r"(?i:ibm[_-]?cloud[_-]?api[_-]?key|ibm[_-]?api[_-]?key|ic_api_key|bluemix[_-]?api[_-]?key)"
        + _ASSIGN
        + r"(?P<secret>[A-Za-z0-9_-]{44})(?![A-Za-z0-9_-])",
        min_entropy=3.5,
        rationale="An IBM Cloud user API key logs in as the user with all of their IAM access; a"
        " service ID key as that service ID.",
        fix="Delete the key under Manage > Access (IAM) > API keys and use trusted profiles or"
        " compute-resource identities.",
        references=("https://cloud.ibm.com/docs/account?topic=account-userapikey",),
    ),
    Detector(
        slug="tencent-secret-id",
        title="Tencent Cloud SecretId",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("akid",),
        pattern=r"(?<![A-Za-z0-9])(?P<secret>AKID[A-Za-z0-9]{32})(?![A-Za-z0-9])",
        min_entropy=3.5,
        pairs_with="tencent-secret-key",
        rationale="With its SecretKey the SecretId signs Tencent Cloud API calls as the CAM user or root account.",
        fix="Disable and delete the key in CAM > API keys and use CAM roles instead.",
        references=("https://www.tencentcloud.com/document/product/598",),
    ),
    Detector(
        slug="tencent-secret-key",
        title="Tencent Cloud SecretKey",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("tencent", "qcloud"),
        pattern=r"(?i:tencent(?:[_-]?cloud)?|qcloud)[_-]?(?i:secret[_-]?key)"
        + _ASSIGN
        + r"(?P<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9])",
        min_entropy=3.5,
        pairs_with="tencent-secret-id",
        rationale="The secret half of a Tencent Cloud API key pair.",
        fix="Disable and delete the key in CAM > API keys and use CAM roles instead.",
        references=("https://www.tencentcloud.com/document/product/598",),
    ),
    # --- Yandex, Scaleway, Akamai/Linode, Backblaze ------------------------------------------
    Detector(
        slug="yandex-cloud-api-key",
        title="Yandex Cloud API key",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("aqvn",),
        pattern=r"(?<![A-Za-z0-9_-])(?P<secret>AQVN[A-Za-z0-9_-]{35,38})(?![A-Za-z0-9_-])",
        min_entropy=3.5,
        rationale="A Yandex Cloud API key authenticates as its service account, with every role the account holds.",
        fix="Delete the key (yc iam api-key delete) and issue scoped, expiring keys or IAM tokens.",
        references=("https://yandex.cloud/en/docs/iam/concepts/authorization/api-key",),
    ),
    Detector(
        slug="yandex-cloud-iam-token",
        title="Yandex Cloud IAM token",
        category="cloud",
        severity=Severity.MEDIUM,
        keywords=("t1.",),
        pattern=r"(?P<secret>t1\.(?<![A-Za-z0-9_.-]t1\.)[A-Za-z0-9_-]{20,200}={0,2}\.[A-Za-z0-9_-]{86}={0,2})"
        r"(?![A-Za-z0-9_=-])",
        min_entropy=3.5,
        rationale="An IAM token acts as its user or service account for up to 12 hours.",
        fix="Revoke it (yc iam revoke-token) and stop writing tokens to files or logs.",
        references=("https://yandex.cloud/en/docs/iam/concepts/authorization/iam-token",),
    ),
    Detector(
        slug="yandex-oauth-token",
        title="Yandex OAuth token",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("y0_",),
        pattern=r"(?<![A-Za-z0-9_-])(?P<secret>y0_[A-Za-z0-9_-]{55})(?![A-Za-z0-9_-])",
        min_entropy=3.5,
        rationale="A Yandex OAuth token lasts a year and exchanges for IAM tokens of its Yandex account.",
        fix="Revoke the token in the Yandex ID account settings and use service account keys held in a secret store.",
        references=("https://yandex.cloud/en/docs/iam/concepts/authorization/oauth-token",),
    ),
    Detector(
        slug="scaleway-secret-key",
        title="Scaleway API secret key",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("scw_secret_key", "scw-secret-key", "scaleway"),
        pattern=r"(?i:scw[_-]secret[_-]key|scaleway[_-]?(?:api[_-]?)?secret(?:[_-]?key)?)"
        + _ASSIGN
        + r"(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9A-Za-z-])",
        pairs_with="scaleway-access-key",
        rationale="The Scaleway secret key authenticates API calls with every permission of its IAM"
        " application or user.",
        fix="Delete the API key in the Scaleway console (IAM > API keys) and create one scoped to an"
        " application with a policy.",
        references=("https://www.scaleway.com/en/docs/iam/how-to/create-api-keys/",),
    ),
    Detector(
        slug="scaleway-access-key",
        title="Scaleway API access key",
        category="cloud",
        severity=Severity.MEDIUM,
        keywords=("scw",),
        pattern=r"(?<![A-Za-z0-9])(?P<secret>SCW[A-Z0-9]{17})(?![A-Za-z0-9])",
        min_entropy=3.0,
        pairs_with="scaleway-secret-key",
        rationale="The access key names a Scaleway API key; it is harmless alone but tells an attacker"
        " which secret key to look for, and is usually committed next to it.",
        fix="Delete the API key in the Scaleway console (IAM > API keys) if its secret key leaked too.",
        references=("https://www.scaleway.com/en/docs/iam/how-to/create-api-keys/",),
    ),
    Detector(
        slug="linode-token",
        title="Linode (Akamai Cloud) personal access token",
        category="cloud",
        severity=Severity.CRITICAL,
        keywords=("linode",),
        pattern=r"(?i:linode)[A-Za-z_-]{0,20}(?i:token|pat|api[_-]?key)"
        + _ASSIGN
        + r"(?P<secret>[a-f0-9]{64})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="A Linode token with read-write scopes creates, deletes and rebuilds instances, reads"
        " volumes and changes DNS and firewalls.",
        fix="Revoke the token in Cloud Manager > API Tokens and create a narrowly scoped, expiring one.",
        references=("https://techdocs.akamai.com/linode-api/reference/get-started",),
    ),
    Detector(
        slug="akamai-edgegrid-token",
        title="Akamai EdgeGrid client or access token",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("akab-",),
        pattern=r"(?<![A-Za-z0-9-])(?P<secret>akab-[a-z0-9]{16}-[a-z0-9]{16})(?![A-Za-z0-9.-])",
        min_entropy=3.0,
        rationale="EdgeGrid tokens, with the client secret usually stored beside them in .edgerc,"
        " call Akamai APIs: purge caches, change property configurations and security rules.",
        fix="Delete the API client credential in Akamai Control Center > Identity & access and issue"
        " a new one with only the APIs it needs.",
        references=("https://techdocs.akamai.com/developer/docs/set-up-authentication-credentials",),
    ),
    Detector(
        slug="backblaze-b2-application-key",
        title="Backblaze B2 application key",
        category="cloud",
        severity=Severity.HIGH,
        keywords=("b2_app", "b2-app", "b2app", "backblaze"),
        pattern=r"(?i:b2[_-]?app(?:lication)?[_-]?key|backblaze[A-Za-z_-]{0,20}key)(?![_-]?id)"
        + _ASSIGN
        + r"(?P<secret>K\d{3}[A-Za-z0-9+/]{27,30})(?![A-Za-z0-9+/])",
        min_entropy=3.5,
        rationale="A B2 application key reads, overwrites or deletes the files in the buckets it is"
        " scoped to; a master key covers the whole account.",
        fix="Delete the key in the Backblaze console (App Keys) and create one limited to a bucket and"
        " the capabilities needed.",
        references=("https://www.backblaze.com/docs/cloud-storage-application-keys",),
    ),
)
