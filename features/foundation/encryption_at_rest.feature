Feature: Personal data is encrypted at rest
  Every data subject's personal data is encrypted with a key of its own, wrapped by a master key
  kept outside the database. A copy of the database alone reveals no names or emails, and a
  ciphertext moved to another person's record no longer opens.

  Scenario Outline: Nothing a person told us can be read from the raw database files
    Given a <kind> named "<name>" with email "<email>" is registered
    When the raw database files are read byte by byte
    Then neither "<name>" nor "<email>" appears in them
    And the subject's record still shows "<name>" to an authorised reader

    Examples:
      | kind           | name              | email                        |
      | candidate      | Liisa Kuusk       | liisa.kuusk@example.com      |
      | member         | Giorgos Vlachos   | giorgos.vlachos@example.org  |
      | client_contact | Zofia Kowalczyk   | zofia.kowalczyk@example.net  |

  Scenario: A ciphertext copied to another person's record does not decrypt
    Given a candidate named "Anna Berg" with email "anna.berg@example.com" is registered
    And a candidate named "Ben Ott" with email "ben.ott@example.com" is registered
    When Anna's encrypted name is copied into Ben's record
    Then reading Ben's record fails instead of showing Anna's name

  Scenario: Rotating the master key loses nothing
    Given 25 subjects are registered
    When the master key is rotated
    Then every data key is wrapped by the new master key version
    And all 25 subjects still decrypt to what was stored
