Feature: Data portability carries what the person provided, on consent or contract
  GDPR Art 20(1): the person receives the personal data concerning them which they have provided,
  in a structured, commonly used and machine-readable format, where the processing rests on consent
  (Art 6(1)(a)) or a contract (Art 6(1)(b)) and is automated; Art 20(2): transmitted directly to
  another controller where technically feasible. WP29 Guidelines WP242 rev.01: "provided" means
  what the person actively gave and what the service observed of their own use, not what the
  controller derived or generated; the Art 15 information, request history and fees are not part of it.
  The package is data.json with one CSV per section in a zip, and the same sections as a workbook.

  Scenario Outline: What the portability package holds
    Given a <person> who <situation>
    When the DPO answers the portability request
    Then the package holds the sections <sections>
    And it never holds the request history, fees, contract law or the Art 15 information
    And the workbook has the same sections

    Examples:
      | person    | situation                                   | sections             |
      | candidate | joined the talent pool                      | profile              |
      | candidate | was placed with a client and gave no consent | placements, profile  |
      | member    | holds a membership                          | membership, profile  |

  Scenario: Without consent or contract Art 20 does not apply
    Given a candidate who withdrew her talent-pool consent and has no contract
    When the DPO answers the portability request
    Then the answer is refused with the ground "art20_not_applicable"

  Scenario: Transmission to another controller is recorded without the recipient in plain text
    Given a candidate who joined the talent pool
    And the DPO answered the portability request
    When the DPO records that the package went to "Tööturu Partnerid OÜ" by secure e-mail
    Then the transmission names the package's SHA-256, the method and when it was sent
    And the recipient's name is stored only encrypted
