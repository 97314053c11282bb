package dev.checkpointstore.spring.actuate.endpoint;

import java.io.StringWriter;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Rewrites a JSON document without its whitespace, token by token: numbers keep every digit
 * (an unsigned 64-bit {@code pipeline_hash} stays exact), strings and key order stay as they are.
 */
final class CompactJson {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .maxNestingDepth(64)
                    .build())
            .build();

    private CompactJson() {
    }

    static String compact(byte[] json) {
        StringWriter out = new StringWriter(json.length);
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json);
                JsonGenerator generator = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            parser.nextToken();
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }
}
