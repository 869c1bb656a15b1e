import { useId } from 'react';
import classes from './StaticSegmentedControl.module.css';

// Mantine's SegmentedControl look without its sliding indicator: the indicator measures the layout
// in an effect (a forced reflow of the whole page on the first render) and re-renders the control
// once per option while collecting their elements. Here the chosen option is marked by its own
// styles, as Mantine's is before its JavaScript runs; choosing another does not slide.

interface Props<V extends string> {
  'aria-label': string;
  data: readonly { value: V; label: string }[];
  value: V;
  onChange: (value: V) => void;
}

/** A segmented control (a radio group) for a few options, in plain markup. */
export function StaticSegmentedControl<V extends string>({ data, value, onChange, 'aria-label': label }: Props<V>) {
  const name = useId();
  return (
    <div className={classes.root} role="radiogroup" aria-label={label}>
      {data.map((item) => {
        const active = item.value === value;
        const id = `${name}-${item.value}`;
        return (
          <div key={item.value} className={classes.control} data-active={active || undefined}>
            <input className={classes.input} id={id} type="radio" value={item.value} checked={active} name={name} onChange={() => onChange(item.value)} />
            <label className={classes.label} data-active={active || undefined} htmlFor={id}>
              {item.label}
            </label>
          </div>
        );
      })}
    </div>
  );
}
