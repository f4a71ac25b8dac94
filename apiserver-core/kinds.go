package main

import (
	"encoding/json"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"k8s.io/kubernetes/pkg/capabilities"

	"k8s.io/kubernetes/pkg/registry/apps/controllerrevision"
	"k8s.io/kubernetes/pkg/registry/apps/daemonset"
	"k8s.io/kubernetes/pkg/registry/apps/deployment"
	"k8s.io/kubernetes/pkg/registry/apps/replicaset"
	"k8s.io/kubernetes/pkg/registry/apps/statefulset"
	"k8s.io/kubernetes/pkg/registry/autoscaling/horizontalpodautoscaler"
	"k8s.io/kubernetes/pkg/registry/batch/cronjob"
	"k8s.io/kubernetes/pkg/registry/batch/job"
	"k8s.io/kubernetes/pkg/registry/coordination/lease"
	"k8s.io/kubernetes/pkg/registry/core/configmap"
	"k8s.io/kubernetes/pkg/registry/core/limitrange"
	"k8s.io/kubernetes/pkg/registry/core/namespace"
	"k8s.io/kubernetes/pkg/registry/core/persistentvolume"
	"k8s.io/kubernetes/pkg/registry/core/persistentvolumeclaim"
	"k8s.io/kubernetes/pkg/registry/core/pod"
	"k8s.io/kubernetes/pkg/registry/core/podtemplate"
	"k8s.io/kubernetes/pkg/registry/core/replicationcontroller"
	"k8s.io/kubernetes/pkg/registry/core/resourcequota"
	"k8s.io/kubernetes/pkg/registry/core/secret"
	"k8s.io/kubernetes/pkg/registry/core/service"
	"k8s.io/kubernetes/pkg/registry/networking/ingress"
	"k8s.io/kubernetes/pkg/registry/networking/ingressclass"
	"k8s.io/kubernetes/pkg/registry/networking/networkpolicy"
	"k8s.io/kubernetes/pkg/registry/node/runtimeclass"
	"k8s.io/kubernetes/pkg/registry/policy/poddisruptionbudget"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrole"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrolebinding"
	"k8s.io/kubernetes/pkg/registry/rbac/role"
	"k8s.io/kubernetes/pkg/registry/rbac/rolebinding"
	"k8s.io/kubernetes/pkg/registry/scheduling/priorityclass"
	"k8s.io/kubernetes/pkg/registry/storage/csidriver"
	"k8s.io/kubernetes/pkg/registry/storage/csinode"
	"k8s.io/kubernetes/pkg/registry/storage/storageclass"
	"k8s.io/kubernetes/pkg/registry/storage/volumeattachment"
)

// A built-in API group as kube-apiserver serves it by default (only GA versions are on by default in the pinned
// release: pkg/controlplane DefaultAPIResourceConfigSource).
type apiGroup struct {
	served map[string]bool
	kinds  map[string]*kindEntry
	scheme *runtime.Scheme
}

