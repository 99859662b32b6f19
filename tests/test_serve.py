"""``kit serve``: the Voilà configuration it writes, who may come in, the links it prints, and
the CLI's call. The real server, in Chromium, is tested in tests/browser/test_serve.py."""

from __future__ import annotations

import json
import re
import signal
import socket
from pathlib import Path

import pytest

from kit import cli
from kit.errors import KitError
from kit.resources import WORKBOOKS
from kit.serve import access, config, gate, links, serve_workshop, server

# --- the configuration --------------------------------------------------------------------


@pytest.mark.parametrize(("participants", "pool"), [(0, 0), (1, 3), (2, 4), (8, 10), (18, 20), (60, 20), (-3, 0)])
def test_pool_holds_a_kernel_per_participant_and_two_spare_up_to_the_cap(participants, pool):
    assert config.pool_size(participants) == pool
    assert config.MAX_POOL == 20 and config.SPARE == 2


def _filled(**kwargs) -> dict:
    values = dict(root=WORKBOOKS, participants=8, host="127.0.0.1", port=8899, passcode="")
    return config.voila_config(**{**values, **kwargs})


def test_config_preheats_the_scoring_app_sized_from_participants_and_one_board_and_summary():
    c = _filled(participants=12)
    assert c["VoilaConfiguration"]["preheat_kernel"] is True
    assert c["VoilaConfiguration"]["default_pool_size"] == 0
    pools = c["VoilaKernelManager"]["kernel_pools_config"]
    assert pools == {"default": {"pool_size": 0}, "apps/scoring.ipynb": {"pool_size": 14},
                     "apps/live.ipynb": {"pool_size": 1}, "05_executive_summary.ipynb": {"pool_size": 1}}
    assert config.warm_kernels(c) == 16
    assert all((WORKBOOKS / page).is_file() for page in config.SINGLE_POOLS)
    assert (WORKBOOKS / "apps" / "scoring.ipynb").is_file()  # the pool's key names a real notebook
    assert c["VoilaKernelManager"]["fill_delay"] == 30  # refills wait until the rush has passed
    assert _filled(participants=100)["VoilaKernelManager"]["kernel_pools_config"]["apps/scoring.ipynb"] == {
        "pool_size": config.MAX_POOL}


def test_config_survives_a_loaded_machine_culls_idle_kernels_and_hides_code():
    c = _filled()
    assert c["VoilaExecutor"]["iopub_timeout"] == 120
    assert c["MappingKernelManager"] == {"cull_idle_timeout": 900, "cull_interval": 60, "cull_connected": False}
    assert c["VoilaConfiguration"]["strip_sources"] is True
    assert c["VoilaConfiguration"]["show_tracebacks"] is False
    assert c["VoilaConfiguration"]["template"] == "kit"


def test_kernels_use_socket_files_except_on_windows():
    """Eight kernels started at once on TCP ports: one lost its port to another process and died
    (jupyter_client #487), leaving a dead kernel in the pool; socket files cannot collide."""
    assert _filled(ipc=True)["KernelManager"] == {"transport": "ipc"}
    assert _filled(ipc=False)["KernelManager"] == {"transport": "tcp"}


def test_config_carries_address_port_workbooks_and_passcode():
    c = _filled(host="0.0.0.0", port=9001, passcode="k7m-q3p")
    assert c["Voila"]["ip"] == "0.0.0.0" and c["Voila"]["port"] == 9001
    assert c["Voila"]["port_retries"] == 0  # another port would make the printed links wrong
    assert c["Voila"]["root_dir"] == str(WORKBOOKS.resolve())
    assert c["Voila"]["token"] == "k7m-q3p"
    assert c["Voila"]["open_browser"] is False
    assert c["Voila"]["identity_provider_class"] == "kit.serve.gate.PasscodeGate"
    # filling in one run leaves the shipped file as it was
    assert json.loads(config.SHIPPED_CONFIG.read_text())["Voila"]["token"] == ""


