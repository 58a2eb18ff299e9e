#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/bundle/ (tsc, then scripts/bundle.mjs) by `npm run build`,
// which `npm test` runs first and `prepack` runs before the package is packed.
import { main } from '../dist/bundle/main.js';
main(process.argv).then((code) => { process.exitCode = code; });
