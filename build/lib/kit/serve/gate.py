"""The passcode gate: Voilà's token check, with a page that sends people to their facilitator.

Voilà's server (jupyter_server 2) lets a request in when it carries the token (``?token=``)
or the cookie set by an earlier one. Any other request for a page is redirected to the login
page before any kernel is started; :class:`PasscodeGate` replaces that page with "Ask your
facilitator for the link" (``templates/voila/ask-for-link.html``) and a field for the passcode
read out in the room. Nothing is written: no kernel, no file, no password change.

``kit serve`` names the gate in its configuration (``Voila.identity_provider_class``).
"""

from __future__ import annotations

import html
from string import Template
from typing import Any

from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.auth.login import LoginFormHandler
from jupyter_server.utils import url_path_join
from tornado.escape import url_escape

from ..resources import TEMPLATES
from .access import same_passcode

__all__ = ["GATE_PAGE", "AskForLinkHandler", "PasscodeGate"]

#: The page shown to a request without the passcode.
GATE_PAGE = TEMPLATES / "voila" / "ask-for-link.html"


class AskForLinkHandler(LoginFormHandler):
    """``/login``: "Ask your facilitator for the link", and a passcode field."""

    def _render(self, message: dict[str, str] | None = None) -> None:
        again = ("<p class='problem'>That is not this workshop's passcode. Check it with your "
                 "facilitator.</p>") if message else ""
        target = self.get_argument("next", default=self.base_url)
        action = url_path_join(self.base_url, "login") + "?next=" + url_escape(target)
        page = Template(GATE_PAGE.read_text(encoding="utf-8"))
        self.write(page.substitute(message=again, action=html.escape(action), xsrf=self.xsrf_form_html()))


class PasscodeGate(IdentityProvider):
    """Voilà's identity provider for ``kit serve``: the token is the workshop's passcode.

    With no passcode (``Voila.token`` empty, a loopback server) everyone is let in, as in
    Voilà's default; with one, requests need it in the link, the cookie a link set, or typed
    into the gate page.
    """

    @property
    def auth_enabled(self) -> bool:
        return bool(self.token)

    @property
    def login_available(self) -> bool:
        return bool(self.token)

    def get_handlers(self) -> list[tuple[str, Any]]:
        return [(r"/login", AskForLinkHandler)] if self.token else []

    def process_login_form(self, handler: Any) -> User | None:
        """The passcode typed into the gate, as heard (any case, spaces or dashes)."""
        if same_passcode(handler.get_argument("password", default=""), self.token):
            return self.generate_anonymous_user(handler)
        return None
