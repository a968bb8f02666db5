package io.sendmailflink.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark compares like with like: on every mix line the Sendmail parser and the grok
 * baseline find the same event type, and every field grok extracts the parser extracts too, with
 * the same value up to the normalizations the parser adds (lower-cased hosts and protocols, no
 * trailing dot on host names, no angle brackets in recipient lists). No timing here.
 */
class ParserAgreesWithGrokTest {

    @Test
    void sameEventTypesAndFieldsOnEveryMixLine() {
        GrokBaseline grok = new GrokBaseline();
        SendmailParser parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        SendmailEvent e = new SendmailEvent();
        for (String line : Mix.lines()) {
            Map<String, Object> g = grok.parse(line);
            parser.parseInto(line, e);
            assertThat(e.eventType()).as(line).isEqualTo(g.get("event_type"));
            for (Map.Entry<String, Object> kv : g.entrySet()) {
                String key = kv.getKey();
                Field f = key.equals("timestamp") ? null : Field.byName(key);
                if (f == null) {
                    continue; // grok-only names (syslog_pri, syslog_msgid) and the differently formatted timestamp
                }
                String grokValue = normalize(String.valueOf(kv.getValue()));
                assertThat(e.has(f)).as(key + " in " + line).isTrue();
                assertThat(normalize(e.getString(f))).as(key + " in " + line).isEqualTo(grokValue);
            }
        }
    }

    private static String normalize(String v) {
        String s = v.toLowerCase(Locale.ROOT).replace("<", "").replace(">", "");
        return s.endsWith(".") && s.indexOf(' ') < 0 ? s.substring(0, s.length() - 1) : s;
    }
}
