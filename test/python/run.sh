#!/usr/bin/env bash
# Python parity test (npm run test:python): build the Python wheel, install it with cdk8s and
# cdk8s-plus-27 from PyPI into a venv, and check with pytest that the Python app (app.py)
# synthesizes exactly the documents of the TypeScript app (app.ts).
#
# Needs: node_modules (npm ci), python3 (>= 3.10) with venv; everything else is installed here.
# Environment:
#   PYTHON_TEST_VENV   the venv to use or create (default .cache/python-test/venv)
#   PYTHON             the interpreter that creates it (default python3)
#   FORCE_BUILD=1      rebuild the wheel even when it is newer than the sources
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/../.."
# The jsii runtime of the wheel runs on this Node.js; Node 20 is supported here (docs/contributing.md).
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}
root=$PWD
venv=${PYTHON_TEST_VENV:-$root/.cache/python-test/venv}
python=${PYTHON:-python3}
start=$SECONDS

step() { printf '\n--- test:python: %s (%ss)\n' "$*" "$((SECONDS - start))"; }

# 1. The wheel: rebuilt when missing or older than anything it is built from.
wheel=$(ls -t dist/python/*.whl 2>/dev/null | head -n 1 || true)
if [ "${FORCE_BUILD:-}" = 1 ] || [ -z "$wheel" ] || [ ! -f .jsii ] \
  || [ -n "$(find src package.json -newer "$wheel" -type f -print -quit)" ]; then
  step "jsii compile"
  npx projen compile
  step "package:python (wheel and sdist into dist/python)"
  npx projen package:python
  wheel=$(ls -t dist/python/*.whl | head -n 1)
else
  step "wheel is up to date: $wheel"
fi

# 2. The venv: the fresh wheel plus the cdk8s, cdk8s-plus-27 and constructs versions the
#    TypeScript side runs (node_modules), so both sides synthesize with the same library code.
nodever() { node -p "require('$1/package.json').version"; }
cdk8s_v=$(nodever cdk8s)
plus_v=$(nodever cdk8s-plus-27)
constructs_v=$(nodever constructs)
if [ ! -x "$venv/bin/python" ]; then
  step "create venv $venv"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check --no-input --timeout 60 --retries 3)
step "pip install cdk8s==$cdk8s_v cdk8s-plus-27==$plus_v constructs==$constructs_v pytest pyyaml + $(basename "$wheel")"
"${pip[@]}" install --quiet "$wheel" "cdk8s==$cdk8s_v" "cdk8s-plus-27==$plus_v" "constructs==$constructs_v" \
  "pytest>=7,<9" "pyyaml>=6,<7"
# Every build is version 0.0.0: reinstall so the venv always holds this very wheel.
"${pip[@]}" install --quiet --no-deps --force-reinstall "$wheel"

# 3. The test.
step "pytest test/python"
set +e
"$venv/bin/python" -m pytest test/python/test_app.py test/python/test_readme.py -v -p no:cacheprovider --rootdir test/python "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then
  echo "error: pytest collected no test in test/python" >&2
  exit 1
fi
exit "$rc"
