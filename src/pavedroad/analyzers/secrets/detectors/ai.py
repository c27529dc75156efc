"""AI and model-hosting APIs: leaked keys are spent within hours on someone else's inference.

Google Gemini keys (`AIza...`) are Google API keys and live with the cloud detectors.
"""

from __future__ import annotations

from collections.abc import Callable

from pavedroad.analyzers.secrets.detector import Detector
from pavedroad.analyzers.secrets.detectors._structure_b import (
    TOKEN_END as _END,
)
from pavedroad.analyzers.secrets.detectors._structure_b import (
    TOKEN_START as _START,
)
from pavedroad.analyzers.secrets.detectors._structure_b import (
    UUID as _UUID,
)
from pavedroad.analyzers.secrets.detectors._structure_b import (
    keyed_value,
    looks_random,
    random_after_prefix,
    random_value,
    vendor_key,
)
from pavedroad.core.findings import Confidence, Severity

# "OpenAI" in base64: OpenAI embeds it in the middle of its user and legacy keys.
_OPENAI_MARKER = "T3BlbkFJ"

_OPENAI_DOCS = ("https://platform.openai.com/docs/api-reference/authentication",)
_ANTHROPIC_DOCS = ("https://docs.anthropic.com/en/api/getting-started#authentication",)
_HUGGING_FACE_DOCS = ("https://huggingface.co/docs/hub/security-tokens",)
_BILLING = " Whoever holds it runs inference billed to the account and can read its stored data."


def _mixed_case_after_prefix(prefix_length: int) -> Callable[[str], bool]:
    """Bodies drawn from both letter cases: random ones contain both; words and fillers do not."""

    def validate(token: str) -> bool:
        body = token[prefix_length:]
        return any(c.isupper() for c in body) and any(c.islower() for c in body) and looks_random(body, 3.5)

    return validate


def _not_openai_legacy(token: str) -> bool:
    """Stability keys share OpenAI's legacy shape (`sk-` and 48 characters) but not its marker."""
    return _OPENAI_MARKER not in token and looks_random(token[3:], 4.0)


