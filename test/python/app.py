"""The Python twin of test/python/app.ts: the same constructs, ids and props, written with the
cdk8s_node_daemons wheel. test/python/test_app.py runs both apps and compares the documents.

    python test/python/app.py <outdir>
"""

import sys

import cdk8s_plus_27 as plus
from cdk8s import App, Chart, Duration, Size, YamlOutputType
from cdk8s_node_daemons import (
    AgentLogLevel,
    CadvisorDaemon,
    CadvisorMetric,
    IntOrPercent,
    LogAgentDaemon,
    LogAgentKind,
    LogFilter,
    LogInput,
    LogOutput,
    MetricsNetworkPolicyOptions,
    NodeDaemon,
    NodeExporterDaemon,
    NodeRequirement,
    PreemptionPolicy,
    PriorityClass,
    SeccompProfile,
    ServiceMonitorOptions,
    TaintEffect,
    TolerationOperator,
    TolerationOptions,
    WellKnownNodeLabels,
    WellKnownTaints,
)


def build_parity_app(outdir: str) -> App:
    """Every chart of the parity app, one file each (<outdir>/<chart>.k8s.yaml)."""
    app = App(
        outdir=outdir,
        output_file_extension=".k8s.yaml",
        yaml_output_type=YamlOutputType.FILE_PER_CHART,
    )
    build_node_daemon_chart(app)
    build_typed_daemons_chart(app)
    return app


def build_node_daemon_chart(app: App) -> Chart:
    """NodeDaemon with every fluent helper."""
    chart = Chart(app, "node-daemon", namespace="node-agents")

    # A metrics agent: host network and PID, a host port, the host's /proc and root filesystem.
    agent = NodeDaemon(
        chart,
        "metrics-agent",
        revision_history_limit=5,
        node_selector={"node.kubernetes.io/pool": "general"},
        tolerations=[TolerationOptions(key="dedicated", value="monitoring", effect=TaintEffect.NO_SCHEDULE)],
    )
    main = agent.add_container(
        name="agent",
        image="example/metrics-agent:1.4.2",
        args=["--path.procfs=/host/proc", "--path.rootfs=/host/root"],
        resources=plus.ContainerResources(
            cpu=plus.CpuResources(request=plus.Cpu.millis(50), limit=plus.Cpu.millis(250)),
            memory=plus.MemoryResources(request=Size.mebibytes(64), limit=Size.mebibytes(128)),
        ),
        security_context=plus.ContainerSecurityContextProps(
            user=65534, group=65534, read_only_root_filesystem=True, allow_privilege_escalation=False
        ),
    )
    (
        agent.tolerate_control_plane()
        .tolerate(
            key=WellKnownTaints.NVIDIA_GPU,
            operator=TolerationOperator.EXISTS,
            effect=TaintEffect.NO_EXECUTE,
            toleration_seconds=Duration.minutes(5),
        )
        .linux_only()
        .exclude_virtual_nodes()
        .require_any_of(NodeRequirement.label_in(WellKnownNodeLabels.ARCH, "amd64", "arm64"))
        .require_any_of(NodeRequirement.label_exists("example.com/agent"))
        .prefer_node_affinity(50, NodeRequirement.label_gt("example.com/cores", 4))
        .exclude_nodes("legacy-node-1")
        .select_nodes_with_label("example.com/monitored", "true")
        .use_priority_class(PriorityClass.SYSTEM_NODE_CRITICAL)
        .use_rolling_update(max_unavailable=IntOrPercent.from_percent(10))
        .use_host_network()
        .use_host_pid()
        .add_host_port(main, 9100, name="metrics")
        .mount_host_path(main, "/proc", "/host/proc", type=plus.HostPathVolumeType.DIRECTORY)
        .mount_host_path(main, "/", "/host/root", propagation=plus.MountPropagation.HOST_TO_CONTAINER)
        .use_seccomp_profile(SeccompProfile.runtime_default())
        .use_container_seccomp_profile("agent", SeccompProfile.localhost("profiles/agent.json"))
    )

    # A storage agent: its own PriorityClass, OnDelete updates, named nodes only, host IPC,
    # a writable host path and an unconfined seccomp profile.
    priority = PriorityClass(
        chart,
        "storage-priority",
        name="storage-agents",
        value=1_000_000,
        description="Storage node agents",
        preemption_policy=PreemptionPolicy.NEVER,
    )
    storage = NodeDaemon(
        chart,
        "storage-agent",
        containers=[
            plus.ContainerProps(
                name="csi",
                image="example/csi-node:2.0.0",
                security_context=plus.ContainerSecurityContextProps(
                    ensure_non_root=False, privileged=True, allow_privilege_escalation=True
                ),
            )
        ],
        priority_class=priority,
        host_ipc=True,
        seccomp_profile=SeccompProfile.unconfined(),
    )
    (
        storage.restrict_to_nodes("storage-1", "storage-2")
        .require_node_affinity(NodeRequirement.label_not_in("example.com/tier", "edge"))
        .tolerate_all_taints()
        .use_on_delete_update()
        .keep_revisions(3)
        .mount_host_path(
            storage.containers[0],
            "/var/lib/kubelet",
            "/var/lib/kubelet",
            read_only=False,
            type=plus.HostPathVolumeType.DIRECTORY_OR_CREATE,
            propagation=plus.MountPropagation.BIDIRECTIONAL,
            volume_name="kubelet-dir",
        )
    )

    # A log shipper: a rolling update with surge, written as strings and numbers.
    shipper = (
        NodeDaemon(
            chart,
            "log-shipper",
            containers=[plus.ContainerProps(name="shipper", image="example/shipper:0.9")],
        )
        .use_rolling_update(max_unavailable=IntOrPercent.from_number(0), max_surge=IntOrPercent.from_string("25%"))
        .use_priority_class(PriorityClass.from_name("logging"))
        .prefer_node_affinity(10, NodeRequirement.label_in(WellKnownNodeLabels.INSTANCE_TYPE, "m5.large"))
        .tolerate(key="example.com/draining", operator=TolerationOperator.EXISTS)
    )
    shipper.mount_host_path(shipper.containers[0], "/var/log", "/var/log")

    return chart