def test_every_traitlet_in_the_shipped_config_exists():
    """A misspelt name in voila.json would be ignored by traitlets, silently."""
    from jupyter_client.manager import KernelManager
    from jupyter_server.services.kernels.kernelmanager import (
        AsyncMappingKernelManager,
        MappingKernelManager,
    )
    from voila.app import Voila
    from voila.configuration import VoilaConfiguration
    from voila.execute import VoilaExecutor
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    classes = {"Voila": Voila, "VoilaConfiguration": VoilaConfiguration, "VoilaExecutor": VoilaExecutor,
               "MappingKernelManager": MappingKernelManager, "KernelManager": KernelManager,
               "VoilaKernelManager": voila_kernel_manager_factory(AsyncMappingKernelManager, True, 0)}
    shipped = json.loads(config.SHIPPED_CONFIG.read_text())
    assert set(shipped) == set(classes)
    for section, values in shipped.items():
        assert classes[section].__name__ == section
        traits = classes[section].class_traits(config=True)
        for name in values:
            assert name in traits, f"{section}.{name} is not a configurable traitlet"


def test_voila_reads_the_written_config_and_finds_the_kit_template(tmp_path, monkeypatch):
    from voila.app import Voila

    path = config.write_config(_filled(participants=3), tmp_path / "run")
    assert path == tmp_path / "run" / "voila.json" and path.stat().st_mode & 0o077 == 0
    monkeypatch.setenv("JUPYTER_PATH", server.kernel_environment(tmp_path)["JUPYTER_PATH"])
    sigterm = signal.getsignal(signal.SIGTERM)
    try:
        app = Voila(config_file_paths=[str(path.parent)])
        app.initialize([])
    finally:
        signal.signal(signal.SIGTERM, sigterm)  # Voilà installs its own
    assert app.port == 8899 and app.ip == "127.0.0.1" and app.root_dir == str(WORKBOOKS.resolve())
    assert app.voila_configuration.template == "kit" and app.voila_configuration.preheat_kernel
    assert str(config.PAGE_TEMPLATES / "voila" / "templates" / "kit") in app.template_paths
    assert app.config.VoilaKernelManager.kernel_pools_config["apps/scoring.ipynb"] == {"pool_size": 5}
    assert app.config.VoilaExecutor.iopub_timeout == 120


def test_kit_page_is_voilas_lab_page_without_its_cdn_stylesheets():
    """The kit's template repeats one block of Voilà's; this catches a Voilà upgrade changing it."""
    import voila.paths

    ours = (config.PAGE_TEMPLATES / "voila" / "templates" / "kit" / "index.html.j2").read_text()
    lab = next(Path(p) / "index.html.j2" for p in voila.paths.collect_template_paths(["voila"], "lab", prune=True)
               if (Path(p) / "index.html.j2").is_file())

    def block(text: str) -> list[str]:
        body = text[text.index("{%- block notebook_css -%}"):text.index("{%- endblock notebook_css -%}")]
        return [line.strip() for line in body.splitlines() if line.strip()]

    theirs = block(lab.read_text())
    links_out = [line for line in theirs if "cdn.jsdelivr.net" not in line]
    assert len(theirs) - len(links_out) == 2  # Font Awesome's all.min.css and v4-shims.min.css
    assert block(ours) == [line if line != "{{ super() }}" else "{{ super.super() }}" for line in links_out]
    assert "https://" not in ours.split("-#}", 1)[1]
    assert json.loads((config.PAGE_TEMPLATES / "voila" / "templates" / "kit" / "conf.json").read_text()) == {
        "base_template": "lab"}


# --- who may come in ------------------------------------------------------------------------

def test_loopback_needs_no_passcode_but_may_have_one():
    assert access.decide_access("127.0.0.1") == access.Access("", "")
    assert access.decide_access("localhost", "tea-time") == access.Access("tea-time", "")