DETECTORS = (
    Detector(
        slug="openai-project-key",
        title="OpenAI project or user API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("sk-proj-", "sk-none-"),
        pattern=rf"{_START}(?P<secret>sk-(?:proj|None)-[A-Za-z0-9_-]{{40,250}}){_END}",
        validator=random_after_prefix(8, 4.0),
        rationale="A project key calls the OpenAI API for the project." + _BILLING,
        references=_OPENAI_DOCS,
    ),
    Detector(
        slug="openai-service-account-key",
        title="OpenAI service account key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("sk-svcacct-",),
        pattern=rf"{_START}(?P<secret>sk-svcacct-[A-Za-z0-9_-]{{40,250}}){_END}",
        validator=random_after_prefix(11, 4.0),
        rationale="A service account key is a project key not tied to a person, so nobody"
        " notices it when people leave." + _BILLING,
        references=_OPENAI_DOCS,
    ),
    Detector(
        slug="openai-admin-key",
        title="OpenAI admin API key",
        category="ai",
        severity=Severity.CRITICAL,
        keywords=("sk-admin-",),
        pattern=rf"{_START}(?P<secret>sk-admin-[A-Za-z0-9_-]{{40,250}}){_END}",
        validator=random_after_prefix(9, 4.0),
        rationale="An admin key manages the organisation: it invites users, creates projects and issues new API keys.",
        references=("https://platform.openai.com/docs/api-reference/administration",),
    ),
    Detector(
        slug="openai-legacy-key",
        title="OpenAI API key (legacy format)",
        category="ai",
        severity=Severity.HIGH,
        keywords=(_OPENAI_MARKER.lower(),),
        pattern=rf"{_START}(?P<secret>sk-[A-Za-z0-9]{{20}}{_OPENAI_MARKER}[A-Za-z0-9]{{20}}){_END}",
        validator=random_after_prefix(3, 4.0),
        rationale="Keys in the original `sk-` format stay valid until revoked." + _BILLING,
        references=_OPENAI_DOCS,
    ),
    Detector(
        slug="anthropic-api-key",
        title="Anthropic API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("sk-ant-api03-",),
        pattern=rf"{_START}(?P<secret>sk-ant-api03-[A-Za-z0-9_-]{{93}}AA){_END}",
        validator=random_after_prefix(13, 4.0),
        rationale="An Anthropic API key calls Claude models for the workspace." + _BILLING,
        references=_ANTHROPIC_DOCS,
    ),
    Detector(
        slug="anthropic-admin-key",
        title="Anthropic Admin API key",
        category="ai",
        severity=Severity.CRITICAL,
        keywords=("sk-ant-admin01-",),
        pattern=rf"{_START}(?P<secret>sk-ant-admin01-[A-Za-z0-9_-]{{93}}AA){_END}",
        validator=random_after_prefix(15, 4.0),
        rationale="An Admin API key manages the organisation's members, workspaces and API keys.",
        references=("https://docs.anthropic.com/en/api/administration-api",),
    ),
    Detector(
        slug="huggingface-token",
        title="Hugging Face user access token",
        category="ai",
        severity=Severity.HIGH,
        keywords=("hf_",),
        pattern=rf"{_START}(?P<secret>hf_[A-Za-z]{{34}}){_END}",
        validator=_mixed_case_after_prefix(3),
        rationale="A write token pushes to the user's models, datasets and Spaces, which others"
        " download and run: a supply-chain foothold. Read tokens expose private repositories.",
        references=_HUGGING_FACE_DOCS,
    ),
    Detector(
        slug="huggingface-org-token",
        title="Hugging Face organisation API token (legacy)",
        category="ai",
        severity=Severity.HIGH,
        keywords=("api_org_",),
        pattern=rf"{_START}(?P<secret>api_org_[A-Za-z]{{34}}){_END}",
        validator=_mixed_case_after_prefix(8),
        rationale="An organisation token acts on every repository of the organisation.",
        references=_HUGGING_FACE_DOCS,
    ),
    Detector(
        slug="cohere-api-key",
        title="Cohere API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("cohere", "co_api_key"),
        pattern=keyed_value(vendor_key("cohere", "co_api_key"), r"[A-Za-z0-9]{40}"),
        validator=random_value(4.0),
        confidence=Confidence.MEDIUM,
        rationale="A Cohere production key calls the models and fine-tunes." + _BILLING,
        references=("https://docs.cohere.com/reference/about",),
    ),
    Detector(
        slug="mistral-api-key",
        title="Mistral AI API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("mistral",),
        pattern=keyed_value(vendor_key("mistral"), r"[A-Za-z0-9]{32}"),
        validator=random_value(4.0),
        confidence=Confidence.MEDIUM,
        rationale="A Mistral key calls La Plateforme models." + _BILLING,
        references=("https://docs.mistral.ai/api/",),
    ),
    Detector(
        slug="together-api-key",
        title="Together AI API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("tgp_v1_",),
        pattern=rf"{_START}(?P<secret>tgp_v1_[A-Za-z0-9_-]{{43}}){_END}",
        validator=random_after_prefix(7, 4.0),
        rationale="A Together AI key runs inference and fine-tuning jobs." + _BILLING,
        references=("https://docs.together.ai/reference/authentication-1",),
    ),
    Detector(
        slug="together-legacy-api-key",
        title="Together AI API key (legacy hex format)",
        category="ai",
        severity=Severity.HIGH,
        keywords=("together",),
        pattern=keyed_value(vendor_key("together"), r"[0-9a-f]{64}"),
        validator=random_value(3.0),
        confidence=Confidence.MEDIUM,
        rationale="Older Together AI keys are 64 hex digits and still work until revoked." + _BILLING,
        references=("https://docs.together.ai/reference/authentication-1",),
    ),
    Detector(
        slug="replicate-api-token",
        title="Replicate API token",
        category="ai",
        severity=Severity.HIGH,
        keywords=("r8_",),
        pattern=rf"{_START}(?P<secret>r8_[A-Za-z0-9]{{37}}){_END}",
        validator=random_after_prefix(3, 4.0),
        rationale="A Replicate token runs models and deployments and reads the account's predictions." + _BILLING,
        references=("https://replicate.com/docs/reference/http#authentication",),
    ),
    Detector(
        slug="groq-api-key",
        title="Groq API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("gsk_",),
        pattern=rf"{_START}(?P<secret>gsk_[A-Za-z0-9]{{52}}){_END}",
        validator=random_after_prefix(4, 4.0),
        rationale="A Groq key runs inference on the organisation's quota." + _BILLING,
        references=("https://console.groq.com/docs/quickstart",),
    ),
    Detector(
        slug="perplexity-api-key",
        title="Perplexity API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("pplx-",),
        pattern=rf"{_START}(?P<secret>pplx-[A-Za-z0-9]{{48}}){_END}",
        validator=random_after_prefix(5, 3.5),
        rationale="A Perplexity key calls the Sonar API on the account's credit." + _BILLING,
        references=("https://docs.perplexity.ai/guides/getting-started",),
    ),
    Detector(
        slug="xai-api-key",
        title="xAI API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("xai-",),
        pattern=rf"{_START}(?P<secret>xai-[A-Za-z0-9]{{80}}){_END}",
        validator=random_after_prefix(4, 4.0),
        rationale="An xAI key calls the Grok models for the team." + _BILLING,
        references=("https://docs.x.ai/docs/overview",),
    ),
    Detector(
        slug="deepseek-api-key",
        title="DeepSeek API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("deepseek",),
        pattern=keyed_value(vendor_key("deepseek"), r"sk-[a-f0-9]{32}"),
        validator=random_after_prefix(3, 3.0),
        confidence=Confidence.MEDIUM,
        rationale="A DeepSeek key calls the DeepSeek platform on the account's balance." + _BILLING,
        references=("https://api-docs.deepseek.com/",),
    ),
    Detector(
        slug="langsmith-api-key",
        title="LangSmith API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("lsv2_pt_", "lsv2_sk_"),
        pattern=rf"{_START}(?P<secret>lsv2_(?:pt|sk)_[a-f0-9]{{32}}_[a-f0-9]{{10}}){_END}",
        validator=random_after_prefix(8, 3.0),
        rationale="A LangSmith key reads every trace the workspace logged: prompts, model"
        " outputs and whatever user data passed through them.",
        references=(
            "https://docs.smith.langchain.com/administration/how_to_guides/organization_management/create_account_api_key",
        ),
    ),
    Detector(
        slug="pinecone-api-key",
        title="Pinecone API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("pcsk_",),
        pattern=rf"{_START}(?P<secret>pcsk_[A-Za-z0-9]{{4,8}}_[A-Za-z0-9]{{50,80}}){_END}",
        validator=random_after_prefix(5, 4.0),
        rationale="A Pinecone key reads, writes and deletes the project's vector indexes,"
        " which often embed private documents.",
        references=("https://docs.pinecone.io/guides/projects/manage-api-keys",),
    ),
    Detector(
        slug="pinecone-legacy-api-key",
        title="Pinecone API key (legacy UUID format)",
        category="ai",
        severity=Severity.HIGH,
        keywords=("pinecone",),
        pattern=keyed_value(vendor_key("pinecone"), _UUID),
        validator=random_value(3.0),
        confidence=Confidence.MEDIUM,
        rationale="Older Pinecone keys are UUIDs; they read, write and delete the project's indexes.",
        references=("https://docs.pinecone.io/guides/projects/manage-api-keys",),
    ),
    Detector(
        slug="elevenlabs-api-key",
        title="ElevenLabs API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("elevenlabs", "xi-api-key", "xi_api_key"),
        pattern=keyed_value(vendor_key("elevenlabs", r"xi[-_]api[-_]key"), r"sk_[a-f0-9]{48}|[a-f0-9]{32}"),
        validator=random_value(3.0),
        confidence=Confidence.MEDIUM,
        rationale="An ElevenLabs key generates speech and clones voices on the account's character quota.",
        references=("https://elevenlabs.io/docs/api-reference/authentication",),
    ),
    Detector(
        slug="assemblyai-api-key",
        title="AssemblyAI API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("assemblyai", "assembly_ai"),
        pattern=keyed_value(vendor_key("assembly_?ai"), r"[a-f0-9]{32}"),
        validator=random_value(3.0),
        confidence=Confidence.MEDIUM,
        rationale="An AssemblyAI key transcribes audio on the account and reads past"
        " transcripts, which are often recorded customer calls.",
        references=("https://www.assemblyai.com/docs/api-reference/overview#authorization",),
    ),
    Detector(
        slug="openrouter-api-key",
        title="OpenRouter API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("sk-or-v1-",),
        pattern=rf"{_START}(?P<secret>sk-or-v1-[a-f0-9]{{64}}){_END}",
        validator=random_after_prefix(9, 3.0),
        rationale="An OpenRouter key routes requests to any model on the account's credits.",
        references=("https://openrouter.ai/docs/api-reference/authentication",),
    ),
    Detector(
        slug="fireworks-api-key",
        title="Fireworks AI API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("fw_",),
        pattern=rf"{_START}(?P<secret>fw_[A-Za-z0-9]{{24}}){_END}",
        validator=_mixed_case_after_prefix(3),
        confidence=Confidence.MEDIUM,
        rationale="A Fireworks key runs inference and deploys fine-tuned models." + _BILLING,
        references=("https://docs.fireworks.ai/api-reference/introduction",),
    ),
    Detector(
        slug="wandb-api-key",
        title="Weights & Biases API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("wandb",),
        pattern=keyed_value(vendor_key("wandb"), r"[a-f0-9]{40}"),
        validator=random_value(3.0),
        confidence=Confidence.MEDIUM,
        rationale="A W&B key reads and writes the user's runs, artifacts and model checkpoints.",
        references=("https://docs.wandb.ai/guides/track/environment-variables/",),
    ),
    Detector(
        slug="deepgram-api-key",
        title="Deepgram API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("deepgram",),
        pattern=keyed_value(vendor_key("deepgram"), r"[a-f0-9]{40}"),
        validator=random_value(3.0),
        confidence=Confidence.MEDIUM,
        rationale="A Deepgram key transcribes audio on the project's balance and can manage its keys.",
        references=("https://developers.deepgram.com/docs/authenticating",),
    ),
    Detector(
        slug="stability-api-key",
        title="Stability AI API key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("stability",),
        pattern=keyed_value(vendor_key("stability"), r"sk-[A-Za-z0-9]{48}"),
        validator=_not_openai_legacy,
        confidence=Confidence.MEDIUM,
        rationale="A Stability AI key generates images on the account's credits.",
        references=("https://platform.stability.ai/docs/getting-started/authentication",),
    ),
    Detector(
        slug="nvidia-api-key",
        title="NVIDIA API catalog key",
        category="ai",
        severity=Severity.HIGH,
        keywords=("nvapi-",),
        pattern=rf"{_START}(?P<secret>nvapi-[A-Za-z0-9_-]{{64}}){_END}",
        validator=random_after_prefix(6, 4.0),
        rationale="An NVIDIA API key calls NIM endpoints on build.nvidia.com for the account.",
        references=("https://docs.api.nvidia.com/nim/docs/api-quickstart",),
    ),
)
