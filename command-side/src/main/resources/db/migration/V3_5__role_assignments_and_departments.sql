-- Role assignments: who (a user or a department) holds which role, optionally only between enable_time and
-- end_time (epoch ms, NULL = unbounded). Written in the transaction of the command that appends the
-- RoleAssigned / RoleRevoked event; the read side filters by "now" when it answers.
CREATE TABLE role_assignment (
    pool_id     VARCHAR(64) NOT NULL,
    role_id     VARCHAR(64) NOT NULL,
    target_type VARCHAR(16) NOT NULL,
    target_id   VARCHAR(64) NOT NULL,
    enable_time BIGINT,
    end_time    BIGINT,
    PRIMARY KEY (role_id, target_type, target_id)
);
CREATE INDEX role_assignment_by_target ON role_assignment (pool_id, target_type, target_id);

-- The department tree of every organization: which departments exist, where they hang. Commands check
-- parents, cascade deletions and validate department ids here without loading aggregates.
CREATE TABLE department_node (
    pool_id         VARCHAR(64) NOT NULL,
    department_id   VARCHAR(64) NOT NULL PRIMARY KEY,
    organization_id VARCHAR(64) NOT NULL,
    parent_id       VARCHAR(64)
);
CREATE INDEX department_node_by_organization ON department_node (organization_id);
CREATE INDEX department_node_by_parent ON department_node (parent_id);

-- Department membership facts, like group_membership.
CREATE TABLE department_membership (
    pool_id       VARCHAR(64) NOT NULL,
    department_id VARCHAR(64) NOT NULL,
    user_id       VARCHAR(64) NOT NULL,
    PRIMARY KEY (department_id, user_id)
);
CREATE INDEX department_membership_by_user ON department_membership (pool_id, user_id);
