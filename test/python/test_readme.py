"""The README's Python quick start, run against the installed wheel, synthesizes exactly what the README's
TypeScript quick start does. Run through test/python/run.sh (npm run test:python).
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
README = (ROOT / "README.md").read_text()
TIMEOUT = int(os.environ.get("PARITY_TIMEOUT_SECONDS", "300"))


def _block(lang):
    found = re.findall(r"^```" + lang + r"[^\n]*\n(.*?)^```\s*$", README, flags=re.M | re.S)
    assert len(found) == 1, f"README.md: expected one ```{lang} block, found {len(found)}"
    return found[0]


def _run(cmd, cwd, env=None):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, env=env)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def _docs(outdir):
    return [d for d in yaml.safe_load_all((outdir / "dist" / "agents.k8s.yaml").read_text()) if d is not None]


def _fresh(name):
    # under the repository, so the TypeScript app finds node_modules
    d = ROOT / ".cache" / "readme-snippets" / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d


def test_readme_python_app_synthesizes_what_the_typescript_app_does():
    py = _fresh("python-run")
    (py / "main.py").write_text(_block("python"))
    proc = _run([sys.executable, "main.py"], py)
    # no warning at synth, and no jsii banner (run.sh silences the Node 20 end-of-life notice)
    assert proc.stderr == "", proc.stderr

    ts = _fresh("ts-run")
    (ts / "main.ts").write_text(_block("ts"))
    (ts / "tsconfig.json").write_text(_block("json"))
    (ts / "tsconfig.run.json").write_text(json.dumps({
        "extends": "./tsconfig.json",
        "compilerOptions": {"rootDir": str(ROOT), "paths": {"cdk8s-node-daemons": [str(ROOT / "src")]}},
        "ts-node": {"transpileOnly": True, "require": ["tsconfig-paths/register"]},
    }))
    env = {**os.environ, "TS_NODE_PROJECT": str(ts / "tsconfig.run.json")}
    _run(["node", str(ROOT / "node_modules" / "ts-node" / "dist" / "bin.js"), "main.ts"], ts, env)

    py_docs, ts_docs = _docs(py), _docs(ts)
    assert [d["kind"] for d in py_docs].count("DaemonSet") == 2
    assert py_docs == ts_docs
