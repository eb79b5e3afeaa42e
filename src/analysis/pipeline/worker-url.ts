/**
 * The URL to start a worker thread module with: the compiled JavaScript module itself,
 * or — when running from the TypeScript sources under tsx (tests, development) — a
 * bootstrap that registers tsx's loader in the worker first (Node 20 does not pass
 * `--import` hooks to workers).
 */
export function workerModuleUrl(module: URL): URL {
  if (!module.href.endsWith('.ts')) return module;
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(module.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}
