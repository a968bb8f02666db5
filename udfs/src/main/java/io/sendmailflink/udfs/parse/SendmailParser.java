package io.sendmailflink.udfs.parse;

import io.sendmailflink.udfs.model.SendmailEvent;

/** STUB: being written. */
public final class SendmailParser {
    public SendmailParser() {
        this(ParserOptions.defaults());
    }

    public SendmailParser(ParserOptions options) {
    }

    public void setReferenceTime(long epochMillis) {
    }

    public SendmailEvent parse(String line) {
        return parseInto(line, new SendmailEvent());
    }

    public SendmailEvent parseInto(String line, SendmailEvent e) {
        e.reset(line == null ? "" : line);
        return e;
    }
}
