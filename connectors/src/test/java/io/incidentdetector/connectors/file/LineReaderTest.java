package io.incidentdetector.connectors.file;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {

    @ParameterizedTest(name = "line ending {0}")
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void readsEveryLineEndingAndStripsTheByteOrderMark(String ending) throws IOException {
        String text = "\uFEFFheader" + ending + "a,1" + ending + ending + "b,2" + ending;
        List<String> lines = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        try (LineReader reader = new LineReader(new StringReader(text))) {
            String line;
            while ((line = reader.next()) != null) {
                lines.add(line);
                numbers.add(reader.lineNumber());
            }
        }
        assertThat(lines).containsExactly("header", "a,1", "", "b,2");
        assertThat(numbers).containsExactly(1L, 2L, 3L, 4L);
    }

    @ParameterizedTest(name = "last line without terminator, ending {0}")
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void keepsALastLineWithoutTerminator(String ending) throws IOException {
        try (LineReader reader = new LineReader(new StringReader("x" + ending + "y"))) {
            assertThat(reader.next()).isEqualTo("x");
            assertThat(reader.next()).isEqualTo("y");
            assertThat(reader.next()).isNull();
        }
    }

    @ParameterizedTest(name = "reads of a few characters, ending {0}")
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void joinsLinesSplitAcrossReads(String ending) throws IOException {
        String longLine = "z".repeat(20_000);
        String text = "\uFEFFab" + ending + longLine + ending + "c" + ending + ending + "d";
        List<String> lines = new ArrayList<>();
        try (LineReader reader = new LineReader(new FewAtATime(text))) {
            String line;
            while ((line = reader.next()) != null) {
                lines.add(line + "@" + reader.lineNumber());
            }
        }
        assertThat(lines).containsExactly("ab@1", longLine + "@2", "c@3", "@4", "d@5");
    }

    /** A reader that hands out at most two characters a call, so that line endings fall between reads. */
    private static final class FewAtATime extends java.io.Reader {
        private final StringReader text;

        FewAtATime(String text) {
            this.text = new StringReader(text);
        }

        @Override
        public int read(char[] into, int offset, int length) throws IOException {
            return text.read(into, offset, Math.min(length, 2));
        }

        @Override
        public void close() {
            text.close();
        }
    }
}
