"""PortAudio is one per process: the speaker and the listener take turns at starting it over.

PortAudio lists the devices only when it starts, so a device that comes back (a replugged
microphone or speaker, a restarted sound server) is found only after ``Pa_Terminate`` and
``Pa_Initialize``, and that ends every stream in the process. So every open stream is held
(``hold()`` .. ``release()``); ``restart()`` asks the holders to let go (``restart_wanted()``),
waits until none holds, then starts PortAudio over. The listener lets go at once (it loses a
few blocks of audio and opens again); a prompt being played is not cut: the restart waits
for it, or gives up and is tried again later.

A close may not return. A frozen sound server delays it until the server runs again; and
PortAudio 19.6's ALSA back end can loop for ever when a capture device dies under a running
stream (the error exit of ``PaAlsaStream_WaitForFrames`` jumps back to itself): its thread
spins, printing, and ``Pa_CloseStream`` never returns. So ``close()`` waits a second and
lets the close go on in the background; while one is pending PortAudio is *stuck*: no
restart (it would wait on that stream too) and no ``Pa_Terminate`` at exit.
"""

import contextlib
import logging
import os
import threading

log = logging.getLogger(__name__)

_turns = threading.Condition()
_held = 0       # streams open now
_wanted = 0     # restarts waiting for the streams to close
_restarts = 0   # restarts done so far
_closing = 0    # closes that have not returned yet: see the module's docstring
_hush = threading.Lock()
_hushers, _stderr = 0, None  # threads inside hushed(), and the real stderr they keep


def hold(timeout=2.0):
    """Count a stream about to be opened; waits while a restart is under way. False (and
    nothing held) if the restart did not finish within ``timeout`` seconds."""
    global _held
    with _turns:
        if not _turns.wait_for(lambda: not _wanted, timeout):
            return False
        _held += 1
        return True


def release():
    """The stream held is closed."""
    global _held
    with _turns:
        _held = max(0, _held - 1)
        _turns.notify_all()


def restart_wanted():
    """True while a restart waits for the streams to close: a holder that can should close."""
    return _wanted > 0


def restarts():
    """How many times PortAudio was started over (a holder's stream is gone if it changed)."""
    return _restarts


def restart(timeout=2.0):
    """Start PortAudio over once no stream is open. True when it was done (here or by another
    thread meanwhile); False if a stream stayed open for ``timeout`` seconds, or PortAudio is
    stuck."""
    global _wanted, _restarts
    import sounddevice as sd

    if stuck():
        return False
    with _turns:
        seen = _restarts
        _wanted += 1
        try:
            if not _turns.wait_for(lambda: _held == 0 or _restarts != seen, timeout):
                return False
            if _restarts == seen:
                with hushed():  # sounddevice sends stderr away too: never two at once
                    _start_over(sd)
                _restarts += 1
            return True
        finally:
            _wanted -= 1
            _turns.notify_all()


def close(stream, timeout=1.0):
    """Close a sounddevice stream; False if PortAudio has not within ``timeout`` seconds: the
    close goes on in the background, and PortAudio is stuck until it returns."""
    import atexit

    import sounddevice as sd

    global _closing
    done, late = threading.Event(), threading.Event()

    def closing():
        global _closing
        try:
            stream.close()
        except Exception:  # noqa: BLE001 - a stream of a device that died may fail to close
            log.debug("closing a stream failed", exc_info=True)
        finally:
            with _turns:
                _closing -= 1
                done.set()
                if late.is_set():
                    log.warning("PortAudio closed the stream after all")
                    atexit.register(sd._exit_handler)

    with _turns:
        _closing += 1
    threading.Thread(target=closing, name="portaudio-close", daemon=True).start()
    if done.wait(timeout):
        return True
    with _turns:
        if done.is_set():
            return True
        late.set()
        atexit.unregister(sd._exit_handler)  # its Pa_Terminate would wait on that stream too
    return False


def stuck():
    """True while a stream's close has not returned (see the module's docstring)."""
    return _closing > 0


@contextlib.contextmanager
def hushed():
    """Standard error goes to /dev/null inside: PortAudio's ALSA host API and alsa-lib print
    three lines for every failed open, and a lost device tried every few seconds would fill
    the journal. sounddevice does the same while PortAudio starts; a line another thread
    writes meanwhile (a few milliseconds) is lost with them. Threads may overlap: the first
    one in sends stderr away, the last one out brings it back."""
    global _hushers, _stderr
    with _hush:
        if _hushers == 0:
            _stderr = os.dup(2)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 2)
            os.close(null)
        _hushers += 1
    try:
        yield
    finally:
        with _hush:
            _hushers -= 1
            if _hushers == 0:
                os.dup2(_stderr, 2)
                os.close(_stderr)


def _start_over(sd):
    try:
        sd._terminate()
    except Exception:  # noqa: BLE001 - not running (a failed start before): start it anyway
        log.debug("terminating PortAudio failed", exc_info=True)
    sd._initialize()  # raises PortAudioError when it cannot start: the caller's to handle
    log.debug("PortAudio started over")
