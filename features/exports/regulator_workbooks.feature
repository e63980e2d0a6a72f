Feature: Regulator-ready workbooks
  The DPO, admins and auditors take spreadsheet exports of the registers the GDPR requires.
  Every workbook opens with an About sheet naming the controller, the scope, the audit trail's
  head and a data hash per sheet that anyone can recompute from the file alone. Every export is
  itself recorded in the audit trail.

  Scenario Outline: Each workbook can be taken by readers and verifies against its About sheet
    Given breaches are on the register
    When an "<role>" exports "<workbook>"
    Then the workbook opens with an About sheet first
    And every data sheet's headers, row count and hash match the About sheet
    And the audit trail records the export with its data hashes

    Examples:
      | role    | workbook            |
      | auditor | ropa                |
      | dpo     | breach-register     |
      | admin   | consent-register    |
      | auditor | dsr-register        |
      | auditor | retention           |
      | dpo     | insurance-bordereau |
      | auditor | cross-border        |

  Scenario Outline: Text that looks like a formula is never run as one
    Given a breach whose nature reads "<text>"
    When an "auditor" exports "breach-register"
    Then the nature cell reads "<cell>"

    Examples:
      | text            | cell             |
      | =SUM(A1:A3)     | '=SUM(A1:A3)     |
      | +33 1 23 45     | '+33 1 23 45     |
      | @import         | '@import         |
      | Lost laptop     | Lost laptop      |

  Scenario Outline: Only readers receive exports; unknown workbooks are named
    When an "<role>" asks for the export "<workbook>"
    Then the answer is <status>

    Examples:
      | role    | workbook  | status |
      | member  | ropa      | 403    |
      | auditor | payroll   | 404    |
