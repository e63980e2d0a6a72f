Feature: Finding a person by email without storing the email in clear
  The DPO must find a data subject by the email they wrote from. The database holds only a keyed
  hash (blind index) of the normalised email, so lookups are exact but case- and
  white-space-insensitive, and the email itself is never stored in plaintext.

  Scenario Outline: The same email written differently finds the same person
    Given a candidate named "Kadri Mets" with email "Kadri.Mets@Example.com" is registered
    When the DPO looks up "<written as>"
    Then exactly one subject is found, named "Kadri Mets"

    Examples:
      | written as                 |
      | kadri.mets@example.com     |
      | KADRI.METS@EXAMPLE.COM     |
      |   Kadri.Mets@Example.com   |

  Scenario: A different email finds nobody
    Given a candidate named "Kadri Mets" with email "kadri.mets@example.com" is registered
    When the DPO looks up "kadri.mets@example.org"
    Then no subject is found
