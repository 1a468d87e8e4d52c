"""download_model against a real HTTP server on 127.0.0.1 serving a zip built here.

The handler implements Range itself, and can drop the connection half-way (once) or ignore
Range, so resume and restart are exercised over real sockets.
"""

import hashlib
import io
import os
import re
import threading
import urllib.request
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from talkstick.errors import ModelError
from talkstick.hearing.download import Progress, download_model

TOP = "vosk-model-small-xx-0.1"
MODEL_BYTES = os.urandom(300_000)  # incompressible, so the zip is big enough to cut in half


def build_zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


MODEL_ZIP = build_zip({f"{TOP}/am/final.mdl": MODEL_BYTES, f"{TOP}/conf/model.conf": b"--beam=10.0\n",
                       f"{TOP}/README": b"test model\n"})


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        state = self.server.state
        state["requests"].append(self.headers.get("Range"))
        if not self.path.endswith(".zip"):
            self.send_error(404)
            return
        body = state["body"]
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
        if match and state["mode"] != "ignore_range":
            start = int(match[1])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            start = 0
            self.send_response(200)
        chunk = body[start:]
        self.send_header("Content-Length", str(len(chunk)))
        self.end_headers()
        if state["mode"] == "drop_once":
            state["mode"] = "normal"
            chunk = chunk[: len(chunk) // 2]  # promise it all, send half, hang up
        self.wfile.write(chunk)
        state["sent"] += len(chunk)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.state = {"body": MODEL_ZIP, "mode": "normal", "requests": [], "sent": 0}
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/{TOP}.zip"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)
    assert not thread.is_alive()


def fetch(server, root, sha256=None, **kwargs):
    """download_model as the CLI calls it, with no proxy from the environment in the way."""
    sha256 = sha256 or hashlib.sha256(server.state["body"]).hexdigest()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    catalog = {"xx": (server.url, sha256, TOP)}
    return download_model("xx", root, catalog=catalog, opener=opener, timeout=10, **kwargs)


def part_file(root):
    return root / ".partial" / f"{TOP}.zip.part"


def leftovers(root):
    """Anything besides installed models: temp folders, partial downloads."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith("."))


def test_success_installs_the_model_and_reports_progress(server, tmp_path):
    calls = []
    target = fetch(server, tmp_path, progress=lambda done, total: calls.append((done, total)))
    assert target == tmp_path / "xx"
    assert (target / "am" / "final.mdl").read_bytes() == MODEL_BYTES
    assert (target / "conf" / "model.conf").is_file()
    assert leftovers(tmp_path) == []
    size = len(MODEL_ZIP)
    assert calls[-1] == (size, size)
    assert len(calls) >= 2 and all(total == size for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert server.state["requests"] == [None]


def test_checksum_mismatch_deletes_the_download_and_says_both_sums(server, tmp_path):
    wrong = "0" * 64
    with pytest.raises(ModelError) as caught:
        fetch(server, tmp_path, sha256=wrong)
    message = str(caught.value)
    assert wrong in message and hashlib.sha256(MODEL_ZIP).hexdigest() in message
    assert not part_file(tmp_path).exists()
    assert not (tmp_path / "xx").exists()
    assert leftovers(tmp_path) == []


def test_dropped_connection_keeps_the_part_and_the_next_run_resumes(server, tmp_path):
    server.state["mode"] = "drop_once"
    with pytest.raises(ModelError, match="resume"):
        fetch(server, tmp_path)
    half = len(MODEL_ZIP) // 2
    assert part_file(tmp_path).stat().st_size == half
    assert not (tmp_path / "xx").exists()
    sent_before = server.state["sent"]
    target = fetch(server, tmp_path)
    assert (target / "am" / "final.mdl").read_bytes() == MODEL_BYTES
    assert server.state["requests"] == [None, f"bytes={half}-"]
    assert server.state["sent"] - sent_before == len(MODEL_ZIP) - half
    assert leftovers(tmp_path) == []


def test_server_ignoring_range_restarts_from_the_beginning(server, tmp_path):
    part_file(tmp_path).parent.mkdir()
    part_file(tmp_path).write_bytes(b"stale bytes from some other file")
    server.state["mode"] = "ignore_range"
    target = fetch(server, tmp_path)
    assert (target / "am" / "final.mdl").read_bytes() == MODEL_BYTES
    assert server.state["requests"] == ["bytes=32-"]
    assert server.state["sent"] == len(MODEL_ZIP)


def test_complete_part_from_an_interrupted_unpack_is_installed_without_downloading(server, tmp_path):
    part_file(tmp_path).parent.mkdir()
    part_file(tmp_path).write_bytes(MODEL_ZIP)
    target = fetch(server, tmp_path)
    assert (target / "am" / "final.mdl").read_bytes() == MODEL_BYTES
    assert server.state["requests"] == [f"bytes={len(MODEL_ZIP)}-"]
    assert server.state["sent"] == 0


def test_existing_model_is_replaced_only_by_a_complete_new_one(server, tmp_path):
    old = tmp_path / "xx"
    (old / "am").mkdir(parents=True)
    (old / "am" / "final.mdl").write_bytes(b"old model")
    (old / "OLD").write_text("marker")
    with pytest.raises(ModelError):
        fetch(server, tmp_path, sha256="f" * 64)
    assert (old / "OLD").is_file(), "a failed download must leave the old model alone"
    target = fetch(server, tmp_path)
    assert target == old
    assert not (target / "OLD").exists()
    assert (target / "am" / "final.mdl").read_bytes() == MODEL_BYTES
    assert leftovers(tmp_path) == []


def test_ctrl_c_mid_download_leaves_only_the_resumable_part(server, tmp_path):
    def interrupt(done, total):
        if done > total // 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch(server, tmp_path, progress=interrupt)
    assert 0 < part_file(tmp_path).stat().st_size < len(MODEL_ZIP)
    assert leftovers(tmp_path) == [".partial"]
    assert not (tmp_path / "xx").exists()
    fetch(server, tmp_path)
    assert (tmp_path / "xx" / "am" / "final.mdl").read_bytes() == MODEL_BYTES


def test_archive_escaping_its_folder_is_refused(server, tmp_path):
    root = tmp_path / "models"
    server.state["body"] = build_zip({f"{TOP}/am/final.mdl": b"x", f"{TOP}/conf/model.conf": b"x",
                                      "../escaped": b"owned"})
    with pytest.raises(ModelError, match="unsafe entry"):
        fetch(server, root)
    assert not (tmp_path / "escaped").exists()
    assert not (root / "xx").exists()
    assert [p.name for p in root.iterdir()] == [".partial"]


def test_archive_without_a_model_is_refused(server, tmp_path):
    server.state["body"] = build_zip({f"{TOP}/README": b"no model here"})
    with pytest.raises(ModelError, match="no Vosk model"):
        fetch(server, tmp_path)
    assert not (tmp_path / "xx").exists()


def test_http_error_unreachable_server_and_unknown_language_are_model_errors(server, tmp_path):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    gone = {"xx": (server.url.replace(".zip", ".gone"), "0" * 64, TOP)}
    with pytest.raises(ModelError, match="HTTP 404"):
        download_model("xx", tmp_path, catalog=gone, opener=opener, timeout=10)
    refused = {"xx": ("http://127.0.0.1:9/none.zip", "0" * 64, TOP)}
    with pytest.raises(ModelError, match="cannot reach"):
        download_model("xx", tmp_path, catalog=refused, opener=opener, timeout=10)
    with pytest.raises(ModelError, match="known: en, ko"):
        download_model("xx", tmp_path, catalog={"en": (), "ko": ()})
    assert leftovers(tmp_path) == []


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_prints_a_line_per_tenth_when_not_a_terminal():
    out = io.StringIO()
    clock = iter([i * 0.5 for i in range(100)]).__next__
    show = Progress("model xx", stream=out, clock=clock)
    for done in range(0, 1_000_001, 50_000):
        show(done, 1_000_000)
    lines = out.getvalue().splitlines()
    assert len(lines) == 11
    assert lines[5] == "model xx:  50% 0.5 MB of 1.0 MB at 0.1 MB/s"
    assert lines[-1].startswith("model xx: 100% 1.0 MB of 1.0 MB")


def test_progress_redraws_one_line_on_a_terminal():
    out = Terminal()
    times = iter([0.0, 0.05, 1.0, 2.0]).__next__
    show = Progress("model xx", stream=out, clock=times)
    for done in (0, 100_000, 2_000_000, 4_000_000):
        show(done, 4_000_000)
    show.finish()
    text = out.getvalue()
    assert "\n" not in text[:-1] and text.endswith("\n")
    assert text.count("\r") == 3  # the 0.05 s update was too soon to redraw
    assert "100% 4.0 MB of 4.0 MB at 2.0 MB/s" in text
