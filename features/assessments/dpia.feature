Feature: When a DPIA is required, and when the supervisory authority must be consulted first
  GDPR Art 35(1) asks for a data protection impact assessment before processing that is likely to
  result in a high risk. The EDPB-endorsed guidelines (WP248 rev.01) list nine criteria: in most cases
  processing that meets two of them needs one; Art 35(3)(a) always does (systematic evaluation on
  which decisions with legal or similar effect are based), and a deployer of a high-risk AI system
  (AI Act Annex III) carries one out with the provider's information (AI Act Art 26(9)).
  Each feared event (illegitimate access, unwanted change, disappearance) is scored for severity and
  likelihood from 1 (negligible) to 4 (maximum), before and after the measures (CNIL method). Where
  the residual risk stays high, the authority must be consulted before the processing starts
  (Art 36(1)), and the DPIA cannot be validated until it has answered.

  Scenario Outline: Screening a processing activity
    Given a processing activity meeting the criteria "<criteria>"
    And <ai> high-risk AI system is used for it
    Then a DPIA is <verdict>
    And the reason given mentions "<reason>"

    Examples:
      | criteria                                      | ai  | verdict      | reason                 |
      | none                                          | no  | not required | no WP248 rev.01        |
      | large_scale                                   | no  | not required | one WP248 rev.01       |
      | large_scale, vulnerable_subjects              | no  | required     | 2 WP248 rev.01         |
      | evaluation_scoring, automated_decision        | no  | required     | Art 35(3)(a)           |
      | large_scale                                   | a   | required     | AI Act Art 26(9)       |

  Scenario Outline: The residual risk decides whether the authority is consulted first
    Given a DPIA whose every feared event is scored severity <severity> and likelihood <likelihood> after the measures
    When it is submitted
    Then its status is "<status>"
    And it <can> be validated without the authority's answer

    Examples:
      | severity | likelihood | status                   | can    |
      | 1        | 1          | in_review                | can    |
      | 4        | 2          | in_review                | can    |
      | 3        | 3          | needs_prior_consultation | cannot |
      | 4        | 4          | needs_prior_consultation | cannot |

  Scenario: Measures lower a risk, they never raise it
    Given a DPIA for candidate sourcing
    When a feared event is scored severity 2 before and 3 after the measures
    Then the answer is 422 naming "severity_after"

  Scenario: A high residual risk is validated once the authority has answered
    Given a DPIA whose every feared event is scored severity 4 and likelihood 3 after the measures
    And it is submitted
    When the prior consultation is recorded as submitted and answered
    Then it can be validated
