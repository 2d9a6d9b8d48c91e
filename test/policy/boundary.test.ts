// The policy stage speaks no HTTP (DESIGN.md): no file under src/policy/ imports from src/api/,
// by any import form (static, type-only, re-export, dynamic, inline `import('...')` types).
// eslint.config.js has the same rule for editors; this test holds without the linter.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Files under `stage` that import something under `forbidden`, as "file -> specifier". */
function crossings(stage: string, forbidden: string): string[] {
  const out: string[] = [];
  for (const file of filesUnder(join(root, stage))) {
    for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) continue;
      const target = relative(join(root, forbidden), resolve(dirname(file), spec));
      if (!target.startsWith('..')) out.push(`${relative(root, file)} -> ${spec}`);
    }
  }
  return out;
}

test('no file under src/policy/ imports from src/api/', () => {
  assert.deepEqual(crossings('src/policy', 'src/api'), []);
});

test('the scan sees an import when there is one (src/api/ imports src/policy/)', () => {
  assert.ok(crossings('src/api', 'src/policy').some((c) => c.startsWith('src/api/place-call.ts -> ../policy/')));
});