def test_every_network_requires_a_passcode_and_warns():
    got = access.decide_access("0.0.0.0")
    assert re.fullmatch(f"[{access.ALPHABET}]{{3}}-[{access.ALPHABET}]{{3}}", got.passcode)
    assert got.warning.startswith("warning: serving on every network of this machine")
    assert got.passcode in got.warning
    given = access.decide_access("0.0.0.0", " k7m-q3p ")
    assert given.passcode == "k7m-q3p" and "k7m-q3p" in given.warning
    assert access.decide_access("192.168.1.20").passcode  # one particular address: same rule
    with pytest.raises(KitError, match="--passcode is empty"):
        access.decide_access("0.0.0.0", "  ")


def test_passcodes_are_new_each_time_and_easy_to_read_aloud():
    codes = {access.new_passcode() for _ in range(30)}
    assert len(codes) > 25
    assert not set("".join(codes)) & set("0o1liIbcdegptvz")


def test_a_passcode_typed_as_heard_is_accepted():
    assert access.same_passcode("K7M Q3P", "k7m-q3p") and access.same_passcode("k7mq3p", "k7m-q3p")
    assert not access.same_passcode("k7m-q3x", "k7m-q3p")
    assert not access.same_passcode("", "")  # no passcode: nothing to type


class _Form:
    def __init__(self, typed: str):
        self.typed = typed

    def get_argument(self, name, default=None):
        return self.typed if name == "password" else default


def test_gate_asks_for_the_passcode_only_when_there_is_one():
    shut = gate.PasscodeGate(token="k7m-q3p")
    assert shut.auth_enabled and shut.login_available
    assert shut.get_handlers() == [(r"/login", gate.AskForLinkHandler)]
    assert shut.process_login_form(_Form("nope")) is None
    open_ = gate.PasscodeGate(token="")
    assert not open_.auth_enabled and open_.get_handlers() == []
    page = gate.GATE_PAGE.read_text()
    assert "Ask your facilitator for the link" in page and "https://" not in page and "http://" not in page


def test_gate_lets_the_typed_passcode_in_and_never_changes_a_password():
    import logging

    from jupyter_server.auth.identity import PasswordIdentityProvider

    shut = gate.PasscodeGate(token="k7m-q3p")

    class Handler(_Form):
        log = logging.getLogger("test")

    user = shut.process_login_form(Handler("K7M-Q3P"))
    assert user is not None and user.username
    # Voilà's default provider writes a new password to a config file when a form asks it to
    assert not isinstance(shut, PasswordIdentityProvider)


# --- links and QR ---------------------------------------------------------------------------

def test_links_carry_the_passcode_and_personal_names():
    got = links.Links("http://10.0.0.5:8866", "k7m-q3p")
    assert got.participant == "http://10.0.0.5:8866/voila/render/apps/scoring.ipynb?token=k7m-q3p"
    assert got.personal("Nora Quist", "it") == ("http://10.0.0.5:8866/voila/render/apps/scoring.ipynb"
                                                 "?participant=Nora%20Quist&role=it&token=k7m-q3p")
    assert got.live == "http://10.0.0.5:8866/voila/render/apps/live.ipynb?token=k7m-q3p"
    assert got.summary == "http://10.0.0.5:8866/voila/render/05_executive_summary.ipynb?token=k7m-q3p"
    assert links.Links("http://127.0.0.1:8866").participant.endswith("/apps/scoring.ipynb")
    for page in (config.LIVE_BOARD, config.SUMMARY):
        assert (WORKBOOKS / page).is_file()


def test_public_host_is_the_address_given_or_this_machines_on_its_network():
    assert links.public_host("127.0.0.1") == "127.0.0.1"
    assert links.public_host("192.168.1.20") == "192.168.1.20"
    found = links.public_host("0.0.0.0")
    assert found and found != "0.0.0.0"


