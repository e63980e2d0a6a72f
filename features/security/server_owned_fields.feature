Feature: The service owns the retention clock, the membership, the status and the member link
  Members record their candidates, but when a candidate was last active decides when the
  candidate's data is erased, and a membership decides what a member may do and is insured for.
  Members therefore never set these fields, not for their candidates and not for themselves;
  staff correct them, giving a reason that the audit trail keeps.

  Scenario Outline: A member cannot move a retention clock or a membership
    Given a member who registered a candidate
    When the member sets <whose> "<field>" to "<value>"
    Then the answer is 403 and names "<field>"
    And nothing about the record changed

    Examples:
      | whose                  | field            | value                |
      | the candidate's        | last_activity_at | 2000-01-01T00:00:00Z |
      | the candidate's        | last_activity_at | 2026-11-01T00:00:00Z |
      | their own record's     | membership_end   | 2035-12-31           |
      | their own record's     | membership_start | 2019-01-01           |
      | their own record's     | last_activity_at | 2026-11-01T00:00:00Z |

  Scenario Outline: Staff change them only with a reason, and the trail keeps it
    Given a candidate on record
    When the <role> sets the candidate's "last_activity_at" to "2026-11-01T00:00:00Z" <with>
    Then the answer is <status>
    And the audit trail <audited>

    Examples:
      | role  | with                        | status | audited                                         |
      | dpo   | giving the reason "correction" | 200    | records the change of last_activity_at for "correction" |
      | admin | giving no reason               | 422    | records no change                                       |

  Scenario Outline: Status and member link are not fields anyone sets through the API
    Given a member who registered a candidate
    When the dpo sets the candidate's "<field>" to "<value>" giving the reason "correction"
    Then the answer is 422 and names "<field>"

    Examples:
      | field      | value                                |
      | status     | erased                               |
      | subject_id | 00000000-0000-4000-8000-000000000000 |
