"""Where the model is and how to call it: CLI flags > NIANBAO_* / OPENAI_* environment variables.

No endpoint and no key (or `offline`) means the built-in writer drafts everything. The API key is
a `SecretStr`: it is never printed, logged or written anywhere.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from nianbao.errors import SettingsError

__all__ = [
    "METHODS",
    "Method",
    "ModelSettings",
    "resolve_settings",
    "mask_query_secrets",
    "strip_credentials",
    "strip_url_credentials",
]

Method = Literal["json_schema", "function_calling", "json_mode", "text"]
METHODS: tuple[Method, ...] = ("json_schema", "function_calling", "json_mode", "text")
"""How the answer's structure is requested, in fallback order: a server that refuses one method
(llama.cpp answers json_schema with HTTP 500) is asked with the next."""

DEFAULT_MODEL = "gpt-4o-mini"


def strip_credentials(url: str) -> tuple[str, bool]:
    """`url` without a user name or password (`http://user:pass@host/v1` → `http://host/v1`),
    and whether there were any. Credentials in a URL would be printed, logged and sent as Basic
    auth in place of the API key's header."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, False
    if "@" not in parts.netloc:
        return url, False
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host)), True


_USERINFO = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@]+@")

_SECRET_NAMES = (
    r"(?:api[-_]?key|apikey|key|access[-_]?token|token|auth|authorization|secret|client[-_]?secret"
    r"|password|passwd|pwd|sig|signature|subscription[-_]?key|x[-_]api[-_]key|code)"
)
_QUERY_SECRET = re.compile(rf"(?i)([?&;]{_SECRET_NAMES}=)[^&#;\s\"'<>]+")
"""A query parameter that carries a secret (`?key=…`, `&api_key=…`, `?token=…`): some gateways
take the key there. It must still be sent, so it is only masked where a URL is shown or kept."""


def mask_query_secrets(text: str) -> str:
    """`text` with the value of every secret-looking query parameter of a URL replaced by
    `***` (`https://host/v1?key=sk-1` → `https://host/v1?key=***`)."""
    return _QUERY_SECRET.sub(r"\1***", text)


def strip_url_credentials(text: str) -> str:
    """Any URL in `text` without its user name and password, and with the value of each
    secret-looking query parameter masked (error messages, log rows, what is printed)."""
    return mask_query_secrets(_USERINFO.sub(r"\1", text))


