Feature: Who may see and change what
  The DPO and admins manage everything; auditors read; members see and act only on the
  records they submitted themselves, and cannot even learn whether other records exist.

  Scenario Outline: What each role may do with subjects
    Given a user with the role "<role>"
    When they <action>
    Then the answer is <status>

    Examples:
      | role    | action                     | status |
      | dpo     | register a subject         | 201    |
      | admin   | register a subject         | 201    |
      | member  | register a subject         | 201    |
      | auditor | register a subject         | 403    |
      | auditor | list subjects              | 200    |
      | nobody  | list subjects              | 401    |

  Scenario: A member cannot tell another member's record from a missing one
    Given two members who each registered a candidate
    When the first member asks for the second member's candidate
    And the first member asks for a record that does not exist
    Then both answers are 403 with the same message
