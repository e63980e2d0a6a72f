"""Rows of the ``insurance-bordereau`` workbook: risks written in a period and claims.

Per policy (``policy_number``) and period: placements starting in the period (with a policy
filter: those the coverage verdict places under it, or uncovered ones inside its period), with
the placements feature's coverage verdict; claims notified in the period with reserve and paid.
Rows carry references, not names; restricted subjects stay in (insurance cover of legal claims).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from compliance.errors import NotFound
from compliance.extensions import db
from compliance.placements.models import InsuranceClaim, InsurancePolicy, placement_reference
from compliance.reports.filters import ExportFilters, within
from compliance.reports.placements_query import judged_placements, placement_query, reference_and_member
from exports import insurance_bordereau as layout


def build_insurance_bordereau_rows(filters: ExportFilters) -> dict[str, Iterator[list]]:
    policy = _policy(filters.policy_number) if filters.policy_number else None
    return {layout.RISKS_SHEET.name: _risk_rows(filters, policy),
            layout.CLAIMS_SHEET.name: _claim_rows(filters, policy)}


def _policy(number: str) -> InsurancePolicy:
    policy = db.session.execute(
        select(InsurancePolicy).where(InsurancePolicy.policy_number == number)).scalar_one_or_none()
    if policy is None:
        raise NotFound("No insurance policy with that number.")
    return policy


def _risk_rows(filters: ExportFilters, policy: InsurancePolicy | None) -> Iterator[list]:
    query = placement_query(filters, exclude_restricted=False, order_by_country=False)
    for row, verdict, _ in judged_placements(query):
        if policy is not None and not _under(policy, row, verdict):
            continue
        reasons = "; ".join(f"{r.code}: {r.message}" for r in verdict.failures) or None
        reference, member = reference_and_member(row)
        yield [verdict.policy_number or (policy.policy_number if policy else None),
               reference, member, row.client_name, row.client_country,
               row.work_country, row.placement_type, row.start_date, row.fee, row.currency,
               verdict.covered, reasons]


def _under(policy: InsurancePolicy, row, verdict) -> bool:
    if verdict.policy_number is not None:
        return verdict.policy_number == policy.policy_number
    return policy.period_start <= row.start_date <= policy.period_end


def _claim_rows(filters: ExportFilters, policy: InsurancePolicy | None) -> Iterator[list]:
    query = (select(InsuranceClaim, InsurancePolicy.policy_number, InsurancePolicy.currency)
             .join(InsurancePolicy, InsurancePolicy.id == InsuranceClaim.policy_id)
             .where(*within(InsuranceClaim.notified_on, filters, as_dates=True))
             .order_by(InsuranceClaim.notified_on, InsuranceClaim.id)
             .execution_options(yield_per=1000))
    if policy is not None:
        query = query.where(InsuranceClaim.policy_id == policy.id)
    for claim, number, currency in db.session.execute(query):
        certificate = placement_reference(claim.placement_id) if claim.placement_id else None
        yield [claim.claim_reference, number, certificate, claim.notified_on, claim.reserved,
               claim.paid, currency, claim.status]
