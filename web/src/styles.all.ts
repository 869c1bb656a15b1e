// Mantine's whole stylesheet, for every page but the first screen (which carries only what the
// shell and the incident list use: styles.ts). Imported by lazyPage and by lazily loaded parts of
// the list; in the `mantine` cascade layer, so loading it late never overrides the app's own CSS.
import '@mantine/core/styles.layer.css';
