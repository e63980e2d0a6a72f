Feature: The DPO is shown every assessment that is missing
  A purpose resting on legitimate interests (Art 6(1)(f)) needs a validated legitimate interests
  assessment: the purpose, necessity and balancing tests all passed (CJEU C-621/22). A high-risk AI
  system (AI Act Annex III point 4: recruitment and selection) needs a validated DPIA. A decision based
  solely on automated processing with legal or similarly significant effect needs an Art 22(2)
  exception. The overview, the API and the workbooks show the same list of gaps.

  Background:
    Given the demo assessments: a validated DPIA for candidate matching, an LIA for each legitimate-interests purpose and the matching engine in the AI register

  Scenario: Nothing is missing in the demo data
    Then no assessment gap is shown

  Scenario Outline: Removing one assessment shows its gap
    When <change>
    Then the gap "<gap>" is shown for "<concerns>"

    Examples:
      | change                                                      | gap                | concerns            |
      | the LIA for "client_relationship" fails its balancing test  | lia_missing        | client_relationship |
      | the DPIA for candidate matching is reopened                 | dpia_missing       | candidate_sourcing  |
      | the matching engine is used without its DPIA                | ai_dpia_missing    | matching engine     |
      | the matching engine decides alone with significant effect   | art22_no_exception | matching engine     |
