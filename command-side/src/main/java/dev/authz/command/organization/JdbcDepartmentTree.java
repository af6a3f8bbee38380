package dev.authz.command.organization;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

@Component
public class JdbcDepartmentTree implements DepartmentTree {
    private final JdbcTemplate jdbc;

    public JdbcDepartmentTree(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(String poolId, String departmentId, String organizationId, String parentId) {
        jdbc.update("INSERT INTO department_node (pool_id, department_id, organization_id, parent_id) "
                + "VALUES (?, ?, ?, ?)", poolId, departmentId, organizationId, parentId);
    }

    @Override
    public void move(String departmentId, String newParentId) {
        jdbc.update("UPDATE department_node SET parent_id = ? WHERE department_id = ?", newParentId, departmentId);
    }

    @Override
    public void remove(String departmentId) {
        jdbc.update("DELETE FROM department_node WHERE department_id = ?", departmentId);
    }

    @Override
    public Optional<Node> find(String poolId, String departmentId) {
        return jdbc.query("SELECT department_id, organization_id, parent_id FROM department_node "
                        + "WHERE pool_id = ? AND department_id = ?",
                (rs, i) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3)), poolId, departmentId)
                .stream().findFirst();
    }

    @Override
    public List<String> subtree(String departmentId) {
        return jdbc.queryForList("WITH RECURSIVE below(department_id, depth) AS ("
                + " SELECT department_id, 0 FROM department_node WHERE department_id = ?"
                + " UNION ALL SELECT n.department_id, b.depth + 1 FROM department_node n"
                + " JOIN below b ON n.parent_id = b.department_id)"
                + " SELECT department_id FROM below ORDER BY depth DESC, department_id", String.class, departmentId);
    }

    @Override
    public List<String> ofOrganization(String organizationId) {
        return jdbc.queryForList("WITH RECURSIVE below(department_id, depth) AS ("
                + " SELECT department_id, 0 FROM department_node WHERE organization_id = ? AND parent_id IS NULL"
                + " UNION ALL SELECT n.department_id, b.depth + 1 FROM department_node n"
                + " JOIN below b ON n.parent_id = b.department_id)"
                + " SELECT department_id FROM below ORDER BY depth DESC, department_id", String.class, organizationId);
    }
}
