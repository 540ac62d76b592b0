-- CreateIndex
CREATE INDEX "building_use_idx" ON "building"("use");

-- CreateIndex
CREATE INDEX "house_use_idx" ON "house"("use");

-- CreateIndex
CREATE INDEX "house_occupancy_idx" ON "house"("occupancy");

-- CreateIndex
CREATE INDEX "house_rental_registered_on_idx" ON "house"("rental_registered_on");
