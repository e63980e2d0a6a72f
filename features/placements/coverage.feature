Feature: Professional indemnity coverage of each placement
  The platform holds one claims-made PI policy (EUR 2M aggregate) for all members' recruitment
  work. A placement is covered only when every check passes; each failed check is one reason
  with a stable code, so the DPO and the insurer read the same verdict.

  Background:
    Given the platform's PI policy "PI-2026-001" of EUR 2,000,000 in the aggregate
    And the policy territory is the EEA, Switzerland and the United Kingdom
    And the policy excludes the courts of "US, CA" and the activity "temporary_agency_work"

  Scenario Outline: The verdict names every failed check and nothing else
    Given a <type> placement working in "<work>" for a client in "<client>"
    And the member's membership is <membership> on the start date
    And the policy is <policy state>
    When the coverage of the placement is assessed
    Then the placement is <verdict>
    And the reasons are "<reasons>"

    Examples: covered placements
      | type             | work | client | membership | policy state | verdict | reasons |
      | permanent        | DE   | AT     | active     | in force     | covered | none    |
      | executive_search | FR   | BE     | active     | in force     | covered | none    |
      | freelance        | NL   | CH     | active     | in force     | covered | none    |

    Examples: uncovered placements
      | type                  | work | client | membership | policy state                       | verdict     | reasons                                   |
      | permanent             | DE   | AT     | active     | expired                            | not covered | no_policy_in_force                        |
      | permanent             | DE   | AT     | lapsed     | expired                            | not covered | no_policy_in_force, membership_inactive   |
      | permanent             | DE   | AT     | active     | retroactive to after the start     | not covered | before_retroactive_date                   |
      | permanent             | DE   | AT     | lapsed     | in force                           | not covered | membership_inactive                       |
      | permanent             | DE   | JP     | active     | in force                           | not covered | outside_territory                         |
      | permanent             | DE   | US     | active     | in force                           | not covered | outside_territory, excluded_jurisdiction  |
      | temporary_agency_work | AT   | AT     | active     | in force                           | not covered | excluded_activity                         |
      | permanent             | DE   | AT     | active     | exhausted by claims                | not covered | aggregate_exhausted                       |
