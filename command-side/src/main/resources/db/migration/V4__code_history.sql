-- Every code an entity ever held: written by JdbcCodeRegistry in the transaction that claims or moves a code
-- (never deleted, not even when the entity is), so an entity's history stays reachable by any of its codes
-- and a code held by several entities over time names each of them. claimed_at = the entity's latest claim
-- of the code (created with it, or renamed to it).
CREATE TABLE code_history (
    pool_id      VARCHAR(64) NOT NULL,
    kind         VARCHAR(16) NOT NULL,
    scope        VARCHAR(64) NOT NULL,
    code         VARCHAR(64) NOT NULL,
    aggregate_id VARCHAR(64) NOT NULL,
    claimed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (pool_id, kind, scope, code, aggregate_id)
);

-- Codes claimed before this table existed, from the events that claimed them (a *Created event, or an
-- *Updated event whose code differs from its previousCode; resources are never renamed). Payloads are JSON.
INSERT INTO code_history (pool_id, kind, scope, code, aggregate_id, claimed_at)
SELECT pool_id, kind, scope, code, aggregate_identifier, max(claimed_at)
FROM (SELECT p ->> 'poolId' AS pool_id,
             CASE WHEN name LIKE 'Group%' THEN 'GROUP'
                  WHEN name LIKE 'Namespace%' THEN 'NAMESPACE'
                  WHEN name LIKE 'Role%' THEN 'ROLE'
                  WHEN name LIKE 'Resource%' THEN 'RESOURCE'
                  WHEN name LIKE 'Organization%' THEN 'ORGANIZATION'
                  ELSE 'DEPARTMENT' END AS kind,
             CASE WHEN name LIKE 'Role%' OR name LIKE 'Resource%' THEN p ->> 'namespaceId'
                  WHEN name LIKE 'Department%' THEN p ->> 'organizationId'
                  ELSE '' END AS scope,
             p ->> 'code' AS code,
             aggregate_identifier,
             time_stamp::timestamptz AS claimed_at
      FROM (SELECT regexp_replace(payload_type, '^.*\.', '') AS name, aggregate_identifier, time_stamp,
                   convert_from(payload, 'UTF8')::jsonb AS p
            FROM domain_event_entry
            WHERE payload_type ~ '\.((Group|Namespace|Role|Resource|Organization|Department)Created|(Group|Namespace|Role|Organization|Department)Updated)$') e
      WHERE p ->> 'code' IS NOT NULL
        AND (name LIKE '%Created' OR (p ->> 'previousCode') IS DISTINCT FROM (p ->> 'code'))) claims
GROUP BY pool_id, kind, scope, code, aggregate_identifier;
