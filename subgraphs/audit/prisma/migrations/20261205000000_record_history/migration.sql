-- Any record's access history (#19): a house, a legal entity, an event, not only a person. The
-- history is read newest first per record, so the entity index carries the chain position: a month
-- of a city's trail has millions of access rows and the busiest records thousands each.
DROP INDEX IF EXISTS "audit_access_entity_type_entity_key_idx";
CREATE INDEX "audit_access_entity_type_entity_key_record_seq_idx" ON "audit_access"("entity_type", "entity_key", "record_seq" DESC);
-- The same for a person found by ID number.
DROP INDEX IF EXISTS "audit_access_subject_digest_idx";
CREATE INDEX "audit_access_subject_digest_record_seq_idx" ON "audit_access"("subject_digest", "record_seq" DESC);
-- Filters over the whole trail by purpose and by client name, within a period.
CREATE INDEX "audit_record_purpose_at_idx" ON "audit_record"("purpose", "at");
CREATE INDEX "audit_record_client_name_at_idx" ON "audit_record"("client_name", "at");
