-- CreateIndex
CREATE INDEX "legal_entity_industry_idx" ON "legal_entity"("industry");

-- CreateIndex
CREATE INDEX "legal_entity_licence_status_idx" ON "legal_entity"("licence_status");
