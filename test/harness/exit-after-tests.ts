/**
 * Preloaded into every test file's process by `npm test` (`--import`). A handle a test leaks (a
 * socket, a timer) would keep a finished file's process alive and hang the suite; node's
 * --test-force-exit ends it, but with several files at a time it also drops the verdicts still in
 * the pipe to the parent (nodejs/node#64833: fewer tests reported, exit 0 — seen here, 14 of
 * when.test.ts's verdicts lost). So: once the file's last test and hook are done, a timer that
 * keeps nothing alive gives the process 10 s to end by itself, its reports long flushed, then
 * ends it, keeping the exit code the runner set (1 when a test failed).
 */
import { after } from 'node:test';

after(() => {
  setTimeout(() => {
    process.stderr.write(`exit-after-tests: ${process.argv[1] ?? 'a test file'} still had open handles 10 s after its last test; ended\n`);
    process.exit();
  }, 10_000).unref();
});
