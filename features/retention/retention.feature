Feature: Retention that enforces itself
  GDPR Art 5(1)(e): data is kept no longer than the schedule in policies/retention.yaml says;
  a legal hold stops every sweep; a sweep that is killed finishes cleanly when run again.

  Scenario Outline: Each category is swept on its own trigger and period
    Given a "<kind>" in "<country>" whose "<trigger>" was <months> months before the sweep
    When the retention sweep runs
    Then the subject is <outcome>
    And the erasure log <logged>

    Examples:
      | kind           | country | trigger        | months | outcome | logged                                      |
      | candidate      | EE      | last_activity  | 25     | erased  | names "candidate_profile" and the policy version |
      | candidate      | DE      | last_activity  | 23     | active  | is empty                                    |
      | client_contact | FR      | last_activity  | 37     | erased  | names "client_contact" and the policy version |
      | client_contact | FR      | last_activity  | 35     | active  | is empty                                    |
      | member         | EE      | membership_end | 97     | erased  | names "member_records" and the policy version |

  Scenario Outline: A country override moves the cutoff for that country only
    Given the policy keeps candidate profiles in "DE" for 5 years
    And a "candidate" in "<country>" whose "last_activity" was 30 months before the sweep
    When the retention sweep runs with that policy
    Then the subject is <outcome>

    Examples:
      | country | outcome |
      | DE      | active  |
      | EE      | erased  |

  Scenario Outline: A legal hold protects until it is released or ends
    Given a "candidate" in "EE" whose "last_activity" was 30 months before the sweep
    And a legal hold on the subject <hold>
    When the retention sweep runs
    Then the subject is <outcome>

    Examples:
      | hold                          | outcome |
      | until further notice          | active  |
      | that was released             | erased  |
      | that ended before the sweep   | erased  |

  Scenario Outline: A sweep killed mid-way finishes when run again, doing nothing twice
    Given <count> "candidate" subjects in "EE" whose "last_activity" was 30 months before the sweep
    When the retention sweep is killed after its first batch of <batch>
    And the retention sweep runs again
    Then all <count> subjects are erased with exactly one erasure log entry each

    Examples:
      | count | batch |
      | 5     | 2     |
      | 3     | 1     |

  Scenario: A dry run changes nothing and reports counts per category and country
    Given a "candidate" in "EE" whose "last_activity" was 30 months before the sweep
    When a dry run of the retention sweep runs
    Then it reports 1 due for "candidate_profile" in "EE"
    And the subject is active
