package io.sendmailflink.udfs.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    private static String decode(String s) {
        return Text.decode(s, 0, s.length());
    }

    @Test
    void octalEscapesOfUtf8BytesAreDecoded() {
        assertThat(decode("j\\303\\274rgen@example.de")).isEqualTo("jürgen@example.de");
        assertThat(decode("\\342\\202\\254 5")).isEqualTo("€ 5");
    }

    @Test
    void controlCharacterEscapesStayAsText() {
        assertThat(decode("GET / HTTP/1.0\\r\\n")).isEqualTo("GET / HTTP/1.0\\r\\n");
        assertThat(decode("a\\001b")).isEqualTo("a\\001b");
    }

    @Test
    void doubledBackslashIsOneBackslash() {
        assertThat(decode("a\\\\b")).isEqualTo("a\\b");
        assertThat(decode("a\\\\303\\\\274")).isEqualTo("a\\303\\274");
    }

    @Test
    void octalRunsThatAreNotUtf8StayEscaped() {
        assertThat(decode("caf\\351 ok")).isEqualTo("caf\\351 ok");
        assertThat(decode("x\\303")).isEqualTo("x\\303");
    }

    @Test
    void truncatedEscapesAtTheEndAreKept() {
        assertThat(decode("x\\3")).isEqualTo("x\\3");
        assertThat(decode("x\\")).isEqualTo("x\\");
    }

    @Test
    void addressListsSplitOutsideQuotesAndBrackets() {
        String s = "<a@x>,\"b, c\"@y,d@z,";
        assertThat(Text.splitAddressList(s, 0, s.length(), true)).containsExactly("a@x", "\"b, c\"@y", "d@z");
        assertThat(Text.addressList(s, 0, s.length())).isEqualTo("a@x,\"b, c\"@y,d@z");
    }

    @Test
    void addressLosesOnlyItsOuterBrackets() {
        String s = " <<x@y>> ";
        assertThat(Text.address(s, 0, s.length())).isEqualTo("<x@y>");
        assertThat(Text.address("<>", 0, 2)).isEmpty();
    }
}
