Feature: Erasure ("the right to be forgotten"), per data category
  GDPR Art 17: on request, personal data are erased without undue delay where a ground of Art 17(1)
  applies. Data a contract still being performed needs is not covered (Art 17(1)(a)-(b) are not met
  while Art 6(1)(b) applies); data a legal obligation requires is kept (Art 17(3)(b): accounting
  records, Estonian Accounting Act §12), and so is what legal claims need (Art 17(3)(e): an open
  claim; a legal hold blocks the erasure altogether). The exemptions are computed from the
  subject's own data, category by category: the rest is erased at once, what is kept stays readable
  only for the purpose that keeps it, and the outcome names each kept category with its ground,
  citation and until-date. When the last exemption ends, the retention sweep erases the rest.
  Full erasure is crypto-shredding: the subject's key is destroyed, backups included. The
  recipients the data went to are told (Art 19).

  Scenario Outline: What is erased and what is kept, and why
    Given a candidate "Mari Maasikas" <history>
    And Mari asks for her data to be erased and her identity is verified
    When the DPO fulfils the request
    Then of Mari's personal data <readable> can still be read
    And the outcome keeps <kept>
    And the outcome gives the grounds <grounds>
    And the outcome names <recipients> as recipients to notify

    Examples:
      | history                                                        | readable                  | kept                                | grounds           | recipients |
      | who was only registered                                        | nothing                   | request_records                     | none              | nobody     |
      | whose CV was sent to "Acme Oy" and who was placed there        | name, email, phone        | placement_records, request_records  | running_contract  | Acme Oy    |
      | placed at "Acme Oy" in a placement that ended 2 years ago      | name                      | placement_records, request_records  | accounting_period | Acme Oy    |
      | placed at "Acme Oy" in a placement that ended 9 years ago      | nothing                   | request_records                     | none              | Acme Oy    |

  Scenario: Partial erasure of a member with a running placement
    Given a member "Kalle Kuusk" whose membership runs and who placed a candidate at "Acme Oy" last month
    And Kalle asks for his data to be erased and his identity is verified
    When the DPO fulfils the request
    Then the subject is partially erased and the outcome says so
    And of Kalle's personal data name, email, phone can still be read
    And the outcome keeps membership, placement_records, request_records
    And the outcome gives the grounds running_contract
    And his data may serve "member_administration" but no longer "client_relationship"
    When his membership and the placement ended 9 years ago and the retention sweep runs
    Then Kalle's personal data can no longer be read by anyone

  Scenario: A legal hold blocks erasure and says why
    Given a candidate "Jaan Tamm" who was only registered
    And Jaan is under a legal hold "Claim 2-26-1234 before Harju County Court" until 90 days from today
    And Jaan asks for his data to be erased and his identity is verified
    When the DPO fulfils the request
    Then the erasure is refused because of a legal hold, naming "Claim 2-26-1234"
    And Jaan's personal data can still be read
