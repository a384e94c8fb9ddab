import { readFileSync } from 'node:fs';

/**
 * Which modules a Node process loaded, for checking that a command does not pull in heavy
 * libraries. `traceArgs(file)` gives the node options that record every ES module URL resolved
 * (a resolve hook, which runs in the loader thread) and, at exit, every CommonJS file in the
 * require cache (CommonJS `require` does not pass the hooks in Node 20). The hook code is passed
 * as data: URLs so that it needs no build step and works for the source and the built CLI alike.
 */
const HOOKS = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(file, r.url + '\\n');
  return r;
}
`;

const REGISTER = `
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
const file = process.env.HW_MODULE_TRACE;
import { pathToFileURL } from 'node:url';
const here = pathToFileURL(process.cwd() + '/').href;
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), here, { data: { file } });
const cache = createRequire(here).cache;
process.on('exit', () => appendFileSync(file, Object.keys(cache).map((p) => 'file://' + p).join('\\n') + '\\n'));
`;

/** Node options (before the script) that record loaded modules into `file` (set HW_MODULE_TRACE=file too). */
export function traceArgs(): string[] {
  return ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`];
}

/** The packages (node_modules names, scoped as `@scope/name`) whose files the trace lists. */
export function loadedPackages(file: string): Set<string> {
  const names = new Set<string>();
  for (const url of readFileSync(file, 'utf8').split('\n')) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m?.[1]) {
      names.add(m[1]);
    }
  }
  return names;
}

/** The workspace packages (`packages/<name>/`) whose files the trace lists. */
export function loadedWorkspaceFiles(file: string): string[] {
  return [
    ...new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((u) => /\/packages\/[^/]+\/(src|dist)\//.test(u) && !u.includes('/node_modules/')),
    ),
  ];
}
