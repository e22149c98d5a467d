package io.mailsync.jdbc.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {

    @Test
    void cleanTextIsReturnedAsTheSameInstance() {
        String s = "Réunion ✓ 📎";
        assertThat(Text.clean(s)).isSameAs(s);
        assertThat(Text.clean(null)).isNull();
    }

    @Test
    void nulAndLoneSurrogatesBecomeReplacementCharacters() {
        assertThat(Text.clean("a\u0000b")).isEqualTo("a\uFFFDb");
        assertThat(Text.clean("\uD800")).isEqualTo("\uFFFD");
        assertThat(Text.clean("\uDC00x")).isEqualTo("\uFFFDx");
        assertThat(Text.clean("x\uD83D")).isEqualTo("x\uFFFD");
        assertThat(Text.clean("\u0000\uD83D\uDE00\uD800")).isEqualTo("\uFFFD\uD83D\uDE00\uFFFD");
    }
}
