package io.mailsync.core.processing;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.spi.AiClient;
import io.mailsync.core.spi.AiClientException;
import io.mailsync.core.spi.AiRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One AI call labels a whole batch: the messages are numbered in the prompt and the model answers one
 * {@code <number>: <label>} line per message. An answer that misses a message, repeats one or gives a label outside
 * the set is an {@link AiClientException.Kind#INVALID_ANSWER}. Stateless.
 */
final class LabelPrompts {

    /** The most characters of a message's text put in a prompt. */
    static final int MAX_TEXT = 1_500;
    private static final Pattern LINE = Pattern.compile(
            "^\\W*(?:message\\s*)?(\\d+)\\s*[:.)\\-=]\\s*[\"'*]*([\\p{L}_-]+)[\"'*.]*\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private LabelPrompts() {
    }

    /**
     * Asks {@code ai} for one label of {@code labels} per message.
     *
     * @param task    what the labels mean, one sentence
     * @param extra   an extra line per message (a rule's guess), or a function returning an empty string
     * @return the labels, in the order of {@code messages}
     */
    static List<String> label(AiClient ai, String task, List<String> labels, List<EmailMessage> messages,
                              Function<EmailMessage, String> extra) {
        String system = task + " Answer with exactly one line per message, in the form <number>: <label>, where"
                + " <label> is one of: " + String.join(", ", labels) + ". Answer nothing else.";
        StringBuilder user = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            user.append("Message ").append(i + 1).append('\n').append(describe(messages.get(i)));
            String e = extra.apply(messages.get(i));
            if (!e.isEmpty()) {
                user.append(e).append('\n');
            }
            user.append('\n');
        }
        String answer = ai.chat(new AiRequest(system, user.toString()));
        return parse(answer, labels, messages.size());
    }

    /** The labels of an answer; throws {@link AiClientException} when it is not one valid label per message. */
    static List<String> parse(String answer, List<String> labels, int count) {
        if (answer == null || answer.isBlank()) {
            throw invalid("the AI answered nothing", "");
        }
        Map<Integer, String> found = new HashMap<>();
        Matcher m = LINE.matcher(answer);
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            String label = m.group(2).toLowerCase(Locale.ROOT);
            if (n < 1 || n > count) {
                throw invalid("the AI labelled message " + n + " of " + count, answer);
            }
            if (!labels.contains(label)) {
                throw invalid("the AI answered \"" + label + "\", not one of " + labels, answer);
            }
            if (found.put(n, label) != null) {
                throw invalid("the AI labelled message " + n + " twice", answer);
            }
        }
        if (count == 1 && found.isEmpty()) { // a lone label without a number
            String label = answer.strip().replaceAll("^[\"'*]+|[\"'*.]+$", "").toLowerCase(Locale.ROOT);
            if (labels.contains(label)) {
                return List.of(label);
            }
            throw invalid("the AI answered \"" + abbreviate(answer.strip()) + "\", not one of " + labels, answer);
        }
        if (found.size() != count) {
            throw invalid("the AI labelled " + found.size() + " of " + count + " messages", answer);
        }
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(found::get).toList();
    }

    /** Sender, subject and the start of the text of a message, for a prompt. */
    static String describe(EmailMessage m) {
        String text = m.textBody().orElse(m.snippet()).strip();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + " […]";
        }
        return "From: " + m.from().map(Object::toString).orElse("(unknown)") + '\n'
                + "Subject: " + m.subject() + '\n'
                + "Text: " + text + '\n';
    }

    private static AiClientException invalid(String message, String answer) {
        return new AiClientException(AiClientException.Kind.INVALID_ANSWER, message, abbreviate(answer), null);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
