import { formatWhen } from './time';

/** A point in time, short (see `formatWhen`), with the exact ISO 8601 instant on hover. */
export function When({ iso, now }: { iso: string | null | undefined; now: number }) {
  if (!iso) return <>—</>;
  return (
    <time dateTime={iso} title={iso}>
      {formatWhen(iso, now)}
    </time>
  );
}
