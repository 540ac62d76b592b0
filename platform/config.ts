import path from 'node:path';
import { z } from 'zod';
import { WEB_ORIGIN } from './http/cors';
import { GATEWAY_PORT, SUBGRAPHS, SubgraphName, envStem } from './services';

/**
 * The only reader of process.env. Every setting is validated here so that a bad value stops the
 * process at start with one line naming the variable, not deep inside a request.
 */
export interface Config {
  dataDir: string;
  /** Unset: embedded PGlite under dataDir. Set: a PostgreSQL server holding one database per subgraph. */
  databaseUrl?: string;
  /**
   * Per subgraph: a hot standby of DATABASE_URL's server that its query operations read from
   * (platform/database/read-replica.ts). DATABASE_READ_URL for all, GRIDSHARE_<SUBGRAPH>_DATABASE_READ_URL
   * for one. Never the audit subgraph: verifying the trail compares its database with the day files
   * and the witness written at the same moment, and a copy a moment behind would look like lost records.
   */
  databaseReadUrls: Partial<Record<SubgraphName, string>>;
  host: string;
  logLevel: string;
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  /** Where the gateway reaches each subgraph; defaults to host:port of this config. */
  subgraphUrls: Record<SubgraphName, string>;
  seedScale: 'tiny' | 'small' | 'medium' | 'large';
  seed: number;
  /** Largest request body the servers read, in bytes. */
  maxBodyBytes: number;
  /** Audit records older than this are removed by `gridshare audit prune` (run it daily, e.g. from cron). */
  auditRetentionDays: number;
  /** The NDJSON copy of the audit trail (one file per UTC day), outside the audit database's directory. */
  auditTrailDir: string;
  /** Where checkpoint heads are also written: a file path, or a `postgres://` URL of another database. */
  auditWitness: string;
  /** A signed checkpoint at least this often while records arrive (and after this many records). */
  auditCheckpointSeconds: number;
  auditCheckpointRecords: number;
  /** Web origins (scheme://host[:port]) whose browser apps may call the gateway; none by default. */
  corsOrigins: string[];
  /** How department tokens are verified: a public key file, a JWKS URL, or (neither) the development issuer. */
  jwt: { publicKeyFile?: string; jwksUrl?: string; issuer: string; audience: string };
  /** Where services that call the federation as a client (the events feed follower) reach the gateway. */
  gatewayUrl: string;
  /**
   * The events subgraph's feed follower (subgraphs/events/src/feeds): its token (a file the identity
   * provider's token is written to, re-read when it changes; unset in development, where the runner
   * signs one with the development issuer key) and how often it polls the owners' change feeds.
   */
  eventsFeed: { tokenFile?: string; pollSeconds: number };
  /**
   * The token files of the owners' reference checks (subgraphs/kit/src/records/references.ts): each
   * owner asks the gateway, as its department's `service` identity, whether the records a write refers
   * to exist. Unset in development (the runner signs a token); unset in production: such writes are refused.
   */
  referenceCheckTokenFiles: { population?: string; housing?: string; 'legal-entities'?: string };
  /**
   * How long the gateway waits for one subgraph fetch before answering without it (partial data and
   * an error naming the subgraph): queries, and mutations, which may write a whole import page.
   */
  subgraphTimeoutSeconds: number;
  subgraphMutationTimeoutSeconds: number;
  /** On SIGTERM/SIGINT: how long requests in flight may still run before their connections are closed. */
  shutdownGraceSeconds: number;
  /**
   * Where the process serves its Prometheus metrics: a listener of its own, on loopback unless
   * GRIDSHARE_METRICS_HOST says otherwise (a pod's scraper needs the pod address).
   */
  metricsHost: string;
  metricsPort: number;
  /**
   * Where OpenTelemetry traces go (OTLP over HTTP): OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or
   * OTEL_EXPORTER_OTLP_ENDPOINT with /v1/traces, as the OpenTelemetry specification names them.
   * Unset: no tracing at all.
   */
  tracesEndpoint?: string;
}

export class ConfigError extends Error {}

/** The issuer name of tokens that `gridshare token` signs with the generated development key. */
export const DEVELOPMENT_ISSUER = 'gridshare-development';

