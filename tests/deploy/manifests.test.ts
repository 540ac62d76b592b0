import fs from 'node:fs';
import YAML from 'yaml';
import { repoPath } from '../../platform/repo-root';
import { SUBGRAPHS } from '../../platform/services';

// kubernetes-models validates each object against the Kubernetes OpenAPI schemas it ships (no
// cluster needed), so a misspelt field or a wrong type fails here, not at `kubectl apply`.
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string> };

const MODELS: Record<string, new (value: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const deployDir = repoPath('runner', 'deploy');
const objects: K8sObject[] = YAML.parseAllDocuments(fs.readFileSync(`${deployDir}/kubernetes/gridshare.yaml`, 'utf8')).map((d) => d.toJS());
const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const SERVICES = [{ name: 'gateway', port: 4000 }, ...SUBGRAPHS.map((s) => ({ name: s.name, port: s.port }))];
/** Every setting the services read: the names platform/config.ts asks for. */
const configSource = fs.readFileSync(repoPath('platform', 'config.ts'), 'utf8');
const knownSetting = (name: string) => configSource.includes(`'${name}'`) || /^GRIDSHARE_[A-Z_]+_(URL|PORT)$/.test(name) || name === 'DATABASE_URL';

describe('the Kubernetes manifests', () => {
  it('are valid Kubernetes objects, each checked against its schema', () => {
    expect(objects.length).toBeGreaterThan(SERVICES.length * 3);
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect([object.kind, Model]).toEqual([object.kind, expect.any(Function)]);
      expect(() => new Model(object).validate()).not.toThrow();
    }
  });

  it('run every service twice with a disruption budget and probes on /health and /ready', () => {
    for (const { name, port } of SERVICES) {
      const workload = named(name === 'gateway' ? 'StatefulSet' : 'Deployment', name);
      // Gateways too: several write the one audit trail (its head is a row in the audit database).
      expect(workload?.spec.replicas).toBe(2);
      const [container] = workload!.spec.template.spec.containers;
      expect(container.args).toEqual(['serve', name]);
      // Metrics on a port of their own, which the pod's scraper reads and no Service routes callers to.
      expect(container.ports).toEqual([
        { name: 'http', containerPort: port },
        { name: 'metrics', containerPort: 9464 },
      ]);
      expect(workload!.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9464' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port });
      expect(named('Service', name)?.spec.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
      expect(named('PodDisruptionBudget', name)?.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } } });
    }
  });

  it('give the signing key to the gateway alone', () => {
    for (const { name } of SERVICES) {
      const workload = named(name === 'gateway' ? 'StatefulSet' : 'Deployment', name)!;
      const keys = workload.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'keys').secret;
      const files = keys.items?.map((i: { path: string }) => i.path);
      if (name === 'gateway') expect(files).toBeUndefined();
      else expect(files).toEqual(['gateway-caller.public.pem', 'subject-digest.key']);
    }
  });

  it('set only settings the services know, and point the gateway at every subgraph', () => {
    const config = named('ConfigMap', 'gridshare-config')!.data!;
    for (const setting of Object.keys(config)) expect([setting, knownSetting(setting)]).toEqual([setting, true]);
    for (const s of SUBGRAPHS) expect(config[`GRIDSHARE_${s.name.toUpperCase().replace(/-/g, '_')}_URL`]).toBe(`http://${s.name}:${s.port}/graphql`);
  });
});

describe('the Docker Compose file', () => {
  const compose = YAML.parse(fs.readFileSync(`${deployDir}/compose.yaml`, 'utf8'), { merge: true, maxAliasCount: -1 });

  it('runs every subgraph, two gateways behind the proxy, and migrates before anything serves', () => {
    for (const s of SUBGRAPHS) expect(compose.services[s.name].command).toEqual(['serve', s.name]);
    const gateways = Object.entries<any>(compose.services).filter(([, s]) => s.command?.join(' ') === 'serve gateway');
    expect(gateways.map(([name]) => name)).toEqual(['gateway-1', 'gateway-2']);
    expect(compose.services['gateway-1'].depends_on.migrate.condition).toBe('service_completed_successfully');
    // Each gateway keeps its copy of the trail on a volume of its own.
    expect(gateways.map(([, g]) => g.volumes.find((v: string) => v.endsWith(':/data/audit-trail')))).toEqual([
      'trail-1:/data/audit-trail',
      'trail-2:/data/audit-trail',
    ]);
    const proxy = fs.readFileSync(`${deployDir}/nginx.conf`, 'utf8');
    expect(proxy).toMatch(/server gateway-1:4000/);
    expect(proxy).toMatch(/server gateway-2:4000/);
  });

  it('sets only settings the services know', () => {
    for (const service of Object.values<any>(compose.services)) {
      for (const setting of Object.keys(service.environment ?? {})) {
        if (setting === 'PORT_TO_CHECK' || setting.startsWith('POSTGRES_')) continue;
        expect([setting, knownSetting(setting)]).toEqual([setting, true]);
      }
    }
  });

  it('builds an image whose run-time files exist in the repository', () => {
    const dockerfile = fs.readFileSync(`${deployDir}/Dockerfile`, 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) => m[1].trim().split(/\s+/).slice(0, -1));
    for (const source of copied) expect([source, fs.existsSync(repoPath(source))]).toEqual([source, true]);
  });
});
