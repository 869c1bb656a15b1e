/**
 * The top frames of a V8 CPU profile (node --cpu-prof), by self time: what a bench that misses
 * its goal spends its CPU on. `npx tsx bench/lib/cpu-top.ts <file.cpuprofile> [top=25] [match]`:
 * with `match` (a substring of the file path, e.g. src/), the frames from matching files by
 * inclusive time (their own and their callees') instead. `--share a,b|c`: for each substring (or
 * set of them, joined by |), the share of the busy (not idle) time whose stack has a frame from
 * a matching file.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, match] = process.argv.slice(2);
if (!file) {
  console.error('usage: cpu-top.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const nameOf = (n: ProfileNode): string => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const shareArg = process.argv.indexOf('--share');
if (shareArg > 0) {
  const patterns = (process.argv[shareArg + 1] ?? '').split(',');
  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const busy = total - idle;
  const hits = new Map(patterns.map((p) => [p, 0]));
  for (const [id, us] of self) {
    const urls: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) urls.push(byId.get(at)!.callFrame.url);
    for (const p of patterns) if (urls.some((u) => p.split('|').some((alt) => u.includes(alt)))) hits.set(p, hits.get(p)! + us);
  }
  console.log(`busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s sampled`);
  for (const [p, us] of hits) console.log(`${((us / busy) * 100).toFixed(1).padStart(5)}%  ${p}`);
  process.exit(0);
}

const frames = new Map<string, number>();
for (const [id, us] of self) {
  if (!match) {
    const name = nameOf(byId.get(id)!);
    frames.set(name, (frames.get(name) ?? 0) + us);
    continue;
  }
  // Inclusive: every matching frame on the stack, once per stack.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const n = byId.get(at)!;
    if (!n.callFrame.url.includes(match)) continue;
    const name = nameOf(n);
    if (seen.has(name)) continue;
    seen.add(name);
    frames.set(name, (frames.get(name) ?? 0) + us);
  }
}
const top = [...frames.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25));
console.log(`total ${(total / 1e6).toFixed(2)} s sampled${match ? `; inclusive time of frames in files matching "${match}"` : ''}`);
for (const [name, us] of top) console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
