"""Chat, messaging and email providers: bot tokens, webhooks, sending keys."""

from __future__ import annotations

import re

from pavedroad.analyzers.secrets.detector import Detector
from pavedroad.analyzers.secrets.detectors._structure_a import decode_base64, has_letters_and_digits
from pavedroad.analyzers.secrets.validators import has_mixed_classes
from pavedroad.core.findings import Severity

_ASSIGN = r"[\"']?\s{0,4}(?::=|=>|:|=)\s{0,4}[\"']?"
_SLACK_TOKEN_DOCS = ("https://api.slack.com/concepts/token-types",)
_SLACK_FIX = (
    "Revoke the token (auth.revoke, or reinstall the app to rotate it), review the workspace's access"
    " logs, and load the new token from a secret store."
)
_WEBHOOK_FIX = (
    "Delete the webhook and create a new one; treat webhook URLs as secrets (CI secret store),"
    " never as configuration committed with the code."
)
_DIGITS = re.compile(rb"^\d{15,21}$")
_INTERCOM = re.compile(rb"^tok:[0-9a-f_]{20,64}:\d{1,4}:\d{1,4}$")


def _discord_bot_token_valid(token: str) -> bool:
    """The first segment of a bot token is the bot's user id (a snowflake), base64-encoded."""
    user_id = decode_base64(token.split(".", 1)[0])
    return user_id is not None and _DIGITS.match(user_id) is not None


def _intercom_token_valid(token: str) -> bool:
    decoded = decode_base64(token)
    return decoded is not None and _INTERCOM.match(decoded) is not None


def _random_mixed_key(value: str) -> bool:
    """Upper case, lower case, digits: a generated key, not a CSS class or a slug."""
    return has_mixed_classes(value, 3)


