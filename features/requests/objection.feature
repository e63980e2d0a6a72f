Feature: Objection, purpose by purpose
  GDPR Art 21(1): the data subject may object to processing based on Art 6(1)(e) or (f); the
  controller then stops for that purpose unless it demonstrates compelling legitimate grounds that
  override the person's interests, rights and freedoms, or the processing serves the establishment,
  exercise or defence of legal claims. The DPO decides each purpose and records the balancing.
  Art 21(2)-(3): an objection to direct marketing is absolute: it stops at once, nothing is weighed.
  A purpose resting on consent is not objected to but withdrawn (Art 7(3)); the answer says so and
  the objection is recorded, not silently dropped. Other purposes are not affected.

  Background:
    Given a candidate "Peeter Mets" in the talent pool whose CV went to "Nordic Tech" with consent

  Scenario Outline: The objection to each purpose is decided by its handling
    Given he objects to "<purpose>" and his identity is verified
    When the DPO <decides>
    And the DPO closes the request
    Then the outcome records "<purpose>" as <decision> under <citation>
    And processing for "<purpose>" is <verdict>
    And processing for "placement_administration" is allowed

    Examples: direct marketing is absolute; legitimate interests are weighed
      | purpose            | handling       | decides                                | decision         | citation           | verdict |
      | job_alerts         | absolute       | has nothing to weigh                   | upheld           | GDPR Art 21(2)-(3) | refused |
      | candidate_matching | balancing      | upholds the objection                  | upheld           | GDPR Art 21(1)     | refused |
      | candidate_matching | balancing      | refuses it on compelling_grounds       | refused          | GDPR Art 21(1)     | allowed |
      | reference_checks   | balancing      | refuses it on legal_claims             | refused          | GDPR Art 21(1)     | allowed |
      | reference_checks   | balancing      | upholds the objection                  | upheld           | GDPR Art 21(1)     | refused |
      | talent_pool        | not_applicable | has nothing to weigh                   | withdraw_consent | GDPR Art 7(3)      | allowed |

  Scenario: Direct marketing stops when the objection arrives, before anything is weighed
    Given he objects to "job_alerts" and his identity is verified
    Then processing for "job_alerts" is refused

  Scenario Outline: A decision the rules do not allow is refused
    Given he objects to "<purpose>" and his identity is verified
    When the DPO tries to <decide>
    Then the decision is refused, naming "<field>"

    Examples:
      | purpose            | decide                                       | field     |
      | candidate_matching | refuse it on compelling_grounds with no text | balancing |
      | candidate_matching | refuse it without a ground                   | ground    |
      | job_alerts         | refuse it on compelling_grounds              | purpose   |
      | candidate_matching | close the request before deciding            | purposes  |

  Scenario: The balancing is kept unreadable except with the candidate's key
    Given he objects to "candidate_matching" and his identity is verified
    When the DPO refuses it on compelling_grounds
    Then the recorded balancing is stored encrypted and reads back as written
