package dev.authz.command.customfield;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.CustomFieldDefinition;
import dev.authz.api.event.CustomFieldDefinition.Option;
import dev.authz.api.event.CustomFieldsSet;
import dev.authz.api.web.CustomFieldDto;
import dev.authz.command.customfield.CustomFieldCommands.FieldChange;
import dev.authz.command.customfield.CustomFieldCommands.SetCustomFields;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

class CustomFieldSchemaAggregateTest {
    private static final String POOL = "pool-a";
    private static final String SCHEMA = CustomFieldCommands.schemaIdOf(POOL);
    private static final List<Option> SCHOOLS = List.of(new Option("pku", "北京大学"), new Option("麻省理工", "mit"));
    private static final CustomFieldDefinition SCHOOL = new CustomFieldDefinition("USER", "school", "ENUM", "学校",
            null, false, false, false, true, false, SCHOOLS);

    private AggregateTestFixture<CustomFieldSchemaAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CustomFieldSchemaAggregate.class);
    }

    @Test
    void theFirstChangeOfAPoolCreatesItsSchemaWithDefaultsFilledIn() {
        fixture.givenNoPriorActivity()
                .when(set(change("school", "ENUM", "学校", null, SCHOOLS), change("age", "NUMBER", null, null, null)))
                .expectEvents(new CustomFieldsSet(POOL, SCHEMA, List.of(SCHOOL, new CustomFieldDefinition("USER",
                        "age", "NUMBER", "age", null, false, false, false, true, false, List.of()))))
                .expectResultMessagePayloadMatching(Matchers.predicate(result -> {
                    @SuppressWarnings("unchecked") List<CustomFieldDto> fields = (List<CustomFieldDto>) result;
                    return fields.size() == 2 && fields.get(0).key().equals("school")
                            && fields.get(0).createdAt() != null && fields.get(1).label().equals("age");
                }));
    }

    @Test
    void aChangeKeepsWhatItDoesNotMentionAndMayRepeatTheDataType() {
        fixture.given(new CustomFieldsSet(POOL, SCHEMA, List.of(SCHOOL)))
                .when(set(change("school", null, "School", null, null)))
                .expectEvents(new CustomFieldsSet(POOL, SCHEMA, List.of(new CustomFieldDefinition("USER", "school",
                        "ENUM", "School", null, false, false, false, true, false, SCHOOLS))));
        fixture.given(new CustomFieldsSet(POOL, SCHEMA, List.of(SCHOOL)))
                .when(set(change("school", "ENUM", "学校", null, SCHOOLS)))
                .expectEvents(new CustomFieldsSet(POOL, SCHEMA, List.of(SCHOOL)));
    }

    @Test
    void theDataTypeAndEncryptionAreFixedOnceSet() {
        fixture.given(new CustomFieldsSet(POOL, SCHEMA, List.of(SCHOOL)))
                .when(set(change("school", "STRING", null, null, null)))
                .expectException(error(ErrorCode.CUSTOM_FIELD_FIXED, "dataType (USER school)"))
                .expectNoEvents();
        fixture.given(new CustomFieldsSet(POOL, SCHEMA, List.of(SCHOOL)))
                .when(set(change("school", null, null, true, null)))
                .expectException(error(ErrorCode.CUSTOM_FIELD_FIXED, "encrypted (USER school)"))
                .expectNoEvents();
    }

    @Test
    void theSameKeyOfAnotherTargetTypeIsAnotherField() {
        FieldChange roleSchool = new FieldChange("ROLE", "school", "STRING", null, null, null, null, null, null, null,
                null);
        fixture.given(new CustomFieldsSet(POOL, SCHEMA, List.of(SCHOOL)))
                .when(new SetCustomFields(SCHEMA, POOL, List.of(roleSchool)))
                .expectEvents(new CustomFieldsSet(POOL, SCHEMA, List.of(new CustomFieldDefinition("ROLE", "school",
                        "STRING", "school", null, false, false, false, true, false, List.of()))));
    }

    @Test
    void aNewFieldNeedsADataTypeAndOnlyEnumsHaveOptions() {
        fixture.givenNoPriorActivity()
                .when(set(change("intro", null, "自我介绍", null, null)))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "dataType"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(set(change("school", "ENUM", null, null, List.of())))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "options"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(set(change("intro", "STRING", null, null, SCHOOLS)))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "options"))
                .expectNoEvents();
    }

    @Test
    void oneBadFieldRefusesTheWholeChange() {
        fixture.givenNoPriorActivity()
                .when(set(change("age", "NUMBER", null, null, null), change("intro", null, null, null, null)))
                .expectException(error(ErrorCode.INVALID_PARAMETER, "dataType"))
                .expectNoEvents();
    }

    private static SetCustomFields set(FieldChange... changes) {
        return new SetCustomFields(SCHEMA, POOL, List.of(changes));
    }

    private static FieldChange change(String key, String dataType, String label, Boolean encrypted,
                                      List<Option> options) {
        return new FieldChange("USER", key, dataType, label, null, encrypted, null, null, null, null, options);
    }

    private static Matcher<?> error(ErrorCode code, String argument) {
        return Matchers.predicate(e -> e instanceof ApiException api && api.code() == code
                && Objects.equals(api.argument(), argument));
    }
}
