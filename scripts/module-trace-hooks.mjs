// The resolve hook registered by module-trace.mjs; it runs on Node's loader thread.
import fs from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const out = process.env.SAKSHYA_MODULE_TRACE;
  if (out !== undefined && out !== '') fs.appendFileSync(out, `${resolved.url}\n`);
  return resolved;
}
