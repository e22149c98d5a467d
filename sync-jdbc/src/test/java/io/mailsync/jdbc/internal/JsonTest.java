package io.mailsync.jdbc.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void writesStringsByteForByteAsJacksonDoes() throws Exception {
        Random random = new Random(42);
        List<String> samples = new ArrayList<>(List.of("", "plain", "quote \" and \\ backslash", "tab\tnew\nline\r",
                "\b\f\u0001\u001f\u007f", "unicode \u00e9 \u4e2d \uD83D\uDE00", "</script>", "\u2028\u2029"));
        for (int i = 0; i < 500; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(20); k > 0; k--) {
                sb.append((char) (1 + random.nextInt(i % 2 == 0 ? 0x80 : 0xD7FF)));
            }
            samples.add(sb.toString());
        }
        for (String s : samples) {
            assertThat(new Json().string(s).text()).as("%s", s).isEqualTo(JACKSON.writeValueAsString(s));
        }
    }

    @Test
    void writesObjectsAndNestedArraysAsJacksonDoes() throws Exception {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("f", "a \"file\".pdf");
        object.put("t", null);
        object.put("s", 12_345_678_901L);
        object.put("i", true);
        Json json = new Json().raw('[').comma().raw('{').name("f").string("a \"file\".pdf").raw(',').name("t")
                .string(null).raw(',').name("s").number(12_345_678_901L).raw(',').name("i").bool(true).raw('}')
                .comma().raw('[').string("x").raw(',').raw('[').comma().string("y").comma().string("z").raw(']')
                .raw(']').raw(']');
        assertThat(json.text()).isEqualTo(JACKSON.writeValueAsString(
                List.of(object, List.of("x", List.of("y", "z")))));
    }

    @Test
    void pgArrayQuotesEveryValueAndWritesNullsAsNull() {
        assertThat(PgArray.of(new String[] {"a", null, "q\"b\\c", "", "{,}"}))
                .isEqualTo("{\"a\",NULL,\"q\\\"b\\\\c\",\"\",\"{,}\"}");
        assertThat(PgArray.of(new String[0])).isEqualTo("{}");
    }
}
