package dev.molt.replicator.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a change log topic holds, for the bench: its records, their keys and values as the
 * publisher serialised them, and the bytes the broker stores for them (compressed batches).
 *
 * @param records the records in the topic
 * @param serialisedBytes keys and values together, as written by the converter
 * @param storedBytes the topic's partitions on the broker's disk
 */
record LogSize(long records, long serialisedBytes, long storedBytes) {

    double serialisedPerRecord() {
        return (double) serialisedBytes / records;
    }

    double storedPerRecord() {
        return (double) storedBytes / records;
    }

    static LogSize of(String bootstrapServers, String topic) throws Exception {
        long stored = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (Map<String, LogDirDescription> dirs :
                    admin.describeLogDirs(List.of(0)).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (var replica : dir.replicaInfos().entrySet()) {
                        if (replica.getKey().topic().equals(topic)) {
                            stored += replica.getValue().size();
                        }
                    }
                }
            }
        }
        long records = 0;
        long serialised = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    serialised += (record.key() == null ? 0 : record.key().length)
                            + (record.value() == null ? 0 : record.value().length);
                }
            }
        }
        return new LogSize(records, serialised, stored);
    }
}
