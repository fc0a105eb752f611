"""A scripted OpenAI-compatible server on 127.0.0.1 for tests and benchmarks (no network).

Speaks `POST /v1/chat/completions` (JSON; streaming is not used by nianbao). Each request is
answered by a script: a callable that receives the request body and the request's index and
returns a `Reply` (status, JSON or raw body, extra headers, latency). Helpers build realistic
answers in the shape the request asked for: a forced tool call when the request carries
`tools`, otherwise the JSON (or text) as the message content.

    with StubServer(lambda body, n: answer(body, {"sections": [...]})) as stub:
        settings = ModelSettings(base_url=stub.url, api_key="test", model="stub")
        ...
        stub.requests   # every request body received, in order
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Reply", "StubServer", "answer", "completion", "error", "part_of"]


@dataclass
class Reply:
    status: int = 200
    json: dict[str, Any] | None = None
    body: bytes | None = None  # raw body (malformed answers); wins over `json`
    headers: dict[str, str] = field(default_factory=dict)
    latency: float = 0.0  # seconds to wait before answering
    cut_after: int | None = None  # send the full content-length, then only this many bytes
    drop: bool = False  # close the connection without answering
    stream: list[bytes] | None = None  # chunked body (e.g. SSE events), sent chunk by chunk
    stream_cut: bool = False  # stop mid-stream: no terminating chunk, connection closed
    chunk_delay: float = 0.0  # seconds between chunks of `stream` (a server that drips)


Script = Callable[[dict[str, Any], int], Reply]


def completion(
    content: str | None = None,
    tool_call: tuple[str, str] | None = None,
    model: str = "stub-model",
    prompt_tokens: int = 900,
    completion_tokens: int = 400,
) -> dict[str, Any]:
    """An OpenAI chat-completion body with a text answer or one tool call (name, arguments)."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    finish = "stop"
    if tool_call is not None:
        name, arguments = tool_call
        message["content"] = None
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": name, "arguments": arguments},
            }
        ]
        finish = "tool_calls"
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def answer(request: dict[str, Any], payload: dict[str, Any] | str, latency: float = 0.0) -> Reply:
    """Answer `request` with `payload` in the form it asked for (tool call or content)."""
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    tools = request.get("tools") or []
    if tools:
        name = tools[0]["function"]["name"]
        return Reply(json=completion(tool_call=(name, text)), latency=latency)
    return Reply(json=completion(content=text), latency=latency)


def error(status: int, message: str = "error", retry_after: float | None = None) -> Reply:
    headers = {"retry-after": str(retry_after)} if retry_after is not None else {}
    return Reply(
        status=status,
        json={"error": {"message": message, "type": "server_error", "code": status}},
        headers=headers,
    )


def part_of(request: dict[str, Any]) -> str:
    """Which narrative part a drafting request is about: overview, problems or other."""
    text = "\n".join(
        m["content"] if isinstance(m.get("content"), str) else json.dumps(m.get("content"))
        for m in request.get("messages", [])
        if m.get("role") == "user"
    )
    first = text[:400]
    for key, heading in (
        ("overview", "一、总体情况"),
        ("problems", "五、存在的主要问题及改进情况"),
        ("other", "六、其他需要报告的事项"),
    ):
        if heading in first:
            return key
    return "unknown"


class StubServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) that answers with `script`."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []  # each request's path, with its query
        self.headers: list[dict[str, str]] = []
        self.arrivals: list[float] = []  # time.monotonic() when each request arrived
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {}
                with stub._lock:
                    n = len(stub.requests)
                    stub.requests.append(body)
                    stub.arrivals.append(time.monotonic())
                    stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                stub.paths.append(self.path)
                if not self.path.split("?", 1)[0].rstrip("/").endswith("/chat/completions"):
                    reply = error(404, "not found")
                else:
                    reply = stub.script(body, n)
                if reply.latency:
                    time.sleep(reply.latency)
                try:
                    self._send(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def _send(self, reply: Reply) -> None:
                if reply.drop:
                    self.close_connection = True
                    return
                if reply.stream is not None:
                    self.send_response(reply.status)
                    self.send_header("content-type", "text/event-stream")
                    self.send_header("transfer-encoding", "chunked")
                    self.end_headers()
                    for chunk in reply.stream:
                        if reply.chunk_delay:
                            time.sleep(reply.chunk_delay)
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.flush()
                    if reply.stream_cut:
                        self.close_connection = True
                        return
                    self.wfile.write(b"0\r\n\r\n")
                    return
                data = reply.body if reply.body is not None else json.dumps(reply.json).encode()
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                if reply.cut_after is not None:
                    self.wfile.write(data[: reply.cut_after])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
