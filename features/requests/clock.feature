Feature: When the answer to a data subject request is due
  GDPR Art 12(3): the controller answers without undue delay and at the latest within one month
  of receipt of the request. Regulation 1182/71 counts the month: the day of receipt is not
  counted (Art 3(1)); the period ends on the same date in the following month, or on the last
  day of that month when it has no such date (Art 3(2)(c)); when that day is a Saturday, a
  Sunday or a public holiday, the period ends with the next working day (Art 3(4)). The date of
  receipt is the calendar date at the controller's seat, and the public holidays are those of
  the controller's member state. The period may be extended once, by two further months, when
  the data subject is told so, with the reasons, within the first month.

  While the controller waits for the person, the clock stands still (EDPB Guidelines 01/2022 on the
  right of access, version 2.0, §159: where the controller asks for information needed to identify
  the person, or asks a person who made an unclear request to specify it, the time to answer is
  suspended until it arrives; the ICO's "stopping the clock" guidance reads the same way). The days
  it stood still, from the day the controller asked to the day the answer arrived, are added to
  the end of the period before the roll-over to the next working day; every pause and restart is
  recorded with the request.

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

  Scenario Outline: The clock stands still while the controller waits for the person
    Given a request reached the controller at <received>
    And the controller asked for <what> on <asked> and had the answer on <answered>
    Then the clock stood still for <days> days
    And the answer is due by the end of <due>

    Examples:
      | received                  | what           | asked      | answered   | days | due        | because                                 |
      | 2026-03-05T12:00:00+02:00 | proof of ID    | 2026-03-06 | 2026-03-16 | 10   | 2026-04-15 | 5 April plus 10 days, a Wednesday       |
      | 2026-03-05T12:00:00+02:00 | clarification  | 2026-03-10 | 2026-03-10 | 0    | 2026-04-06 | answered the same day: nothing added    |
      | 2026-08-31T12:00:00+03:00 | proof of ID    | 2026-09-01 | 2026-09-04 | 3    | 2026-10-05 | 3 October is a Saturday                 |
      | 2026-11-24T12:00:00+02:00 | clarification  | 2026-11-25 | 2026-11-30 | 5    | 2026-12-29 | 24 December plus 5 days, past Christmas |

  Scenario: Asking for proof of identity stops the clock and the proof restarts it
    Given a request for access received today
    When the DPO asks for proof of identity and the proof arrives 4 days later
    Then the request records a pause for identity of 4 days
    And the due date moved 4 days from one month after receipt, to the next working day
