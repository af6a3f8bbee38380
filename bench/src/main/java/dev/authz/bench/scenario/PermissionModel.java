package dev.authz.bench.scenario;

import dev.authz.bench.BenchContext;
import dev.authz.bench.BenchOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The data of the permissions scenario, drawn from a fixed seed: who is in which groups and roles, and what is
 * granted to whom. Users are known by index until they are created (their ids come from the system).
 * <ul>
 * <li>each user is in {@value #GROUPS_PER_USER} groups and holds {@value #ROLES_PER_USER} roles, plus the big role
 * that every user holds; one user in ten has a direct grant;
 * <li>each group and role is granted {@value #GRANTS_PER_TARGET} resources; the big role
 * {@value #BIG_ROLE_GRANTS} resources that nobody else is granted, so that its rename and disable can be checked on
 * any holder.
 * </ul>
 * Every grant is ALLOW {@code read}.
 */
final class PermissionModel {
    static final int GROUPS_PER_USER = 3;
    static final int ROLES_PER_USER = 2;
    static final int GRANTS_PER_TARGET = 2;
    static final int BIG_ROLE_GRANTS = 5;
    static final int DIRECT_GRANT_EVERY = 10;

    final List<String> resources = new ArrayList<>();
    final List<String> groups = new ArrayList<>();
    final List<String> roles = new ArrayList<>();
    final String bigRole;
    final int[][] userGroups;
    final int[][] userRoles;
    final int[] directGrant;
    final int[][] groupGrants;
    final int[][] roleGrants;
    final int users;

    PermissionModel(BenchContext context, BenchOptions.Permissions sizes, Random random) {
        users = sizes.users();
        for (int i = 0; i < Math.max(sizes.resources(), BIG_ROLE_GRANTS + GRANTS_PER_TARGET); i++) {
            resources.add(context.unique("res"));
        }
        for (int i = 0; i < Math.max(sizes.groups(), GROUPS_PER_USER); i++) {
            groups.add(context.unique("pg"));
        }
        for (int i = 0; i < Math.max(sizes.roles(), ROLES_PER_USER); i++) {
            roles.add(context.unique("pr"));
        }
        bigRole = context.unique("big");
        userGroups = new int[users][];
        userRoles = new int[users][];
        directGrant = new int[users];
        for (int u = 0; u < users; u++) {
            userGroups[u] = distinct(random, GROUPS_PER_USER, groups.size());
            userRoles[u] = distinct(random, ROLES_PER_USER, roles.size());
            directGrant[u] = u % DIRECT_GRANT_EVERY == 0 ? sharedResource(random) : -1;
        }
        groupGrants = grants(random, groups.size());
        roleGrants = grants(random, roles.size());
    }

    /** A resource anyone may be granted (not one of the big role's). */
    int sharedResource(RandomGenerator random) {
        return BIG_ROLE_GRANTS + random.nextInt(resources.size() - BIG_ROLE_GRANTS);
    }

    List<String> bigRoleResources() {
        return resources.subList(0, BIG_ROLE_GRANTS);
    }

    List<String> codes(int[] resourceIndexes) {
        List<String> codes = new ArrayList<>();
        for (int index : resourceIndexes) {
            codes.add(resources.get(index));
        }
        return codes;
    }

    /** Per group (or role), the indexes of the users in it. */
    static List<List<Integer>> holders(int[][] byUser, int owners) {
        List<List<Integer>> holders = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
            holders.add(new ArrayList<>());
        }
        for (int u = 0; u < byUser.length; u++) {
            for (int owner : byUser[u]) {
                holders.get(owner).add(u);
            }
        }
        return holders;
    }

    boolean holdsRole(int user, int role) {
        for (int held : userRoles[user]) {
            if (held == role) {
                return true;
            }
        }
        return false;
    }

    /**
     * Resources the user must be allowed to read: one of the big role's, one of a group's, one of a role's, and
     * its direct grant if it has one.
     */
    List<String> expectedAllowed(int user, Random random) {
        List<String> expected = new ArrayList<>();
        expected.add(resources.get(random.nextInt(BIG_ROLE_GRANTS)));
        int[] groupGrant = groupGrants[userGroups[user][random.nextInt(GROUPS_PER_USER)]];
        expected.add(resources.get(groupGrant[random.nextInt(groupGrant.length)]));
        int[] roleGrant = roleGrants[userRoles[user][random.nextInt(ROLES_PER_USER)]];
        expected.add(resources.get(roleGrant[random.nextInt(roleGrant.length)]));
        if (directGrant[user] >= 0) {
            expected.add(resources.get(directGrant[user]));
        }
        return expected;
    }

    private int[][] grants(Random random, int owners) {
        int[][] grants = new int[owners][GRANTS_PER_TARGET];
        for (int i = 0; i < owners; i++) {
            for (int g = 0; g < GRANTS_PER_TARGET; g++) {
                grants[i][g] = sharedResource(random);
            }
        }
        return grants;
    }

    private static int[] distinct(Random random, int count, int bound) {
        int[] picked = new int[count];
        for (int i = 0; i < count; i++) {
            int candidate;
            boolean taken;
            do {
                candidate = random.nextInt(bound);
                taken = false;
                for (int j = 0; j < i; j++) {
                    taken |= picked[j] == candidate;
                }
            } while (taken);
            picked[i] = candidate;
        }
        return picked;
    }
}
