Feature: Cross-border rules for each placement
  Members established in one state place candidates in others. Permanent placement and executive
  search are services under Directive 2006/123/EC (Art 16); temporary agency work is outside it
  (Art 2(2)(e)) and the host state's rules apply in full. The work country may require a
  registration, notification, licence, authorisation or concession, and candidate data sent to a
  client outside the EEA is a transfer (GDPR Art 44-49). Facts that are not verified say so.

  Scenario Outline: Findings for a placement
    Given a member established in "<home>" who holds <held>
    And a <type> placement working in "<work>" for a client in "<client>"
    When the cross-border rules are applied to the placement
    Then there is a "<code>" finding of severity "<severity>"

    Examples: which regime applies
      | home | held           | type                  | work | client | code                        | severity |
      | EE   | nothing        | permanent             | DE   | DE     | services_directive_applies  | info     |
      | EE   | nothing        | executive_search      | FR   | FR     | services_directive_applies  | info     |
      | EE   | nothing        | temporary_agency_work | DE   | DE     | services_directive_excluded | warning  |

    Examples: host-state requirements
      | home | held                    | type      | work | client | code                   | severity |
      | EE   | nothing                 | permanent | DE   | DE     | host_state_requirement | info     |
      | EE   | nothing                 | permanent | AT   | AT     | host_state_requirement | blocker  |
      | EE   | a registration in AT    | permanent | AT   | AT     | host_state_requirement | info     |
      | EE   | an expired licence in CY | permanent | CY   | CY     | host_state_requirement | blocker  |
      | EE   | nothing                 | permanent | DK   | DK     | host_state_requirement | warning  |
      | EE   | nothing                 | permanent | DK   | DK     | unverified_rule        | warning  |

    Examples: candidate data going to a client outside the EEA
      | home | held    | type      | work | client | code                   | severity |
      | EE   | nothing | permanent | DE   | CH     | third_country_transfer | info     |
      | EE   | nothing | permanent | DE   | JP     | third_country_transfer | warning  |
      | EE   | nothing | permanent | DE   | US     | third_country_transfer | warning  |
      | EE   | nothing | permanent | DE   | CA     | third_country_transfer | warning  |
      | EE   | nothing | permanent | DE   | IN     | third_country_transfer | blocker  |