DETECTORS: tuple[Detector, ...] = (
    # --- Slack ------------------------------------------------------------------------------
    Detector(
        slug="slack-bot-token",
        title="Slack bot token",
        category="chat",
        severity=Severity.HIGH,
        keywords=("xoxb-",),
        pattern=r"(?<![A-Za-z0-9-])(?P<secret>xoxb-\d{8,13}-\d{8,13}-[A-Za-z0-9]{24})(?![A-Za-z0-9-])",
        min_entropy=3.5,
        rationale="A bot token reads and posts in every channel the bot is in, uploads files and lists"
        " users, enough for convincing internal phishing.",
        fix=_SLACK_FIX,
        references=_SLACK_TOKEN_DOCS,
    ),
    Detector(
        slug="slack-user-token",
        title="Slack user token",
        category="chat",
        severity=Severity.CRITICAL,
        keywords=("xoxp-",),
        pattern=r"(?<![A-Za-z0-9.-])(?P<secret>xoxp-\d{8,13}-\d{8,13}-\d{8,13}-[a-f0-9]{32})(?![A-Za-z0-9-])",
        rationale="A user token acts as the person who installed the app: private channels, direct"
        " messages and files they can see.",
        fix=_SLACK_FIX,
        references=_SLACK_TOKEN_DOCS,
    ),
    Detector(
        slug="slack-app-token",
        title="Slack app-level token",
        category="chat",
        severity=Severity.HIGH,
        keywords=("xapp-",),
        pattern=r"(?<![A-Za-z0-9-])(?P<secret>xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{64})(?![A-Za-z0-9-])",
        rationale="An app-level token opens Socket Mode connections and receives every event the app is"
        " subscribed to, including message contents.",
        fix=_SLACK_FIX,
        references=_SLACK_TOKEN_DOCS,
    ),
    Detector(
        slug="slack-config-token",
        title="Slack app configuration token",
        category="chat",
        severity=Severity.HIGH,
        keywords=("xoxe.xoxp-", "xoxe.xoxb-"),
        pattern=r"(?<![A-Za-z0-9-])(?P<secret>xoxe\.xox[bp]-\d-[A-Za-z0-9]{140,200})(?![A-Za-z0-9-])",
        min_entropy=4.0,
        rationale="A configuration token creates and changes the workspace's apps and their manifests,"
        " including scopes and redirect URLs.",
        fix=_SLACK_FIX,
        references=("https://api.slack.com/authentication/config-tokens",),
    ),
    Detector(
        slug="slack-refresh-token",
        title="Slack refresh token",
        category="chat",
        severity=Severity.HIGH,
        keywords=("xoxe-",),
        pattern=r"(?<![A-Za-z0-9.-])(?P<secret>xoxe-\d-[A-Za-z0-9]{100,200})(?![A-Za-z0-9-])",
        min_entropy=4.0,
        rationale="A refresh token mints new access tokens for a rotating Slack app or configuration token.",
        fix=_SLACK_FIX,
        references=("https://api.slack.com/authentication/rotation",),
    ),
    Detector(
        slug="slack-legacy-token",
        title="Slack legacy or workspace token",
        category="chat",
        severity=Severity.HIGH,
        keywords=("xoxa-", "xoxo-", "xoxr-", "xoxs-"),
        pattern=r"(?<![A-Za-z0-9-])(?P<secret>xox[aors]-\d{1,13}-[A-Za-z0-9-]{20,200}[A-Za-z0-9])(?![A-Za-z0-9-])",
        min_entropy=3.5,
        rationale="Legacy, workspace-app and session tokens act as a user or the whole workspace app"
        " with broad scopes and no expiry.",
        fix=_SLACK_FIX,
        references=_SLACK_TOKEN_DOCS,
    ),
    Detector(
        slug="slack-webhook",
        title="Slack incoming webhook URL",
        category="chat",
        severity=Severity.MEDIUM,
        keywords=("hooks.slack.com/services/",),
        pattern=r"(?P<secret>https://hooks\.slack\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24})"
        r"(?![A-Za-z0-9])",
        rationale="Anyone with the URL can post messages into the channel under the app's name, a ready"
        " channel for phishing links.",
        fix=_WEBHOOK_FIX,
        references=("https://api.slack.com/messaging/webhooks",),
    ),
    Detector(
        slug="slack-workflow-webhook",
        title="Slack workflow webhook URL",
        category="chat",
        severity=Severity.MEDIUM,
        keywords=("hooks.slack.com/workflows/", "hooks.slack.com/triggers/"),
        pattern=r"(?P<secret>https://hooks\.slack\.com/(?:workflows|triggers)/T[A-Z0-9]{8,12}/"
        r"(?:A[A-Z0-9]{8,12}/)?\d{8,20}/[A-Za-z0-9]{24,32})(?![A-Za-z0-9])",
        rationale="A workflow trigger URL starts the workflow with attacker-chosen inputs, which often"
        " post messages or create tickets.",
        fix=_WEBHOOK_FIX,
        references=("https://api.slack.com/automation/triggers/webhook",),
    ),
    # --- Discord, Telegram, Teams, Mattermost, Zulip, LINE, Twitch -----------------------------
    Detector(
        slug="discord-bot-token",
        title="Discord bot token",
        category="chat",
        severity=Severity.HIGH,
        keywords=("discord",),
        pattern=r"(?i:discord)[^\n]{0,120}?(?<![A-Za-z0-9_-])"
        r"(?P<secret>[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40})(?![A-Za-z0-9_-])",
        validator=_discord_bot_token_valid,
        rationale="A bot token logs in as the bot in every server it joined, with its permissions,"
        " often including managing messages, roles or members.",
        fix="Reset the token in the Discord developer portal (Bot > Reset Token).",
        references=("https://discord.com/developers/docs/reference#authentication",),
    ),
    Detector(
        slug="discord-webhook",
        title="Discord webhook URL",
        category="chat",
        severity=Severity.MEDIUM,
        keywords=("discord.com/api/", "discordapp.com/api/"),
        pattern=r"(?P<secret>https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/(?:v\d{1,2}/)?webhooks/"
        r"\d{17,20}/[A-Za-z0-9_-]{60,80})(?![A-Za-z0-9_-])",
        rationale="The webhook URL posts messages (with any name and avatar) into the channel.",
        fix=_WEBHOOK_FIX,
        references=("https://discord.com/developers/docs/resources/webhook",),
    ),
    Detector(
        slug="telegram-bot-token",
        title="Telegram bot token",
        category="chat",
        severity=Severity.HIGH,
        keywords=(":aa",),
        pattern=r"(?<![0-9])(?P<secret>\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])",
        min_entropy=3.5,
        rationale="A bot token controls the bot: read the messages users send it, message them, and"
        " change its webhook to intercept updates.",
        fix="Revoke the token with @BotFather (/revoke) and set the new one from a secret store.",
        references=("https://core.telegram.org/bots/api#authorizing-your-bot",),
    ),
    Detector(
        slug="teams-incoming-webhook",
        title="Microsoft Teams incoming webhook URL",
        category="chat",
        severity=Severity.MEDIUM,
        keywords=("webhook.office.com", "outlook.office.com/webhook", "outlook.office365.com/webhook"),
        pattern=r"(?P<secret>https://(?:[A-Za-z0-9-]{1,64}\.webhook\.office\.com/webhookb2|"
        r"outlook\.office(?:365)?\.com/webhook)/[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[0-9a-f]{32}/"
        r"[0-9a-f-]{36}(?:/[A-Za-z0-9_-]{20,80})?)(?![A-Za-z0-9_-])",
        rationale="The connector URL posts cards into the Teams channel, a trusted place for phishing.",
        fix=_WEBHOOK_FIX,
        references=(
            "https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook",
        ),
    ),
    Detector(
        slug="teams-workflow-webhook",
        title="Teams workflow / Power Automate trigger URL",
        category="chat",
        severity=Severity.MEDIUM,
        keywords=("paths/invoke",),
        pattern=r"(?P<secret>https://[A-Za-z0-9.-]{1,120}\.(?:logic\.azure\.com|api\.powerplatform\.com)"
        r"(?::443)?/[^\s\"'<>?]{1,300}/triggers/manual/paths/invoke\?[^\s\"'<>]{0,300}?sig="
        r"[A-Za-z0-9_%-]{43,60})(?![A-Za-z0-9_%-])",
        rationale="The signed trigger URL runs the flow (usually a Teams post) with any payload; the"
        " `sig` parameter is the only authentication.",
        fix="Regenerate the flow's trigger URL (or its access keys) and keep it in a secret store.",
        references=("https://learn.microsoft.com/en-us/azure/logic-apps/logic-apps-securing-a-logic-app",),
    ),
    Detector(
        slug="mattermost-webhook",
        title="Mattermost incoming webhook URL",
        category="chat",
        severity=Severity.MEDIUM,
        keywords=("mattermost",),
        pattern=r"(?P<secret>https?://[A-Za-z0-9.-]{1,200}(?::\d{2,5})?/hooks/[a-z0-9]{26})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="The incoming webhook URL posts into the channel, optionally under any display name.",
        fix=_WEBHOOK_FIX,
        references=("https://developers.mattermost.com/integrate/webhooks/incoming/",),
    ),
    Detector(
        slug="zulip-api-key",
        title="Zulip API key",
        category="chat",
        severity=Severity.HIGH,
        keywords=("zulip",),
        pattern=r"(?i:zulip)[A-Za-z_-]{0,20}(?i:api[_-]?key|key|token)"
        + _ASSIGN
        + r"(?P<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="A Zulip API key acts as its user or bot: reads the streams it can see and sends messages.",
        fix="Regenerate the API key in Zulip's Personal settings > Account & privacy (or the bot's settings).",
        references=("https://zulip.com/api/api-keys",),
    ),
    Detector(
        slug="line-channel-access-token",
        title="LINE channel access token",
        category="chat",
        severity=Severity.HIGH,
        keywords=("channel_access_token", "channel-access-token", "channelaccesstoken"),
        pattern=r"(?i:(?:line[_-]?)?(?:bot[_-]?)?channel[_-]?access[_-]?token)"
        + _ASSIGN
        + r"(?P<secret>[A-Za-z0-9+/]{150,200}=?)(?![A-Za-z0-9+/=])",
        min_entropy=4.0,
        rationale="A long-lived channel access token sends messages to every friend of the LINE"
        " official account and reads their profiles.",
        fix="Reissue the channel access token in the LINE Developers console and prefer short-lived"
        " tokens issued with a channel secret JWT.",
        references=("https://developers.line.biz/en/docs/basics/channel-access-token/",),
    ),
    Detector(
        slug="line-channel-secret",
        title="LINE channel secret",
        category="chat",
        severity=Severity.MEDIUM,
        keywords=("channel_secret", "channel-secret", "channelsecret"),
        pattern=r"(?i:line[_-]?(?:bot[_-]?)?channel[_-]?secret)" + _ASSIGN + r"(?P<secret>[a-f0-9]{32})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="The channel secret forges webhook signatures, so an attacker can feed fake events to"
        " the bot, and issues channel access tokens.",
        fix="Reissue the channel secret in the LINE Developers console.",
        references=("https://developers.line.biz/en/reference/messaging-api/#signature-validation",),
    ),
    Detector(
        slug="twitch-oauth-token",
        title="Twitch OAuth token or client secret",
        category="chat",
        severity=Severity.HIGH,
        keywords=("twitch",),
        pattern=r"(?i:twitch)[A-Za-z_-]{0,30}(?i:token|secret|oauth)"
        + _ASSIGN
        + r"(?:oauth:)?(?P<secret>[a-z0-9]{30})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="A Twitch token acts as the channel or bot account in chat and on the API with its"
        " scopes; a client secret impersonates the application.",
        fix="Revoke the token (or create a new client secret) in the Twitch developer console.",
        references=("https://dev.twitch.tv/docs/authentication/",),
    ),
    # --- Twilio, Vonage, MessageBird, Plivo -------------------------------------------------
    Detector(
        slug="twilio-api-key",
        title="Twilio API key SID",
        category="messaging",
        severity=Severity.HIGH,
        keywords=("twilio",),
        pattern=r"(?i:twilio)[^\n]{0,100}?(?<![A-Za-z0-9])(?P<secret>SK[0-9a-f]{32})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="A Twilio API key (SID and its secret) sends SMS and places calls on the account, a"
        " direct cost and a smishing channel from the company's numbers.",
        fix="Delete the API key in the Twilio console (Account > API keys) and create a new one.",
        references=("https://www.twilio.com/docs/iam/api-keys",),
    ),
    Detector(
        slug="twilio-auth-token",
        title="Twilio auth token",
        category="messaging",
        severity=Severity.CRITICAL,
        keywords=("twilio",),
        pattern=r"(?i:twilio)[A-Za-z_-]{0,20}(?i:auth[_-]?token)"
        + _ASSIGN
        + r"(?P<secret>[a-f0-9]{32})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        pairs_with="twilio-account-sid",
        rationale="The account auth token is the master credential: it sends messages, buys numbers,"
        " reads message logs and creates API keys.",
        fix="Rotate the auth token in the Twilio console (secondary token, promote, then revoke) and use"
        " API keys in applications.",
        references=("https://www.twilio.com/docs/iam/credentials/api",),
    ),
    Detector(
        slug="twilio-account-sid",
        title="Twilio account SID",
        category="messaging",
        severity=Severity.LOW,
        keywords=("twilio", "account_sid", "accountsid", "account-sid"),
        pattern=r"(?i:twilio[A-Za-z_-]{0,20}sid|account[_-]?sid)"
        + _ASSIGN
        + r"(?P<secret>AC[a-f0-9]{32})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        pairs_with="twilio-auth-token",
        rationale="The account SID is an identifier, harmful only with the auth token that is usually"
        " committed beside it.",
        fix="Check that the auth token or API key secret next to it is not committed; rotate it if it is.",
        references=("https://www.twilio.com/docs/iam/credentials/api",),
    ),
    Detector(
        slug="vonage-api-secret",
        title="Vonage (Nexmo) API secret",
        category="messaging",
        severity=Severity.HIGH,
        keywords=("nexmo", "vonage"),
        pattern=r"(?i:nexmo|vonage)[A-Za-z_-]{0,20}(?i:api[_-]?secret|secret)"
        + _ASSIGN
        + r"(?P<secret>[A-Za-z0-9]{16})(?![A-Za-z0-9])",
        min_entropy=3.0,
        rationale="With the API key, the secret sends SMS, places calls and manages numbers on the account's balance.",
        fix="Rotate the API secret in the Vonage API dashboard.",
        references=("https://developer.vonage.com/en/getting-started/concepts/authentication",),
    ),
    Detector(
        slug="messagebird-api-key",
        title="MessageBird (Bird) access key",
        category="messaging",
        severity=Severity.HIGH,
        keywords=("messagebird", "message_bird", "message-bird"),
        pattern=r"(?i:message[_-]?bird)[A-Za-z_-]{0,20}(?i:key|token|access)[A-Za-z_]{0,10}"
        + _ASSIGN
        + r"(?P<secret>[A-Za-z0-9]{25})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="A live access key sends SMS, voice and WhatsApp messages billed to the account.",
        fix="Delete the access key in the MessageBird dashboard (Developers > API access).",
        references=("https://developers.messagebird.com/api/#authentication",),
    ),
    Detector(
        slug="plivo-auth-token",
        title="Plivo auth token",
        category="messaging",
        severity=Severity.HIGH,
        keywords=("plivo",),
        pattern=r"(?i:plivo)[A-Za-z_-]{0,20}(?i:auth[_-]?token)"
        + _ASSIGN
        + r"(?P<secret>[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])",
        min_entropy=3.5,
        rationale="With the auth ID, the auth token sends messages and places calls on the account.",
        fix="Regenerate the auth token in the Plivo console.",
        references=("https://www.plivo.com/docs/",),
    ),
    # --- Email ------------------------------------------------------------------------------
    Detector(
        slug="sendgrid-api-key",
        title="SendGrid API key",
        category="email",
        severity=Severity.HIGH,
        keywords=("sg.",),
        # The literal comes first and the boundary is checked behind it, so the regex engine can
        # jump from one `SG.` to the next instead of trying every `msg.` position.
        pattern=r"(?P<secret>SG\.(?<![A-Za-z0-9_.-]SG\.)[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])",
        min_entropy=4.0,
        rationale="A SendGrid key sends mail from the company's authenticated domains (passing SPF and"
        " DKIM) and, with full access, reads contacts and creates keys.",
        fix="Delete the key in SendGrid (Settings > API Keys) and create a restricted mail-send key.",
        references=("https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys",),
    ),
    Detector(
        slug="mailgun-api-key",
        title="Mailgun API key",
        category="email",
        severity=Severity.HIGH,
        keywords=("key-",),
        pattern=r"(?P<secret>key-(?<![A-Za-z0-9_-]key-)[0-9a-f]{32})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="A Mailgun key sends mail from the account's domains and reads logs, routes and mailing lists.",
        fix="Delete the key in Mailgun (API Security) and use a domain sending key where only sending is needed.",
        references=(
            "https://help.mailgun.com/hc/en-us/articles/203380100-Where-can-I-find-my-API-keys-and-SMTP-credentials",
        ),
    ),
    Detector(
        slug="mailgun-private-api-key",
        title="Mailgun private API key (current format)",
        category="email",
        severity=Severity.HIGH,
        keywords=("mailgun",),
        pattern=r"(?i:mailgun)[^\n]{0,80}?(?<![A-Za-z0-9])(?P<secret>[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})"
        r"(?![A-Za-z0-9-])",
        validator=has_letters_and_digits,
        rationale="A Mailgun key sends mail from the account's domains and reads logs, routes and mailing lists.",
        fix="Delete the key in Mailgun (API Security) and use a domain sending key where only sending is needed.",
        references=(
            "https://help.mailgun.com/hc/en-us/articles/203380100-Where-can-I-find-my-API-keys-and-SMTP-credentials",
        ),
    ),
    Detector(
        slug="mailchimp-api-key",
        title="Mailchimp Marketing API key",
        category="email",
        severity=Severity.HIGH,
        keywords=("-us",),
        pattern=r"(?<![A-Za-z0-9])(?P<secret>[0-9a-f]{32}-us\d{1,2})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="A Mailchimp key exports the audience (names, emails) and sends campaigns to it.",
        fix="Disable the key in Mailchimp (Account > Extras > API keys) and create a new one.",
        references=("https://mailchimp.com/developer/marketing/guides/quick-start/",),
    ),
    Detector(
        slug="mandrill-api-key",
        title="Mailchimp Transactional (Mandrill) API key",
        category="email",
        severity=Severity.HIGH,
        # Only next to its name: a bare `md-` prefix is everywhere in CSS (col-md-6, md-button).
        keywords=("mandrill", "mailchimp_transactional", "mailchimp-transactional", "mailchimptransactional"),
        pattern=r"(?i:mandrill|mailchimp[_-]?transactional)[A-Za-z_-]{0,20}(?i:key|password|pass)"
        + _ASSIGN
        + r"(?P<secret>(?:md-)?[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])",
        min_entropy=3.5,
        validator=_random_mixed_key,
        rationale="A Mandrill key sends transactional mail from the account's verified domains and reads"
        " message content and recipients.",
        fix="Delete the key in Mailchimp Transactional (Settings > SMTP & API Info).",
        references=("https://mailchimp.com/developer/transactional/guides/quick-start/",),
    ),
    Detector(
        slug="postmark-server-token",
        title="Postmark server or account token",
        category="email",
        severity=Severity.HIGH,
        keywords=("postmark",),
        pattern=r"(?i:postmark)[A-Za-z_-]{0,30}(?i:token|key|secret)"
        + _ASSIGN
        + r"(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9A-Za-z-])",
        rationale="A server token sends email through the server's verified senders; an account token"
        " manages all servers and domains.",
        fix="Regenerate the token in Postmark (Server > API Tokens, or Account > API Tokens).",
        references=("https://postmarkapp.com/developer/api/overview#authentication",),
    ),
    Detector(
        slug="intercom-access-token",
        title="Intercom access token",
        category="email",
        severity=Severity.HIGH,
        keywords=("dg9ro",),
        pattern=r"(?<![A-Za-z0-9+/])(?P<secret>dG9rO[A-Za-z0-9+/]{40,100}={0,2})(?![A-Za-z0-9+/=])",
        validator=_intercom_token_valid,
        rationale="An Intercom access token reads and writes the workspace's contacts, conversations"
        " and companies: customer data and support history.",
        fix="Regenerate the access token in the Intercom Developer Hub (Authentication).",
        references=("https://developers.intercom.com/docs/build-an-integration/learn-more/authentication",),
    ),
    Detector(
        slug="mailjet-api-secret",
        title="Mailjet API secret key",
        category="email",
        severity=Severity.HIGH,
        keywords=("mailjet", "mj_apikey", "mj-apikey", "mjapikey"),
        pattern=r"(?i:mailjet[A-Za-z_-]{0,20}(?:secret|private)[A-Za-z_]{0,10}|mj[_-]?apikey[_-]?private)"
        + _ASSIGN
        + r"(?P<secret>[a-f0-9]{32})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="With the public API key, the secret sends email from the account's senders and reads contact lists.",
        fix="Regenerate the secret key in Mailjet (Account settings > API Key Management).",
        references=("https://dev.mailjet.com/email/guides/",),
    ),
    Detector(
        slug="sparkpost-api-key",
        title="SparkPost API key",
        category="email",
        severity=Severity.HIGH,
        keywords=("sparkpost",),
        pattern=r"(?i:sparkpost)[A-Za-z_-]{0,20}(?i:key|token|secret)"
        + _ASSIGN
        + r"(?P<secret>[a-f0-9]{40})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="A SparkPost key sends mail from the account's sending domains and, with more grants,"
        " reads recipient lists and events.",
        fix="Delete the key in SparkPost (Configuration > API Keys) and create one with only the grants needed.",
        references=("https://developers.sparkpost.com/api/#header-authorization",),
    ),
    Detector(
        slug="brevo-api-key",
        title="Brevo (Sendinblue) API key",
        category="email",
        severity=Severity.HIGH,
        keywords=("xkeysib-",),
        pattern=r"(?<![A-Za-z0-9-])(?P<secret>xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="A Brevo key sends email and SMS campaigns and exports the contact database.",
        fix="Delete the key in Brevo (SMTP & API > API keys).",
        references=("https://developers.brevo.com/docs/getting-started",),
    ),
    Detector(
        slug="brevo-smtp-key",
        title="Brevo (Sendinblue) SMTP key",
        category="email",
        severity=Severity.HIGH,
        keywords=("xsmtpsib-",),
        pattern=r"(?<![A-Za-z0-9-])(?P<secret>xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="The SMTP key relays mail through Brevo as the account's verified senders.",
        fix="Delete the SMTP key in Brevo (SMTP & API > SMTP).",
        references=("https://developers.brevo.com/docs/smtp-integration",),
    ),
    Detector(
        slug="resend-api-key",
        title="Resend API key",
        category="email",
        severity=Severity.HIGH,
        keywords=("re_",),
        pattern=r"(?P<secret>re_(?<![A-Za-z0-9_]re_)[A-Za-z0-9]{8}_[A-Za-z0-9]{24})(?![A-Za-z0-9_])",
        min_entropy=3.5,
        validator=_random_mixed_key,
        rationale="A Resend key sends email from the account's verified domains; a full-access key also"
        " manages domains and keys.",
        fix="Delete the key in the Resend dashboard (API Keys) and create a sending-only key.",
        references=("https://resend.com/docs/dashboard/api-keys/introduction",),
    ),
    Detector(
        slug="mailersend-api-token",
        title="MailerSend API token",
        category="email",
        severity=Severity.HIGH,
        keywords=("mlsn.",),
        pattern=r"(?<![A-Za-z0-9_.])(?P<secret>mlsn\.[a-f0-9]{64})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="A MailerSend token sends email from the account's domains and reads activity and recipients.",
        fix="Delete the token in MailerSend (Integrations > API tokens).",
        references=("https://developers.mailersend.com/general.html#authentication",),
    ),
    Detector(
        slug="zoom-client-secret",
        title="Zoom app client secret",
        category="chat",
        severity=Severity.HIGH,
        keywords=("zoom",),
        pattern=r"(?i:zoom)[A-Za-z_-]{0,30}(?i:client[_-]?secret|api[_-]?secret|secret[_-]?token|jwt[_-]?secret"
        r"|sdk[_-]?secret)" + _ASSIGN + r"(?P<secret>[A-Za-z0-9]{20,40})(?![A-Za-z0-9])",
        min_entropy=3.5,
        rationale="A Server-to-Server OAuth client secret, with the account and client id, gets account"
        " tokens: create meetings, read recordings and user data.",
        fix="Regenerate the client secret in the Zoom App Marketplace (Manage > your app > App credentials).",
        references=("https://developers.zoom.us/docs/internal-apps/s2s-oauth/",),
    ),
    Detector(
        slug="pusher-app-secret",
        title="Pusher Channels app secret",
        category="chat",
        severity=Severity.HIGH,
        keywords=("pusher",),
        pattern=r"(?i:pusher)[A-Za-z_-]{0,20}(?i:secret)" + _ASSIGN + r"(?P<secret>[a-f0-9]{20})(?![A-Za-z0-9])",
        validator=has_letters_and_digits,
        rationale="The app secret publishes events to any channel and signs subscriptions to private and"
        " presence channels, reading what they carry.",
        fix="Create new app keys in the Pusher dashboard (App Keys) and delete the leaked ones.",
        references=("https://pusher.com/docs/channels/server_api/http-api/",),
    ),
)
