Feature: Sharing a CV needs consent naming that client
  A CV goes to a client only with the candidate's consent for that client.

  Scenario Outline: The client in the request must be the client in the consent
    Given a candidate living in "EE"
    And consent to share the CV with "<consented>"
    When a member asks to share the CV with "<asked>"
    Then sharing is <outcome>

    Examples:
      | consented  | asked        | outcome                           |
      | Acme GmbH  | Acme GmbH    | allowed                           |
      | Acme GmbH  | ACME   gmbh  | allowed                           |
      | Acme GmbH  | Beta Oy      | refused because "no_consent"      |
      | Acme GmbH  |              | refused because "scope_required"  |