def test_qr_code_is_written_as_svg_and_png(tmp_path):
    svg = links.write_qr("http://10.0.0.5:8866/voila/render/apps/scoring.ipynb?token=k7m-q3p", tmp_path / "run")
    assert svg == tmp_path / "run" / "participant-link.svg"
    assert "<svg" in svg.read_text()[:200]
    assert (tmp_path / "run" / "participant-link.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- the kernels' environment and the port -------------------------------------------------

def test_kernels_get_the_served_workshop_and_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    env = server.kernel_environment(Path("ws"), store="contributions.sqlite")
    assert env["KIT_SERVED_WORKSHOP"] == str(tmp_path / "ws")
    assert env["KIT_STORE"] == str(tmp_path / "contributions.sqlite")  # kernels run in the workbooks' folders
    assert env["JUPYTER_PATH"].split(":") == [str(config.PAGE_TEMPLATES), "/elsewhere"]
    assert "VOILA_APP_IP" not in env
    url = "postgresql+psycopg://kit@db/workshop"
    assert server.kernel_environment(tmp_path, store=url)["KIT_STORE"] == url
    assert "KIT_STORE" not in server.kernel_environment(tmp_path)
    assert "VOILA_APP_IP" not in server.kernel_environment(tmp_path, host="0.0.0.0")
    # a warm kernel asks the server for its page's address at the address it listens on
    assert server.kernel_environment(tmp_path, host="192.168.1.20")["VOILA_APP_IP"] == "192.168.1.20"


def test_what_voila_sets_per_page_is_never_inherited_by_the_kernels(tmp_path):
    """A ``QUERY_STRING`` left in the environment made every warm kernel believe its page had
    come: the pool never warm and no personal link filled in."""
    environ = {"QUERY_STRING": "", "VOILA_PREHEAT": "True", "SERVER_NAME": "x", "PATH": "/usr/bin", "KEEP": "1"}
    server.prepare_environment(server.kernel_environment(tmp_path), environ)
    assert not set(server.PAGE_VARIABLES) & set(environ)
    assert environ["PATH"] == "/usr/bin" and environ["KEEP"] == "1"
    assert environ["KIT_SERVED_WORKSHOP"] == str(tmp_path.resolve())


def test_a_proxy_is_never_asked_for_the_server_itself(tmp_path):
    """Behind ``http_proxy`` (a corporate laptop, a hosted runner) warm kernels must reach Voilà
    directly: the websockets client they ask for their page with honours the proxy variables."""
    import urllib.request

    proxied = {"http_proxy": "http://proxy.corp:3128", "https_proxy": "http://proxy.corp:3128",
               "no_proxy": "intranet.corp"}
    env = server.kernel_environment(tmp_path, host="192.168.1.20", environ=proxied)
    assert env["no_proxy"] == "intranet.corp,127.0.0.1,localhost,::1,192.168.1.20"  # what was there is kept
    assert env["NO_PROXY"] == "127.0.0.1,localhost,::1,192.168.1.20"
    assert "0.0.0.0" not in server.kernel_environment(tmp_path, host="0.0.0.0", environ=proxied)["no_proxy"]
    for address in ("127.0.0.1:8866", "localhost:8866", "192.168.1.20:8866"):
        assert urllib.request.proxy_bypass_environment(address, proxies={"no": env["no_proxy"]})
    assert not urllib.request.proxy_bypass_environment("example.org:80", proxies={"no": env["no_proxy"]})


def test_a_taken_port_is_an_error_with_a_fix():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(KitError, match=f"cannot listen on 127.0.0.1:{port}.*--port {port + 1}"):
            server.check_port("127.0.0.1", port)


# --- the recipe and the CLI -----------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_on_every_network_prints_warning_passcode_links_and_qr(demo_copy, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr("kit.serve.run_voila", lambda config_file, env, **kw: calls.append((config_file, env, kw)) or 0)
    port = _free_port()
    assert serve_workshop(demo_copy, participants=30, host="0.0.0.0", port=port) == 0
    out, err = capsys.readouterr()
    (config_file, env, kw), = calls
    written = json.loads(config_file.read_text())
    passcode = written["Voila"]["token"]
    assert passcode and config_file == demo_copy / "serve" / "voila.json"
    assert err.startswith("warning: serving on every network") and passcode in err
    assert f"passcode  {passcode}" in out
    base = f"http://{links.public_host('0.0.0.0')}:{port}/voila/render/"
    for page in ("apps/scoring.ipynb", "apps/live.ipynb", "05_executive_summary.ipynb"):
        assert f"{base}{page}?token={passcode}" in out
    assert f"{base}apps/scoring.ipynb?participant=NAME&token={passcode}" in out
    assert str(demo_copy / "serve" / "participant-link.svg") in out and "▀" in out  # the QR, in the terminal
    assert "20 kernels kept warm for the scoring app (at most 20: later arrivals wait" in out
    assert "Nordhavn Freight & Logistics" in out
    assert env["KIT_SERVED_WORKSHOP"] == str(demo_copy) and kw["warm"] == 22  # + the live board and the summary
    assert (demo_copy / "serve" / "participant-link.png").is_file()


def test_serve_on_loopback_asks_no_passcode(demo_copy, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr("kit.serve.run_voila", lambda *a, **kw: calls.append(kw) or 0)
    port = _free_port()
    serve_workshop(demo_copy, participants=2, port=port)
    out, err = capsys.readouterr()
    assert err == "" and "passcode" not in out and "token=" not in out
    assert f"http://127.0.0.1:{port}/voila/render/apps/scoring.ipynb\n" in out
    assert json.loads((demo_copy / "serve" / "voila.json").read_text())["Voila"]["token"] == ""
    assert "4 kernels kept warm for the scoring app (2 spare), and one each for the live board and the executive " \
           "summary" in out and calls[0]["warm"] == 6
    assert calls[0]["detail"] == "4 for the scoring app, 2 for the live board and the summary"


def test_serve_stops_at_a_workshop_with_problems_before_starting_anything(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("kit.serve.run_voila", lambda *a, **kw: pytest.fail("Voilà started"))
    assert cli.main(["serve", str(tmp_path / "nowhere")]) == 2
    assert "workshop folder not found" in capsys.readouterr().err


def test_cli_serve_delegates_with_its_arguments(monkeypatch):
    calls = []
    monkeypatch.setattr("kit.serve.serve_workshop", lambda workshop, **kw: calls.append((workshop, kw)) or 0)
    assert cli.main(["serve", "workshops/acme", "--participants", "12", "--host", "0.0.0.0", "--port", "9000",
                     "--store", "postgresql+psycopg://db/acme", "--passcode", "tea-time"]) == 0
    assert cli.main(["serve", "workshops/acme"]) == 0
    assert calls == [
        ("workshops/acme", dict(participants=12, host="0.0.0.0", port=9000, store="postgresql+psycopg://db/acme",
                                passcode="tea-time")),
        ("workshops/acme", dict(participants=8, host="127.0.0.1", port=8866, store=None, passcode=None)),
    ]


def test_cli_help_lists_serve(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert re.search(r"serve\s+serve the apps and workbooks", capsys.readouterr().out)


def test_the_wheel_carries_every_file_kit_serve_reads():
    """``kit serve`` reads its configuration, page template and gate page from the templates
    folder; pyproject's package-data globs must cover each, or installed users lose them
    (tests/test_wheel.py builds the wheel itself)."""
    import glob
    import tomllib

    from tests.conftest import ROOT

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    templates = ROOT / "templates"
    # each folder of kit.templates is a package of its own, with its own patterns
    shipped = {Path(p) for package, globs in data.items() if package.startswith("kit.templates")
               for pattern in globs
               for p in glob.glob(str(templates.joinpath(*package.split(".")[2:]) / pattern))}
    needed = {p for p in (templates / "voila").rglob("*") if p.is_file()}
    assert needed and needed <= shipped, sorted(str(p) for p in needed - shipped)
    for path in (config.SHIPPED_CONFIG, config.PAGE_TEMPLATES / "voila" / "templates" / "kit" / "index.html.j2",
                 gate.GATE_PAGE):
        assert path in needed
