Feature: Restriction of processing
  GDPR Art 18: while processing is restricted, the data may only be stored. Any other processing
  needs the subject's consent or serves legal claims. The subject is told before the
  restriction is lifted (Art 18(3)).

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

  Scenario: Lifting the restriction after telling her
    When the DPO lifts the restriction, having told Liis the day before
    Then her data may be used for the talent pool again
    And the lifting records when Liis was told
