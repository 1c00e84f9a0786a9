// Runs Astro for `docdrift site` in a process of its own. Its working directory is a temporary
// work folder, so Astro's intermediate build output lands there and not in the user's folder.
// Arguments come as JSON in DOCDRIFT_ASTRO_RUN:
// { command: 'build' | 'dev', root, configFile (relative to root), cacheDir, outDir, logLevel, port, host }.
import process from 'node:process';

const run = JSON.parse(process.env.DOCDRIFT_ASTRO_RUN ?? '{}');
// docdrift is gone (killed, crashed): nothing will write the pages, stop too. (A 'disconnect'
// listener keeps the IPC channel, and so this process, alive: it is removed once Astro is done.)
const orphaned = () => process.exit(1);
process.on('disconnect', orphaned);
const astro = await import('astro');
const inline = {
  root: run.root,
  configFile: run.configFile,
  outDir: run.outDir,
  cacheDir: `${run.cacheDir}/astro`,
  logLevel: run.logLevel ?? 'warn',
  vite: { cacheDir: `${run.cacheDir}/vite` },
};

if (run.command === 'build') {
  await astro.build({ ...inline, mode: 'production' });
  process.off('disconnect', orphaned);
  process.disconnect?.();
} else if (run.command === 'dev') {
  const server = await astro.dev({ ...inline, server: { port: run.port ?? 4321, host: run.host ?? false } });
  process.send?.({ type: 'ready', address: server.address });
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  throw new Error(`unknown command ${run.command}`);
}
