-- Every group and department a user ever joined and every role ever assigned to a user or a department: the
-- aggregates whose events can decide that subject's permissions. Time travel (ADR 6) folds a user's linked
-- aggregates, their policies and the user's own stream instead of the whole store. Insert-only: written by
-- SubjectLinks in the transaction that appends the linking event (GroupMembersAdded, DepartmentMembersAdded,
-- RoleAssigned) and never deleted, since a past link still decides the permissions of past instants.
CREATE TABLE subject_link (
    pool_id     VARCHAR(64) NOT NULL,
    subject_id  VARCHAR(64) NOT NULL,
    linked_kind VARCHAR(16) NOT NULL,
    linked_id   VARCHAR(64) NOT NULL,
    PRIMARY KEY (pool_id, subject_id, linked_id)
);

-- Links made before this table existed, from the stored events that made them. Payloads are JSON; these three
-- event types have had one version only.
INSERT INTO subject_link (pool_id, subject_id, linked_kind, linked_id)
SELECT DISTINCT p ->> 'poolId', subject_id,
       CASE name WHEN 'GroupMembersAdded' THEN 'GROUP' WHEN 'DepartmentMembersAdded' THEN 'DEPARTMENT' ELSE 'ROLE' END,
       CASE name WHEN 'GroupMembersAdded' THEN p ->> 'groupId'
                 WHEN 'DepartmentMembersAdded' THEN p ->> 'departmentId' ELSE p ->> 'roleId' END
FROM (SELECT regexp_replace(payload_type, '^.*\.', '') AS name, convert_from(payload, 'UTF8')::jsonb AS p
      FROM domain_event_entry
      WHERE payload_type ~ '\.(GroupMembersAdded|DepartmentMembersAdded|RoleAssigned)$') e
CROSS JOIN LATERAL jsonb_array_elements_text(
        CASE name WHEN 'RoleAssigned' THEN p -> 'targetIds' ELSE p -> 'userIds' END) AS subject(subject_id)
ON CONFLICT DO NOTHING;