const port = z.coerce.number().int().min(0).max(65535);

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const read = <T>(name: string, schema: z.ZodType<T>, fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`${name}=${JSON.stringify(raw)} is invalid: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  };
  const host = read('GRIDSHARE_HOST', z.string().min(1), '127.0.0.1');
  const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://');
  const databaseUrl = read<string | undefined>('DATABASE_URL', postgresUrl, undefined);
  const sharedReadUrl = read<string | undefined>('DATABASE_READ_URL', postgresUrl, undefined);
  const databaseReadUrls: Partial<Record<SubgraphName, string>> = {};
  for (const s of SUBGRAPHS) {
    const own = read<string | undefined>(`GRIDSHARE_${envStem(s.name)}_DATABASE_READ_URL`, postgresUrl, undefined);
    if (s.name === 'audit' && own)
      throw new ConfigError(
        'GRIDSHARE_AUDIT_DATABASE_READ_URL is not supported: the audit subgraph reads the primary (its trail is verified against files written at the same moment)',
      );
    const url = own ?? (s.name === 'audit' ? undefined : sharedReadUrl);
    if (url) databaseReadUrls[s.name] = url;
  }
  if (!databaseUrl && Object.keys(databaseReadUrls).length > 0) {
    throw new ConfigError('DATABASE_READ_URL (or GRIDSHARE_<SUBGRAPH>_DATABASE_READ_URL) needs DATABASE_URL: it names a standby of that PostgreSQL server');
  }
  const subgraphPorts = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, read(`GRIDSHARE_${envStem(s.name)}_PORT`, port, s.port)])) as Record<
    SubgraphName,
    number
  >;
  const subgraphUrls = Object.fromEntries(
    SUBGRAPHS.map((s) => [s.name, read(`GRIDSHARE_${envStem(s.name)}_URL`, z.url(), `http://${urlHost(host)}:${subgraphPorts[s.name]}/graphql`)]),
  ) as Record<SubgraphName, string>;
  const gatewayPort = read('GRIDSHARE_GATEWAY_PORT', port, GATEWAY_PORT);
  const dataDir = overrides.dataDir ?? path.resolve(read('GRIDSHARE_DATA_DIR', z.string().min(1), '.data'));
  return {
    dataDir,
    databaseUrl,
    databaseReadUrls,
    host,
    logLevel: read('LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
    gatewayPort,
    subgraphPorts,
    subgraphUrls,
    seedScale: read('GRIDSHARE_SEED_SCALE', z.enum(['tiny', 'small', 'medium', 'large']), 'small'),
    seed: read('GRIDSHARE_SEED', z.coerce.number().int(), 1),
    maxBodyBytes: read('GRIDSHARE_MAX_BODY_BYTES', z.coerce.number().int().positive(), 256 * 1024),
    // Three years by default: above the six months China's Cybersecurity Law requires for access logs.
    auditRetentionDays: read('GRIDSHARE_AUDIT_RETENTION_DAYS', z.coerce.number().int().min(1), 1095),
    auditTrailDir: path.resolve(read('GRIDSHARE_AUDIT_TRAIL_DIR', z.string().min(1), path.join(dataDir, 'audit-trail'))),
    auditWitness: witnessLocation(read('GRIDSHARE_AUDIT_WITNESS', z.string().min(1), path.join(dataDir, 'audit-witness', 'checkpoints.ndjson'))),
    auditCheckpointSeconds: read('GRIDSHARE_AUDIT_CHECKPOINT_SECONDS', z.coerce.number().positive().max(3600), 5),
    auditCheckpointRecords: read('GRIDSHARE_AUDIT_CHECKPOINT_RECORDS', z.coerce.number().int().min(1), 1000),
    corsOrigins: read('GRIDSHARE_CORS_ORIGINS', corsOrigins, []),
    jwt: {
      publicKeyFile: read<string | undefined>('GRIDSHARE_JWT_PUBLIC_KEY_FILE', z.string().min(1), undefined),
      jwksUrl: read<string | undefined>('GRIDSHARE_JWKS_URL', z.url(), undefined),
      issuer: read('GRIDSHARE_JWT_ISSUER', z.string().min(1), DEVELOPMENT_ISSUER),
      audience: read('GRIDSHARE_JWT_AUDIENCE', z.string().min(1), 'gridshare'),
    },
    gatewayUrl: read('GRIDSHARE_GATEWAY_URL', z.url(), `http://${urlHost(host)}:${gatewayPort}/graphql`),
    eventsFeed: {
      tokenFile: read<string | undefined>('GRIDSHARE_EVENTS_FEED_TOKEN_FILE', z.string().min(1), undefined),
      pollSeconds: read('GRIDSHARE_EVENTS_FEED_POLL_SECONDS', z.coerce.number().positive().max(3600), 5),
    },
    referenceCheckTokenFiles: {
      population: read<string | undefined>('GRIDSHARE_POPULATION_SERVICE_TOKEN_FILE', z.string().min(1), undefined),
      housing: read<string | undefined>('GRIDSHARE_HOUSING_SERVICE_TOKEN_FILE', z.string().min(1), undefined),
      'legal-entities': read<string | undefined>('GRIDSHARE_LEGAL_ENTITIES_SERVICE_TOKEN_FILE', z.string().min(1), undefined),
    },
    subgraphTimeoutSeconds: read('GRIDSHARE_SUBGRAPH_TIMEOUT_SECONDS', z.coerce.number().positive().max(600), 5),
    subgraphMutationTimeoutSeconds: read('GRIDSHARE_SUBGRAPH_MUTATION_TIMEOUT_SECONDS', z.coerce.number().positive().max(3600), 60),
    shutdownGraceSeconds: read('GRIDSHARE_SHUTDOWN_GRACE_SECONDS', z.coerce.number().min(0).max(3600), 25),
    metricsHost: read('GRIDSHARE_METRICS_HOST', z.string().min(1), '127.0.0.1'),
    // 9464: the port Prometheus exporters of OpenTelemetry use by default.
    metricsPort: read('GRIDSHARE_METRICS_PORT', port, 9464),
    tracesEndpoint:
      read<string | undefined>('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', z.url(), undefined) ??
      read<string | undefined>(
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        z.url().transform((base) => `${base.replace(/\/$/, '')}/v1/traces`),
        undefined,
      ),
    ...overrides,
  };
}

/** A comma-separated allowlist of exact origins; `*` is refused, an allowlist is the point. */
const corsOrigins = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .refine((origins) => origins.every((o) => WEB_ORIGIN.test(o)), {
    message: 'must be a comma-separated list of origins such as https://app.example.gov.cn (scheme, host and optional port; no path, no *)',
  });

/** A PostgreSQL URL stays as it is; a path becomes absolute. */
function witnessLocation(value: string): string {
  return /^postgres(ql)?:\/\//.test(value) ? value : path.resolve(value);
}

function urlHost(host: string): string {
  // Listening on every interface still means the gateway reaches its neighbours on loopback.
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
