-- Which membership and role-assignment events name a subject (a user; for role assignments also a department).
-- Time travel (ADR 6) reads a user's linked groups, departments and roles: their own events through the partial
-- index below, and of their membership and assignment events only those listed here for the user or its
-- departments. A user in a group of a million joinings then reads its own few, not the group's whole stream.
-- Insert-only, written by SubjectLinks in the transaction that appends the event.
CREATE TABLE subject_event (
    subject_id       VARCHAR(64)  NOT NULL,
    event_identifier VARCHAR(255) NOT NULL,
    PRIMARY KEY (subject_id, event_identifier)
);

-- Every other event of an aggregate, in append order. The list of types must equal SubjectLinks.NAMING_EVENTS
-- (a test compares them), and a query must spell it the same way for the planner to use this index.
CREATE INDEX domain_event_entry_not_naming ON domain_event_entry (aggregate_identifier, global_index)
    WHERE payload_type NOT IN ('dev.authz.api.event.GroupMembersAdded', 'dev.authz.api.event.GroupMembersRemoved',
                               'dev.authz.api.event.DepartmentMembersAdded',
                               'dev.authz.api.event.DepartmentMembersRemoved',
                               'dev.authz.api.event.RoleAssigned', 'dev.authz.api.event.RoleRevoked');

-- Events stored before this table existed. Payloads are JSON; these six event types have had one version only.
INSERT INTO subject_event (subject_id, event_identifier)
SELECT DISTINCT subject_id, event_identifier
FROM (SELECT event_identifier, payload_type, convert_from(payload, 'UTF8')::jsonb AS p
      FROM domain_event_entry
      WHERE payload_type IN ('dev.authz.api.event.GroupMembersAdded', 'dev.authz.api.event.GroupMembersRemoved',
                             'dev.authz.api.event.DepartmentMembersAdded',
                             'dev.authz.api.event.DepartmentMembersRemoved',
                             'dev.authz.api.event.RoleAssigned', 'dev.authz.api.event.RoleRevoked')) e
CROSS JOIN LATERAL jsonb_array_elements_text(
        CASE WHEN payload_type LIKE '%.Role%' THEN p -> 'targetIds' ELSE p -> 'userIds' END) AS subject(subject_id);
