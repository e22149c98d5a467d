package io.mailsync.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailsync.core.AccountId;
import io.mailsync.core.ProcessingResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL of {@code processing_results}: one row per (account, message, processor, processor version), values as a
 * JSONB object, inserted with {@code ON CONFLICT DO NOTHING} so a stored result is never replaced. Runs on the
 * caller's connection. Thread-safe.
 */
public final class ResultSql {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> VALUES = new TypeReference<>() { };

    private final String insertSql;
    private final String selectSql;
    private final String existsSql;

    /** The SQL for the tables of {@code quotedSchema}. */
    public ResultSql(String quotedSchema) {
        String t = quotedSchema + ".processing_results";
        insertSql = "INSERT INTO " + t + " (email_account_id, provider_message_id, processor, processor_version, "
                + "result_values, processed_at) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], "
                + "?::jsonb[], ?::timestamptz[]) ON CONFLICT DO NOTHING";
        selectSql = "SELECT processor, processor_version, result_values, processed_at FROM " + t
                + " WHERE email_account_id = ? AND provider_message_id = ? ORDER BY processed_at, processor, "
                + "processor_version";
        existsSql = "SELECT 1 FROM " + t + " WHERE email_account_id = ? AND provider_message_id = ? AND processor = ? "
                + "AND processor_version = ?";
    }

    /** Inserts the results that are not stored yet; returns how many were new. */
    public int save(Connection c, List<ProcessingResult> results) throws SQLException {
        int n = results.size();
        String[] accounts = new String[n];
        String[] ids = new String[n];
        String[] processors = new String[n];
        Integer[] versions = new Integer[n];
        String[] values = new String[n];
        String[] at = new String[n];
        for (int i = 0; i < n; i++) {
            ProcessingResult r = results.get(i);
            accounts[i] = r.accountId().value();
            ids[i] = Text.clean(r.providerMessageId());
            processors[i] = Text.clean(r.processor());
            versions[i] = r.processorVersion();
            values[i] = json(r.values());
            at[i] = r.processedAt().toString();
        }
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            ps.setArray(1, c.createArrayOf("text", accounts));
            ps.setArray(2, c.createArrayOf("text", ids));
            ps.setArray(3, c.createArrayOf("text", processors));
            ps.setArray(4, c.createArrayOf("int4", versions));
            ps.setArray(5, c.createArrayOf("text", values));
            ps.setArray(6, c.createArrayOf("text", at));
            return ps.executeUpdate();
        }
    }

    /** Every stored result of the message, oldest first. */
    public List<ProcessingResult> find(Connection c, AccountId account, String providerMessageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(selectSql)) {
            ps.setString(1, account.value());
            ps.setString(2, Text.clean(providerMessageId));
            List<ProcessingResult> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ProcessingResult(account, providerMessageId, rs.getString(1), rs.getInt(2),
                            values(rs.getString(3)), rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        }
    }

    /** Whether the processor at this version has a stored result for the message. */
    public boolean exists(Connection c, AccountId account, String providerMessageId, String processor, int version)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(existsSql)) {
            ps.setString(1, account.value());
            ps.setString(2, Text.clean(providerMessageId));
            ps.setString(3, Text.clean(processor));
            ps.setInt(4, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String json(Map<String, String> values) {
        Map<String, String> clean = new TreeMap<>();
        values.forEach((k, v) -> clean.put(Text.clean(k), Text.clean(v)));
        try {
            return JSON.writeValueAsString(clean);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode result values", e);
        }
    }

    private static Map<String, String> values(String json) {
        try {
            return JSON.readValue(json, VALUES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored result values are not a JSON object of strings", e);
        }
    }
}
