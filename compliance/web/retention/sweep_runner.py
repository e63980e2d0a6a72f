"""Retention sweeps started from the dashboard: the sweep service runs in a background thread of
the web process, and its progress is read back from the database.

Why this design: a sweep commits batch by batch and is crash-safe and resumable (see
compliance.retention.sweep), so the web needs no job table. The status of a sweep is what the
database says, which any worker process can answer: erasure-log entries written since the sweep
started, and what is still due today. When nothing is due any more, the sweep has finished. The
thread registry below only adds what one process can know: whether its own thread is still alive
(a dead thread with items still due means the sweep stopped; running it again resumes it).
Scheduled sweeps stay with cron (``compliance retention sweep``); this is the DPO's manual run.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Flask, current_app

from compliance.audit.services import Actor
from compliance.errors import NotFound
from compliance.extensions import db
from compliance.policy_context import current_policies
from compliance.retention.queries import acted_since
from compliance.retention.services import preview_due
from compliance.retention.sweep import SweepLocked, run_sweep
from compliance.timeutil import controller_today, utcnow
from compliance.web.portfolio_cache import forget

REGISTRY_KEY = "compliance.web.sweep_threads"
STARTED_FORMAT = "%Y%m%dT%H%M%S%fZ"
#: Small batches: a commit every few hundred subjects keeps the progress moving on screen.
BATCH_SIZE = 200


@dataclass(frozen=True)
class SweepStatus:
    token: str
    started_at: datetime
    state: str  # running | finished | stopped
    acted: dict[str, int]
    still_due: int

    @property
    def done(self) -> int:
        return sum(self.acted.values())

    @property
    def percent(self) -> int:
        total = self.done + self.still_due
        return 100 if not total else round(100 * self.done / total)

    def as_json(self) -> dict:
        return {"state": self.state, "done": self.done, "still_due": self.still_due,
                "percent": self.percent, "acted": self.acted}


def _threads(app: Flask) -> dict[str, threading.Thread]:
    return app.extensions.setdefault(REGISTRY_KEY, {})


def start_sweep(actor: Actor) -> str:
    """Start a real sweep as of today in a background thread; returns the token of its status page.

    SweepLocked if a sweep started from this process is still running (across processes and
    hosts, the sweep's own lock keeps a second one from acting).
    """
    app = current_app._get_current_object()
    threads = _threads(app)
    if any(thread.is_alive() for thread in threads.values()):
        raise SweepLocked("A retention sweep is already running; follow it on its status page.")
    token = utcnow().strftime(STARTED_FORMAT)
    thread = threading.Thread(target=_run, args=(app, actor, controller_today()),
                              name=f"retention-sweep-{token}", daemon=True)
    threads[token] = thread
    thread.start()
    return token


def _run(app: Flask, actor: Actor, as_of) -> None:
    with app.app_context():
        try:
            run_sweep(actor, current_policies(), as_of, batch_size=BATCH_SIZE)
        except SweepLocked:
            app.logger.warning("retention sweep from the dashboard refused: another sweep holds the lock")
        except Exception:
            app.logger.exception("retention sweep from the dashboard failed; running it again resumes")
        finally:
            forget("retention_due")
            db.session.remove()


def started_at(token: str) -> datetime:
    try:
        return datetime.strptime(token, STARTED_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise NotFound("No such sweep.") from None


def sweep_status(token: str) -> SweepStatus:
    """What the database says about the sweep started at ``token`` (any worker can answer)."""
    started = started_at(token)
    thread = _threads(current_app).get(token)
    alive = thread is not None and thread.is_alive()
    # Read in this order so a batch committing in between can't make a finished sweep look
    # like it acted on nothing: the thread's state first, then what is due, then what was done.
    still_due = preview_due(0)["total"]
    acted = acted_since(started)
    if still_due == 0 and not alive:
        state = "finished"
    elif thread is not None and not alive:
        state = "stopped"
    else:
        state = "running"
    return SweepStatus(token, started, state, acted, still_due)


def wait_for(token: str, timeout: float | None = None) -> None:
    """Join this process's sweep thread, if it runs here (tests wait with it)."""
    thread = _threads(current_app).get(token)
    if thread is not None:
        thread.join(timeout)
