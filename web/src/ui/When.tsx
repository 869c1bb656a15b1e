import { formatWhen } from './time';
import { useViewerTimeZone } from './viewerTimeZone';

/** A point in time in the viewer's zone, zone named (see `formatWhen`), the exact ISO 8601 instant on hover. */
export function When({ iso, now }: { iso: string | null | undefined; now: number }) {
  const timeZone = useViewerTimeZone();
  if (!iso) return <>—</>;
  return (
    <time dateTime={iso} title={iso}>
      {formatWhen(iso, now, { timeZone })}
    </time>
  );
}
