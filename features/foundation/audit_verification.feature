Feature: The audit trail proves it was not altered
  Every action is recorded as an event. Shortly after it is committed the service seals it into a
  chain: its hash covers the previous event's hash. Every few minutes while events arrive, and with
  every export, the service signs the newest sealed event into a checkpoint kept outside the
  database. Verification proves the chain AND that it still contains every checkpoint, so someone
  who rewrites history in the database and recomputes the chain is caught as surely as someone who
  edits a single row, and the verdict names what was done.

  Background:
    Given a candidate named "Tiit Kask" with email "tiit.kask@example.com" is registered
    And the subject's record was read 3 times
    And the trail is sealed and a checkpoint is signed
    And the subject's record was read 2 times
    And the trail is sealed and a checkpoint is signed

  Scenario: An untouched trail verifies
    When the audit trail is verified
    Then the trail is intact with 6 sealed events and 2 checkpoints

  Scenario Outline: Tampering with the trail in the database is caught and named
    When someone with write access to the database <tampers>
    And the audit trail is verified
    Then verification finds "<problem>" at event <event>
    And its message says "<says>"

    Examples:
      | tampers                                                 | problem       | event | says                                        |
      | changes the action of event 2                           | altered       | 2     | event 2 does not match its hash             |
      | changes the time of event 2                             | altered       | 2     | its content was changed                     |
      | deletes event 3                                         | missing       | 3     | the trail jumps from event 2 to event 4     |
      | swaps events 2 and 3                                    | link_broken   | 2     | event 2 does not link to event 1            |
      | deletes the newest event                                | head_mismatch | 6     | the newest events were deleted              |
      | deletes the 2 newest events and moves the head back     | truncated     | 6     | events 5 to 6 were deleted                  |
      | changes the actor of event 2 and recomputes the chain   | rewritten     | 4     | event 4 no longer has the hash signed       |
      | deletes event 3 and recomputes the chain                | rewritten     | 4     | and the chain recomputed                    |
      | inserts an event after event 2 and recomputes the chain | rewritten     | 4     | changed, deleted, inserted or reordered     |
      | swaps events 2 and 3 and recomputes the chain           | rewritten     | 4     | event 4 no longer has the hash signed       |
      | changes event 5 and recomputes the chain                | rewritten     | 6     | after event 4, the last one a checkpoint    |
      | wipes the trail                                         | wiped         | 6     | the trail was wiped                         |
      | deletes the head record                                 | head_missing  | none  | the head record is missing                  |

  Scenario: A checkpoint the auditor kept still counts when the server's copy is gone
    Given the auditor kept the newest checkpoint
    When the checkpoint file on the server is deleted
    And someone with write access to the database changes the actor of event 2 and recomputes the chain
    And the audit trail is verified with the auditor's checkpoint
    Then verification finds "rewritten" at event 6

  Scenario: A forged checkpoint is named, not trusted
    When someone appends a checkpoint with a forged signature to the checkpoint file
    And the audit trail is verified
    Then verification finds "checkpoint_forged" at event 99
