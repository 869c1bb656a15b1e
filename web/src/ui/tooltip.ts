// Its own module so Hint can load the Tooltip lazily, as a chunk of its own.
export { Tooltip } from '@mantine/core';
