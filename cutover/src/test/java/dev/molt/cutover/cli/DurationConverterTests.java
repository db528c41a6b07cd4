package dev.molt.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTests {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void durationsAreReadInMillisecondsSecondsAndMinutes() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert(" 2m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatWork() {
        for (String wrong : new String[] {"10", "10 s", "1h", "-5s", "1.5s", "", "s"}) {
            assertThatThrownBy(() -> converter.convert(wrong))
                    .as(wrong)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessage("'" + wrong + "' is not a duration like 500ms, 10s or 2m");
        }
    }
}
