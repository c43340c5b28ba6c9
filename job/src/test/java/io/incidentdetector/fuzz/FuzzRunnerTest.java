package io.incidentdetector.fuzz;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.incidentdetector.fuzz.Generator.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The fuzz suite's own runner: seeded cases that repeat, failures that can be reproduced, expected shares. */
class FuzzRunnerTest {

    private static final Generator<byte[]> SHORT_TEXT = r -> "x".repeat(r.nextInt(10))
            .getBytes(StandardCharsets.UTF_8);

    private static void refuseSeven(byte[] input, Outcomes outcomes) {
        ProductRules.check(input.length != 7, "seven bytes", input.length);
        outcomes.add("ok");
    }

    @Test
    void aFailingCaseNamesItsSeedItsInputAndHowToRerunItAndThatSeedMakesTheSameInput() {
        Throwable failure = catchThrowable(() -> Fuzz.forAll("P#p", 21, 1000, SHORT_TEXT,
                FuzzRunnerTest::refuseSeven));
        assertThat(failure).isInstanceOf(AssertionError.class);

        Matcher seed = Pattern.compile("case seed (-?\\d+): seven bytes: 7").matcher(failure.getMessage());
        assertThat(seed.find()).as(failure.getMessage()).isTrue();
        long caseSeed = Long.parseLong(seed.group(1));
        assertThat(failure.getMessage()).contains("input: 7 bytes, as UTF-8: \"xxxxxxx\"")
                .contains("-Dtest='P#p' -Dfuzz.case=" + caseSeed);
        assertThat(SHORT_TEXT.make(new SplittableRandom(caseSeed))).hasSize(7);
        assertThatThrownBy(() -> Fuzz.forCase("P#p", caseSeed, SHORT_TEXT, FuzzRunnerTest::refuseSeven))
                .hasMessageContaining("failed on case 1 of 1, case seed " + caseSeed + ": seven bytes");
    }

    @Test
    void anyExceptionFailsTheCaseWithItsSeedAndKeepsTheCause() {
        assertThatThrownBy(() -> Fuzz.forAll("P#p", 21, 10, SHORT_TEXT, (input, outcomes) -> {
            throw new IllegalStateException("broken parser");
        })).isInstanceOf(AssertionError.class)
                .hasMessageMatching("(?s)P#p failed on case 1 of 10, case seed -?\\d+: "
                        + "java.lang.IllegalStateException: broken parser\n  input: .*")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSameBaseSeedMakesTheSameCasesAndAnotherMakesOthers() {
        assertThat(lengths(21)).isEqualTo(lengths(21)).isNotEqualTo(lengths(42));
    }

    private static List<Integer> lengths(long seed) {
        List<Integer> lengths = new ArrayList<>();
        Fuzz.forAll("P#p", seed, 200, SHORT_TEXT, (input, outcomes) -> lengths.add(input.length));
        return lengths;
    }

    @Test
    void aShareBelowTheExpectedOneFailsOnceThereAreEnoughRecords() {
        Outcomes outcomes = new Outcomes("P#p", "seed 21");
        for (int i = 0; i < 1000; i++) {
            outcomes.add(i < 10 ? "read" : "refused");
        }
        assertThat(outcomes.expectAtLeast("read", 1).expectAtLeast("refused", 99)).hasToString(
                "read 1.0 %, refused 99.0 %");
        assertThatThrownBy(() -> outcomes.expectAtLeast("read", 5))
                .hasMessageContaining("P#p (seed 21): only 1.00 % of 1000 records came out as 'read'");

        Outcomes few = new Outcomes("P#p", "case seed 3");
        few.add("refused");
        assertThat(few.expectAtLeast("read", 5).percent("read")).isZero();
    }

    @Test
    void frequencyOfPicksEachChoiceAsOftenAsItsWeight() {
        Generator<String> picks = Generator.frequencyOf(weight(1, r -> "rare"), weight(3, r -> "common"));
        SplittableRandom r = new SplittableRandom(21);
        int common = 0;
        for (int i = 0; i < 40_000; i++) {
            common += picks.make(r).equals("common") ? 1 : 0;
        }
        assertThat(common / 40_000.0).isBetween(0.74, 0.76);
    }

    @Test
    void anInputIsDescribedShortlyAsEscapedTextOrInHex() {
        assertThat(Fuzz.describe("{\"source\":\"front\u200eend\",\"status\":200}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("37 bytes, as UTF-8: \"{\\\"source\\\":\\\"front\\u200eend\\\",\\\"status\\\":200}\"");
        assertThat(Fuzz.describe(new byte[] {0x0a, (byte) 0x9e, 0, 1})).isEqualTo("4 bytes: 0a 9e 00 01");
        assertThat(Fuzz.describe("y".repeat(1_000_000).getBytes(StandardCharsets.UTF_8)))
                .startsWith("1000000 bytes, as UTF-8: \"yyy").endsWith("yyy\"...").hasSizeLessThan(300);
    }
}
