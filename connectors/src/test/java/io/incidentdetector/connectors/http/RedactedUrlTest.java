package io.incidentdetector.connectors.http;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class RedactedUrlTest {

    @Test
    void userInformationIsMasked() {
        assertThat(RedactedUrl.of("https://detector:s3cret@am.example:9093/prefix"))
                .isEqualTo("https://***@am.example:9093/prefix");
        assertThat(RedactedUrl.of("http://TOKEN@am:9093")).isEqualTo("http://***@am:9093");
        assertThat(RedactedUrl.hasUserInfo("http://u:p@am:9093")).isTrue();
        assertThat(RedactedUrl.hasUserInfo("http://am:9093/a@b")).isFalse();
    }

    @Test
    void secretLookingQueryValuesAreMaskedAndOthersKept() {
        assertThat(RedactedUrl.of("https://p.example/api?tenant=a&access_token=xyz&api_key=k&X-Amz-Signature=s#top"))
                .isEqualTo("https://p.example/api?tenant=a&access_token=***&api_key=***&X-Amz-Signature=***#top");
        assertThat(RedactedUrl.of(URI.create("http://p:9090/api/v1/query?query=up&password=pw")))
                .isEqualTo("http://p:9090/api/v1/query?query=up&password=***");
    }

    @Test
    void textThatIsNotAUriIsStillRedacted() {
        assertThat(RedactedUrl.of("http://u:p w@bad host/?token=a b")).isEqualTo("http://***@bad host/?token=***");
        assertThat(RedactedUrl.of("http://plain:9090")).isEqualTo("http://plain:9090");
        assertThat(RedactedUrl.of((String) null)).isEqualTo("null");
    }
}
