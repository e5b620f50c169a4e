// Preload for node children of bench/run.mjs when GNU time is not available:
//   BENCH_RSS_FILE=/tmp/x node --import ./bench/rss-report.mjs script.js ...
// On exit, writes {"maxRSS": KiB, "userCPUTime": µs, "systemCPUTime": µs} from
// process.resourceUsage() (maxRSS = peak resident set size of this process, as
// counted by the kernel) to $BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
      writeFileSync(file, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }));
    } catch {
      // nothing useful to do while exiting
    }
  });
}
