// A control for the responsiveness bench: a separate Node process that does nothing but watch its
// own event loop with the same probes. On a busy machine (2 cores shared with other work) the OS
// can leave any thread waiting for tens of ms; that wait is the machine's, not our code's. Printing
// what an idle process saw in the same window, beside our thread's figure, tells the two apart.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const PROBE_SOURCE = (probeMs: number) => `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const histogram = monitorEventLoopDelay({ resolution: ${probeMs} });
histogram.enable();
let last = performance.now();
let drift = 0;
setInterval(() => {
  const now = performance.now();
  drift = Math.max(drift, now - last - ${probeMs});
  last = now;
}, ${probeMs});
process.stdin.once('data', () => {
  process.stdout.write(JSON.stringify({ maxMs: Math.max(drift, histogram.max / 1e6) }) + '\\n');
  process.exit(0);
});
process.stdout.write('ready\\n');
`;

export interface IdleProbe {
  /** Stops the probe and answers the longest stall it saw, in ms. */
  stop(): Promise<number>;
}

export async function startIdleProbe(probeMs: number): Promise<IdleProbe> {
  const child = spawn(process.execPath, ['-e', PROBE_SOURCE(probeMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    output += chunk;
  });
  while (!output.includes('ready\n')) await once(child.stdout, 'data');
  return {
    async stop() {
      const exited = once(child, 'exit');
      child.stdin.end('stop\n');
      await exited;
      const line = output.split('\n').find((text) => text.startsWith('{'));
      if (line === undefined) throw new Error('the idle probe gave no figure');
      return (JSON.parse(line) as { maxMs: number }).maxMs;
    },
  };
}
