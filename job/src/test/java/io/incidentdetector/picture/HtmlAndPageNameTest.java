package io.incidentdetector.picture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlAndPageNameTest {

    @Test
    void everyCharacterThatEndsTextOrAnAttributeIsEscaped() {
        assertThat(Html.escape("<script>alert('x')&\"</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.escape("a\u0000b\u001bc")).isEqualTo("abc");
        assertThat(Html.escape("frontend->cartservice")).isEqualTo("frontend-&gt;cartservice");
    }

    @Test
    void aSafeIdIsItsOwnPageNameSoALinkTemplateOfTheIdFindsIt() {
        assertThat(PageName.of("latency-checkout-path-1767226320")).isEqualTo("latency-checkout-path-1767226320.html");
        assertThat(PageName.of("latency-dst:cartservice-1767226320"))
                .isEqualTo("latency-dst:cartservice-1767226320.html");
    }

    @Test
    void anUnsafeIdGetsACleanedNameWithAHashSoThatTwoIdsNeverShareAPage() {
        String traversal = PageName.of("latency-../../etc/passwd-1");
        assertThat(traversal).matches("[A-Za-z0-9][A-Za-z0-9._-]*-[0-9a-f]{12}\\.html").doesNotContain("/");
        assertThat(PageName.of("error-rate-canary-a/b-1")).isNotEqualTo(PageName.of("error-rate-canary-a?b-1"));
        assertThat(PageName.of(".hidden")).doesNotStartWith(".");
        String longId = "latency-" + "x".repeat(500) + "-1";
        assertThat(PageName.of(longId).length()).isLessThanOrEqualTo(PageName.MAX_ID_CHARS + 18);
        assertThat(PageName.of(longId)).isNotEqualTo(PageName.of(longId + "2"));
    }
}
