Feature: When the answer to a data subject request is due
  GDPR Art 12(3): the controller answers without undue delay and at the latest within one month
  of receipt of the request. Regulation 1182/71 counts the month: the day of receipt is not
  counted (Art 3(1)); the period ends on the same date in the following month, or on the last
  day of that month when it has no such date (Art 3(2)(c)); when that day is a Saturday, a
  Sunday or a public holiday, the period ends with the next working day (Art 3(4)). The date of
  receipt is the calendar date at the controller's seat, and the public holidays are those of
  the controller's member state. The period may be extended once, by two further months, when
  the data subject is told so, with the reasons, within the first month.

  Background:
    Given the controller is established in "EE" with time zone "Europe/Tallinn"

  Scenario Outline: One month from receipt
    Given a request reached the controller at <received>
    Then the answer is due by the end of <due>

    Examples:
      | received                  | due        | because                                           |
      | 2026-08-31T12:00:00+03:00 | 2026-09-30 | September has no 31st: its last day               |
      | 2028-01-31T12:00:00+02:00 | 2028-02-29 | a leap year                                       |
      | 2026-03-05T12:00:00+02:00 | 2026-04-06 | 5 April 2026 is a Sunday                          |
      | 2026-01-31T12:00:00+02:00 | 2026-03-02 | 28 February 2026 is a Saturday                    |
      | 2026-01-24T12:00:00+02:00 | 2026-02-25 | 24 February is Independence Day in Estonia        |
      | 2026-11-24T12:00:00+02:00 | 2026-12-28 | Christmas holidays, then a Sunday                 |
      | 2026-03-31T22:30:00+00:00 | 2026-05-04 | already 1 April in Tallinn; 1 May is a holiday    |

  Scenario Outline: The holidays of the controller's member state count, not others'
    Given the controller is established in "<country>" with time zone "Europe/Tallinn"
    And a request reached the controller at 2027-10-01T12:00:00+03:00
    Then the answer is due by the end of <due>

    Examples:
      | country | due        | because                                   |
      | EE      | 2027-11-01 | an ordinary Monday in Estonia              |
      | AT      | 2027-11-02 | All Saints' Day is a public holiday in AT  |

  Scenario Outline: One extension, decided and told within the first month
    Given a request reached the controller at <received>
    When on <day> the controller extends the period because "<reason>", having told the data subject on <told>
    Then the extension is <verdict>
    And the answer is due by the end of <due>

    Examples:
      | received                  | day        | reason                         | told       | verdict | due        |
      | 2026-03-05T12:00:00+02:00 | 2026-04-02 | records held by many members   | 2026-04-02 | allowed | 2026-06-05 |
      | 2026-03-05T12:00:00+02:00 | 2026-04-07 | records held by many members   | 2026-04-07 | refused | 2026-04-06 |
      | 2026-03-05T12:00:00+02:00 | 2026-04-02 |                                | 2026-04-02 | refused | 2026-04-06 |
      | 2026-11-30T12:00:00+02:00 | 2026-12-10 | several requests at once       | 2026-12-10 | allowed | 2027-03-01 |
