Feature: Rejected applicants are kept for the claim period of the vacancy's country, not longer
  A rejected applicant may bring a discrimination claim within the period the law of the
  vacancy's work country sets (member_states/XX.yaml rejected_applicant_claim_period), counted
  from the rejection: their data must not go before it ends and must go once it has. The country
  of residence does not matter; with several applications the longest period wins; where the
  work country's period is unknown, or does not run from the rejection, the schedule's default
  (policies/retention.yaml rejected_candidate, 6 months) applies and the sweep says so.

  Scenario Outline: When a rejected applicant's data goes
    Given a candidate living in "<residence>"
    And an application for a vacancy in "<work>" that ended "<outcome>" on <on>
    And <another>
    When the retention sweep runs on <kept until>
    Then the candidate is still there
    When the retention sweep runs on <erased on>
    Then the candidate is erased as a rejected applicant under "<rule>"

    Examples:
      | residence | work | outcome  | on         | another                                                                | kept until | erased on  | rule                       |
      | DE        | AT   | rejected | 2026-01-10 | no other application                                                   | 2026-07-09 | 2026-07-10 | rejection+P6M (AT)         |
      | AT        | DE   | rejected | 2026-01-10 | no other application                                                   | 2026-06-09 | 2026-06-10 | rejection+P5M (DE)         |
      | EE        | IE   | rejected | 2026-01-31 | no other application                                                   | 2027-01-30 | 2027-01-31 | rejection+P12M (IE)        |
      | DE        | PL   | rejected | 2026-01-10 | no other application                                                   | 2026-07-09 | 2026-07-10 | rejection+P6M (PL, default) |
      | FR        | FR   | rejected | 2026-01-10 | no other application                                                   | 2026-07-09 | 2026-07-10 | rejection+P6M (FR, default) |
      | DE        | CH   | rejected | 2026-01-10 | no other application                                                   | 2026-07-09 | 2026-07-10 | rejection+P6M (CH, default) |
      | DE        | AT   | rejected | 2026-01-10 | another for a vacancy in "DE" that ended "rejected" on 2026-03-01      | 2026-07-31 | 2026-08-01 | rejection+P5M (DE)         |
      | DE        | AT   | rejected | 2026-01-10 | another for a vacancy in "IE" that ended "rejected" on 2025-12-01      | 2026-11-30 | 2026-12-01 | rejection+P12M (IE)        |
      | DE        | DE   | rejected | 2026-03-01 | another for a vacancy in "AT" that ended "withdrawn" on 2026-03-05     | 2026-07-31 | 2026-08-01 | rejection+P5M (DE)         |

  Scenario Outline: Something else keeps the profile, so the rejection does not erase it
    Given a candidate living in "DE"
    And an application for a vacancy in "AT" that ended "rejected" on 2026-01-10
    And <keeper>
    When the retention sweep runs on 2026-07-10
    Then the candidate is still there

    Examples:
      | keeper                                                                      |
      | another for a vacancy in "DE" that is still running                         |
      | another for a vacancy in "DE" that ended "placed" on 2026-02-01             |
      | a placement of the candidate                                                |
      | the candidate's talent pool consent in force                                |
      | a legal hold on the candidate                                               |

  Scenario: An applicant who only withdrew is not a rejected applicant
    Given a candidate living in "DE"
    And an application for a vacancy in "AT" that ended "withdrawn" on 2026-01-10
    And no other application
    When the retention sweep runs on 2027-01-10
    Then the candidate is still there

  Scenario: The preview says which country decided, and when a default stands in for a law
    Given a candidate living in "DE"
    And an application for a vacancy in "FR" that ended "rejected" on 2026-01-10
    And no other application
    When a dry run of the retention sweep runs on 2026-07-10
    Then it lists the candidate under "rejected_candidate", "rejection+P6M (FR, default)" in "FR"
    And it says "claim period in FR runs from the revelation, not from the rejection: the schedule default P6M applies"
