// Fail when src/api/schema.d.ts is not what `npm run gen:api` makes from openapi.json,
// i.e. when the committed API types have fallen behind the backend's schema.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const schema = join(root, "openapi.json");
const committed = join(root, "src", "api", "schema.d.ts");

for (const [path, hint] of [
  [schema, "dump it from the backend's OpenAPI schema first"],
  [committed, "run `npm run gen:api` and commit the result"],
]) {
  if (!existsSync(path)) {
    console.error(`${path.slice(root.length + 1)} is missing: ${hint}.`);
    process.exit(1);
  }
}

const scratch = mkdtempSync(join(tmpdir(), "mhc-api-"));
try {
  const fresh = join(scratch, "schema.d.ts");
  const bin = join(root, "node_modules", ".bin", "openapi-typescript");
  execFileSync(bin, [schema, "-o", fresh], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (readFileSync(fresh, "utf8") !== readFileSync(committed, "utf8")) {
    console.error("src/api/schema.d.ts is stale: run `npm run gen:api` and commit the result.");
    process.exit(1);
  }
  console.log("src/api/schema.d.ts matches openapi.json.");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
