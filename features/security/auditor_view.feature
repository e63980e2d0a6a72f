Feature: Auditors see registers and counts, never decrypted personal data
  Auditors check that the registers are kept and the rules followed. For that they need the
  registers, counts and pseudonymous references, not who the people are. The API answers them
  exactly as the dashboard does, and a refusal says what they may see instead.

  Background:
    Given a candidate with an e-mail address, a legal hold and an access request with details

  Scenario Outline: What an auditor gets through the API
    When an auditor asks the API for <what>
    Then the API answers <status>
    And <shown>

    Examples:
      | what                            | status | shown                                           |
      | the list of subjects            | 200    | it holds references but no name or e-mail        |
      | the candidate's record          | 403    | it says auditors see registers, not personal data |
      | a search by the candidate's e-mail | 403 | it says auditors see registers, not personal data |
      | the candidate's legal holds     | 403    | it says auditors see registers, not personal data |
      | the access request              | 200    | its details are withheld                        |

  Scenario: The DPO still reads what an auditor may not, and the read is audited
    When the DPO asks the API for the candidate's record
    Then the API answers 200
    And the read is in the audit trail
