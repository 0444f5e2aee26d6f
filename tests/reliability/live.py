"""A portal served by a real process in a test: a free port, a browser's cookie jar, waiting for /healthz."""

import http.client
import re
import socket
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """A person's browser: one cookie jar, used against either instance."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        headers = {**(headers or {}), "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, port, path):
        return self.request(port, "GET", path)

    def submit(self, port, form_path, action, fields):
        """Load a page for its CSRF token, then post a form to `action` as a browser would."""
        _, _, page = self.get(port, form_path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode({**fields, "csrfmiddlewaretoken": token})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request(port, "POST", action, body=body, headers=headers)


def wait_until_healthy(port, process, log_path, seconds=30):
    """Wait until the server on `port` answers /healthz with 200; fail with its log if it exits or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server on port {port} exited:\n{log_path.read_text()[-3000:]}")
        try:
            if Browser().get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server on port {port} did not become healthy:\n{log_path.read_text()[-3000:]}")
