Feature: Consent with proof, withdrawal, expiry and renewal
  GDPR Art 7 and EDPB Guidelines 05/2020: we can prove who consented to what notice, when and how;
  withdrawing is as easy as consenting; consent is refreshed at intervals.

  Scenario Outline: A recorded consent carries its proof
    Given a candidate living in "EE"
    When consent to "<purpose>" is recorded through "<channel>" with notice "v1"
    Then the ledger proves who collected it, when, through "<channel>" and the notice's SHA-256
    And processing for "<purpose>" is allowed until the end of its validity of <months> months

    Examples:
      | purpose          | channel  | months |
      | talent_pool      | web_form | 24     |
      | job_alerts       | email    | 24     |
      | talent_pool      | paper    | 24     |

  Scenario Outline: Withdrawal stops processing at once
    Given a candidate living in "EE"
    And consent to "<purpose>" is recorded through "web_form" with notice "v1"
    When the candidate withdraws consent to "<purpose>"
    Then processing for "<purpose>" is refused because "withdrawn"

    Examples:
      | purpose     |
      | talent_pool |
      | job_alerts  |

  Scenario Outline: No answer to a renewal request means expiry
    Given a candidate living in "EE"
    And consent to "talent_pool" is recorded through "web_form" with notice "v1"
    When <days> days pass after the end of its validity and the expiry job runs
    Then processing for "talent_pool" is refused because "expired"

    Examples:
      | days |
      | 1    |
      | 30   |

  Scenario: A renewal keeps the consent valid
    Given a candidate living in "EE"
    And consent to "talent_pool" is recorded through "web_form" with notice "v1"
    When the candidate renews consent to "talent_pool"
    Then processing for "talent_pool" is allowed until the end of its validity of 24 months
