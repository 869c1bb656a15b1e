import type { Layer } from './rules.js';

// The three ready-made shapes people start from (issue 9): pure, they only build layers.

export type Template = 'weekly' | 'follow-the-sun' | 'primary-secondary';

export type LayerDraft = Omit<Layer, 'id'>;

export const weekly = (members: string[], startDate: string, handoff: string): LayerDraft[] => [
  { name: 'Weekly rotation', members, shift: { unit: 'weeks', count: 1 }, handoff, start_date: startDate },
];

/** Three eight-hour windows of the schedule's day, one group of members each, turns daily. */
const SUN = [
  { name: 'Asia-Pacific (00:00-08:00)', start: '00:00', end: '08:00' },
  { name: 'Europe (08:00-16:00)', start: '08:00', end: '16:00' },
  { name: 'Americas (16:00-24:00)', start: '16:00', end: '00:00' },
];

/** Members are dealt into three groups in order (1st, 4th ... to the first window). */
export function followTheSun(members: string[], startDate: string): LayerDraft[] {
  return SUN.map((w, i) => ({
    name: w.name,
    members: members.filter((_, j) => j % 3 === i),
    shift: { unit: 'days', count: 1 },
    handoff: w.start,
    start_date: startDate,
    restrictions: [{ start: w.start, end: w.end }],
  }));
}

/** The secondary runs the same rotation shifted by one member, so nobody is both at once. */
export const rotateByOne = (members: string[]): string[] => (members.length > 1 ? [...members.slice(1), members[0]!] : [...members]);

/**
 * The two schedules' names: "Checkout" gives "Checkout primary" and "Checkout secondary"; a name
 * that already says primary (any case) is kept, not made "Checkout primary primary".
 */
export function primarySecondaryNames(name: string): [string, string] {
  const said = /[\s\-_:(]+(primary)\)?\s*$/i.exec(name);
  if (!said || said.index === 0) return [`${name} primary`, `${name} secondary`];
  const word = said[1]!;
  const secondary = word === 'PRIMARY' ? 'SECONDARY' : word.startsWith('P') ? 'Secondary' : 'secondary';
  return [name, `${name.slice(0, said.index)} ${secondary}`];
}

/** The fewest members a template needs to make sense. */
export const MIN_MEMBERS: Record<Template, number> = { weekly: 1, 'follow-the-sun': 3, 'primary-secondary': 2 };
