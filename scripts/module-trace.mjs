// Loaded with `node --import` by tests (test/scripts/build-main.test.ts): writes the URL of every module the process resolves, one a
// line, to the file named by SAKSHYA_MODULE_TRACE, so a test can see what a command loaded.
import { register } from 'node:module';

register('./module-trace-hooks.mjs', import.meta.url);
