import fs from 'node:fs';
import path from 'node:path';

/** The parts of a V8 .cpuprofile we read. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  seconds: number;
  /** Share of the profile the process was idle (waiting for I/O); the percentages below are of the busy rest. */
  idlePercent: number;
  /** Self time by function, largest first. */
  topFrames: { frame: string; selfPercent: number }[];
  /** Self time by package (node_modules/<name>), node internals, or our own code. */
  byPackage: { package: string; selfPercent: number }[];
}

export function packageOf(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node (core)';
  // The innermost node_modules folder names the package whose code it is.
  const all = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  if (all.length > 0) return all[all.length - 1][1];
  const own = /\/dist\/([^/]+(?:\/[^/]+)?)/.exec(url);
  return own ? `gridshare ${own[1]}` : url;
}

/** Self time per frame and per package, from the sample counts of one profile. */
export function summarizeProfile(profile: CpuProfile, file: string, top = 15): ProfileSummary {
  const self = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + Math.max(0, profile.timeDeltas![i] ?? 0)));
  } else {
    for (const node of profile.nodes) self.set(node.id, node.hitCount ?? 0);
  }
  const all = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const idle = profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').reduce((sum, n) => sum + (self.get(n.id) ?? 0), 0);
  const total = all - idle || 1;
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const node of profile.nodes) {
    const time = self.get(node.id) ?? 0;
    if (time === 0 || node.callFrame.functionName === '(idle)') continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const short = url ? url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/') : '';
    const frame = `${functionName || '(anonymous)'}${short ? ` ${short}:${lineNumber + 1}` : ''}`;
    frames.set(frame, (frames.get(frame) ?? 0) + time);
    const pkg = url ? packageOf(url) : functionName.startsWith('(') ? functionName : '(native / V8)';
    packages.set(pkg, (packages.get(pkg) ?? 0) + time);
  }
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => [name, Math.round((1000 * time) / total) / 10] as const);
  return {
    file,
    seconds: (profile.endTime - profile.startTime) / 1e6,
    idlePercent: Math.round((1000 * idle) / all) / 10,
    topFrames: ranked(frames).map(([frame, selfPercent]) => ({ frame, selfPercent })),
    byPackage: ranked(packages).map(([name, selfPercent]) => ({ package: name, selfPercent })),
  };
}

/** Every .cpuprofile under a directory (one folder per target), summarized. */
export function summarizeProfiles(directory: string): Record<string, ProfileSummary[]> {
  if (!fs.existsSync(directory)) return {};
  const out: Record<string, ProfileSummary[]> = {};
  for (const target of fs.readdirSync(directory)) {
    const folder = path.join(directory, target);
    out[target] = fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => summarizeProfile(JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as CpuProfile, path.join(folder, f)));
  }
  return out;
}
