-- CreateTable
CREATE TABLE "person_reference" (
    "id" TEXT NOT NULL,
    "grid_code" TEXT NOT NULL,

    CONSTRAINT "person_reference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entity_reference" (
    "uscc" TEXT NOT NULL,
    "grid_code" TEXT NOT NULL,

    CONSTRAINT "entity_reference_pkey" PRIMARY KEY ("uscc")
);
