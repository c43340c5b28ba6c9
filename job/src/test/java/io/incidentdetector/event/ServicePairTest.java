package io.incidentdetector.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ServicePair}: a pair split by operation keeps its two services and its edge; a plain pair is unchanged. */
class ServicePairTest {

    @Test
    void aPlainPairIsItsOwnEdgeAndNamesNoOperation() {
        String pair = ServicePair.key("frontend", "cart service");
        assertThat(ServicePair.edge(pair)).isSameAs(pair);
        assertThat(ServicePair.operation(pair)).isNull();
        assertThat(ServicePair.split(pair)).containsExactly("frontend", "cart service");
        assertThat(ServicePair.withOperation("cart service", null)).isEqualTo("cart service");
    }

    @Test
    void theSecondArrowStartsTheOperationWhichMayHoldArrowsItself() {
        String pair = ServicePair.key("checkout", ServicePair.withOperation("cart", "GetCart"));
        assertThat(pair).isEqualTo("checkout->cart->GetCart");
        assertThat(ServicePair.edge(pair)).isEqualTo("checkout->cart");
        assertThat(ServicePair.operation(pair)).isEqualTo("GetCart");
        assertThat(ServicePair.split(pair)).containsExactly("checkout", "cart");
        assertThat(ServicePair.operation("a->b->/x->y")).isEqualTo("/x->y");
        assertThat(ServicePair.edge("a->b->/x->y")).isEqualTo("a->b");
        assertThat(ServicePair.normalise(" a -> b -> GetCart ")).isEqualTo("a->b->GetCart");
        assertThat(ServicePair.normalise("a:b")).isEqualTo("a->b");
    }

    @Test
    void keysThatAreNoPairsStayAsTheyAre() {
        assertThat(ServicePair.edge("E503")).isEqualTo("E503");
        assertThat(ServicePair.edge("a->b->")).isEqualTo("a->b->");
        assertThat(ServicePair.operation("a->b->")).isNull();
    }
}
