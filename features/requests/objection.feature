Feature: Objection to processing based on legitimate interests
  GDPR Art 21(1): the data subject may object to processing based on legitimate interests
  (Art 6(1)(f)); the controller then stops unless it shows compelling legitimate grounds.
  Processing on another basis (consent, contract, legal obligation) is not affected.

  Scenario Outline: What stops after an upheld objection
    Given a candidate "Peeter Mets" who objected and whose objection was upheld
    Then processing for "<purpose>" is <verdict>

    Examples:
      | purpose                  | verdict | basis                     |
      | candidate_matching       | refused | legitimate interests      |
      | talent_pool              | allowed | consent                   |
      | placement_administration | allowed | contract                  |
