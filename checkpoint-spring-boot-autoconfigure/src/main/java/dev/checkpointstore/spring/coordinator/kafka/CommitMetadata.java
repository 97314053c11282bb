package dev.checkpointstore.spring.coordinator.kafka;

import java.io.StringWriter;
import java.math.BigInteger;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The metadata the coordinator commits with a consumer group's offsets:
 * {@code {"checkpoint_id":N,"store":"location"}}, naming the checkpoint the offsets come from and
 * the store that holds it. On assignment it tells a checkpoint of this store from a position
 * another instance (or a manual reset) committed.
 *
 * @param checkpointId the checkpoint (unsigned)
 * @param store the store's location
 */
record CommitMetadata(long checkpointId, String store) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The metadata as committed.
     * @return compact JSON
     */
    String encode() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeName("checkpoint_id");
            json.writeNumber(new BigInteger(Long.toUnsignedString(checkpointId)));
            json.writeStringProperty("store", store);
            json.writeEndObject();
        }
        return out.toString();
    }

    /**
     * Reads committed metadata.
     * @param metadata what was committed with an offset, perhaps by someone else
     * @return the metadata, empty when it is not the coordinator's
     */
    static Optional<CommitMetadata> decode(String metadata) {
        if (metadata == null || !metadata.startsWith("{")) {
            return Optional.empty();
        }
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), metadata)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Long id = null;
            String store = null;
            String field;
            while ((field = json.nextName()) != null) {
                JsonToken token = json.nextToken();
                if (field.equals("checkpoint_id") && token == JsonToken.VALUE_NUMBER_INT) {
                    id = json.getBigIntegerValue().longValue();
                }
                else if (field.equals("store") && token == JsonToken.VALUE_STRING) {
                    store = json.getString();
                }
                else {
                    json.skipChildren();
                }
            }
            return id == null || store == null ? Optional.empty() : Optional.of(new CommitMetadata(id, store));
        }
        catch (JacksonException ex) {
            return Optional.empty();
        }
    }
}
