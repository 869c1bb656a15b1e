// Runs the `tocsin` command from source, without a build: `node --import tsx src/cli/run.ts <args>`.
import { main } from './main.js';

await main(process.argv.slice(2));
