"""A local fake of GOV.UK Notify's API (POST /v2/notifications/email and /sms): a small HTTP
server on 127.0.0.1 that records what the client sends and answers as Notify does."""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeNotify:
    received: list[Received] = field(default_factory=list)
    # The status of the next answers, in order; 201 once they run out.
    statuses: list[int] = field(default_factory=list)
    url: str = ""

    def answer(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        status = self.statuses.pop(0) if self.statuses else 201
        if status == 201:
            return 201, {
                "id": str(uuid.uuid4()),
                "reference": body.get("reference"),
                "content": {"body": "...", "subject": "..."},
                "template": {"id": body["template_id"], "version": 1, "uri": "..."},
                "uri": f"{self.url}{path}",
            }
        error = {400: "BadRequestError", 403: "AuthError", 429: "RateLimitError"}.get(
            status, "Exception"
        )
        return status, {
            "status_code": status,
            "errors": [{"error": error, "message": "the fake Notify refused it"}],
        }


def start() -> tuple[FakeNotify, ThreadingHTTPServer]:
    fake = FakeNotify()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.received.append(Received(self.path, dict(self.headers), body))
            status, answer = fake.answer(self.path, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server
