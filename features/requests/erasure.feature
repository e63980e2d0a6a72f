Feature: Erasure ("the right to be forgotten")
  GDPR Art 17: on request, personal data are erased without undue delay. The controller keeps
  what a legal obligation requires (Art 17(3)(b): accounting records, 7 years) or what is needed
  for legal claims (Art 17(3)(e): a legal hold), keeps it minimised and says so. The recipients
  the data went to are told (Art 19). Erasure is crypto-shredding: the subject's own key is
  destroyed, so every copy of the encrypted data, backups included, becomes unreadable.

  Scenario Outline: What is kept after an erasure, and why
    Given a candidate "Mari Maasikas" <history>
    And Mari asks for her data to be erased and her identity is verified
    When the DPO fulfils the request
    Then Mari's personal data can no longer be read by anyone
    And the outcome keeps <kept>
    And the outcome names <recipients> as recipients to notify

    Examples:
      | history                                            | kept                                 | recipients |
      | whose CV was sent to "Acme Oy" and who was placed there | placement_records, request_records | Acme Oy    |
      | who was only registered                            | request_records                      | nobody     |

  Scenario: A legal hold blocks erasure and says why
    Given a candidate "Jaan Tamm" who was only registered
    And Jaan is under a legal hold "Claim 2-26-1234 before Harju County Court" until 90 days from today
    And Jaan asks for his data to be erased and his identity is verified
    When the DPO fulfils the request
    Then the erasure is refused because of a legal hold, naming "Claim 2-26-1234"
    And Jaan's personal data can still be read
