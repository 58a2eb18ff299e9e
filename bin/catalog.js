#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/bundle/ (tsc, then scripts/bundle.mjs) by `npm ci`
// through the `prepare` script, and by `prepack` before it is packed.
import { main } from '../dist/bundle/main.js';
main(process.argv).then((code) => { process.exitCode = code; });
