"""Deterministic synthetic data subjects across the 27 member states, inserted set-based."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

from compliance.bulk import insert_rows
from compliance.crypto import FieldCipher, new_data_key
from compliance.extensions import db
from compliance.keystore.models import DataKey
from compliance.keystore.services import keyring
from compliance.subjects.models import Subject
from compliance.subjects.rules import SubjectStatus, new_subject_reference, normalise_full_name

# (calling code, first names, last names) per member state; names typical of each state.
NAMES = {
    "AT": ("43", "Lukas Anna Tobias Lena Florian Sophie", "Gruber Huber Bauer Wagner Pichler Steiner"),
    "BE": ("32", "Lucas Emma Louis Olivia Noah Marie", "Peeters Janssens Maes Jacobs Dubois Lambert"),
    "BG": ("359", "Georgi Maria Ivan Elena Dimitar Desislava", "Ivanov Georgieva Petrov Dimitrova Nikolov Stoyanova"),
    "HR": ("385", "Luka Ana Ivan Petra Marko Lucija", "Horvat Kovacevic Babic Maric Juric Novak"),
    "CY": ("357", "Andreas Maria Giorgos Eleni Christos Anna", "Georgiou Christodoulou Ioannou Constantinou Charalambous Michael"),
    "CZ": ("420", "Jakub Tereza Jan Eliska Tomas Anna", "Novak Svobodova Novotny Dvorakova Cerny Prochazkova"),
    "DK": ("45", "William Ida Noah Emma Oscar Freja", "Nielsen Jensen Hansen Pedersen Andersen Christensen"),
    "EE": ("372", "Rasmus Sofia Robin Eliise Oliver Mia", "Tamm Saar Sepp Magi Kask Kukk"),
    "FI": ("358", "Onni Aino Elias Helmi Leo Olivia", "Korhonen Virtanen Makinen Nieminen Makela Hamalainen"),
    "FR": ("33", "Gabriel Jade Leo Louise Raphael Emma", "Martin Bernard Dubois Thomas Robert Richard"),
    "DE": ("49", "Ben Emilia Paul Hannah Leon Mia", "Muller Schmidt Schneider Fischer Weber Meyer"),
    "EL": ("30", "Georgios Maria Konstantinos Eleni Dimitrios Aikaterini", "Papadopoulos Papadaki Nikolaidis Georgiou Vlachos Oikonomou"),
    "HU": ("36", "Bence Hanna Mate Anna Levente Zoe", "Nagy Kovacs Toth Szabo Horvath Varga"),
    "IE": ("353", "Jack Grace Noah Emily James Fiadh", "Murphy Kelly OSullivan Walsh Smith OBrien"),
    "IT": ("39", "Leonardo Sofia Francesco Giulia Alessandro Aurora", "Rossi Russo Ferrari Esposito Bianchi Romano"),
    "LV": ("371", "Roberts Sofija Markuss Alise Gustavs Emilija", "Berzins Kalnina Ozols Liepa Jansons Krumina"),
    "LT": ("370", "Matas Emilija Jokubas Urte Lukas Austeja", "Kazlauskas Jankauskaite Petrauskas Stankeviciute Vasiliauskas Zukauskaite"),
    "LU": ("352", "Gabriel Emma Leo Lea Noah Zoe", "Schmit Muller Weber Wagner Hoffmann Klein"),
    "MT": ("356", "Luke Amelia Matthew Emma Jake Eliza", "Borg Camilleri Vella Farrugia Zammit Galea"),
    "NL": ("31", "Noah Emma Liam Julia Lucas Mila", "deJong Jansen deVries vandenBerg Bakker Visser"),
    "PL": ("48", "Antoni Zuzanna Jan Julia Aleksander Zofia", "Nowak Kowalska Wisniewski Wojcik Kowalczyk Kaminska"),
    "PT": ("351", "Francisco Maria Afonso Leonor Joao Matilde", "Silva Santos Ferreira Pereira Oliveira Costa"),
    "RO": ("40", "Andrei Maria Alexandru Elena David Ioana", "Popescu Ionescu Popa Dumitru Stan Stoica"),
    "SK": ("421", "Jakub Sofia Adam Natalia Samuel Ema", "Horvath Kovacova Varga Toth Nagy Balazova"),
    "SI": ("386", "Luka Zala Filip Eva Jakob Ema", "Novak Horvat Krajnc Zupancic Kovac Potocnik"),
    "ES": ("34", "Hugo Lucia Martin Sofia Pablo Martina", "Garcia Rodriguez Gonzalez Fernandez Lopez Martinez"),
    "SE": ("46", "William Alice Lucas Maja Liam Elsa", "Andersson Johansson Karlsson Nilsson Eriksson Larsson"),
}
COUNTRIES = tuple(NAMES)
SOURCES = ("referral", "job_board", "linkedin", "member_network", "career_fair", "website")
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
SEED_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


_SPLIT_NAMES = {c: (code, first.split(), last.split()) for c, (code, first, last) in NAMES.items()}


def synthetic_subjects(count: int, seed: int) -> Iterator[dict]:
    """Deterministic subject records (plaintext, in memory only): same seed, same people."""
    rng = random.Random(seed)
    id_base = (seed & 0xFFFF) << 112
    for n in range(count):
        country = rng.choice(COUNTRIES)
        code, firsts, lasts = _SPLIT_NAMES[country]
        first, last = rng.choice(firsts), rng.choice(lasts)
        roll = rng.random()
        kind = "member" if roll < 0.05 else "client_contact" if roll < 0.20 else "candidate"
        record = {
            # Sequential within a seed (like UUIDv7): index-friendly appends on bulk load.
            "id": uuid.UUID(int=id_base | (n << 64) | rng.getrandbits(64), version=4),
            "kind": kind,
            "name": f"{first} {last}",
            "email": f"{first}.{last}.{seed}-{n}@{rng.choice(EMAIL_DOMAINS)}".lower(),
            "phone": f"+{code} {rng.randrange(10**7, 10**8)}",
            "country": country,
            "date_of_birth": date(1960, 1, 1) + timedelta(days=rng.randrange(0, 16000))
            if kind == "candidate" else None,
            "source": rng.choice(SOURCES),
            "created_at": SEED_EPOCH - timedelta(days=rng.randrange(0, 900)),
        }
        record["last_activity_at"] = record["created_at"] + timedelta(days=rng.randrange(0, 300))
        if kind == "member":
            start = (SEED_EPOCH - timedelta(days=rng.randrange(0, 700))).date()
            record["membership_start"] = start
            record["membership_end"] = start + timedelta(days=364)
        yield record


def encrypt_rows(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """Subject rows (ciphertexts, blind index) and wrapped data-key rows for a batch."""
    ring = keyring()
    subjects, keys = [], []
    for r in records:
        sid, data_key = r["id"], new_data_key()
        version, wrapped = ring.wrap(str(sid), data_key)
        keys.append({"key_id": sid, "master_version": version, "wrapped": wrapped,
                     "created_at": r["created_at"]})
        cipher = FieldCipher(data_key)
        dob = r["date_of_birth"].isoformat() if r["date_of_birth"] else None
        subjects.append({
            "id": sid, "reference": new_subject_reference(), "kind": r["kind"], "country": r["country"], "source": r["source"],
            "status": SubjectStatus.ACTIVE.value, "created_at": r["created_at"],
            "last_activity_at": r["last_activity_at"], "version": 1,
            "membership_start": r.get("membership_start"), "membership_end": r.get("membership_end"),
            "name_ciphertext": cipher.encrypt("subjects", "name", sid, r["name"]),
            "email_ciphertext": cipher.encrypt("subjects", "email", sid, r["email"]),
            "phone_ciphertext": cipher.encrypt("subjects", "phone", sid, r["phone"]),
            "date_of_birth_ciphertext": cipher.encrypt("subjects", "date_of_birth", sid, dob),
            "email_index": ring.blind_index(r["email"]),
            "name_index": ring.blind_index(normalise_full_name(r["name"]), kind="name"),
        })
    return subjects, keys


def seed_subjects(count: int, seed: int, batch_size: int = 5000,
                  progress: Callable[[int], None] | None = None) -> int:
    """Insert ``count`` synthetic subjects, a commit per batch. Returns the number inserted."""
    batch: list[dict] = []
    inserted = 0
    for record in synthetic_subjects(count, seed):
        batch.append(record)
        if len(batch) == batch_size:
            inserted += _insert_batch(batch, progress)
            batch = []
    if batch:
        inserted += _insert_batch(batch, progress)
    return inserted


def _insert_batch(batch: list[dict], progress: Callable[[int], None] | None) -> int:
    subjects, keys = encrypt_rows(batch)
    insert_rows(DataKey.__table__, keys)
    insert_rows(Subject.__table__, subjects)
    db.session.commit()
    if progress:
        progress(len(batch))
    return len(batch)
