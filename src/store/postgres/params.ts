// The shared SQL (src/store/sql/) is written with SQLite's @name and ? parameters; node-postgres
// takes $1, $2... These rewrite a statement once per SQL text (cached: a handful of shapes) and
// order the values to match. Our SQL never has @ or ? inside a string literal or an operator.

interface Compiled {
  text: string;
  names: string[];
}

const cache = new Map<string, Compiled>();

/** `@name` parameters to `$n`, and the values in that order (a repeated name binds one $n). */
export function named(sql: string, params: Record<string, unknown>): { text: string; values: unknown[] } {
  let c = cache.get(sql);
  if (!c) {
    const names: string[] = [];
    const text = sql.replace(/@([A-Za-z_]\w*)/g, (_m, name: string) => {
      let i = names.indexOf(name);
      if (i < 0) i = names.push(name) - 1;
      return `$${i + 1}`;
    });
    c = { text, names };
    if (cache.size < 1000) cache.set(sql, c);
  }
  return {
    text: c.text,
    values: c.names.map((n) => {
      if (!(n in params)) throw new Error(`SQL parameter @${n} has no value`);
      return params[n];
    }),
  };
}

/** `?` parameters to `$1, $2, ...` in order. */
export function positional(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}
