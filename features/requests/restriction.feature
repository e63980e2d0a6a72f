Feature: Restriction of processing
  GDPR Art 18(2): while processing is restricted, the data may, with the exception of storage, only
  be processed with the data subject's consent, for the establishment, exercise or defence of legal
  claims, for the protection of the rights of another natural or legal person, or for reasons of
  important public interest. A legal obligation or a contract is not among those exceptions: each
  purpose declares the exception it relies on (policies/purposes.yaml `restriction`), and a consent
  counts only when given after the restriction began. The subject is told before the restriction
  is lifted (Art 18(3)).

  Background:
    Given a candidate "Liis Kask" whose processing was restricted at her request

  Scenario Outline: Nothing but storage while restricted
    When a member tries to <action>
    Then it is refused because processing is restricted

    Examples:
      | action                             |
      | use her talent-pool consent        |
      | share her CV with "Acme Oy"        |
      | record her placement at "Acme Oy"  |

  Scenario Outline: The Art 18(2) exception each purpose relies on
    Then while restricted, processing for "<purpose>" is <verdict>

    Examples:
      | purpose                  | verdict | because                                              |
      | talent_pool              | refused | her consent was given before the restriction         |
      | candidate_matching       | refused | legitimate interests: storage only                   |
      | placement_administration | refused | a contract is no Art 18(2) exception                 |
      | member_administration    | refused | a contract is no Art 18(2) exception                 |
      | accounting               | allowed | invoicing fees already earned: legal claims          |

  Scenario Outline: A consent given while restricted
    When Liis <gives> her talent-pool consent while restricted
    Then while restricted, processing for "talent_pool" is <verdict>

    Examples:
      | gives          | verdict |
      | renews         | allowed |
      | does not renew | refused |

  Scenario: Lifting the restriction after telling her
    When the DPO lifts the restriction, having told Liis first
    Then her data may be used for the talent pool again
    And the lifting records when Liis was told

  Scenario: Telling her before the restriction began does not count
    When the DPO lifts the restriction, having told Liis the day before it was granted
    Then the lifting is refused: she was told before the restriction was granted
    And her processing is still restricted
