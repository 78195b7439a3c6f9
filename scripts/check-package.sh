#!/usr/bin/env bash
# Packs samsung-auth-kit as `npm publish` would, installs the tarball into an empty project, and
# checks it from the outside: contents, every subpath export, the Galaxy toolkit without Express,
# a sign-in and a Galaxy call against the sandbox, the types under `tsc --strict`, and the
# `samsung-auth` bin. Ends with "package check: N passed, M failed"; exit 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sak-package-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# check NAME COMMAND...: runs COMMAND, counts it, shows its output only when it fails.
check() {
  local name=$1
  shift
  local log="$work/last.log"
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    sed 's/^/     | /' "$log" | tail -n 40
  fi
}

finish() {
  echo "package check: $passed passed, $failed failed"
  [ "$failed" = 0 ]
  exit $?
}

echo "== npm pack (runs prepack: clean + build)"
if ! npm pack --silent --pack-destination "$work" >"$work/pack.log" 2>&1; then
  cat "$work/pack.log"
  failed=$((failed + 1))
  finish
fi
tarball=$(ls "$work"/samsung-auth-kit-*.tgz)
tar -tzf "$tarball" | sort >"$work/contents.txt"

contents_are_clean() {
  # Nothing dev-only or secret: no tests, benchmarks, local data, env files, sources, examples.
  ! grep -E '^package/(test|bench|data|src|examples|scripts|node_modules|\.ci)/|(^|/)\.env($|\.)|\.pem$|\.tgz$' "$work/contents.txt"
}
contents_are_complete() {
  for f in package/package.json package/README.md package/LICENSE package/dist/index.js package/dist/index.d.ts \
    package/dist/express.js package/dist/galaxy/index.js package/dist/sandbox/sandbox.js package/dist/passport/index.js package/dist/cli/main.js \
    package/views/error.eta package/views/sandbox/sign-in-gate.eta package/docs/reference.md package/docs/errors.md; do
    grep -qx "$f" "$work/contents.txt" || { echo "missing: $f"; return 1; }
  done
}
check "tarball holds no test/, bench/, data/, src/, .env or keys" contents_are_clean
check "tarball holds dist (js + d.ts), views, docs, README, LICENSE" contents_are_complete

echo "== install into an empty project"
project="$work/project"
mkdir -p "$project"
printf '{ "name": "sak-consumer", "private": true, "type": "module" }\n' >"$project/package.json"
install_tarball() { (cd "$project" && npm install --no-audit --no-fund --ignore-scripts "$tarball"); }
check "npm install <tarball> into an empty folder" install_tarball
if [ ! -d "$project/node_modules/samsung-auth-kit" ]; then finish; fi

cp "$repo/scripts/package-check/"* "$project/"
run_in_project() { (cd "$project" && "$@"); }

check "every subpath export has its names" run_in_project node exports.mjs
check "samsung-auth-kit/galaxy loads without express, express-session, openid-client" \
  run_in_project node --import ./forbid-web-packages.mjs galaxy-alone.mjs
check "sandbox sign-in and Galaxy contentList through the installed package" run_in_project node end-to-end.mjs
check "npx samsung-auth --help exits 0" run_in_project npx --no-install samsung-auth --help
check "samsung-auth token create against the sandbox" run_in_project node cli-token.mjs
check "npx samsung-auth sandbox serves signInGate and the token call; its printed env signs a user in" run_in_project node cli-sandbox.mjs

echo "== types, as a TypeScript integrator compiles them (strict, NodeNext, no skipLibCheck)"
install_types() {
  (cd "$project" && npm install --no-audit --no-fund --ignore-scripts \
    "typescript@$(node -p "require('$repo/node_modules/typescript/package.json').version")" \
    '@types/node@20' '@types/express@5' '@types/express-session@1')
}
check "npm install typescript and @types for the consumer" install_types
check "tsc --noEmit on a consumer of every subpath" run_in_project npx --no-install tsc -p tsconfig.consumer.json

finish
