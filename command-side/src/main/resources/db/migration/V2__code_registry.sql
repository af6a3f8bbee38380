-- One registry for every kind of code (group, namespace, role, resource, organization, department), each
-- unique in its scope: the pool ('' = pool-wide), a namespace id (roles, resources) or an organization id
-- (departments). Replaces group_code.
CREATE TABLE code_registry (
    pool_id   VARCHAR(64) NOT NULL,
    kind      VARCHAR(16) NOT NULL,
    scope     VARCHAR(64) NOT NULL,
    code      VARCHAR(64) NOT NULL,
    entity_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (pool_id, kind, scope, code)
);
CREATE INDEX code_registry_by_entity ON code_registry (entity_id);

INSERT INTO code_registry (pool_id, kind, scope, code, entity_id)
SELECT pool_id, 'GROUP', '', code, group_id FROM group_code;
DROP TABLE group_code;
