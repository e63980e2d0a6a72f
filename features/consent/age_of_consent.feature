Feature: Children's consent (GDPR Art 8)
  Below the age of digital consent of the subject's member state, consent needs a parent's.

  Scenario Outline: Age threshold per member state
    Given a candidate living in "<country>" aged <age>
    And consent to "job_alerts" is recorded <parental> parental consent
    Then processing for "job_alerts" is <outcome>

    Examples:
      | country | age | parental | outcome                                                      |
      | DE      | 15  | without  | refused because "under_age_without_parental_consent"        |
      | DE      | 15  | with     | allowed                                                      |
      | DE      | 16  | without  | allowed                                                      |
      | BE      | 13  | without  | allowed                                                      |
      | BE      | 12  | without  | refused because "under_age_without_parental_consent"        |
