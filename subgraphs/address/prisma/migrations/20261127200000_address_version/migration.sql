-- A counter that moves whenever the address table changes (any statement, TRUNCATE included), so
-- the in-process address index (src/matching) can tell with one cheap read whether to rebuild.
CREATE TABLE "address_version" (
    "id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL,

    CONSTRAINT "address_version_pkey" PRIMARY KEY ("id")
);

INSERT INTO "address_version" ("id", "version") VALUES (1, 1);

CREATE FUNCTION "bump_address_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "address_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER "address_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "address"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_address_version"();
