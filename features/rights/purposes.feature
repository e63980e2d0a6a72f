Feature: A purpose runs only while the purposes it requires are allowed
  Each purpose in policies/purposes.yaml may require others. Candidate matching rests on legitimate
  interests (GDPR Art 6(1)(f)) but only matches people who are in the talent pool, which rests on
  consent (Art 6(1)(a)): once that consent is withdrawn or has expired, matching stops too (Art 7(3):
  withdrawing must be as easy as giving, and it must take effect). Reference checks rest on
  legitimate interests with an Art 14 notice to each referee, for an application whose CV went to
  that client with the candidate's consent. Every verdict says why.

  Scenario Outline: Matching after the talent-pool consent changes
    Given a candidate "Kadri Kask" who joined the talent pool
    When her talent-pool consent is <change>
    Then processing for "candidate_matching" is <verdict>
    And the reason given is "<reason>"

    Examples:
      | change    | verdict | reason                   |
      | kept      | allowed | none                     |
      | withdrawn | refused | required_purpose_refused |
      | expired   | refused | required_purpose_refused |

  Scenario Outline: Reference checks for one client's application
    Given a candidate "Kadri Kask" who let her CV go to "Acme Oy"
    Then processing for "reference_checks" with client "<client>" is <verdict>
    And the reason given is "<reason>"

    Examples:
      | client  | verdict | reason                   |
      | Acme Oy | allowed | none                     |
      | Beta AB | refused | required_purpose_refused |
