package dev.authz.kit.web;

import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * A GET array parameter as clients send it: axios-style {@code key[]=a&key[]=b} (the SDK), repeated
 * {@code key=a&key=b}, or comma-separated {@code key=a,b}. Entries keep their order; empty entries stay (the
 * caller decides whether "" is an error).
 */
public final class QueryArrays {
    private QueryArrays() {
    }

    public static List<String> of(HttpServletRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (String parameter : List.of(name + "[]", name)) {
            String[] given = request.getParameterValues(parameter);
            if (given == null) {
                continue;
            }
            for (String value : given) {
                if (parameter.endsWith("[]")) {
                    values.add(value);
                } else {
                    values.addAll(List.of(value.split(",", -1)));
                }
            }
        }
        return values;
    }
}
