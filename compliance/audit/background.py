"""Sealing in the background of each process, until the job queue takes it over.

After a commit that appended events, the session wakes this process's sealer thread (one
``Event.set``, off the request's path). The thread waits a moment so that a burst is sealed at
once, seals, and issues a checkpoint when one is due; it also wakes every ``AUDIT_SEAL_INTERVAL``
seconds for events committed by other processes. Sealers of several processes and hosts skip one
another (``seal_pending``), so any number can run. At exit the thread seals a last time.
``seal_pending`` and ``issue_checkpoint`` are idempotent: a periodic job can call them instead.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from compliance.audit.sealing import SealRefused
from compliance.audit.services import (
    APPENDED,
    TrailTampered,
    checkpoint_due,
    issue_checkpoint,
    seal_pending,
)
from compliance.extensions import db

EXTENSION_KEY = "compliance.audit_sealer"
log = logging.getLogger(__name__)


class BackgroundSealer:
    def __init__(self, app: Flask):
        self.app = app
        self.interval = float(app.config["AUDIT_SEAL_INTERVAL"])
        self.debounce = float(app.config["AUDIT_SEAL_DELAY"])
        self.checkpoint_interval = float(app.config["AUDIT_CHECKPOINT_INTERVAL"])
        self._wake, self._stop = threading.Event(), threading.Event()
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def notify(self) -> None:
        """Events were committed: seal soon (starts the thread in this process if needed)."""
        if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
            self._start()
        self._wake.set()

    def _start(self) -> None:
        with self._guard:
            if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
                return
            self._pid, self._stop = os.getpid(), threading.Event()  # a forked worker starts afresh
            self._thread = threading.Thread(target=self._run, name="audit-sealer", daemon=True)
            self._thread.start()
            atexit.register(self.stop)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            if not self._stop.is_set():
                self._stop.wait(self.debounce)
            self._wake.clear()
            self.run_once()

    def run_once(self) -> None:
        """Seal what is pending and issue a checkpoint if one is due; never raises."""
        with self.app.app_context():
            try:
                sealed = seal_pending(max_wait=self.interval)
                if checkpoint_due(self.checkpoint_interval, sealed.head):
                    issue_checkpoint("interval", seal_first=False)
            except (SealRefused, TrailTampered) as exc:
                log.error("audit trail: %s", exc)
            except Exception:  # the thread must survive a database restart
                log.exception("audit sealing failed; retrying in %s s", self.interval)
            finally:
                db.session.remove()

    def stop(self, timeout: float = 10.0) -> None:
        """Seal a last time and end the thread (registered with atexit)."""
        thread = self._thread
        if thread is None or self._pid != os.getpid():
            return
        self._stop.set()
        self._wake.set()
        thread.join(timeout)


def install(app: Flask) -> None:
    """Give the app a background sealer (unless AUDIT_BACKGROUND_SEALING is off)."""
    if app.config["AUDIT_BACKGROUND_SEALING"]:
        app.extensions[EXTENSION_KEY] = BackgroundSealer(app)
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


def _after_commit(session: Session) -> None:
    if session.info.pop(APPENDED, False):
        sealer = current_app.extensions.get(EXTENSION_KEY)
        if sealer is not None:
            sealer.notify()


def _after_rollback(session: Session) -> None:
    session.info.pop(APPENDED, None)
