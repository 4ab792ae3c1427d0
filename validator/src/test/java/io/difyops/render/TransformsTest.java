package io.difyops.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The patch-and-transform pieces that the Composition tests do not reach on their own. */
class TransformsTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void formatTreatsPercentPercentAsALiteralAndNeverTouchesTheValue() {
        assertThat(Transforms.goFormat("%d%%", F.numberNode(80))).isEqualTo("80%");
        // a value that itself holds "%%" stays as it is
        assertThat(Transforms.goFormat("dify-%s", F.stringNode("a%%b"))).isEqualTo("dify-a%%b");
        assertThat(Transforms.goFormat("%s,%s", F.stringNode("vsw-a"), F.stringNode("vsw-b"))).isEqualTo("vsw-a,vsw-b");
    }

    @Test
    void setCreatesListsAndObjectsOnTheWay() {
        ObjectNode root = F.objectNode();
        FieldPath.set(root, "spec.forProvider.vars[2].value", F.stringNode("x"));
        FieldPath.set(root, "metadata.annotations[crossplane.io/external-name]", F.stringNode("vsw-1"));
        assertThat(root.at("/spec/forProvider/vars").size()).isEqualTo(3);
        assertThat(root.at("/spec/forProvider/vars/2/value").asString()).isEqualTo("x");
        assertThat(root.at("/metadata/annotations/crossplane.io~1external-name").asString()).isEqualTo("vsw-1");
        assertThat(FieldPath.get(root, "spec.forProvider.vars[2].value").asString()).isEqualTo("x");
    }
}
