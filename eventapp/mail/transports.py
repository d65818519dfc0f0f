"""Where delivered mail goes: an SMTP server, or the log when no MAIL_SERVER is configured."""

from __future__ import annotations

import contextlib
import logging
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any, Protocol

SMTP_TIMEOUT = 30.0  # seconds; well under the delivery lease (delivery.LEASE)


class Transport(Protocol):
    """Hands one message over; returns once it was accepted, raises otherwise."""

    def send(self, message: EmailMessage) -> None: ...


class SmtpTransport:
    """Sends each message over its own SMTP connection (STARTTLS when `use_tls`)."""

    def __init__(
        self,
        host: str,
        port: int = 25,
        use_tls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = SMTP_TIMEOUT,
    ) -> None:
        self.host, self.port, self.use_tls = host, port, use_tls
        self.username, self.password, self.timeout = username, password, timeout

    def send(self, message: EmailMessage) -> None:
        """Deliver `message`; raises smtplib.SMTPException or OSError when it was not accepted."""
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)
        finally:
            # The server has the message once DATA is accepted: a failed QUIT changes nothing.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()
            smtp.close()


class LogTransport:
    """Writes each message, readably, to a logger: development without a mail server."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger
        if logger.level == logging.NOTSET:
            # Shown even when the app does not run in debug mode: this *is* the mail.
            logger.setLevel(logging.INFO)

    def send(self, message: EmailMessage) -> None:
        """Log the headers that matter, the text part and the names of the other parts."""
        body = message.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        parts = [part.get_content_type() for part in message.walk() if not part.is_multipart()]
        self.logger.info(
            "Mail (no MAIL_SERVER set, so written here)\nMessage-ID: %s\nFrom: %s\nTo: %s\n"
            "Subject: %s\nContent-Language: %s\nParts: %s\n\n%s",
            message["Message-ID"], message["From"], message["To"], message["Subject"],
            message["Content-Language"], ", ".join(parts), text,
        )  # fmt: skip


def transport_from_config(config: Mapping[str, Any], logger: logging.Logger) -> Transport:
    """SMTP when MAIL_SERVER is set, else the log."""
    host = config.get("MAIL_SERVER")
    if not host:
        return LogTransport(logger)
    return SmtpTransport(
        host,
        int(config.get("MAIL_PORT") or 25),
        bool(config.get("MAIL_USE_TLS")),
        config.get("MAIL_USERNAME") or None,
        config.get("MAIL_PASSWORD") or None,
    )
