Feature: The 72-hour clock of a personal data breach
  The supervisory authority is notified without undue delay and where feasible within 72 hours
  of becoming aware of a breach (GDPR Art 33(1)). The 72 hours are elapsed hours in UTC: no
  weekend, holiday or daylight-saving shift. A late notification states the reasons for the delay,
  and a breach unlikely to result in a risk may go unnotified only with documented reasoning.

  Scenario Outline: The deadline is exactly 72 elapsed hours after awareness
    When a breach is reported with awareness at "<aware_at>"
    Then it must be notified by "<notify_by>"

    Examples:
      | aware_at                  | notify_by                 | why                                  |
      | 2026-10-24T12:00:00+03:00 | 2026-10-27T09:00:00+00:00 | clocks go back inside the window     |
      | 2026-06-05T15:00:00+00:00 | 2026-06-08T15:00:00+00:00 | Friday: no roll-over past the weekend |
      | 2025-12-21T18:00:00+00:00 | 2025-12-24T18:00:00+00:00 | ends on a public holiday, stays there |

  Scenario Outline: Notifications on time, late with reasons, or refused
    Given a breach the DPO became aware of <hours> hours ago
    When the authority is notified now <with_reasons>
    Then the answer is <status> and the clock reads "<clock>"

    Examples:
      | hours | with_reasons        | status | clock         |
      | 71    | without reasons     | 201    | notified      |
      | 73    | with late reasons   | 201    | notified_late |
      | 73    | without reasons     | 422    | overdue       |

  Scenario Outline: Deciding not to notify needs low risk and reasoning (Art 33(5))
    When a breach is assessed with risk "<risk>", decision not to notify and reasoning "<reasoning>"
    Then the answer is <status>

    Examples:
      | risk     | reasoning                      | status |
      | unlikely | Encrypted device, key safe     | 201    |
      | unlikely | (none)                         | 422    |
      | high     | Only a few people affected     | 422    |
