package dev.authz.kit.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.authz.api.error.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

/**
 * Refuses a JSON body with text that no store can keep: a NUL character (PostgreSQL text refuses it, so a code
 * or id holding one failed deep in a lookup as a 500) or an unpaired surrogate (not Unicode). Runs as the
 * body is read, inside the handler, so the refusal is the usual "参数 &lt;field&gt; 格式错误" envelope and a
 * rejected write is audited like any other. Bodies that are not JSON are left to the JSON reader's own 400.
 */
@ControllerAdvice
public class UnstorableTextGuard extends RequestBodyAdviceAdapter {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = input.getBody().readAllBytes();
        String offending = firstFieldWithUnstorableText(body);
        if (offending != null) {
            throw ApiException.invalid(offending, "contains a NUL character or an unpaired surrogate");
        }
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    /** The top-level field holding the first bad string or key ("body" when it is not in a field), or null. */
    static String firstFieldWithUnstorableText(byte[] body) {
        String topLevelField = null;
        try (JsonParser parser = JSON.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.getParsingContext().getParent().inRoot()) {
                    topLevelField = parser.currentName();
                }
                if ((token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) && !StorableText.isStorable(parser.getText())) {
                    return topLevelField == null ? "body" : topLevelField;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null; // not JSON, too deep...: the converter answers that
        }
        return null;
    }
}
