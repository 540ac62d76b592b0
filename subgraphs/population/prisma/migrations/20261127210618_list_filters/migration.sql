-- CreateIndex
CREATE INDEX "person_tags_idx" ON "person" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "person_birth_date_idx" ON "person"("birth_date");

-- CreateIndex
CREATE INDEX "person_moved_in_on_idx" ON "person"("moved_in_on");

-- CreateIndex
CREATE INDEX "person_residence_type_idx" ON "person"("residence_type");
