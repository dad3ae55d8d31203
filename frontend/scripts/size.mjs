// Print the gzipped size of the JavaScript a first visit downloads and fail above the budget.
// The initial set is every script and modulepreload in dist/index.html plus whatever those
// chunks import statically; lazily loaded pages are listed for information only.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 300 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const indexPath = join(dist, "index.html");

if (!existsSync(indexPath)) {
  console.error("dist/index.html is missing: run `npm run build` first.");
  process.exit(1);
}

const html = readFileSync(indexPath, "utf8");
const referenced = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
].map((match) => match[1].replace(/^\//, ""));

const gzipped = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

// Follow static imports (`import"./x.js"`, `from"./x.js"`); dynamic `import("./x.js")` is lazy.
const initial = new Set();
const queue = [...referenced];
while (queue.length > 0) {
  const file = queue.shift();
  if (initial.has(file)) continue;
  initial.add(file);
  const code = readFileSync(join(dist, file), "utf8");
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\.?\/[^"']+\.js)["']/g)) {
    queue.push(posix.normalize(posix.join(posix.dirname(file), match[1])));
  }
}

let total = 0;
console.log("Initial JavaScript (gzipped):");
for (const file of [...initial].sort()) {
  const size = gzipped(file);
  total += size;
  console.log(`  ${file.padEnd(48)} ${kib(size).padStart(10)}`);
}
console.log(`  ${"total".padEnd(48)} ${kib(total).padStart(10)}   budget ${kib(BUDGET_BYTES)}`);

const lazy = readdirSync(join(dist, "assets"))
  .filter((name) => name.endsWith(".js") && !initial.has(`assets/${name}`))
  .map((name) => [name, gzipped(`assets/${name}`)])
  .sort((a, b) => b[1] - a[1]);
if (lazy.length > 0) {
  console.log("Lazy chunks (gzipped, loaded on demand):");
  for (const [name, size] of lazy) console.log(`  assets/${name.padEnd(41)} ${kib(size).padStart(10)}`);
}

if (total > BUDGET_BYTES) {
  console.error(`Initial JavaScript is ${kib(total)}, over the ${kib(BUDGET_BYTES)} budget.`);
  process.exit(1);
}
