package dev.authz.api.web;

import dev.authz.api.event.UserProfile;

import java.util.List;
import java.util.Map;

/**
 * UserDto of the SDK, written out with its nulls: SDK callers test {@code lastLogin === null}. The optional
 * parts ({@code customData}, {@code departmentIds}, {@code identities}) are null unless asked for.
 */
public record UserDto(
        String userId, String createdAt, String updatedAt, String status, String workStatus,
        String externalId, String email, String phone, String phoneCountryCode, String username, String name,
        String nickname, String photo, int loginsCount, String lastLogin, String lastIp, String gender,
        boolean emailVerified, boolean phoneVerified, String birthdate, String country, String province,
        String city, String address, String streetAddress, String postalCode, String company,
        String givenName, String familyName, String middleName, String profile, String preferredUsername,
        String website, String zoneinfo, String locale, String formatted, String region, String identityNumber,
        String userSourceType, List<String> departmentIds, List<Object> identities,
        Map<String, Object> customData) {

    /** What the caller asked to include beyond the profile. */
    public record Options(boolean withCustomData, boolean withIdentities, boolean withDepartmentIds) {
        public static final Options NONE = new Options(false, false, false);
        public static final Options CUSTOM_DATA = new Options(true, false, false);
    }

    public static UserDto of(String userId, UserProfile p, String createdAt, String updatedAt, Options options) {
        return new UserDto(userId, createdAt, updatedAt, p.status(), "Active",
                p.externalId(), p.email(), p.phone(), p.phoneCountryCode(), p.username(), p.name(),
                p.nickname(), p.photo(), 0, null, null, p.gender(),
                Boolean.TRUE.equals(p.emailVerified()), Boolean.TRUE.equals(p.phoneVerified()), p.birthdate(),
                p.country(), p.province(), p.city(), p.address(), p.streetAddress(), p.postalCode(), p.company(),
                p.givenName(), p.familyName(), p.middleName(), p.profile(), p.preferredUsername(),
                p.website(), p.zoneinfo(), p.locale(), p.formatted(), p.region(), p.identityNumber(),
                "adminCreated",
                options.withDepartmentIds() ? List.of() : null,
                options.withIdentities() ? List.of() : null,
                options.withCustomData() ? (p.customData() == null ? Map.of() : p.customData()) : null);
    }

    /** The same user with its department ids (only when they were asked for). */
    public UserDto withDepartmentIds(List<String> ids) {
        if (departmentIds == null) {
            return this;
        }
        return new UserDto(userId, createdAt, updatedAt, status, workStatus, externalId, email, phone,
                phoneCountryCode, username, name, nickname, photo, loginsCount, lastLogin, lastIp, gender,
                emailVerified, phoneVerified, birthdate, country, province, city, address, streetAddress,
                postalCode, company, givenName, familyName, middleName, profile, preferredUsername, website,
                zoneinfo, locale, formatted, region, identityNumber, userSourceType,
                ids == null ? List.of() : List.copyOf(ids), identities, customData);
    }
}
