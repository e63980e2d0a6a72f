"""The demo breaches cover every state of the register's clock."""

import random

from compliance.audit.services import CLI_ACTOR
from compliance.breaches.demo import add_demo_data
from compliance.breaches.models import Breach
from compliance.breaches.services import clock_state
from compliance.extensions import db


def test_demo_breaches_show_every_clock_state(app, make_subject):
    for _ in range(5):
        make_subject()
    add_demo_data(CLI_ACTOR, random.Random(1))
    states = sorted(clock_state(breach) for breach in db.session.query(Breach))
    assert states == ["not_required", "notified", "notified", "notified_late", "overdue",
                      "running", "running", "running"]
