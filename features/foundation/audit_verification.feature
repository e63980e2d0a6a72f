Feature: The audit trail proves it was not altered
  Every action is recorded as an event whose hash covers the previous event's hash. Changing,
  removing or inserting any stored event breaks the chain, and verification names the first
  broken event.

  Background:
    Given a candidate named "Tiit Kask" with email "tiit.kask@example.com" is registered
    And the subject's record was read 3 times

  Scenario: An untouched trail verifies
    When the audit trail is verified
    Then the chain is intact

  Scenario Outline: Tampering with a stored event is detected
    When someone changes the <field> of event 2 directly in the database
    And the audit trail is verified
    Then the chain is broken at event 2

    Examples:
      | field       |
      | action      |
      | actor       |
      | details     |
      | occurred_at |

  Scenario: Deleting the newest event is detected
    When someone deletes the newest event directly in the database
    And the audit trail is verified
    Then the chain is reported broken
