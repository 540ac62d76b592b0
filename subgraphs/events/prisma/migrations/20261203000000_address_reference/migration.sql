-- The events subgraph's copy of the standard addresses (no personal data), so that a report's
-- free-text address is matched without reading the address subgraph's database. A counter that a
-- trigger moves on every change to the copy tells the in-process index when to rebuild.
CREATE TABLE "address_reference" (
    "code" TEXT NOT NULL,
    "province" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "district" TEXT NOT NULL,
    "town" TEXT NOT NULL,
    "community" TEXT NOT NULL,
    "road" TEXT NOT NULL,
    "door_number" TEXT NOT NULL,
    "full_text" TEXT NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "grid_code" TEXT NOT NULL,

    CONSTRAINT "address_reference_pkey" PRIMARY KEY ("code")
);

CREATE TABLE "address_reference_version" (
    "id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL,

    CONSTRAINT "address_reference_version_pkey" PRIMARY KEY ("id")
);

INSERT INTO "address_reference_version" ("id", "version") VALUES (1, 1);

CREATE FUNCTION "bump_address_reference_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "address_reference_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER "address_reference_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "address_reference"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_address_reference_version"();
