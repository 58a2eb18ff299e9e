// Preloaded into a measured child process (`node --import`): writes its resource usage (maxRSS in KiB)
// to $BENCH_USAGE_FILE when it exits, so the parent can report the child's peak memory.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_USAGE_FILE) writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify(process.resourceUsage()));
});
