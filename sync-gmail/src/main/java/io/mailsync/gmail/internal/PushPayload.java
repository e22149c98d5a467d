package io.mailsync.gmail.internal;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.gson.GsonFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Decodes a Gmail notification: {@code message.data} is base64 (in practice standard, sometimes base64url; both are
 * accepted) of {@code {"emailAddress": "...", "historyId": 1234}} with historyId a number or a string.
 */
public final class PushPayload {

    /** A decoded notification. */
    public record Notification(String emailAddress, BigInteger historyId) {
    }

    /** The notification could not be decoded; the message says why without quoting the data. */
    public static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    private PushPayload() {
    }

    /** Decodes the push envelope {@code {"message":{"data":...},"subscription":...}}. */
    public static Notification fromEnvelope(byte[] body) throws MalformedException {
        GenericJson envelope = parse(body, "push body is not JSON");
        if (!(envelope.get("message") instanceof Map<?, ?> message) || !(message.get("data") instanceof String data)) {
            throw new MalformedException("push body has no message.data");
        }
        return fromData(data);
    }

    /** Decodes {@code message.data} (the base64 text). */
    public static Notification fromData(String data) throws MalformedException {
        byte[] json;
        try {
            String normalised = data.strip().replace('-', '+').replace('_', '/');
            json = Base64.getMimeDecoder().decode(normalised);
            if (json.length == 0) {
                throw new IllegalArgumentException("empty");
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedException("message.data is not base64");
        }
        return fromJson(json);
    }

    /** Decodes the notification JSON itself (pull messages carry it as raw bytes). */
    public static Notification fromJson(byte[] json) throws MalformedException {
        GenericJson n = parse(json, "message.data is not JSON");
        Object email = n.get("emailAddress");
        Object history = n.get("historyId");
        if (!(email instanceof String address) || address.isBlank() || history == null) {
            throw new MalformedException("message.data lacks emailAddress or historyId");
        }
        try {
            return new Notification(address, new BigInteger(history.toString().split("\\.")[0].strip()));
        } catch (NumberFormatException e) {
            throw new MalformedException("historyId is not a number");
        }
    }

    private static GenericJson parse(byte[] json, String error) throws MalformedException {
        try {
            return GsonFactory.getDefaultInstance().fromString(new String(json, StandardCharsets.UTF_8),
                    GenericJson.class);
        } catch (IOException | RuntimeException e) {
            throw new MalformedException(error);
        }
    }
}
