"""Assessment rules: when a DPIA is required, how risk is scored, when the supervisory authority must
be consulted first, what makes an LIA or a DPIA valid, and which gaps the DPO must be shown.

Pure domain logic: no Flask, no database, no I/O.

Sources (read 2026-11-29):
- GDPR Art 35(1), (3), (7), (11) and Art 36(1): https://eur-lex.europa.eu/eli/reg/2016/679/oj
- Article 29 WP, Guidelines on DPIA, WP248 rev.01 (endorsed by the EDPB): the nine criteria; "in most
  cases, a data controller can consider that a processing meeting two criteria would require a DPIA".
- CNIL, PIA methodology (2018): risks are illegitimate access, unwanted modification and
  disappearance of personal data, each with a severity and a likelihood on four levels
  (negligible, limited, significant, maximum), before and after the planned measures.
- Art 36(1) read with WP248 rev.01: prior consultation when the residual risk stays high.
- CJEU C-621/22 (Koninklijke Nederlandse Lawn Tennisbond), para 37-40: the three cumulative
  conditions of Art 6(1)(f) — a legitimate interest, necessity, and the balancing.
- CJEU C-634/21 (SCHUFA): a score that plays a determining role in a decision is itself a
  decision under Art 22(1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum


class Criterion(StrEnum):
    """WP248 rev.01 criteria of processing 'likely to result in a high risk' (Art 35(1))."""

    EVALUATION_SCORING = "evaluation_scoring"
    AUTOMATED_DECISION = "automated_decision"
    SYSTEMATIC_MONITORING = "systematic_monitoring"
    SENSITIVE_DATA = "sensitive_data"
    LARGE_SCALE = "large_scale"
    MATCHING_COMBINING = "matching_combining"
    VULNERABLE_SUBJECTS = "vulnerable_subjects"
    INNOVATIVE_TECHNOLOGY = "innovative_technology"
    PREVENTS_RIGHT_OR_CONTRACT = "prevents_right_or_contract"

    @property
    def label(self) -> str:
        return _CRITERIA[self]


_CRITERIA = {
    Criterion.EVALUATION_SCORING: "evaluation or scoring, including profiling and predicting",
    Criterion.AUTOMATED_DECISION: "automated decision-making with legal or similarly significant effect",
    Criterion.SYSTEMATIC_MONITORING: "systematic monitoring",
    Criterion.SENSITIVE_DATA: "sensitive data or data of a highly personal nature",
    Criterion.LARGE_SCALE: "data processed on a large scale",
    Criterion.MATCHING_COMBINING: "matching or combining datasets",
    Criterion.VULNERABLE_SUBJECTS: "data concerning vulnerable data subjects (e.g. employees, applicants)",
    Criterion.INNOVATIVE_TECHNOLOGY: "innovative use or application of new technological solutions (e.g. AI)",
    Criterion.PREVENTS_RIGHT_OR_CONTRACT: "processing that prevents people from exercising a right or "
                                          "using a service or contract",
}
CRITERIA = tuple(c.value for c in Criterion)
#: Art 35(3)(a): a systematic and extensive evaluation based on automated processing, including
#: profiling, on which decisions with legal or similarly significant effects are based.
ART_35_3_A = frozenset({Criterion.EVALUATION_SCORING, Criterion.AUTOMATED_DECISION})


@dataclass(frozen=True)
class DpiaScreening:
    required: bool
    reason: str
    criteria: tuple[str, ...]


def dpia_screening(criteria: Iterable[str], high_risk_ai: bool = False) -> DpiaScreening:
    """Whether a processing activity needs a DPIA, and why (Art 35(1), (3); WP248 rev.01)."""
    met = tuple(sorted({Criterion(c) for c in criteria}))
    if ART_35_3_A <= set(met):
        return DpiaScreening(True, "GDPR Art 35(3)(a): systematic and extensive evaluation with "
                                   "decisions producing legal or similarly significant effects", met)
    if high_risk_ai:
        return DpiaScreening(True, "a high-risk AI system (AI Act Annex III) is used: its deployer "
                                   "carries out a DPIA (AI Act Art 26(9), GDPR Art 35)", met)
    if len(met) >= 2:
        return DpiaScreening(True, f"{len(met)} WP248 rev.01 criteria met: likely to result in a high "
                                   "risk (GDPR Art 35(1))", met)
    if met:
        return DpiaScreening(False, "one WP248 rev.01 criterion met: not required unless the "
                                    "supervisory authority's Art 35(4) list names the processing", met)
    return DpiaScreening(False, "no WP248 rev.01 criterion met", met)


class Level(IntEnum):
    """CNIL PIA scale for both severity and likelihood."""

    NEGLIGIBLE = 1
    LIMITED = 2
    SIGNIFICANT = 3
    MAXIMUM = 4

    @property
    def label(self) -> str:
        return self.name.lower()


LEVELS = tuple(level.label for level in Level)


class RiskKind(StrEnum):
    """The three feared events of the CNIL method."""

    ILLEGITIMATE_ACCESS = "illegitimate_access"
    UNWANTED_CHANGE = "unwanted_change"
    DISAPPEARANCE = "disappearance"


RISK_KINDS = tuple(k.value for k in RiskKind)


class RiskRating(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def rate(severity: int, likelihood: int) -> RiskRating:
    """A risk is high when both its severity and its likelihood are significant or worse, medium
    when one of them is, low otherwise (the CNIL map's upper-right quadrant is to be avoided)."""
    severity, likelihood = Level(severity), Level(likelihood)
    if severity >= Level.SIGNIFICANT and likelihood >= Level.SIGNIFICANT:
        return RiskRating.HIGH
    if severity >= Level.SIGNIFICANT or likelihood >= Level.SIGNIFICANT:
        return RiskRating.MEDIUM
    return RiskRating.LOW


@dataclass(frozen=True)
class RiskScore:
    kind: str
    severity_before: int
    likelihood_before: int
    severity_after: int
    likelihood_after: int

    @property
    def before(self) -> RiskRating:
        return rate(self.severity_before, self.likelihood_before)

    @property
    def residual(self) -> RiskRating:
        return rate(self.severity_after, self.likelihood_after)


def score_problems(score: RiskScore) -> dict[str, list[str]]:
    """Measures may lower a risk, never raise it: the residual levels are at most the initial ones."""
    problems: dict[str, list[str]] = {}
    if score.severity_after > score.severity_before:
        problems["severity_after"] = ["cannot be higher than the severity before the measures"]
    if score.likelihood_after > score.likelihood_before:
        problems["likelihood_after"] = ["cannot be higher than the likelihood before the measures"]
    return problems


def residual_risk(scores: Iterable[RiskScore]) -> RiskRating | None:
    """The highest residual rating of a DPIA's risks (None while no risk is assessed)."""
    ratings = [s.residual for s in scores]
    order = (RiskRating.LOW, RiskRating.MEDIUM, RiskRating.HIGH)
    return max(ratings, key=order.index) if ratings else None


def prior_consultation_needed(scores: Iterable[RiskScore]) -> bool:
    """GDPR Art 36(1): consult the supervisory authority before processing when the residual risk
    remains high after the measures."""
    return residual_risk(scores) is RiskRating.HIGH


class DpiaStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    NEEDS_PRIOR_CONSULTATION = "needs_prior_consultation"
    VALIDATED = "validated"


def validation_problems(*, has_context: bool, has_necessity: bool, scores: list[RiskScore],
                        dpo_opinion: str | None, consultation_answered: bool) -> dict[str, list[str]]:
    """What stops a DPIA from being validated (CNIL method: context, principles, risks, opinions).

    A DPIA whose residual risk stays high can be validated only once the supervisory authority has
    answered the prior consultation (Art 36(2))."""
    problems: dict[str, list[str]] = {}
    if not has_context:
        problems["context"] = ["describe the processing, its purposes and the data first"]
    if not has_necessity:
        problems["necessity"] = ["assess necessity and proportionality (Art 35(7)(b)) first"]
    kinds = {s.kind for s in scores}
    missing = [k for k in RISK_KINDS if k not in kinds]
    if missing:
        problems["risks"] = [f"assess every feared event; missing: {', '.join(missing)}"]
    if not dpo_opinion:
        problems["dpo_opinion"] = ["record the DPO's advice (Art 35(2)) first"]
    if scores and prior_consultation_needed(scores) and not consultation_answered:
        problems["status"] = ["the residual risk is high: the supervisory authority must be consulted "
                              "and have answered before the processing starts (Art 36)"]
    return problems


def status_after_review(scores: list[RiskScore]) -> DpiaStatus:
    """Where a DPIA goes when its review ends: prior consultation when the residual risk is high."""
    return DpiaStatus.NEEDS_PRIOR_CONSULTATION if prior_consultation_needed(scores) else DpiaStatus.IN_REVIEW


class CheckOutcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    PENDING = "pending"


class LiaStatus(StrEnum):
    DRAFT = "draft"
    VALIDATED = "validated"
    FAILED = "failed"


def lia_verdict(purpose_test: str, necessity_test: str, balancing_test: str) -> LiaStatus | None:
    """The three cumulative conditions of Art 6(1)(f) (CJEU C-621/22): all passed -> the basis holds;
    any failed -> it does not; otherwise the assessment is not finished (None)."""
    outcomes = {CheckOutcome(purpose_test), CheckOutcome(necessity_test), CheckOutcome(balancing_test)}
    if CheckOutcome.FAILED in outcomes:
        return LiaStatus.FAILED
    if outcomes == {CheckOutcome.PASSED}:
        return LiaStatus.VALIDATED
    return None


class AnnexIII(StrEnum):
    """AI Act Annex III point 4: employment, workers' management and access to self-employment."""

    RECRUITMENT = "4(a)"
    WORK_RELATIONSHIP = "4(b)"
    NOT_LISTED = "none"


ANNEX_III = tuple(a.value for a in AnnexIII)


def is_high_risk(annex_iii: str) -> bool:
    return AnnexIII(annex_iii) is not AnnexIII.NOT_LISTED


class Art22Exception(StrEnum):
    """GDPR Art 22(2): when a decision based solely on automated processing is allowed."""

    CONTRACT = "a"
    LAW = "b"
    EXPLICIT_CONSENT = "c"


ART_22_EXCEPTIONS = tuple(e.value for e in Art22Exception)


FLAG_TITLES = {
    "dpia_missing": "DPIA required, none validated",
    "dpia_review_due": "DPIA review overdue",
    "lia_missing": "LIA missing",
    "ai_dpia_missing": "High-risk AI without a validated DPIA",
    "art22_no_exception": "Automated decision without an Art 22(2) exception",
}


@dataclass(frozen=True)
class Flag:
    """A gap the DPO must close; ``code`` is stable, ``subject`` the policy code or reference."""

    code: str
    subject: str
    message: str

    @property
    def title(self) -> str:
        return FLAG_TITLES[self.code]


@dataclass(frozen=True)
class ActivityFacts:
    id: str
    name: str
    screening: DpiaScreening
    dpia_status: str | None  # of the newest DPIA covering the activity
    dpia_review_due: date | None


@dataclass(frozen=True)
class AiFacts:
    reference: str
    name: str
    annex_iii: str
    solely_automated: bool
    significant_effect: bool
    art22_exception: str | None
    dpia_status: str | None


def flags(*, today: date, activities: Iterable[ActivityFacts], li_purposes: Iterable[str],
          validated_lias: Iterable[str], ai_systems: Iterable[AiFacts]) -> list[Flag]:
    """Every gap in the assessments: the overview and the exports show the same list."""
    found: list[Flag] = []
    for a in activities:
        if a.screening.required and a.dpia_status != DpiaStatus.VALIDATED:
            newest = f" (the newest is {a.dpia_status.replace('_', ' ')})" if a.dpia_status else ""
            found.append(Flag("dpia_missing", a.id, f"{a.name}: a DPIA is required "
                              f"({a.screening.reason}) and none is validated{newest}"))
        elif a.dpia_status == DpiaStatus.VALIDATED and a.dpia_review_due and a.dpia_review_due < today:
            found.append(Flag("dpia_review_due", a.id, f"{a.name}: the DPIA's review was due on "
                              f"{a.dpia_review_due.isoformat()} (Art 35(11))"))
    validated = set(validated_lias)
    for purpose in sorted(set(li_purposes) - validated):
        found.append(Flag("lia_missing", purpose, f"purpose {purpose} rests on legitimate interests "
                          "(Art 6(1)(f)) without a validated legitimate interests assessment"))
    for ai in ai_systems:
        if is_high_risk(ai.annex_iii) and ai.dpia_status != DpiaStatus.VALIDATED:
            found.append(Flag("ai_dpia_missing", ai.reference, f"{ai.name}: high-risk AI system (AI Act "
                              f"Annex III point {ai.annex_iii}) without a validated DPIA"))
        if ai.solely_automated and ai.significant_effect and not ai.art22_exception:
            found.append(Flag("art22_no_exception", ai.reference, f"{ai.name}: decisions based solely on "
                              "automated processing with legal or similarly significant effect need an "
                              "Art 22(2) exception"))
    return found
