/**
 * Required by the unit layer's parallel run (test/unit/.mocharc.json). Each mocha worker
 * writes the coverage c8 collects (NODE_V8_COVERAGE) as it exits, which takes a while for
 * a worker that ran many files; mocha asks a worker to stop and sends it SIGTERM a second
 * later, and by default that signal ends the process before the coverage is written, so
 * whole files would count as never run. With a handler, SIGTERM no longer cuts the
 * exit short; a worker that is still running when it arrives exits at once, as before.
 * Only in a worker under c8: elsewhere SIGTERM keeps its default.
 */
if (process.env.NODE_V8_COVERAGE !== undefined && process.env.MOCHA_WORKER_ID !== undefined) {
  process.on('SIGTERM', () => process.exit(143));
}
