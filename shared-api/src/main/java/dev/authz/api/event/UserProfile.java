package dev.authz.api.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The user attributes this directory keeps. Passwords are never part of an event: events are published on
 * a public stream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserProfile(
        String username, String email, String phone, String phoneCountryCode, String externalId,
        String name, String nickname, String photo, String status, String gender,
        Boolean emailVerified, Boolean phoneVerified, String birthdate, String country, String province,
        String city, String address, String streetAddress, String postalCode, String company,
        String givenName, String familyName, String middleName, String profile, String preferredUsername,
        String website, String zoneinfo, String locale, String formatted, String region,
        String identityNumber, Map<String, Object> customData) {
}