class ModelSettings(BaseModel):
    """How to reach an OpenAI-compatible endpoint and how patient to be with it."""

    model_config = ConfigDict(frozen=True)

    model: str | None = Field(None, description="model name; required with a custom base URL")
    base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1"
    )
    api_key: SecretStr | None = None
    method: Method = "json_schema"
    temperature: float = 0.3
    # Sized for a city government's part 一: up to ~5,200 Chinese characters (the upper end of
    # draft.prompts.length_target) at up to ~1.5 tokens a character, plus the JSON around it and
    # the {{fact}} placeholders: 8,192 tokens. At 25–50 tokens a second that is 3–6 minutes.
    max_tokens: int = Field(
        8192, description="sent as max_tokens (local servers ignore max_completion_tokens)"
    )
    timeout: float = Field(360.0, gt=0, description="seconds for one HTTP request")
    max_retries: int = Field(
        3, ge=0, description="retries with backoff on 429/5xx/timeouts (not on 401)"
    )
    total_timeout: float = Field(
        1200.0, gt=0, description="seconds for the whole draft; then the writer"
    )
    repair_rounds: int = Field(
        2, ge=0, description="corrected drafts asked for after failed verification"
    )
    concurrency: int = Field(3, ge=1, description="parts drafted at the same time")
    max_response_bytes: int = Field(
        4_000_000, gt=0, description="an answer body larger than this is refused unread"
    )
    context_tokens: int = Field(
        32_000,
        gt=0,
        description="the model's context window; a prompt that would not fit is warned about",
    )
    offline: bool = False
    cache: bool = True
    credentials_removed: bool = Field(
        False, description="the base URL held a user name or password, removed (never sent)"
    )

    @model_validator(mode="before")
    @classmethod
    def _no_credentials_in_url(cls, values: Any) -> Any:
        if isinstance(values, dict) and isinstance(values.get("base_url"), str):
            url, removed = strip_credentials(values["base_url"])
            if removed:
                values = {**values, "base_url": url, "credentials_removed": True}
        return values

    def warnings(self) -> list[str]:
        """What the user should know about these settings (printed by the CLI)."""
        out: list[str] = []
        if self.credentials_removed:
            out.append(
                "接口地址中的用户名和密码已去掉，不会发送、显示或记录；密钥请用 --api-key 或 "
                "OPENAI_API_KEY / the user name and password in the base URL were removed (never "
                "sent, printed or logged); give the key with --api-key or OPENAI_API_KEY"
            )
        if self.base_url is not None and mask_query_secrets(self.base_url) != self.base_url:
            out.append(
                "接口地址的查询参数中含有密钥（如 ?key=），照常发送给接口，但显示、日志和 draft.json "
                "中一律隐去；更稳妥的做法是用 --api-key 或 NIANBAO_API_KEY / the base URL carries a "
                "secret in its query (e.g. ?key=): it is sent to the endpoint but masked wherever the "
                "URL is shown, logged or saved; prefer --api-key or NIANBAO_API_KEY"
            )
        return out

    def prompt_too_large(self, prompt_chars: int) -> str | None:
        """A warning when a prompt of `prompt_chars` characters (about one token each in
        Chinese) plus the answer's `max_tokens` would not fit the model's context."""
        if prompt_chars + self.max_tokens <= self.context_tokens:
            return None
        return (
            f"提示约 {prompt_chars} 字，加上回答上限 {self.max_tokens} token，可能超出模型上下文 "
            f"{self.context_tokens} token（NIANBAO_CONTEXT_TOKENS）；请精简要点（notes）/ the prompt "
            f"(~{prompt_chars} characters) plus max_tokens may exceed the model's context of "
            f"{self.context_tokens} tokens: shorten the notes"
        )

    @property
    def configured(self) -> bool:
        """Whether a model endpoint is configured (else the built-in writer drafts)."""
        return not self.offline and (self.base_url is not None or self.api_key is not None)

    @property
    def model_name(self) -> str:
        return self.model or DEFAULT_MODEL

    def describe(self) -> str:
        """The endpoint in words, without the key."""
        if not self.configured:
            return "内置写作器 / built-in writer"
        return f"{self.model_name} @ {mask_query_secrets(self.base_url or 'api.openai.com')}"


def resolve_settings(
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    offline: bool = False,
    env: Mapping[str, str] | None = None,
    **options: object,
) -> ModelSettings:
    """Settings from explicit values, then NIANBAO_MODEL / NIANBAO_BASE_URL / NIANBAO_API_KEY,
    then OPENAI_BASE_URL / OPENAI_API_KEY."""
    env = os.environ if env is None else env

    def pick(value: str | None, *names: str) -> str | None:
        if value:
            return value
        for n in names:
            if env.get(n):
                return env[n]
        return None

    key = pick(api_key, "NIANBAO_API_KEY", "OPENAI_API_KEY")
    url = pick(base_url, "NIANBAO_BASE_URL", "OPENAI_BASE_URL")
    name = pick(model, "NIANBAO_MODEL")
    extra = {k: v for k, v in options.items() if v is not None}
    method = pick(None, "NIANBAO_METHOD")
    if method and "method" not in extra:
        extra["method"] = method
    context = pick(None, "NIANBAO_CONTEXT_TOKENS")
    if context and "context_tokens" not in extra:
        extra["context_tokens"] = context
    try:
        return ModelSettings(
            model=name,
            base_url=url,
            api_key=SecretStr(key) if key else None,
            offline=offline or bool(env.get("NIANBAO_OFFLINE")),
            **extra,
        )
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        # the input value is not echoed: it could be the key
        raise SettingsError(
            f"模型设置无效：{where}：{first['msg']} / invalid model setting {where}"
        ) from None