def build_typed_daemons_chart(app: App) -> Chart:
    """The typed daemons: node-exporter, fluent-bit and fluentd log agents, cAdvisor."""
    chart = Chart(app, "typed-daemons")

    (
        NodeExporterDaemon(
            chart,
            "node-exporter",
            namespace="monitoring",
            version="1.8.2",
            priority_class=PriorityClass.SYSTEM_NODE_CRITICAL,
            disabled_collectors=["wifi", "hwmon"],
            enabled_collectors=["systemd"],
            textfile_directory="/var/lib/node-exporter/textfile",
            kube_rbac_proxy=True,
            service_monitor=ServiceMonitorOptions(interval=Duration.seconds(30), labels={"release": "prometheus"}),
            network_policy=MetricsNetworkPolicyOptions(
                scraper_namespace="monitoring", scraper_pod_labels={"app.kubernetes.io/name": "prometheus"}
            ),
        )
        .tolerate_control_plane()
        .use_rolling_update(max_unavailable=IntOrPercent.from_percent(20))
    )

    LogAgentDaemon(
        chart,
        "fluent-bit",
        namespace="logging",
        log_level=AgentLogLevel.WARN,
        flush_interval=Duration.seconds(5),
        inputs=[
            LogInput.container_logs(
                exclude_paths=["/var/log/containers/*_kube-system_*.log"], mem_buf_limit=Size.mebibytes(10)
            ),
            LogInput.tail(path="/var/log/syslog", tag="host.syslog", parser="syslog-rfc3164"),
        ],
        filters=[
            LogFilter.kubernetes(merge_log=True, keep_log=False, annotations=False),
            LogFilter.grep(key="log", regex="healthz", exclude=True),
        ],
        outputs=[
            LogOutput.loki(host="loki.logging.svc", labels={"cluster": "prod"}, auto_kubernetes_labels=True),
            LogOutput.elasticsearch(host="es.logging.svc", logstash_prefix="node", tls=True, match="host.*"),
        ],
        env={"CLUSTER_NAME": plus.EnvValue.from_value("prod")},
    ).exclude_nodes("build-agent-1")

    LogAgentDaemon(
        chart,
        "fluentd",
        namespace="logging",
        agent=LogAgentKind.FLUENTD,
        outputs=[
            LogOutput.forward(host="aggregator.logging.svc", port=24224, tls=True, shared_key="${FORWARD_SHARED_KEY}")
        ],
        env={
            "FORWARD_SHARED_KEY": plus.EnvValue.from_secret_value(
                plus.SecretValue(
                    secret=plus.Secret.from_secret_name(chart, "forward-secret", "log-forward"),
                    key="shared-key",
                )
            ),
        },
        metrics_service=False,
    )

    CadvisorDaemon(
        chart,
        "cadvisor",
        namespace="monitoring",
        housekeeping_interval=Duration.seconds(10),
        max_housekeeping_interval=Duration.seconds(30),
        disabled_metrics=[CadvisorMetric.ADVTCP, CadvisorMetric.HUGETLB, CadvisorMetric.NETWORK],
        store_container_labels=False,
        allowed_container_labels=["app.kubernetes.io/name"],
        tolerate_all_taints=True,
        resources=plus.ContainerResources(
            memory=plus.MemoryResources(request=Size.mebibytes(200), limit=Size.mebibytes(400))
        ),
    ).use_priority_class(PriorityClass.SYSTEM_NODE_CRITICAL)

    return chart


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: python test/python/app.py <outdir>\n")
        sys.exit(2)
    build_parity_app(sys.argv[1]).synth()