// kindsIn lists the kinds a served version of the group has (what a misspelled kind is compared with).
func (g *apiGroup) kindsIn(version string) []string {
	var out []string
	for k, e := range g.kinds {
		if e.served[version] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

var groups = map[string]*apiGroup{}

// unjudged records built-in kinds (served in v1) that the core does not validate: a nil strategy.
func unjudged(group string, kinds ...string) {
	g := groups[group]
	if g == nil {
		g = &apiGroup{served: map[string]bool{"v1": true}, kinds: map[string]*kindEntry{}}
		groups[group] = g
	}
	for _, k := range kinds {
		if _, ok := g.kinds[k]; !ok {
			g.kinds[k] = &kindEntry{served: map[string]bool{"v1": true}}
		}
	}
}

// add registers kinds of a group the core judges, served in the given versions, with the scheme that decodes them
// and the strategies of their registries.
func add(s *runtime.Scheme, group string, versions []string, strategies map[string]rest.RESTCreateStrategy) {
	g := groups[group]
	if g == nil {
		g = &apiGroup{served: map[string]bool{}, kinds: map[string]*kindEntry{}, scheme: s}
		groups[group] = g
	}
	served := map[string]bool{}
	for _, v := range versions {
		served[v] = true
		g.served[v] = true
	}
	for kind, st := range strategies {
		g.kinds[kind] = &kindEntry{scheme: s, strategy: st, served: served, resource: resourceOf(kind)}
	}
}

var v1 = []string{"v1"}

// The common kinds: the ones both builds of the core judge (the small build, tag "small", judges only these; the
// full build adds the rest of what kube-apiserver serves, kinds_full.go).
func init() {
	// kube-apiserver --allow-privileged=true, as every common distribution runs it (kubeadm, EKS, GKE, AKS, kind;
	// the flag's own default is false): privileged containers are judged, not refused outright
	capabilities.Setup(true, 0)

	ls := legacyscheme.Scheme
	add(ls, "", v1, map[string]rest.RESTCreateStrategy{
		"Pod": pod.Strategy, "ConfigMap": configmap.Strategy, "Secret": secret.Strategy,
		"ServiceAccount": serviceAccountStrategy, "Service": service.Strategy, "Namespace": namespace.Strategy,
		"PersistentVolume": persistentvolume.Strategy, "PersistentVolumeClaim": persistentvolumeclaim.Strategy,
		"LimitRange": limitrange.Strategy, "ResourceQuota": resourcequota.Strategy,
		"ReplicationController": replicationcontroller.Strategy, "PodTemplate": podtemplate.Strategy,
	})
	add(ls, "apps", v1, map[string]rest.RESTCreateStrategy{
		"DaemonSet": daemonset.Strategy, "Deployment": deployment.Strategy, "StatefulSet": statefulset.Strategy,
		"ReplicaSet": replicaset.Strategy, "ControllerRevision": controllerrevision.Strategy,
	})
	add(ls, "batch", v1, map[string]rest.RESTCreateStrategy{"Job": job.Strategy, "CronJob": cronjob.Strategy})
	add(ls, "autoscaling", []string{"v1", "v2"}, map[string]rest.RESTCreateStrategy{"HorizontalPodAutoscaler": horizontalpodautoscaler.Strategy})
	add(ls, "rbac.authorization.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"Role": role.Strategy, "ClusterRole": clusterrole.Strategy,
		"RoleBinding": rolebinding.Strategy, "ClusterRoleBinding": clusterrolebinding.Strategy,
	})
	add(ls, "scheduling.k8s.io", v1, map[string]rest.RESTCreateStrategy{"PriorityClass": priorityclass.Strategy})
	add(ls, "networking.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"NetworkPolicy": networkpolicy.Strategy, "Ingress": ingress.Strategy, "IngressClass": ingressclass.Strategy,
	})
	add(ls, "policy", v1, map[string]rest.RESTCreateStrategy{"PodDisruptionBudget": poddisruptionbudget.Strategy})
	add(ls, "storage.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"CSIDriver": csidriver.Strategy, "StorageClass": storageclass.Strategy, "CSINode": csinode.Strategy,
		"VolumeAttachment": volumeattachment.Strategy,
	})
	add(ls, "coordination.k8s.io", v1, map[string]rest.RESTCreateStrategy{"Lease": lease.Strategy})
	add(ls, "node.k8s.io", v1, map[string]rest.RESTCreateStrategy{"RuntimeClass": runtimeclass.Strategy})
}

// judgedKinds lists the (apiVersion, kind) pairs this build judges with a registry strategy, sorted: what the
// library routes to the small build (src/validation/core/small-core-kinds.ts must list the same).
func judgedKinds() string {
	out := [][2]string{}
	for gn, g := range groups {
		for k, e := range g.kinds {
			if e.strategy == nil {
				continue
			}
			for v := range e.served {
				av := v
				if gn != "" {
					av = gn + "/" + v
				}
				out = append(out, [2]string{av, k})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	b, _ := json.Marshal(out)
	return string(b)
}

// resourceOf is the plural resource name of a built-in kind (as in the API server's discovery).
func resourceOf(kind string) string {
	switch kind {
	case "Endpoints":
		return "endpoints"
	case "NetworkPolicy", "PriorityClass", "IngressClass", "RuntimeClass", "StorageClass":
		return strings.ToLower(strings.TrimSuffix(kind, "y")) + map[bool]string{true: "ies", false: "es"}[strings.HasSuffix(kind, "y")]
	}
	l := strings.ToLower(kind)
	switch {
	case strings.HasSuffix(l, "y"):
		return strings.TrimSuffix(l, "y") + "ies"
	case strings.HasSuffix(l, "s"):
		return l + "es"
	}
	return l + "s"
}
