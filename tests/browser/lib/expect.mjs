// Hand-written checks: each throws an Error saying what was expected and what was found.

const show = (v) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const excerpt = (text, max = 400) => {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export function expectEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function expectIncludes(text, needle, what) {
  const found = needle instanceof RegExp ? needle.test(text) : String(text).includes(needle);
  if (!found) throw new Error(`${what}: expected ${show(needle)} in ${show(excerpt(text))}`);
}

export function expectExcludes(text, needle, what) {
  const found = needle instanceof RegExp ? needle.test(text) : String(text).includes(needle);
  if (found) throw new Error(`${what}: ${show(needle)} must not appear, but it is in ${show(excerpt(text))}`);
}

// Retries `attempt` until it returns without throwing, or rethrows its last error after
// `timeoutMs`, prefixed with `what`.
export async function eventually(what, attempt, { timeoutMs = 10_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() >= deadline) {
        throw new Error(`${what} (still not so after ${timeoutMs / 1000} s): ${error.message}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
