"""A talkstick command running as a child, its output lines read as they come.

`Running(args, env)` starts `python -m talkstick ARGS`. A thread reads its stdout line by line
into a queue (JSON records, or text lines with json=False); another keeps its stderr, so the
child never blocks on a full pipe. `until` waits for a record and fails the test without it,
`first` gives None instead. As a context manager the child is always killed at the end.
"""

import queue
import subprocess
import sys
import threading
import time
from json import loads


class Running:
    def __init__(self, args, env=None, json=True, preexec_fn=None, keep=None):
        """``keep(line)``, if given, says which stderr lines to keep in `err`; the others are
        only counted, in `dropped`."""
        self.proc = subprocess.Popen([sys.executable, "-m", "talkstick", *args], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, preexec_fn=preexec_fn)
        self.json, self.keep = json, keep
        self.lines, self.records, self.err, self.dropped = queue.Queue(), [], [], 0
        threading.Thread(target=self._read, daemon=True).start()
        self.err_reader = threading.Thread(target=self._read_err, daemon=True)
        self.err_reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(loads(line) if self.json else line.rstrip("\n"))
        self.lines.put(None)

    def _read_err(self):
        for line in self.proc.stderr:
            if self.keep is None or self.keep(line):
                self.err.append(line)
            else:
                self.dropped += 1

    def stderr(self):
        return "".join(self.err)

    def send(self, *commands):
        self.proc.stdin.write("".join(f"{c}\n" for c in commands))
        self.proc.stdin.flush()

    def first(self, wanted, timeout):
        """The next record for which ``wanted(record)`` holds; None by the deadline or at the
        end of the output. Every record read is added to `records`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                record = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if record is None:
                break
            self.records.append(record)
            if wanted(record):
                return record
        return None

    def until(self, wanted, timeout=60):
        """As `first`, but a record not seen in time fails the test."""
        record = self.first(wanted, timeout)
        if record is None:
            raise AssertionError(f"not seen in time; last records: {self.records[-6:]}; "
                                 f"stderr: {self.stderr()[-1500:]}")
        return record

    def finish(self, *commands, timeout=60):
        """Send the last commands, close stdin and wait for exit status 0; the stderr."""
        try:
            self.send(*commands)
            self.proc.stdin.close()
            code = self.proc.wait(timeout=timeout)
            self.first(lambda record: False, 5)  # the records still on their way
            self.err_reader.join(5)
        finally:
            self.kill()
        assert code == 0, f"exit status {code}; stderr: {self.stderr()[-1500:]}"
        return self.stderr()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
