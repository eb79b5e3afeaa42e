// Child-process entry used by test/helpers/cli.ts: the CLI straight from the sources.
import { run } from '../../src/cli/main.js';

process.exitCode = await run(process.argv.slice(2));
