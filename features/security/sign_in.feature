Feature: Guessing a password gets slower for each account, and its owner is kept out for minutes at most
  Every client address has its own budget of sign-in attempts; on top of it, each account counts
  the wrong passwords typed for it in a row. The first few are free (typos); each one after that
  doubles the time the account refuses sign-ins, even with the right password, up to a cap.
  Every refusal and every lockout is in the audit trail, without what was typed.

  Scenario Outline: The wait after wrong passwords in a row
    Given an account allows 3 free wrong passwords, then waits from 2 seconds up to 900
    When <wrong> wrong passwords are typed for it, each after the wait
    Then the account refuses sign-ins for <seconds> seconds
    And the audit trail holds <wrong> refused sign-ins and <lockouts> lockouts of that account

    Examples:
      | wrong | seconds | lockouts |
      | 3     | 0       | 0        |
      | 4     | 2       | 1        |
      | 5     | 4       | 2        |

  Scenario: During the wait even the right password is refused; after it, it is accepted again
    Given an account allows 3 free wrong passwords, then waits from 2 seconds up to 900
    And 4 wrong passwords were typed for it, each after the wait
    When the right password is typed during the wait
    Then the sign-in is refused
    And the refusal is audited as "backoff"
    When the wait is over and the right password is typed
    Then the sign-in succeeds and the count starts again from zero

  Scenario: Another account is not slowed down by someone guessing the DPO's password
    Given an account allows 3 free wrong passwords, then waits from 2 seconds up to 900
    And 6 wrong passwords were typed for it, each after the wait
    Then another account signs in at once
