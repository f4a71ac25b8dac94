#!/usr/bin/env bash
# npm run release:try: follow the README's quick start from empty directories with the release files in dist/
# (the npm tarball and the Python wheel of `npx projen release`), in TypeScript and in Python, with the validation
# plugin on, and check that both apps synthesize the same manifests. Needs the npm registry and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tgz=$(ls "$root"/dist/js/cdk8s-node-daemons@*.jsii.tgz 2>/dev/null | head -n 1 || true)
whl=$(ls "$root"/dist/python/cdk8s_node_daemons-*.whl 2>/dev/null | head -n 1 || true)
if [ -z "$tgz" ] || [ -z "$whl" ]; then
  echo "error: no release files in dist/js and dist/python: run 'npx projen release' first" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "--- release:try: $(basename "$tgz"), $(basename "$whl") in $work"

# The README's blocks: tsconfig.json, cdk8s.yaml, main.ts, main.py.
extract() {
  python3 - "$root/README.md" "$1" "$2" <<'PY'
import pathlib, re, sys
readme, out, lang = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2]), sys.argv[3]
blocks = {}
for m in re.finditer(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", readme, flags=re.M | re.S):
    blocks.setdefault(m.group(1), []).append(m.group(2))
config = next(b for b in blocks["yaml"] if b.startswith("language:"))
if lang == "ts":
    (out / "tsconfig.json").write_text(blocks["json"][0])
    (out / "main.ts").write_text(blocks["ts"][0])
    (out / "cdk8s.yaml").write_text(config)
else:
    (out / "main.py").write_text(blocks["python"][0])
    (out / "cdk8s.yaml").write_text(config.replace("language: typescript", "language: python")
                                    .replace("app: npx ts-node main.ts", "app: python main.py"))
PY
}
npm_i() { npm install --no-audit --no-fund --loglevel=error "$@"; }

echo "--- TypeScript app"
mkdir "$work/ts" && cd "$work/ts"
npm init -y > /dev/null
npm_i "$tgz" cdk8s cdk8s-plus-27 constructs
npm_i --save-dev typescript@~6.0 ts-node@^10 cdk8s-cli
extract "$work/ts" ts
npx cdk8s synth --check-upgrade=false

echo "--- Python app"
mkdir "$work/py" && cd "$work/py"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check "$whl" cdk8s cdk8s-plus-27
npm init -y > /dev/null
npm_i "$tgz" cdk8s-cli
extract "$work/py" py
PATH="$work/py/.venv/bin:$PATH" npx cdk8s synth --check-upgrade=false

cmp "$work/ts/dist/agents.k8s.yaml" "$work/py/dist/agents.k8s.yaml"
echo "--- release:try: both apps synthesized the same manifests with the validation plugin on"
