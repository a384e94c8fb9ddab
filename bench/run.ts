/** `npm run bench [-- name]`: runs the named benchmark (default: all). */
const benches: Record<string, string> = {
  import: './import-large-csv.ts',
  availability: './import-availability.ts',
  analytics: './analytics.ts',
  load: './load.ts',
  surveillance: './surveillance-backtest.ts',
  'surveillance-injected': './surveillance-injected.ts',
  web: './web.ts',
  cli: './cli-startup.ts',
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  const file = benches[name];
  if (!file) {
    console.error(`unknown benchmark ${name}; choose from ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  console.error(`== ${name}`);
  await import(file);
}
