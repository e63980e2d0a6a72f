Feature: The outcome of an application
  An application runs until it is rejected (on a date, at a stage), withdrawn or placed. The
  outcome is final: the rejection date starts the rejected_candidate retention clock, and a clock
  that history could rewrite would keep or erase applicants at will.

  Scenario Outline: What an application may become
    Given an application that is "<status>", made 10 days ago
    When its outcome is recorded as "<outcome>" <days> days ago with stage "<stage>"
    Then the outcome is <result>

    Examples:
      | status    | outcome   | days | stage     | result                                    |
      | running   | rejected  | 2    | interview | recorded                                  |
      | running   | rejected  | 0    | screening | recorded                                  |
      | running   | withdrawn | 1    | -         | recorded                                  |
      | running   | placed    | 0    | -         | recorded                                  |
      | running   | rejected  | 2    | -         | refused: "stage" is required              |
      | running   | withdrawn | 2    | offer     | refused: "stage" only for a rejection     |
      | running   | rejected  | 11   | offer     | refused: "on" is before the application   |
      | running   | placed    | -1   | -         | refused: "on" is in the future            |
      | rejected  | placed    | 0    | -         | a conflict: the outcome is final          |
      | withdrawn | rejected  | 0    | offer     | a conflict: the outcome is final          |
      | placed    | withdrawn | 0    | -         | a conflict: the outcome is final          |
