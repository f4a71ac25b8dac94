"""Python parity test: the Python app (test/python/app.py, using the cdk8s_node_daemons wheel)
must synthesize exactly the documents the TypeScript app (test/python/app.ts) does.

Run through test/python/run.sh (npm run test:python), which builds the wheel and the venv.
"""

import difflib
import json
import os
import pathlib
import subprocess
import sys

import pytest
import yaml

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TIMEOUT = int(os.environ.get("PARITY_TIMEOUT_SECONDS", "300"))

# Every chart of the parity apps, with the objects it must hold (kind, name): a guard against two
# apps that agree because both synthesize nothing.
EXPECTED = {
    "node-daemon": {
        ("DaemonSet", "node-daemon-metrics-agent-c813d7c9"),
        ("DaemonSet", "node-daemon-storage-agent-c8bd9413"),
        ("DaemonSet", "node-daemon-log-shipper-c8d82f47"),
        ("PriorityClass", "storage-agents"),
    },
    "typed-daemons": {
        ("DaemonSet", "typed-daemons-node-exporter-c8eb847c"),
        ("ServiceMonitor", "typed-daemons-node-exporter-metrics-servicemonitor-c8f463f7"),
        ("NetworkPolicy", "typed-daemons-node-exporter-metrics-networkpolicy-c89dbe15"),
        ("DaemonSet", "typed-daemons-fluent-bit-c8227aec"),
        ("ConfigMap", "typed-daemons-fluent-bit-config-c8920c3f"),
        ("DaemonSet", "typed-daemons-fluentd-c87521ae"),
        ("ConfigMap", "typed-daemons-fluentd-config-c8764650"),
        ("DaemonSet", "typed-daemons-cadvisor-c83dd959"),
        ("Service", "typed-daemons-cadvisor-metrics-service-c8db5333"),
    },
}


def _run(cmd, what):
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what} did not finish within {TIMEOUT}s: {' '.join(cmd)}")
    if proc.returncode != 0:
        pytest.fail(
            f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n"
            f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
        )


def _load(outdir: pathlib.Path):
    charts = {}
    for f in sorted(outdir.glob("*.k8s.yaml")):
        charts[f.name[: -len(".k8s.yaml")]] = [d for d in yaml.safe_load_all(f.read_text()) if d is not None]
    return charts


@pytest.fixture(scope="session")
def python_manifests(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("python-out")
    _run([sys.executable, str(HERE / "app.py"), str(outdir)], "the Python app")
    return _load(outdir)


@pytest.fixture(scope="session")
def typescript_manifests(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("typescript-out")
    _run(
        ["npx", "--no-install", "ts-node", "--project", "examples/tsconfig.json", "test/python/app.ts", str(outdir)],
        "the TypeScript app",
    )
    return _load(outdir)


def _key(doc):
    meta = doc.get("metadata") or {}
    return (doc.get("kind"), meta.get("name"))


def test_the_wheel_is_the_fresh_build():
    import cdk8s_node_daemons

    location = pathlib.Path(cdk8s_node_daemons.__file__).resolve()
    assert "site-packages" in location.parts, f"cdk8s_node_daemons imported from {location}, not the installed wheel"


def test_both_apps_synthesize_the_same_charts(python_manifests, typescript_manifests):
    assert sorted(python_manifests) == sorted(typescript_manifests)
    assert sorted(python_manifests) == sorted(EXPECTED)


@pytest.mark.parametrize("chart", sorted(EXPECTED))
def test_chart_holds_the_expected_objects(chart, python_manifests):
    assert EXPECTED[chart] <= {_key(d) for d in python_manifests[chart]}


@pytest.mark.parametrize("chart", sorted(EXPECTED))
def test_python_documents_equal_typescript_documents(chart, python_manifests, typescript_manifests):
    py_docs = python_manifests[chart]
    ts_docs = typescript_manifests[chart]
    assert [_key(d) for d in py_docs] == [_key(d) for d in ts_docs], "different objects or order"
    for py_doc, ts_doc in zip(py_docs, ts_docs):
        if py_doc != ts_doc:
            diff = difflib.unified_diff(
                yaml.safe_dump(ts_doc, sort_keys=True).splitlines(),
                yaml.safe_dump(py_doc, sort_keys=True).splitlines(),
                "typescript",
                "python",
                lineterm="",
            )
            pytest.fail(f"{chart}: {_key(py_doc)} differs:\n" + "\n".join(diff))


def test_catalog_names_every_public_class():
    """docs/catalog.md (or the README it is merged into) lists every public construct and class."""
    assembly = json.loads((ROOT / ".jsii").read_text())
    classes = sorted(t["name"] for t in assembly["types"].values() if t["kind"] == "class")
    assert classes, "no class in .jsii"
    text = "".join((ROOT / f).read_text() for f in ("docs/catalog.md", "README.md") if (ROOT / f).exists())
    missing = [c for c in classes if f"`{c}`" not in text]
    assert not missing, f"add these classes to the catalog table in docs/catalog.md: {', '.join(missing)}"
