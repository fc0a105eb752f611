"""The model call, through langchain (`langchain-core` + `langchain-openai`'s `ChatOpenAI`).

The only module that imports langchain or openai. `chat_model(settings)` is the one factory of
the chat model; `ModelClient` asks one question in one of four ways (`settings.METHODS`) and
returns the answer's text (message content, or the tool call's arguments) with its token counts.
Any OpenAI-compatible endpoint works (OpenAI, DeepSeek, Qwen/DashScope, vLLM, Ollama, llama.cpp).

Tests inject a langchain fake chat model at `ModelClient(model=…)` (the `text` and `json_mode`
methods only use `ainvoke`), or point the real `ChatOpenAI` at a stub server on 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any, Literal

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel

from .settings import Method, ModelSettings, strip_url_credentials

__all__ = ["Answer", "CallError", "ModelClient", "ResponseTooLarge", "chat_model", "redact"]

ErrorKind = Literal[
    "auth",
    "timeout",
    "rate_limit",
    "http",
    "connection",
    "refused_method",
    "bad_response",
    "length",
    "other",
]

MAX_ANSWER_CHARS = 30_000
"""An answer longer than this is refused unread (a part is a few thousand characters)."""


class Answer(BaseModel):
    """What the model said, as text (content or tool-call arguments)."""

    text: str
    input_tokens: int | None = None
    output_tokens: int | None = None
    latency_ms: int = 0
    method: Method


class CallError(Exception):
    """A call that failed after the SDK's retries; the message never contains the API key."""

    def __init__(self, kind: ErrorKind, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


def redact(text: str, settings: ModelSettings) -> str:
    """`text` without the API key (or anything shaped like one)."""
    if settings.api_key is not None:
        secret = settings.api_key.get_secret_value()
        if secret:
            text = text.replace(secret, "***")
    text = re.sub(r"\b(sk|key|Bearer)[-_ ][A-Za-z0-9_\-]{8,}", r"\1-***", text)
    return strip_url_credentials(text)  # user:pass@ in any URL


def chat_model(settings: ModelSettings, http_async_client: Any = None) -> BaseChatModel:
    """The chat model for `settings`: `ChatOpenAI` with an explicit timeout and retries.

    `max_tokens` goes in `extra_body` because local servers ignore `max_completion_tokens`.
    """
    from langchain_openai import ChatOpenAI

    key = settings.api_key.get_secret_value() if settings.api_key is not None else "not-needed"
    base_url, query = _split_query(settings.base_url)
    return ChatOpenAI(
        model=settings.model_name,
        base_url=base_url,
        default_query=query,
        api_key=key,
        temperature=settings.temperature,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        extra_body={"max_tokens": settings.max_tokens},
        http_async_client=http_async_client,
    )


def _split_query(url: str | None) -> tuple[str | None, dict[str, str] | None]:
    """A base URL's query (`https://gw/v1?key=…`, a gateway that takes the key there) as the
    client's default query parameters: the SDK appends paths to the base URL, which would put
    `/chat/completions` inside the query. The URL without it, and the parameters (or None)."""
    from urllib.parse import parse_qsl, urlsplit, urlunsplit

    if not url or "?" not in url:
        return url, None
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit(parts._replace(query="", fragment="")), query or None


def _messages(messages: list[tuple[str, str]]) -> list[BaseMessage]:
    out: list[BaseMessage] = []
    for role, text in messages:
        if role == "system":
            out.append(SystemMessage(text))
        elif role == "assistant":
            out.append(AIMessage(text))
        else:
            out.append(HumanMessage(text))
    return out


def _text_of(message: Any) -> str:
    """The answer text of an AIMessage: tool-call arguments first, else the content."""
    if not isinstance(message, AIMessage):
        return str(message)
    if message.tool_calls:
        return json.dumps(message.tool_calls[0]["args"], ensure_ascii=False)
    if message.invalid_tool_calls:
        return str(message.invalid_tool_calls[0].get("args") or "")
    content = message.content
    if isinstance(content, list):
        return "".join(c if isinstance(c, str) else str(c.get("text", "")) for c in content)
    return str(content)


def _json_schema(schema: type[BaseModel]) -> dict[str, Any]:
    from langchain_core.utils.function_calling import convert_to_openai_tool

    tool = convert_to_openai_tool(schema, strict=True)
    return {
        "type": "json_schema",
        "json_schema": {
            "name": schema.__name__,
            "schema": tool["function"]["parameters"],
            "strict": True,
        },
    }


class ResponseTooLarge(Exception):
    """The answer's body passed `ModelSettings.max_response_bytes`: refused, not read on."""


def _bounded_http_client(settings: ModelSettings) -> Any:
    """The HTTP client of a run: every request must be over within `settings.timeout` seconds
    in total (httpx's own timeout is per read: a server sending a byte a second would hold a
    run until the total timeout), and its body within `settings.max_response_bytes`."""
    import asyncio

    import httpx2 as httpx  # the HTTP library of openai 3.x
    import openai

    deadline, cap = settings.timeout, settings.max_response_bytes

    class BoundedStream(httpx.AsyncByteStream):
        def __init__(self, inner: Any, end: float, request: httpx.Request) -> None:
            self.inner, self.end, self.request = inner, end, request

        async def __aiter__(self) -> Any:
            chunks = self.inner.__aiter__()
            total = 0
            while True:
                left = self.end - time.monotonic()
                try:
                    if left <= 0:
                        raise TimeoutError
                    chunk = await asyncio.wait_for(chunks.__anext__(), left)
                except StopAsyncIteration:
                    return
                except TimeoutError:
                    raise httpx.ReadTimeout(
                        f"request deadline of {deadline:g}s passed", request=self.request
                    ) from None
                total += len(chunk)
                if total > cap:
                    raise ResponseTooLarge(f"answer body over {cap} bytes")
                yield chunk

        async def aclose(self) -> None:
            await self.inner.aclose()

    class BoundedTransport(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.AsyncHTTPTransport(limits=openai.DEFAULT_CONNECTION_LIMITS)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            end = time.monotonic() + deadline
            try:
                response = await asyncio.wait_for(
                    self.inner.handle_async_request(request), deadline
                )
            except TimeoutError:
                raise httpx.ReadTimeout(
                    f"request deadline of {deadline:g}s passed", request=request
                ) from None
            length = response.headers.get("content-length")
            if length and length.isdigit() and int(length) > cap:
                await response.aclose()
                raise ResponseTooLarge(f"answer body of {length} bytes, over {cap}")
            response.stream = BoundedStream(response.stream, end, request)
            return response

        async def aclose(self) -> None:
            await self.inner.aclose()

    return openai.DefaultAsyncHttpxClient(transport=BoundedTransport())


def _too_large(e: BaseException) -> bool:
    cur: BaseException | None = e
    for _ in range(10):
        if cur is None:
            return False
        if isinstance(cur, ResponseTooLarge):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


class ModelClient:
    """One run's connection to the model (a fresh HTTP client, closed by `aclose`)."""

    def __init__(self, settings: ModelSettings, model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self._http: Any = None
        if model is None:
            self._http = _bounded_http_client(settings)
            model = chat_model(settings, self._http)
        self.model = model

    @property
    def name(self) -> str:
        return str(getattr(self.model, "model_name", None) or self.settings.model_name)

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    async def ask(
        self, messages: list[tuple[str, str]], schema: type[BaseModel], method: Method
    ) -> Answer:
        """Ask once; raise `CallError` (kind `refused_method` when the server rejects the method)."""
        import openai

        msgs = _messages(messages)
        start = time.monotonic()
        try:
            if method == "text":
                raw: Any = await self.model.ainvoke(msgs)
            elif method == "json_mode":
                raw = await self.model.bind(response_format={"type": "json_object"}).ainvoke(msgs)
            elif method == "json_schema":
                # a plain dict, so that the SDK does not parse (and raise on) a malformed answer:
                # the text goes back to the model with what is wrong with it
                raw = await self.model.bind(response_format=_json_schema(schema)).ainvoke(msgs)
            else:
                runnable = self.model.with_structured_output(
                    schema, method=method, include_raw=True
                )
                result: Any = await runnable.ainvoke(msgs)
                raw = result["raw"]
        except openai.APITimeoutError:
            raise CallError(
                "timeout", f"请求超时（{self.settings.timeout:g}秒）/ request timed out"
            ) from None
        except (openai.AuthenticationError, openai.PermissionDeniedError) as e:
            raise CallError(
                "auth",
                f"API 密钥无效或无权限（HTTP {e.status_code}）/ the API key was rejected",
                e.status_code,
            ) from None
        except openai.RateLimitError as e:
            raise CallError(
                "rate_limit",
                f"请求过于频繁，重试后仍被拒绝（HTTP 429）/ rate limited: {self._msg(e)}",
                429,
            ) from None
        except (openai.BadRequestError, openai.UnprocessableEntityError, openai.NotFoundError) as e:
            kind: ErrorKind = "refused_method" if method != "text" else "http"
            raise CallError(kind, f"HTTP {e.status_code}: {self._msg(e)}", e.status_code) from None
        except openai.InternalServerError as e:
            # llama.cpp answers a json_schema request it cannot handle with HTTP 500; 502/503/504
            # are an unavailable server (retried by the SDK), not a refused method
            kind = (
                "refused_method"
                if e.status_code == 500 and method in ("json_schema", "function_calling")
                else "http"
            )
            raise CallError(
                kind,
                f"模型服务出错（HTTP {e.status_code}）/ server error: {self._msg(e)}",
                e.status_code,
            ) from None
        except openai.APIStatusError as e:
            raise CallError(
                "http", f"HTTP {e.status_code}: {self._msg(e)}", e.status_code
            ) from None
        except openai.APIConnectionError as e:
            if _too_large(e):
                raise self._too_large() from None
            raise CallError("connection", self._connection_message(e)) from None
        except openai.LengthFinishReasonError:
            raise CallError(
                "length",
                f"回答达到长度上限（max_tokens={self.settings.max_tokens}）被截断 / "
                "the answer was cut off at the length limit",
            ) from None
        except NotImplementedError:
            raise CallError(
                "refused_method", f"该模型不支持 {method} / {method} not supported"
            ) from None
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as e:
            # a body that is not a chat completion: truncated or malformed JSON, an HTML error
            # page, an event stream nobody asked for, a completion without choices
            raise CallError(
                "bad_response",
                "模型服务返回的内容不是有效的回答 / the endpoint's answer could not be read "
                f"({type(e).__name__}: {self._msg(e)[:120]})",
            ) from None
        except Exception as e:
            if _too_large(e):
                raise self._too_large() from None
            raise CallError("other", f"{type(e).__name__}: {self._msg(e)}") from None
        usage = getattr(raw, "usage_metadata", None) or {}
        text = _text_of(raw)
        if len(text) > MAX_ANSWER_CHARS:
            raise CallError(
                "length",
                f"回答过长（{len(text)}字，上限{MAX_ANSWER_CHARS}字）/ the answer is far over the "
                "length limit",
            )
        return Answer(
            text=text,
            input_tokens=usage.get("input_tokens"),
            output_tokens=usage.get("output_tokens"),
            latency_ms=int((time.monotonic() - start) * 1000),
            method=method,
        )

    def _too_large(self) -> CallError:
        return CallError(
            "length",
            f"回答的数据量超过上限（{self.settings.max_response_bytes} 字节），未读取 / "
            "the answer's body is over the size limit: refused",
        )

    def _msg(self, e: BaseException) -> str:
        return redact(str(e), self.settings)[:300]

    def _connection_message(self, e: BaseException) -> str:
        """What went wrong on the wire, from the innermost cause (DNS, refused, cut off)."""
        import socket

        chain: list[BaseException] = []
        cur: BaseException | None = e
        while cur is not None and len(chain) < 10:
            chain.append(cur)
            cur = cur.__cause__ or cur.__context__
        names = {type(c).__name__ for c in chain}
        inner = self._msg(chain[-1])[:120]
        if any(isinstance(c, socket.gaierror) for c in chain):
            head = "无法解析模型服务的主机名 / cannot resolve the endpoint's host name"
        elif any(isinstance(c, ConnectionRefusedError) for c in chain):
            head = "连接被拒绝（服务未启动或地址端口有误）/ connection refused"
        elif "RemoteProtocolError" in names or "ReadError" in names:
            head = "连接中断，回答不完整 / the connection broke off before the answer was complete"
        else:
            head = "无法连接模型服务 / cannot connect to the endpoint"
        return f"{head} ({inner})"
