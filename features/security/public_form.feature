Feature: The public request form tells nobody which addresses we know
  Anyone may send a data protection request without an account. The answer must not reveal
  whether we hold data about the address typed, nor which kind of person it belongs to, and the
  form must not become a way to send our mail to someone else's mailbox as often as one likes.

  Scenario Outline: The same answer whatever the address
    Given a <known_kind> with email "known@example.com" is on record
    When someone sends the form for "<email>" saying they are a <claimed_kind>
    Then they are shown the page that a confirmation link was emailed
    And one confirmation message goes to "<email>"

    Examples:
      | known_kind     | email               | claimed_kind   |
      | member         | known@example.com   | member         |
      | member         | nobody@example.com  | member         |
      | candidate      | known@example.com   | member         |
      | candidate      | known@example.com   | candidate      |
      | candidate      | nobody@example.com  | candidate      |
      | client_contact | known@example.com   | client_contact |
      | client_contact | nobody@example.com  | client_contact |

  Scenario: Past the daily limit for an address, nothing is stored or mailed, and the page is the same
    Given the form accepts 2 requests per address a day
    When someone sends the form for "target@example.com" 3 times
    Then they are shown the page that a confirmation link was emailed every time
    And 2 requests are stored and 2 messages are mailed
    And the audit trail records 2 accepted and 1 refused for the address limit, without the address

  Scenario Outline: Robots are answered alike and nothing is stored
    When a robot sends the form <how>
    Then they are shown the page that a confirmation link was emailed
    And no request is stored and nothing is mailed
    And the audit trail records the refusal as "<outcome>"

    Examples:
      | how                                   | outcome  |
      | with the hidden website field filled  | honeypot |
      | one second after it was served        | too_fast |
      | without the time it was served        | too_fast |
