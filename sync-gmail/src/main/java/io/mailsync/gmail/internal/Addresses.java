package io.mailsync.gmail.internal;

import io.mailsync.core.EmailAddress;

import java.util.ArrayList;
import java.util.List;

/** Parses address-list header values ({@code "Doe, J" <j@x>, k@y}); skips what is not an address. */
final class Addresses {

    private Addresses() {
    }

    static List<EmailAddress> parse(String value) {
        List<EmailAddress> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>') {
                angle = Math.max(0, angle - 1);
            }
            if (c == ',' && !quoted && angle == 0) {
                add(out, current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        add(out, current.toString());
        return out;
    }

    private static void add(List<EmailAddress> out, String one) {
        String s = one.strip();
        if (s.isEmpty()) {
            return;
        }
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String address = s.substring(lt + 1, gt).strip();
            String name = s.substring(0, lt).strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).replace("\\\"", "\"");
            }
            if (!address.isEmpty()) {
                out.add(EmailAddress.of(name, address));
            }
        } else if (s.contains("@")) {
            out.add(EmailAddress.of(s.replaceAll("\\s*\\(.*\\)$", "")));
        }
    }
}
